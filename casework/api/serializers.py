"""The front door's, cases', episodes' and decision records' representations (API.md).

Serializers check types and sizes only: every rule of the record is the services' (pages and
the API refuse the same things in the same words). Narrative text (concerns, reasons, summaries,
the referrer's names) is null for performance officers, who read structured fields only.
What a row shows beyond itself (the children the user may open, histories, re-referral flags)
is computed once per page by the views and passed in the context, so lists cost a fixed number
of queries.
"""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api.base import EARLIEST
from casework.core.chronology import london_date
from casework.core.codes import CLOSURE_REASON, PRIMARY_NEED, REFERRAL_SOURCE
from casework.models import CaseStatus, Consent, Decision, DecisionKind, EpisodeStatus, StepDown
from casework.selectors import ChildHistory, ContactDetails
from families.serializers import MAX_VERSION, NarrativeField, version_field

TEXT = 20000  # the longest free text accepted (characters)


class CodeField(serializers.ChoiceField):
    """A code or choice that may not be set yet: null (not "") until it is."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)


def narrative(**kwargs: Any) -> NarrativeField:
    kwargs.setdefault("read_only", True)
    kwargs.setdefault("help_text", "Narrative: null for performance officers.")
    return NarrativeField(**kwargs)


def _not_before_1900(value: datetime.date | datetime.datetime) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < EARLIEST:
        raise serializers.ValidationError("Enter a date from 1900 onwards")


def date_field(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(validators=[_not_before_1900], **kwargs)


def datetime_field(**kwargs: Any) -> serializers.DateTimeField:
    return serializers.DateTimeField(validators=[_not_before_1900], **kwargs)


def text(max_length: int = TEXT, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, required=False, **kwargs)


def id_list(help_text: str, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.UUIDField(), max_length=50, required=False, help_text=help_text, **kwargs
    )


class ListFilter(serializers.Serializer):
    """Query parameters of a list: every one optional."""


# --- Contacts ----------------------------------------------------------------------------------


class ContactChildSerializer(serializers.Serializer):
    """One child of a contact: the outcome for that child and the episode opened or linked."""

    child = serializers.UUIDField(source="child_id")
    name = serializers.CharField(source="child.full_name")
    outcome = CodeField(choices=Decision.choices, help_text="Null until the contact is decided.")
    episode = serializers.UUIDField(source="episode_id", allow_null=True)
    linked_to_open_episode = serializers.BooleanField(
        help_text="The child already had an open episode: the contact joined it (not a referral)."
    )
    open_episode = serializers.UUIDField(allow_null=True, help_text="The child's open episode now, if any.")
    previous_referral_date = serializers.DateField(
        allow_null=True, help_text="The child's latest referral before this contact."
    )
    would_be_rereferral = serializers.BooleanField(
        help_text="A referral for this contact is (or would be) within 12 months of the child's previous "
        "referral date, and the child had no open episode to link to."
    )


class PreviousOutcomeSerializer(serializers.Serializer):
    child = serializers.UUIDField(source="child_id")
    outcome = CodeField(choices=Decision.choices)
    episode = serializers.UUIDField(source="episode_id", allow_null=True)
    linked_to_open_episode = serializers.BooleanField()


class PreviousContactSerializer(serializers.Serializer):
    """An earlier contact or referral about the same children, with its outcome for each child."""

    contact = serializers.UUIDField()
    received_at = serializers.DateTimeField()
    date = serializers.DateField(help_text="The London date it was received.")
    source = CodeField(choices=REFERRAL_SOURCE)
    team = serializers.UUIDField()
    decision = CodeField(choices=Decision.choices)
    opened_episode = serializers.BooleanField(help_text="It opened an episode (a referral) for one of the children.")
    children = PreviousOutcomeSerializer(many=True)


def _child_rows(details: ContactDetails) -> list[dict[str, Any]]:
    rows = []
    for link, history in zip(details.links, details.histories, strict=True):
        rows.append(_child_row(link, history))
    return rows


def _child_row(link: Any, history: ChildHistory) -> dict[str, Any]:
    return {
        "child_id": link.child_id,
        "child": link.child,
        "outcome": link.outcome,
        "episode_id": link.episode_id,
        "linked_to_open_episode": link.linked_to_open_episode,
        "open_episode": history.open_episode.pk if history.open_episode else None,
        "previous_referral_date": history.previous_referral_date,
        "would_be_rereferral": history.would_be_rereferral,
    }


def _previous_rows(details: ContactDetails) -> list[dict[str, Any]]:
    rows = []
    for contact, links in details.previous_contacts:
        rows.append(
            {
                "contact": contact.pk,
                "received_at": contact.received_at,
                "date": london_date(contact.received_at),
                "source": contact.source,
                "team": contact.team_id,
                "decision": contact.decision,
                "opened_episode": any(link.episode_id and not link.linked_to_open_episode for link in links),
                "children": links,
            }
        )
    return rows


class ContactSerializer(serializers.Serializer):
    """A contact as read. `children`, `children_detail`, `episodes` and `previous_contacts` show
    only the children the user may open."""

    id = serializers.UUIDField(read_only=True)
    team = serializers.UUIDField(source="team_id", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    received_on = serializers.SerializerMethodField(help_text="The London date it was received.")
    source = CodeField(choices=REFERRAL_SOURCE, help_text="DfE referral source code.")
    referrer_name = narrative()
    referrer_agency = narrative()
    referrer_contact = narrative(help_text="Telephone or email; null for performance officers.")
    anonymous = serializers.BooleanField(read_only=True)
    children = serializers.SerializerMethodField(help_text="Person ids.")
    family = serializers.UUIDField(source="family_id", read_only=True, allow_null=True)
    concerns = narrative(help_text="In the referrer's words; null for performance officers.")
    parents_aware = serializers.BooleanField(read_only=True, allow_null=True)
    consent = CodeField(choices=Consent.choices)
    consent_reason = narrative()
    decision = CodeField(choices=Decision.choices, help_text="Null until decided.")
    decision_reason = narrative()
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_by = serializers.UUIDField(source="decided_by_id", read_only=True, allow_null=True)
    endorsement_required = serializers.BooleanField(
        read_only=True, help_text="The authority required a manager's endorsement when it was decided."
    )
    endorsed_by = serializers.UUIDField(source="endorsed_by_id", read_only=True, allow_null=True)
    endorsed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    referrer_informed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    referrer_informed_how = narrative()
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    episodes = serializers.SerializerMethodField(help_text="The episodes it opened or was linked to.")
    children_detail = serializers.SerializerMethodField()
    previous_contacts = serializers.SerializerMethodField(
        help_text="Earlier contacts and referrals for the same children, newest first."
    )
    version = serializers.IntegerField(read_only=True)

    def _details(self, contact: Any) -> ContactDetails:
        return self.context["details"][contact.pk]

    def get_received_on(self, contact: Any) -> datetime.date:
        return london_date(contact.received_at)

    def get_children(self, contact: Any) -> list[str]:
        shown = [link.child_id for link in self._details(contact).links]
        named = [pk for pk in self.context.get("named", {}).get(contact.pk, []) if pk not in shown]
        return [str(pk) for pk in shown + named]

    def get_episodes(self, contact: Any) -> list[str]:
        ids = [link.episode_id for link in self._details(contact).links if link.episode_id]
        return [str(pk) for pk in dict.fromkeys(ids)]

    @extend_schema_field(ContactChildSerializer(many=True))
    def get_children_detail(self, contact: Any) -> list[dict[str, Any]]:
        return ContactChildSerializer(_child_rows(self._details(contact)), many=True).data

    @extend_schema_field(PreviousContactSerializer(many=True))
    def get_previous_contacts(self, contact: Any) -> list[dict[str, Any]]:
        return PreviousContactSerializer(_previous_rows(self._details(contact)), many=True).data


class ContactFactsSerializer(serializers.Serializer):
    """The facts recorded at the front door; the services say what is missing or wrong."""

    received_at = datetime_field(required=False)
    source = serializers.ChoiceField(choices=REFERRAL_SOURCE, required=False, help_text="DfE referral source code.")
    referrer_name = text(200)
    referrer_agency = text(200)
    referrer_contact = text(200, help_text="Telephone or email.")
    anonymous = serializers.BooleanField(required=False)
    family = serializers.UUIDField(required=False, allow_null=True, help_text="A family you may open.")
    concerns = text(help_text="In the referrer's own words.")
    parents_aware = serializers.BooleanField(required=False, allow_null=True)
    consent = serializers.ChoiceField(choices=Consent.choices, required=False)
    consent_reason = text(help_text="Required unless consent was given.")


class ContactInputSerializer(ContactFactsSerializer):
    team = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A front-door team. Default: yours if you are in one, else the authority's default.",
    )
    children = id_list("Person ids: records you may open, or any unrestricted record (search first).")


class ContactPatchSerializer(ContactFactsSerializer):
    """Corrections to an undecided contact's facts. Its team and children are fixed once recorded."""

    team = serializers.UUIDField(required=False, allow_null=True, help_text="Fixed once recorded.")
    children = id_list("Fixed once recorded: record another contact.")
    version = version_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        contact = self.instance
        errors = {}
        if "team" in attrs and attrs["team"] != contact.team_id:
            errors["team"] = ["The team holding a contact cannot change: decide it, or record it again"]
        if "children" in attrs and set(attrs["children"]) != {link.child_id for link in contact.contact_children.all()}:
            errors["children"] = ["The children of a contact cannot change once recorded: record another contact"]
        if errors:
            raise serializers.ValidationError(errors)
        attrs.pop("team", None)
        attrs.pop("children", None)
        return attrs


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices, required=False, allow_blank=True)
    decision_reason = text(help_text="Always required, in words.")
    team = serializers.UUIDField(
        required=False, allow_null=True, help_text="For a referral: the team to hold a new case (default: yours)."
    )
    children = id_list("For a referral: the children referred (default: all); the others are recorded as nfa.")


