"""Serializers of /api/v1/supervisions/ (API.md "Supervision and decisions"). Private notes are
null for everyone but the supervisee and the supervisor."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from casework.api.serializers import date_field, text
from casework.models import ActionStatus
from families.serializers import version_field


class PrivateNotesField(serializers.CharField):
    """The supervision's private notes: null unless the reader is one of the two people."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", "Seen by the supervisee and the supervisor only: null for anyone else.")
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if instance.pk not in self.context.get("private_for", set()):
            return None
        return super().get_attribute(instance)


class SupervisionActionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    action = serializers.CharField(read_only=True)
    owner = serializers.UUIDField(source="owner_id", read_only=True)
    due_date = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)


class SupervisionDiscussionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    reflection = serializers.CharField(read_only=True)
    decision = serializers.CharField(read_only=True)
    rationale = serializers.CharField(read_only=True)
    actions = SupervisionActionSerializer(many=True, read_only=True)


class SupervisionSerializer(serializers.Serializer):
    """A supervision session between a team manager and one of their workers."""

    id = serializers.UUIDField(read_only=True)
    supervisee = serializers.UUIDField(source="supervisee_id", read_only=True)
    supervisor = serializers.UUIDField(source="supervisor_id", read_only=True)
    team = serializers.UUIDField(source="team_id", read_only=True)
    date = serializers.DateField(read_only=True)
    private_notes = PrivateNotesField()
    discussions = SupervisionDiscussionSerializer(many=True, read_only=True)
    acknowledged_at = serializers.DateTimeField(read_only=True, allow_null=True)
    supervisee_comment = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class SupervisionActionInputSerializer(serializers.Serializer):
    action = text(help_text="What needs to be done.")
    owner = serializers.UUIDField(required=False, allow_null=True, help_text="Who will do it (a colleague's id).")
    due_date = date_field(required=False, allow_null=True)


class SupervisionDiscussionInputSerializer(serializers.Serializer):
    case = serializers.UUIDField(help_text="An open case the supervisee holds in the team.")
    reflection = text()
    decision = text()
    rationale = text()
    actions = SupervisionActionInputSerializer(many=True, required=False, max_length=10)


class SupervisionInputSerializer(serializers.Serializer):
    supervisee = serializers.UUIDField(help_text="A worker in a team you manage.")
    date = date_field(required=False, allow_null=True)
    private_notes = text()
    discussions = SupervisionDiscussionInputSerializer(many=True, required=False, max_length=50)


class SupervisionDiscussionPatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="A discussion of this supervision.")
    reflection = text()
    decision = text()
    rationale = text()


class SupervisionPatchSerializer(serializers.Serializer):
    date = date_field(required=False)
    private_notes = text()
    discussions = SupervisionDiscussionPatchSerializer(many=True, required=False, max_length=50)
    version = version_field()


class AcknowledgeSerializer(serializers.Serializer):
    comment = text(help_text="The supervisee's comments (optional).")
