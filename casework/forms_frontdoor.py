"""Forms for the front-door pages. They parse what was typed; casework.services.frontdoor decides
what is allowed (its ValidationErrors are put back on these fields by the views).

Recording a contact takes several short steps, kept between requests as a server-side draft
(casework.core.drafts): each step's form reads from and writes to that draft as plain text.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from casework.core.codes import REFERRAL_SOURCE
from casework.core.forms import GovukDateField
from casework.models import Consent, Decision
from families.forms import name_prefill

YES, NO, NOT_KNOWN = "yes", "no", "not_known"
PARENTS_AWARE = [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")]
PARENTS_AWARE_VALUES = {YES: True, NO: False, NOT_KNOWN: None}
HOW_TOLD = [
    ("Telephone", "Telephone"),
    ("Email", "Email"),
    ("Letter", "Letter"),
    ("In person", "In person"),
    ("other", "Another way"),
]

_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


def _govuk(field: forms.Field, **params: Any) -> forms.Field:
    """Extra GOV.UK macro parameters for a field (classes, autocomplete ...)."""
    field.govuk = params  # type: ignore[attr-defined]
    return field


def parse_time(text: str) -> datetime.time | None:
    """'14:05', '9:30am', '9.30', '2pm', '12am' -> a time; None when it is not one."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def time_text(value: datetime.datetime) -> str:
    """The London time of a moment as typed in a time box: 14:05."""
    return f"{timezone.localtime(value):%H:%M}"


def moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A London date and time as an aware moment."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class TimeField(forms.CharField):
    """A time typed in one box, as people write it (14:05, 9:30am)."""

    def clean(self, value: Any) -> datetime.time | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time(text)
        if parsed is None:
            raise forms.ValidationError(f"{self.label} must be a real time, like 9:30am or 14:05")
        return parsed


def _when_fields(day_label: str, time_label: str) -> tuple[GovukDateField, TimeField]:
    day = GovukDateField(label=day_label, allow_future=False, help_text="For example, 27 3 2026")
    time = TimeField(
        label=time_label,
        max_length=10,
        help_text="For example, 9:30am or 14:05",
        error_messages={"required": f"Enter the {time_label.lower()}"},
    )
    return day, _govuk(time, classes="govuk-input--width-5", spellcheck=False)


class WhenMixin:
    """A date and a time that together must be now or in the past."""

    day_field, time_field, moment_name = "received_date", "received_time", "received_at"

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        day, time = data.get(self.day_field), data.get(self.time_field)
        if day and time:
            data[self.moment_name] = moment(day, time)
            if data[self.moment_name] > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error(self.time_field, "The time must be now or in the past")  # type: ignore[attr-defined]
        return data


# --- Recording a contact ---------------------------------------------------------------------


