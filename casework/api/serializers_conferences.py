"""Conferences' and core groups' representations (API.md "Child protection"). Types and sizes
only: which decision a conference may take and when a category is needed are the services'
rules (casework.services.conferences)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from casework.api.serializers import CodeField, ListFilter, date_field, narrative, text
from casework.api.serializers_plans import GoalProgressInputSerializer, GoalProgressSerializer
from casework.core.codes import CATEGORY_OF_ABUSE
from casework.models import ConferenceDecision, ConferenceKind
from families.serializers import version_field

CATEGORY_CHOICES = [("", "None"), *CATEGORY_OF_ABUSE]


class ConferenceOutcomeSerializer(serializers.Serializer):
    child = serializers.UUIDField(source="child_id", read_only=True)
    decision = CodeField(choices=ConferenceDecision.choices)
    category = CodeField(choices=CATEGORY_OF_ABUSE, help_text="With a plan: the category of abuse.")
    plan = serializers.UUIDField(source="plan_id", read_only=True, allow_null=True)


class ConferenceSerializer(serializers.Serializer):
    """A conference as read, with its decision per child."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    kind = CodeField(choices=ConferenceKind.choices)
    date = serializers.DateField(read_only=True)
    chair = serializers.CharField(read_only=True)
    attendees = serializers.SerializerMethodField()
    parents_participation = narrative()
    child_participation = narrative(help_text="How the child took part and their views; null for performance officers.")
    summary = narrative()
    outcomes = ConferenceOutcomeSerializer(many=True, read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    version = serializers.IntegerField(read_only=True)

    def get_attendees(self, conference: Any) -> list[str] | None:
        return list(conference.attendees) if self.context.get("sees_narrative", True) else None


class ConferenceOutcomeInputSerializer(serializers.Serializer):
    child = serializers.UUIDField()
    decision = serializers.ChoiceField(choices=ConferenceDecision.choices)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES, required=False, allow_blank=True)


class ConferenceFieldsSerializer(serializers.Serializer):
    chair = serializers.CharField(max_length=200, required=False, allow_blank=True)
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, help_text="Who attended."
    )
    parents_participation = text()
    child_participation = text(help_text="How the child took part, and their views.")
    summary = text(help_text="The reasons for the decisions (needed when a plan ends).")


class ConferenceInputSerializer(ConferenceFieldsSerializer):
    case = serializers.UUIDField(help_text="A case your team holds.")
    kind = serializers.ChoiceField(choices=ConferenceKind.choices)
    date = date_field(required=False, allow_null=True)
    outcomes = serializers.ListField(
        child=ConferenceOutcomeInputSerializer(), max_length=20, help_text="The decision for each child."
    )
    goal_progress = serializers.ListField(
        child=GoalProgressInputSerializer(),
        max_length=100,
        required=False,
        help_text="A review conference's progress (0-10) on the goals of the plans it reviews (an extension).",
    )


class ConferencePatchSerializer(ConferenceFieldsSerializer):
    """Corrections to the conference's record; its decisions (outcomes) are never changed."""

    version = version_field()


class CoreGroupSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    plan = serializers.UUIDField(source="plan_id", read_only=True)
    date = serializers.DateField(read_only=True)
    attendees = serializers.SerializerMethodField()
    summary = narrative()
    goal_progress = GoalProgressSerializer(source="progress", many=True, read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    version = serializers.IntegerField(read_only=True)

    def get_attendees(self, group: Any) -> list[str] | None:
        return list(group.attendees) if self.context.get("sees_narrative", True) else None


class CoreGroupInputSerializer(serializers.Serializer):
    plan = serializers.UUIDField(help_text="An open child protection plan.")
    date = date_field(required=False, allow_null=True)
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, help_text="Who attended."
    )
    summary = text()
    goal_progress = serializers.ListField(
        child=GoalProgressInputSerializer(), max_length=20, required=False, help_text="Each goal at most once."
    )


class ConferenceFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=ConferenceKind.choices, required=False)


class CoreGroupFilterSerializer(ListFilter):
    plan = serializers.UUIDField(required=False)
