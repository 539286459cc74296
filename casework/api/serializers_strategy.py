"""Strategy discussions' and Section 47 enquiries' representations (API.md "Child protection").
Types and sizes only: what a discussion must say and what it starts are the services' rules
(casework.services.strategy)."""

from __future__ import annotations

from rest_framework import serializers

from casework.api.serializers import CodeField, ListFilter, date_field, narrative, text
from casework.models import S47Outcome, StrategyDecision
from families.serializers import version_field


class StrategyDiscussionSerializer(serializers.Serializer):
    """A strategy discussion as read; `reasoning` is our extension of API.md."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    children = serializers.SerializerMethodField()
    date = serializers.DateField(read_only=True)
    agencies = serializers.ListField(child=serializers.CharField(), read_only=True)
    information = narrative(help_text="The information shared; null for performance officers.")
    decision = CodeField(choices=StrategyDecision.choices, allow_null=False)
    reasoning = narrative(help_text="The reasons for the decision; null for performance officers.")
    section47s = serializers.SerializerMethodField(help_text="The Section 47 enquiries this discussion started.")
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    version = serializers.IntegerField(read_only=True)

    def get_children(self, discussion) -> list[str]:
        return [str(c.pk) for c in discussion.children.all()]

    def get_section47s(self, discussion) -> list[str]:
        return [str(s.pk) for s in discussion.section47s.all()]


class DiscussionFieldsSerializer(serializers.Serializer):
    date = date_field(required=False, allow_null=True)
    agencies = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=30,
        required=False,
        help_text="The agencies present, for example police, health, school.",
    )
    information = text(help_text="The information shared.")
    decision = serializers.ChoiceField(choices=StrategyDecision.choices, required=False)
    reasoning = text(help_text="The reasons for the decision.")


class StrategyDiscussionInputSerializer(DiscussionFieldsSerializer):
    case = serializers.UUIDField(help_text="A case your team holds.")
    children = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=20,
        help_text="Children with open episodes in the case. `s47` and `immediate_protection` start a "
        "Section 47 enquiry for each child without an open one.",
    )


class StrategyDiscussionPatchSerializer(DiscussionFieldsSerializer):
    """A correction; the enquiries' start and conference target are derived again."""

    version = version_field()


class Section47Serializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    child = serializers.UUIDField(source="child_id", read_only=True)
    strategy_discussion = serializers.UUIDField(source="strategy_discussion_id", read_only=True)
    start_date = serializers.DateField(read_only=True, help_text="The starting strategy discussion's date.")
    icpc_target_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="15 working days after the latest strategy discussion for this child.",
    )
    outcome = CodeField(choices=S47Outcome.choices)
    completed_date = serializers.DateField(read_only=True, allow_null=True)
    findings = narrative(help_text="The findings; null for performance officers.")
    version = serializers.IntegerField(read_only=True)


class Section47PatchSerializer(serializers.Serializer):
    """Completing an enquiry: its outcome, the date and the findings."""

    outcome = serializers.ChoiceField(choices=S47Outcome.choices, required=False)
    completed_date = date_field(required=False, allow_null=True)
    findings = text(help_text="The findings of the enquiry.")
    version = version_field()


class StrategyFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)


class Section47FilterSerializer(StrategyFilterSerializer):
    open = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only open (or completed) ones."
    )