class ContactDetailsForm(WhenMixin, forms.Form):
    """Step 1: when the contact came in, and who made it."""

    received_date, received_time = _when_fields("Date received", "Time received")
    source = _govuk(
        forms.ChoiceField(
            label="Who the contact came from",
            choices=[("", "Choose the referral source"), *REFERRAL_SOURCE],
            help_text="The referral source as the Children in Need census counts it.",
            error_messages={"required": "Choose who the contact came from"},
        ),
        classes="govuk-!-width-two-thirds",
    )
    anonymous = forms.BooleanField(
        required=False,
        label="The referrer did not give their name (anonymous)",
        help_text="An anonymous contact is decided on what was said, like any other.",
    )
    referrer_name = _govuk(
        forms.CharField(
            label="Their name",
            required=False,
            max_length=200,
            help_text="Give their name, their agency, or both.",
        ),
        classes="govuk-!-width-two-thirds",
        autocomplete="off",
    )
    referrer_agency = _govuk(
        forms.CharField(
            label="Their agency or organisation",
            required=False,
            max_length=200,
            help_text="For example, the school, GP practice or police station.",
        ),
        classes="govuk-!-width-two-thirds",
    )
    referrer_contact = _govuk(
        forms.CharField(label="Telephone or email (optional)", required=False, max_length=200),
        classes="govuk-!-width-two-thirds",
        autocomplete="off",
        spellcheck=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        named = (data.get("referrer_name") or "").strip() or (data.get("referrer_agency") or "").strip()
        if not data.get("anonymous") and not named and "referrer_name" not in self.errors:
            self.add_error("referrer_name", "Enter who made the contact, or say it is anonymous")
        return data

    def to_draft(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "received_at": data["received_at"].isoformat(),
            "source": data["source"],
            "anonymous": "1" if data["anonymous"] else "",
            "referrer_name": "" if data["anonymous"] else data["referrer_name"].strip(),
            "referrer_agency": data["referrer_agency"].strip(),
            "referrer_contact": "" if data["anonymous"] else data["referrer_contact"].strip(),
        }

    @staticmethod
    def initial_from(draft: dict[str, Any]) -> dict[str, Any]:
        received = _parse_moment(draft.get("received_at")) or timezone.now()
        return {
            "received_date": timezone.localtime(received).date(),
            "received_time": time_text(received),
            "source": draft.get("source", ""),
            "anonymous": bool(draft.get("anonymous")),
            "referrer_name": draft.get("referrer_name", ""),
            "referrer_agency": draft.get("referrer_agency", ""),
            "referrer_contact": draft.get("referrer_contact", ""),
        }


def _parse_moment(text: Any) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def draft_moment(draft: dict[str, Any], name: str = "received_at") -> datetime.datetime | None:
    return _parse_moment(draft.get(name))


class ChildSearchForm(forms.Form):
    """Step 2: search for a child by name and date of birth before adding them."""

    q = _govuk(
        forms.CharField(label="Name", required=False, max_length=200, help_text="First name and last name, or either."),
        classes="govuk-!-width-two-thirds",
        autocomplete="off",
        spellcheck=False,
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        required=False,
        help_text="For example, 27 3 2019. For an unborn child, the due date.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("q") or "").strip() and not data.get("date_of_birth"):
            self.add_error("q", "Enter a name or a date of birth to search")
        return data

    def prefill(self) -> dict[str, str]:
        """What the families create-person form starts with after this search."""
        data = self.cleaned_data
        prefill = {k: str(v) for k, v in name_prefill(data.get("q") or "").items()}
        born = data.get("date_of_birth")
        if born:
            prefill.update(
                {
                    "date_of_birth-day": str(born.day),
                    "date_of_birth-month": str(born.month),
                    "date_of_birth-year": str(born.year),
                }
            )
        return prefill


class FamilyChoiceForm(forms.Form):
    """Step 3 (when a child belongs to a family): which family the contact is about."""

    NONE = "none"
    family = forms.ChoiceField(
        label="Which family is the contact about?",
        widget=forms.RadioSelect,
        help_text="The contact shows on the family's record. If you are not sure, choose none of these.",
        error_messages={"required": "Choose the family, or say it is none of these"},
    )

    def __init__(self, *args: Any, families: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [*families, (self.NONE, "None of these, or not known yet")]


class ConcernsForm(forms.Form):
    """Step 4: the concerns in the referrer's words, whether the parents know, and consent."""

    concerns = _govuk(
        forms.CharField(
            label="The concerns, in the referrer's words",
            widget=forms.Textarea,
            max_length=50_000,
            help_text="Write down what the referrer said as they said it. Keep your own view for the decision.",
            error_messages={"required": "Record the concerns in the referrer's words"},
        ),
        rows=14,
        spellcheck=True,
    )
    parents_aware = forms.ChoiceField(
        label="Do the parents or carers know about this contact?",
        choices=PARENTS_AWARE,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the parents know about the contact (yes, no or not known)"},
    )
    consent = forms.ChoiceField(
        label="Consent to share information",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        help_text="Whether the family agreed to information about them being shared and sought.",
        error_messages={"required": "Say whether consent to share information was given, refused or not sought"},
    )
    consent_reason = forms.CharField(
        label="Why was consent refused or not sought?",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("concerns") is not None and not data["concerns"].strip():
            self.add_error("concerns", "Record the concerns in the referrer's words")
        if data.get("consent") and data["consent"] != Consent.GIVEN and not (data.get("consent_reason") or "").strip():
            self.add_error("consent_reason", "Say why consent was refused or not sought")
        return data

    def to_draft(self) -> dict[str, str]:
        data = self.cleaned_data
        given = data["consent"] == Consent.GIVEN
        return {
            "concerns": data["concerns"].strip(),
            "parents_aware": data["parents_aware"],
            "consent": data["consent"],
            "consent_reason": "" if given else data["consent_reason"].strip(),
        }


# --- Deciding ----------------------------------------------------------------------------------


class DecideForm(forms.Form):
    """The decision with its reason; for a referral, which children and which team. Never
    pre-selected: the decider chooses."""

    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    decision_reason = _govuk(
        forms.CharField(
            label="Your reason",
            widget=forms.Textarea,
            max_length=20_000,
            help_text="In words: what you weighed and why this is the right response for the children.",
            error_messages={"required": "Give the reason for the decision, in words"},
        ),
        rows=8,
    )
    children = forms.MultipleChoiceField(
        label="Which children are referred?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The others are recorded as no further action for this contact, with the same reason.",
    )
    team = forms.ChoiceField(label="Which team will hold the case?", required=False)

    def __init__(
        self, *args: Any, children: list[tuple[str, str]], teams: list[tuple[str, str]] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = children
        if teams is None:  # the family has an open case: the episodes open there
            del self.fields["team"]
        else:
            self.fields["team"].choices = teams

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision_reason") is not None and not data["decision_reason"].strip():
            self.add_error("decision_reason", "Give the reason for the decision, in words")
        if data.get("decision") == Decision.REFERRAL and not data.get("children") and "children" not in self.errors:
            self.add_error("children", "Choose at least one child to refer")
        return data


# --- After the decision --------------------------------------------------------------------


class ReferrerInformedForm(WhenMixin, forms.Form):
    """When and how the referrer was told the outcome."""

    day_field, time_field, moment_name = "informed_date", "informed_time", "informed_at"
    informed_date, informed_time = _when_fields("Date they were told", "Time they were told")
    how = forms.ChoiceField(
        label="How were they told?",
        choices=HOW_TOLD,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the referrer was told"},
    )
    how_other = _govuk(
        forms.CharField(label="If another way, say how", required=False, max_length=200),
        classes="govuk-!-width-two-thirds",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("how") == "other" and not (data.get("how_other") or "").strip():
            self.add_error("how_other", "Say how the referrer was told")
        return data

    def how_text(self) -> str:
        data = self.cleaned_data
        return data["how_other"].strip() if data["how"] == "other" else data["how"]
