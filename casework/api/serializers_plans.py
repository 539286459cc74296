"""Plans' representations (API.md "Plans"). Types and sizes only: what a plan needs, who may
authorise it and what a review must say are the services' rules (casework.services.plans)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api.serializers import CodeField, ListFilter, date_field, narrative, text
from casework.core.codes import CATEGORY_OF_ABUSE
from casework.models import PlanKind, PlanStatus
from casework.selectors_plans import plan_next_review_due, plan_next_visit_due
from families.serializers import version_field

END_KIND_CHOICES = [("end_plan", "End the plan"), ("step_down", "Step down to other support")]


class PlanGoalSerializer(serializers.Serializer):
    """A goal: what needs to change, the help provided, and its latest progress (0-10, null before a review)."""

    id = serializers.UUIDField(read_only=True)
    description = narrative(help_text="What needs to change; null for performance officers.")
    help_provided = narrative(help_text="Who does what; null for performance officers.")
    progress = serializers.SerializerMethodField(help_text="The latest progress recorded at a review (0-10).")

    def get_progress(self, goal: Any) -> int | None:
        return goal.latest.progress if goal.latest else None


class GoalProgressSerializer(serializers.Serializer):
    goal = serializers.UUIDField(source="goal_id")
    progress = serializers.IntegerField(min_value=0, max_value=10)


REVIEW_KINDS = [
    ("review", "A CIN plan review"),
    ("core_group", "A core group (CP plans)"),
    ("review_conference", "A review conference (CP plans)"),
]


class PlanReviewSerializer(serializers.Serializer):
    """A CIN plan's review, or a CP plan's core group or review conference (`kind`)."""

    id = serializers.UUIDField(read_only=True)
    kind = serializers.SerializerMethodField()
    date = serializers.DateField(read_only=True)
    attendees = serializers.SerializerMethodField()
    summary = narrative()
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    goal_progress = GoalProgressSerializer(source="progress", many=True, read_only=True)

    def get_attendees(self, review: Any) -> list[str] | None:
        return list(review.attendees) if self.context.get("sees_narrative", True) else None

    @extend_schema_field(serializers.ChoiceField(choices=REVIEW_KINDS))
    def get_kind(self, review: Any) -> str:
        return getattr(review, "review_kind", "review")


class PlanSerializer(serializers.Serializer):
    """A plan as read; `goals` carry their latest progress, `reviews` are newest first."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    child = serializers.UUIDField(source="child_id", read_only=True)
    kind = CodeField(choices=PlanKind.choices)
    status = CodeField(choices=PlanStatus.choices)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    end_reason = narrative()
    initial_category = CodeField(choices=CATEGORY_OF_ABUSE, help_text="CP plans only.")
    latest_category = CodeField(choices=CATEGORY_OF_ABUSE, help_text="CP plans only.")
    visiting_frequency_days = serializers.IntegerField(read_only=True, allow_null=True)
    review_frequency_weeks = serializers.IntegerField(read_only=True, allow_null=True)
    next_visit_due = serializers.SerializerMethodField(
        help_text="The visiting frequency (working days) counted from the last statutory visit where the "
        "child was seen (from the start before one); null until the plan is authorised."
    )
    next_review_due = serializers.SerializerMethodField(
        help_text="The last review (or the start) plus the review frequency (12 weeks by default)."
    )
    created_by = serializers.UUIDField(source="created_by_id", read_only=True)
    authorised_by = serializers.UUIDField(source="authorised_by_id", read_only=True, allow_null=True)
    authorised_at = serializers.DateTimeField(read_only=True, allow_null=True)
    goals = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_visit_due(self, plan: Any) -> Any:
        return plan_next_visit_due(plan)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_review_due(self, plan: Any) -> Any:
        return plan_next_review_due(plan)

    @extend_schema_field(PlanGoalSerializer(many=True))
    def get_goals(self, plan: Any) -> list[dict[str, Any]]:
        return PlanGoalSerializer(self.context["goals"][plan.pk], many=True, context=self.context).data

    @extend_schema_field(PlanReviewSerializer(many=True))
    def get_reviews(self, plan: Any) -> list[dict[str, Any]]:
        return PlanReviewSerializer(self.context["reviews"][plan.pk], many=True, context=self.context).data


class GoalInputSerializer(serializers.Serializer):
    id = serializers.UUIDField(required=False, allow_null=True, help_text="An existing goal of a draft (PATCH).")
    description = serializers.CharField(max_length=5000, allow_blank=True)
    help_provided = text(max_length=5000, help_text="Who does what.")


class PlanFieldsSerializer(serializers.Serializer):
    start_date = date_field(required=False, allow_null=True)
    initial_category = serializers.ChoiceField(
        choices=CATEGORY_OF_ABUSE, required=False, help_text="Refused: a CIN plan has no category of abuse."
    )
    latest_category = serializers.ChoiceField(
        choices=CATEGORY_OF_ABUSE, required=False, help_text="Refused: a CIN plan has no category of abuse."
    )
    visiting_frequency_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=130, help_text="Working days between statutory visits."
    )
    review_frequency_weeks = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=52, help_text="Weeks between reviews (default 12)."
    )
    goals = serializers.ListField(
        child=GoalInputSerializer(), max_length=20, required=False, help_text="On a PATCH, replaces the goals."
    )


class PlanInputSerializer(PlanFieldsSerializer):
    case = serializers.UUIDField(help_text="A case your team holds.")
    child = serializers.UUIDField(help_text="A child with an open episode in the case.")
    kind = serializers.ChoiceField(
        choices=PlanKind.choices,
        required=False,
        help_text="Only CIN plans are drafted here: `cp` is refused (CP plans are started by conferences).",
    )


class PlanPatchSerializer(PlanFieldsSerializer):
    """Changes to a draft plan."""

    version = version_field()


class PlanVersionSerializer(serializers.Serializer):
    version = version_field()


class GoalProgressInputSerializer(serializers.Serializer):
    goal = serializers.UUIDField()
    progress = serializers.IntegerField(min_value=0, max_value=10)
    comment = text(max_length=5000)


class PlanReviewInputSerializer(serializers.Serializer):
    date = date_field(required=False, allow_null=True)
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, required=False, help_text="Who attended."
    )
    summary = text()
    goal_progress = serializers.ListField(
        child=GoalProgressInputSerializer(), max_length=20, required=False, help_text="Each goal at most once."
    )


class PlanEndSerializer(serializers.Serializer):
    end_date = date_field(required=False, allow_null=True)
    reason = text(help_text="Why the plan ends: the rationale of the decision record made with it.")
    kind = serializers.ChoiceField(choices=END_KIND_CHOICES, required=False)
    version = version_field()


class PlanFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=PlanKind.choices, required=False)