class ReferrerInformedSerializer(serializers.Serializer):
    informed_at = datetime_field(required=False)
    how = text(200, help_text="Telephone, email, letter.")


class ContactFilterSerializer(ListFilter):
    decided = serializers.BooleanField(required=False, allow_null=True, default=None)
    team = serializers.UUIDField(required=False, help_text="Only this front-door team's contacts.")
    child = serializers.UUIDField(required=False, help_text="Only contacts about this child.")


# --- Cases ------------------------------------------------------------------------------------


class CaseEpisodeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    child = serializers.UUIDField(source="child_id")
    child_name = serializers.CharField(source="child.full_name")
    status = CodeField(choices=EpisodeStatus.choices)
    referral_date = serializers.DateField()
    closure_date = serializers.DateField(allow_null=True)


class CaseSerializer(serializers.Serializer):
    """A family's case; `episodes` are those of the children the user may open."""

    id = serializers.UUIDField(read_only=True)
    family = serializers.UUIDField(source="family_id", read_only=True)
    family_name = serializers.CharField(source="family.name", read_only=True)
    team = serializers.UUIDField(source="team_id", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    allocated_worker = serializers.UUIDField(source="allocated_worker_id", read_only=True, allow_null=True)
    allocated_worker_name = serializers.SerializerMethodField()
    allocated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    status = CodeField(choices=CaseStatus.choices)
    opened_at = serializers.DateTimeField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    episodes = serializers.SerializerMethodField()
    pending_transfer_to = serializers.UUIDField(source="pending_transfer_to_id", read_only=True, allow_null=True)
    transfer_summary = narrative()
    transfer_proposed_by = serializers.UUIDField(source="transfer_proposed_by_id", read_only=True, allow_null=True)
    transfer_proposed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)

    def get_allocated_worker_name(self, case: Any) -> str | None:
        return case.allocated_worker.display_name if case.allocated_worker_id else None

    @extend_schema_field(CaseEpisodeSerializer(many=True))
    def get_episodes(self, case: Any) -> list[dict[str, Any]]:
        shown = self.context["visible_children"]
        rows = [e for e in case.episodes.all() if e.child_id in shown]
        return CaseEpisodeSerializer(rows, many=True).data


