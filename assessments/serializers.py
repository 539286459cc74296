"""Assessments' representations (API.md "Assessments"). Types and sizes only: what a section may
hold, who may act and what submission needs are the services' rules (assessments.services).

Narrative (what the worker writes, the analysis, the time frame's reason, the reason for delay,
a return's reason) is null for performance officers; pre-filled sections carry the record's
structured values (live in draft, frozen once submitted)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import AssessmentStatus, DelayReason
from assessments.selectors import assessment_national_measure, assessment_s47, assessment_sections
from casework.api.serializers import CodeField, ListFilter, date_field, narrative, text
from casework.core.codes import ASSESSMENT_FACTORS, PRIMARY_NEED
from families.serializers import version_field

MAX_CHILDREN = 20


class S47Serializer(serializers.Serializer):
    """The latest Section 47 enquiry of the assessed children, as the record holds it."""

    under_way = serializers.BooleanField()
    start_date = serializers.DateField()
    icpc_target_date = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_null=True, help_text="`icpc` or `no_icpc`; null while under way.")
    completed_date = serializers.DateField(allow_null=True)
    conference_within_15_working_days = serializers.BooleanField(
        allow_null=True, help_text="Null until an initial conference is recorded."
    )


class ChildOutcomeSerializer(serializers.Serializer):
    child = serializers.UUIDField()
    factors = serializers.ListField(child=serializers.CharField(), help_text="CIN assessment factor codes.")
    requires_support = serializers.BooleanField(allow_null=True, help_text="Null until the worker says.")


class AssessmentSerializer(serializers.Serializer):
    """An assessment as read. `sections` is `{section_key: value}` for every section of its
    template version: what was written (null for performance officers) and what is pre-filled
    from the record (live in draft and returned, frozen from submission)."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    template = serializers.CharField(source="template.key", read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    children = serializers.SerializerMethodField()
    start_date = serializers.DateField(read_only=True)
    internal_review_date = serializers.DateField(read_only=True, allow_null=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    timeframe_reason = narrative(help_text="Why this time frame; null for performance officers.")
    timeframe_agreed_by = serializers.UUIDField(source="timeframe_agreed_by_id", read_only=True, allow_null=True)
    timeframe_agreed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    working_days_since_referral = serializers.SerializerMethodField(
        help_text="The national measure: working days from the earliest referral of the assessed children's "
        "episodes to today (to the submission once submitted); 45 is the national time frame."
    )
    national_due_date = serializers.SerializerMethodField(
        help_text="45 working days after the referral (an extension of API.md)."
    )
    delay_reason_category = CodeField(choices=DelayReason.choices)
    delay_reason = narrative(help_text="Why it is taking longer; null for performance officers.")
    s47 = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    child_outcomes = serializers.SerializerMethodField()
    analysis = narrative()
    status = CodeField(choices=AssessmentStatus.choices)
    returned_reason = narrative(help_text="The manager's reason when returned (an extension of API.md).")
    created_by = serializers.UUIDField(source="created_by_id", read_only=True)
    submitted_by = serializers.UUIDField(source="submitted_by_id", read_only=True, allow_null=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    authorised_at = serializers.DateTimeField(read_only=True, allow_null=True)
    authorised_by = serializers.UUIDField(source="authorised_by_id", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)

    def get_children(self, assessment: Any) -> list[str]:
        from assessments.selectors import assessment_children

        return [str(row.child_id) for row in assessment_children(assessment)]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_working_days_since_referral(self, assessment: Any) -> int | None:
        return assessment_national_measure(assessment).working_days_since_referral

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_national_due_date(self, assessment: Any) -> Any:
        return assessment_national_measure(assessment).national_due_date

    @extend_schema_field(S47Serializer(allow_null=True))
    def get_s47(self, assessment: Any) -> dict[str, Any] | None:
        found = assessment_s47(assessment)
        return None if found is None else S47Serializer(found).data

    @extend_schema_field(serializers.DictField(child=serializers.JSONField(allow_null=True)))
    def get_sections(self, assessment: Any) -> dict[str, Any]:
        user = self.context["request"].user
        return {
            view.key: view.value
            for view in assessment_sections(assessment=assessment, user=user)
            if view.kind != "factors"
        }

    @extend_schema_field(ChildOutcomeSerializer(many=True))
    def get_child_outcomes(self, assessment: Any) -> list[dict[str, Any]]:
        from assessments.selectors import assessment_child_outcomes

        return ChildOutcomeSerializer(assessment_child_outcomes(assessment), many=True).data


class AssessmentInputSerializer(serializers.Serializer):
    case = serializers.UUIDField(help_text="A case your team holds.")
    children = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=MAX_CHILDREN,
        help_text="Children with an open episode in the case (each with no other open assessment).",
    )
    template = serializers.SlugField(
        max_length=60, required=False, help_text="A template key (default `understanding-families`)."
    )
    start_date = date_field(required=False, allow_null=True, help_text="Default today.")
    due_date = date_field(required=False, allow_null=True, help_text="The proposed time frame's due date.")
    timeframe_reason = text(max_length=5000, help_text="Why this time frame (needed with a due date).")


class ChildOutcomeInputSerializer(serializers.Serializer):
    child = serializers.UUIDField()
    factors = serializers.ListField(
        child=serializers.ChoiceField(choices=ASSESSMENT_FACTORS),
        max_length=len(ASSESSMENT_FACTORS),
        required=False,
        help_text='CIN assessment factor codes; "21" (no factors identified) is used alone.',
    )
    requires_support = serializers.BooleanField(required=False, allow_null=True)


class AssessmentPatchSerializer(serializers.Serializer):
    """Changes to a draft or returned assessment; send the version you read."""

    version = version_field()
    sections = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        help_text="Written sections only, merged by key: narrative (text), yes_no ({answer, detail}), "
        "three_columns ({worried, working_well, needs_to_happen}), scale ({worker, family, child: 0-10, comment}).",
    )
    analysis = text(max_length=50000)
    internal_review_date = date_field(required=False, allow_null=True)
    child_outcomes = serializers.ListField(child=ChildOutcomeInputSerializer(), max_length=MAX_CHILDREN, required=False)
    delay_reason_category = serializers.ChoiceField(choices=DelayReason.choices, required=False, allow_blank=True)
    delay_reason = text(max_length=5000, help_text="Why it is taking longer than agreed.")


class VersionSerializer(serializers.Serializer):
    version = version_field()


class ReturnSerializer(VersionSerializer):
    reason = text(max_length=5000, help_text="Why it is returned: what needs to change (required).")


class AuthoriseSerializer(VersionSerializer):
    primary_needs = serializers.DictField(
        child=serializers.ChoiceField(choices=PRIMARY_NEED),
        required=False,
        help_text="`{child id: primary need code}` confirmed on each child's episode.",
    )


class ProposeTimeframeSerializer(VersionSerializer):
    due_date = date_field(required=False, allow_null=True)
    reason = text(max_length=5000, help_text="Why this time frame (a revision says why it changes).")


class AssessmentFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices, required=False)
