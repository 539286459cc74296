"""Actions' representations (API.md "Supervision and decisions": /api/v1/actions/).

As in casework.api.serializers: these check types and sizes only; who may add, change and
complete an action, and what makes one valid, are the services' (casework.services.actions).
The action's text and the note of what was done are narrative: null for performance officers.
"""

from __future__ import annotations

from rest_framework import serializers

from casework.api.serializers import CodeField, ListFilter, date_field, narrative, text
from casework.models import ActionSource, ActionStatus
from families.serializers import version_field

ACTION_TEXT = 2000


class ActionSerializer(serializers.Serializer):
    """An action as read."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    child = serializers.UUIDField(source="child_id", read_only=True, allow_null=True)
    source = CodeField(choices=ActionSource.choices)
    plan = serializers.UUIDField(source="plan_id", read_only=True, allow_null=True)
    action = narrative(help_text="What needs to be done; null for performance officers.")
    owner = serializers.UUIDField(source="owner_id", read_only=True)
    owner_name = serializers.CharField(source="owner.display_name", read_only=True)
    due_date = serializers.DateField(read_only=True)
    status = CodeField(choices=ActionStatus.choices)
    done_note = narrative(help_text="What was done, once done; null for performance officers.")
    done_at = serializers.DateTimeField(read_only=True, allow_null=True)
    done_by = serializers.UUIDField(source="done_by_id", read_only=True, allow_null=True)
    created_by = serializers.UUIDField(source="created_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class ActionInputSerializer(serializers.Serializer):
    """A new action on a case. Actions from supervision are added with the supervision record."""

    case = serializers.UUIDField()
    child = serializers.UUIDField(required=False, allow_null=True, help_text="A child of the case, if about one.")
    source = serializers.ChoiceField(
        choices=[(ActionSource.OTHER, "Other"), (ActionSource.PLAN, "Plan")],
        required=False,
        default=ActionSource.OTHER,
    )
    plan = serializers.UUIDField(required=False, allow_null=True, help_text="The plan of the case (source plan).")
    action = text(ACTION_TEXT)
    owner = serializers.UUIDField(
        required=False, allow_null=True, help_text="A member of the team holding the case, or of yours."
    )
    due_date = date_field(required=False, allow_null=True, help_text="Today or later.")


class ActionPatchSerializer(serializers.Serializer):
    """A change to an open action (send the version you read)."""

    action = text(ACTION_TEXT)
    owner = serializers.UUIDField(required=False)
    due_date = date_field(required=False)
    version = version_field()


class ActionCompleteSerializer(serializers.Serializer):
    note = text(ACTION_TEXT, help_text="What was done (required).")
    version = version_field()


class ActionFilterSerializer(ListFilter):
    owner = serializers.UUIDField(required=False)
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