class AllocateSerializer(serializers.Serializer):
    worker = serializers.UUIDField(help_text="A social worker or manager in the holding team.")
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_VERSION, help_text="If sent, the case's version you read."
    )


class TransferSerializer(serializers.Serializer):
    team = serializers.UUIDField(help_text="The receiving team.")
    summary = text(help_text="The transfer summary: what the receiving team needs to know.")


class ReasonSerializer(serializers.Serializer):
    reason = text()


class CaseFilterSerializer(ListFilter):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    team = serializers.UUIDField(required=False, help_text="Only cases held by this team.")
    family = serializers.UUIDField(required=False)


# --- Episodes ---------------------------------------------------------------------------------


class EpisodeSerializer(serializers.Serializer):
    """One child's episode (the CIN census CINdetails)."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    child = serializers.UUIDField(source="child_id", read_only=True)
    child_name = serializers.CharField(source="child.full_name", read_only=True)
    contact = serializers.UUIDField(source="contact_id", read_only=True, allow_null=True)
    referral_date = serializers.DateField(read_only=True, help_text="The contact's London date received.")
    referral_source = CodeField(choices=REFERRAL_SOURCE, help_text="From the contact.")
    primary_need = CodeField(choices=PRIMARY_NEED, help_text="N0 to N9; null until set (PATCH it).")
    status = CodeField(choices=EpisodeStatus.choices)
    opened_at = serializers.DateTimeField(read_only=True)
    closure_date = serializers.DateField(read_only=True, allow_null=True)
    closure_reason = CodeField(choices=CLOSURE_REASON)
    closure_summary = narrative()
    step_down = CodeField(choices=StepDown.choices)
    closure_requested_by = serializers.UUIDField(source="closure_requested_by_id", read_only=True, allow_null=True)
    closure_requested_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_by = serializers.UUIDField(source="closed_by_id", read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closure_declined_reason = narrative()
    referral_nfa = serializers.SerializerMethodField(help_text="Closed with no assessment started.")
    is_rereferral = serializers.SerializerMethodField(
        help_text="Referred within 12 months of the child's previous referral date."
    )
    version = serializers.IntegerField(read_only=True)

    def get_referral_nfa(self, episode: Any) -> bool:
        return episode.status == EpisodeStatus.CLOSED and episode.pk not in self.context["assessed"]

    def get_is_rereferral(self, episode: Any) -> bool:
        return episode.pk in self.context["rereferrals"]


class EpisodePatchSerializer(serializers.Serializer):
    primary_need = serializers.ChoiceField(choices=PRIMARY_NEED, help_text="N0 to N9.")
    version = version_field()


class ClosureSerializer(serializers.Serializer):
    closure_date = date_field(required=False, help_text="Today or in the past.")
    closure_reason = serializers.ChoiceField(choices=CLOSURE_REASON, required=False)
    closure_summary = text(help_text="What changed for the child, their view, where support goes next.")
    step_down = serializers.ChoiceField(choices=StepDown.choices, required=False)
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_VERSION, help_text="If sent, the episode's version you read."
    )


class EpisodeFilterSerializer(ListFilter):
    child = serializers.UUIDField(required=False)
    case = serializers.UUIDField(required=False)
    status = serializers.ChoiceField(choices=EpisodeStatus.choices, required=False)


# --- Decision records -------------------------------------------------------------------------


class DecisionRecordSerializer(serializers.Serializer):
    """A significant decision with the options considered and the rationale."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    children = serializers.SerializerMethodField(help_text="Person ids (those you may open).")
    kind = CodeField(choices=DecisionKind.choices)
    decision = narrative()
    options_considered = narrative()
    rationale = narrative()
    agreed_by = serializers.UUIDField(source="agreed_by_id", read_only=True, allow_null=True)
    date = serializers.DateField(read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_children(self, record: Any) -> list[str]:
        shown = self.context["visible_children"]
        return [str(child.pk) for child in record.children.all() if child.pk in shown]


class DecisionRecordInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    children = id_list("Children of the case the decision is about.")
    kind = serializers.ChoiceField(choices=DecisionKind.choices, required=False, allow_blank=True)
    decision = text(help_text="What was decided.")
    options_considered = text()
    rationale = text(help_text="Why: decisions are judged by the quality of the reasoning.")
    agreed_by = serializers.UUIDField(required=False, allow_null=True, help_text="A team manager.")
    date = date_field(required=False, help_text="Default: today.")


class DecisionFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False)
