"""Forms for the people and families pages. They parse what was typed; the services decide
what is allowed (their ValidationErrors are put back on these fields by the views)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from casework.core.codes import DISABILITY, ETHNICITY, UPN_UNKNOWN, Sex
from casework.core.forms import GovukDateField
from families.models import (
    ConnectionKind,
    Emotional,
    Energy,
    MemberRole,
    PregnancyOutcome,
    Strength,
    WarningKind,
)
from families.validators import validate_nhs_number, validate_upn

YES_NO_REQUIRED = "Select yes or no"


def _govuk(field: forms.Field, **params: Any) -> forms.Field:
    """Extra GOV.UK macro parameters for a field (classes, autocomplete ...)."""
    field.govuk = params  # type: ignore[attr-defined]
    return field


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _text(label: str, *, required: bool = False, max_length: int = 200, width: str = "", **kwargs: Any):
    field = forms.CharField(label=label, required=required, max_length=max_length, **kwargs)
    return _govuk(field, classes=width) if width else field


def years_ago(years: int, today: datetime.date | None = None) -> datetime.date:
    """The date `years` years before today (29 February becomes 28 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def name_prefill(q: str) -> dict[str, Any]:
    """A searched name as the create form's first and last names ("Mary Ann Lee" -> Mary Ann, Lee)."""
    words = q.split()
    if not words:
        return {}
    if len(words) == 1:
        return {"first_name": words[0]}
    return {"first_name": " ".join(words[:-1]), "last_name": words[-1]}


# --- Search -----------------------------------------------------------------------------------


class PersonSearchForm(forms.Form):
    q = _text(
        "Name",
        max_length=200,
        width="govuk-!-width-two-thirds",
        help_text="First name and last name, or either. Other names they are known by are searched too.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2019. For an unborn child, the due date."
    )
    nhs_number = _text("NHS number", max_length=20, width="govuk-input--width-10")
    upn = _text("UPN (unique pupil number)", max_length=20, width="govuk-input--width-10")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not any(data.get(k) for k in ("q", "date_of_birth", "nhs_number", "upn")):
            self.add_error("q", "Enter a name, date of birth, NHS number or UPN to search")
        return data

    def prefill(self) -> dict[str, str]:
        """What the create form starts with after this search (search before create)."""
        data = self.cleaned_data
        prefill: dict[str, Any] = name_prefill(data.get("q") or "")
        if data.get("date_of_birth"):
            born = data["date_of_birth"]
            prefill.update(
                {"date_of_birth-day": born.day, "date_of_birth-month": born.month, "date_of_birth-year": born.year}
            )
        for key in ("nhs_number", "upn"):
            if data.get(key):
                prefill[key] = data[key]
        return {k: str(v) for k, v in prefill.items()}


class NameSearchForm(forms.Form):
    """Finding someone within a page (to add as a member, or to relate to)."""

    q = _text(
        "Name",
        required=True,
        max_length=200,
        width="govuk-!-width-two-thirds",
        error_messages={"required": "Enter a name to search for"},
    )

    def clean_q(self) -> str:
        value = self.cleaned_data["q"].strip()
        if not value:
            raise forms.ValidationError("Enter a name to search for")
        return value

    def prefill(self, **onward: Any) -> dict[str, str]:
        """What the create form starts with after this search, and where it goes next."""
        return {k: str(v) for k, v in {**name_prefill(self.cleaned_data["q"]), **onward}.items()}


class FamilySearchForm(forms.Form):
    q = _text("Family name", required=False, max_length=200, width="govuk-!-width-two-thirds")


# --- People -----------------------------------------------------------------------------------

DOB_KNOWN, DOB_UNBORN, DOB_ESTIMATED = "known", "unborn", "estimated"


class PersonForm(forms.Form):
    """A person's record: names, date of birth (or expected, or estimated), characteristics,
    identifiers. Field names match the model's, so service errors land on the right field."""

    first_name = _text(
        "First name",
        required=True,
        max_length=100,
        width="govuk-!-width-one-half",
        error_messages={"required": "Enter their first name"},
    )
    last_name = _text(
        "Last name",
        required=True,
        max_length=100,
        width="govuk-!-width-one-half",
        error_messages={"required": "Enter their last name"},
    )
    known_as = _text("Known as (optional)", max_length=100, width="govuk-!-width-one-half")
    aliases = forms.CharField(
        label="Other names (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Previous names, other spellings or names used by others. One name on each line.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, allow_future=False, help_text="For example, 27 3 2019"
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth", required=False, help_text="The due date, for example 14 9 2026"
    )
    estimated_age = forms.IntegerField(
        label="Estimated age in years",
        required=False,
        min_value=0,
        max_value=120,
        help_text="An estimated date of birth is recorded, marked as estimated: nobody needs to invent a date.",
        error_messages={
            "invalid": "Estimated age must be a whole number of years, like 35",
            "min_value": "Estimated age must be 0 or more",
            "max_value": "Estimated age must be 120 or less",
        },
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="As recorded for the Children in Need census. An unborn child's sex is recorded as unknown.",
    )
    gender_identity = _text("Gender identity (optional)", max_length=100, width="govuk-!-width-one-half")
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=[("", "Not recorded"), *ETHNICITY], required=False)
    religion = _text("Religion (optional)", max_length=100, width="govuk-!-width-one-half")
    first_language = _text("First language (optional)", max_length=100, width="govuk-!-width-one-half")
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    communication_needs = forms.CharField(
        label="Communication needs (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, uses Makaton, or needs information in easy read.",
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=DISABILITY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The DfE Children in Need census categories. Select all that apply.",
    )
    nhs_number = _text(
        "NHS number (optional)",
        max_length=20,
        width="govuk-input--width-10",
        help_text="10 digits, like 943 476 5919",
        validators=[validate_nhs_number],
    )
    upn = _text(
        "UPN (optional)",
        max_length=20,
        width="govuk-input--width-20",
        help_text="Unique pupil number",
        validators=[validate_upn],
    )
    former_upn = _text("Former UPN (optional)", max_length=20, width="govuk-input--width-20")
    upn_unknown = forms.ChoiceField(
        label="Why the UPN is not known", choices=[("", "Not applicable"), *UPN_UNKNOWN], required=False
    )
    immigration_status = _text("Immigration status (optional)", max_length=100, width="govuk-!-width-one-half")
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)
    previous_cp_plans_elsewhere = _govuk(
        forms.IntegerField(
            label="Child protection plans before this record",
            min_value=0,
            max_value=99,
            required=False,
            help_text="Plans in another local authority or before this system. Enter 0 if none or not known.",
            error_messages={"invalid": "Enter a whole number, like 0 or 2"},
        ),
        classes="govuk-input--width-3",
    )

    # Shown only when changing an existing record.
    EDIT_ONLY = ("date_of_death", "pregnancy_outcome")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            self.fields["date_of_death"] = GovukDateField(
                label="Date of death (optional)", required=False, allow_future=False
            )
            self.fields["pregnancy_outcome"] = forms.ChoiceField(
                label="If the pregnancy did not end in a live birth",
                choices=[("", "Not applicable"), *PregnancyOutcome.choices],
                required=False,
            )
            self.fields["version"] = _version()
            self.fields["reason"] = _text(
                "Why are you changing this? (optional)",
                max_length=200,
                help_text="Kept in the record's change history.",
            )

    @classmethod
    def initial_for(cls, person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in PERSON_FORM_FIELDS}
        initial["aliases"] = "\n".join(person.aliases or [])
        initial["version"] = person.version
        if person.date_of_birth_estimated and person.date_of_birth:
            initial["date_of_birth"] = None  # shown as the estimated age instead
            initial["estimated_age"] = person.age
        initial["date_of_death"] = person.date_of_death
        initial["pregnancy_outcome"] = person.pregnancy_outcome or ""
        return initial

    def clean_aliases(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["aliases"].splitlines()]
        return [line for line in dict.fromkeys(lines) if line]

    DATES = ("date_of_birth", "expected_date_of_birth", "estimated_age")

    def given(self, name: str) -> bool:
        """Whether the field holds something (typed, or from the record), to open its details."""
        value = self[name].value()
        if isinstance(value, list | tuple):
            return any(str(part).strip() for part in value)
        return value not in (None, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in self.DATES if data.get(name) is not None]
        if not any(name in self.errors for name in self.DATES):
            if not given:
                self.add_error(
                    "date_of_birth",
                    "Enter their date of birth, or an expected date of birth if they are not born yet, "
                    "or an estimated age if it is not known",
                )
            elif len(given) > 1:
                self.add_error(
                    given[1], "Give only one of a date of birth, an expected date of birth or an estimated age"
                )
        self.dob_status = self._status(data)
        if not data.get("sex") and self.dob_status != DOB_UNBORN and "sex" not in self.errors:
            self.add_error("sex", "Select their sex: male, female or unknown")
        return data

    @staticmethod
    def _status(data: dict[str, Any]) -> str:
        if data.get("date_of_birth") is not None:
            return DOB_KNOWN
        if data.get("expected_date_of_birth") is not None:
            return DOB_UNBORN
        return DOB_ESTIMATED

    def to_data(self, person=None) -> dict[str, Any]:
        """The changes for person_create / person_update."""
        data = self.cleaned_data
        status = self.dob_status
        values = {name: data.get(name) for name in PERSON_FORM_FIELDS}
        values["date_of_birth"] = values["expected_date_of_birth"] = None
        values["date_of_birth_estimated"] = False
        if status == DOB_KNOWN:
            values["date_of_birth"] = data["date_of_birth"]
        elif status == DOB_UNBORN:
            values["expected_date_of_birth"] = data["expected_date_of_birth"]
            values["sex"] = data.get("sex") or Sex.UNKNOWN
        else:
            age = data["estimated_age"]
            keep = person is not None and person.date_of_birth_estimated and person.age == age
            values["date_of_birth"] = person.date_of_birth if keep else years_ago(age)
            values["date_of_birth_estimated"] = True
        values["previous_cp_plans_elsewhere"] = data.get("previous_cp_plans_elsewhere") or 0
        values["nhs_number"] = data.get("nhs_number") or None
        values["upn"] = data.get("upn") or None
        if self.editing:
            values["date_of_death"] = data.get("date_of_death")
            values["pregnancy_outcome"] = data.get("pregnancy_outcome") or None
        return values


PERSON_FORM_FIELDS = (
    "first_name",
    "last_name",
    "known_as",
    "aliases",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender_identity",
    "ethnicity",
    "religion",
    "first_language",
    "interpreter_needed",
    "communication_needs",
    "disabilities",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown",
    "immigration_status",
    "uasc",
    "previous_cp_plans_elsewhere",
)


class DuplicateChoiceForm(forms.Form):
    """After a near match: use one of the matches, or confirm this is someone new."""

    NEW = "new"
    choice = forms.ChoiceField(
        label="Which record is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person, or that this is someone new"},
    )

    def __init__(self, *args: Any, matches: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [*matches, (self.NEW, "No, this is someone new: create a new record")]


class RestrictionForm(forms.Form):
    restricted = forms.BooleanField(
        label="Restrict this record",
        required=False,
        help_text="Only you, the other managers of the team holding it and the people named below can open it.",
    )
    restricted_to = forms.MultipleChoiceField(
        label="Who else may open it", required=False, widget=forms.CheckboxSelectMultiple
    )
    other_usernames = _text(
        "Someone in another team (optional)",
        max_length=500,
        width="govuk-!-width-two-thirds",
        help_text="Their username. Separate more than one with commas.",
    )
    version = _version()

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["restricted_to"].choices = [(str(u.pk), _user_label(u)) for u in users]
        self.fields["restricted_to"].help_text = "People in the team or teams holding the record."

    def clean_other_usernames(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["other_usernames"].split(",") if name.strip()]


def _user_label(user) -> str:
    return f"{user.display_name} ({user.get_role_display().lower()})"


# --- Warnings ---------------------------------------------------------------------------------


class WarningForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of warning is it?",
        choices=WarningKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of warning it is"},
    )
    detail = forms.CharField(
        label="What colleagues need to know",
        widget=forms.Textarea,
        help_text="What the risk is and what to do about it, for example: 'visit in pairs; dog kept in the garden'.",
        error_messages={"required": "Say what the warning is about, so colleagues can act on it"},
    )
    from_date = GovukDateField(label="Applies from", required=False, help_text="Leave empty for today.")
    to_date = GovukDateField(label="Ends (optional)", required=False, help_text="Leave empty if it still applies.")


class WarningEndForm(forms.Form):
    to_date = GovukDateField(label="Date the warning ended", required=True, help_text="For example, 27 3 2026")
    version = _version()


# --- Families ---------------------------------------------------------------------------------


class AddressFields(forms.Form):
    line1 = _text("Address line 1", max_length=200, width="govuk-!-width-two-thirds")
    line2 = _text("Address line 2 (optional)", max_length=200, width="govuk-!-width-two-thirds")
    town = _text("Town or city (optional)", max_length=100, width="govuk-!-width-two-thirds")
    postcode = _text("Postcode (optional)", max_length=10, width="govuk-input--width-10")
    confidential = forms.BooleanField(
        label="This address is confidential",
        required=False,
        help_text="Only people whose team can change this family's record will see it. "
        "It never appears in documents for the family or in exports.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        partial = any(data.get(k) for k in ("line2", "town", "postcode"))
        if partial and not data.get("line1") and "line1" not in self.errors:
            self.add_error("line1", "Enter the first line of the address")
        return data

    def address(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not any(data.get(k) for k in ("line1", "line2", "town", "postcode")):
            return None
        return {k: data.get(k, "") for k in ("line1", "line2", "town", "postcode", "confidential")}


class FamilyCreateForm(AddressFields):
    name = _text(
        "Family name",
        required=True,
        max_length=200,
        width="govuk-!-width-two-thirds",
        help_text="How colleagues will recognise the family, for example 'Smith family' or 'Smith and Khan household'.",
        error_messages={"required": "Enter the family's name, for example 'Smith family'"},
    )
    telephone = _text("Telephone (optional)", max_length=50, width="govuk-input--width-20")
    moved_in = GovukDateField(label="Date they moved to this address (optional)", required=False, allow_future=False)
    field_order = ["name", "telephone", "line1", "line2", "town", "postcode", "confidential", "moved_in"]

    def __init__(self, *args: Any, first_member=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line1"].help_text = "Leave the address empty if it is not known yet."
        if first_member is not None:
            name = first_member.full_name
            self.fields["role"] = _role_field(f"Is {name} a child or an adult in this family?")
            self.fields["is_subject"] = _subject_field()


class FamilyEditForm(forms.Form):
    name = _text(
        "Family name",
        required=True,
        max_length=200,
        width="govuk-!-width-two-thirds",
        error_messages={"required": "Enter the family's name"},
    )
    telephone = _text("Telephone (optional)", max_length=50, width="govuk-input--width-20")
    version = _version()


class MoveForm(AddressFields):
    moved_on = GovukDateField(label="Date they moved", required=True, allow_future=False)
    version = _version()

    def clean_line1(self) -> str:
        value = self.cleaned_data["line1"].strip()
        if not value:
            raise forms.ValidationError("Enter the first line of the new address")
        return value


def _role_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select child or adult"},
    )


def _subject_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="A subject child: the work is about this child",
        required=False,
        help_text="The child referrals, assessments and plans are about.",
    )


class MemberAddForm(forms.Form):
    role = _role_field("Child or adult in this family?")
    is_subject = _subject_field()
    joined = GovukDateField(
        label="Date they joined the family", required=False, allow_future=False, help_text="Leave empty for today."
    )

    def __init__(self, *args: Any, person=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person is not None:
            self.fields["role"].label = f"Is {person.full_name} a child or an adult in this family?"


class MemberEditForm(forms.Form):
    role = _role_field("Child or adult in this family?")
    is_subject = _subject_field()


class MemberEndForm(forms.Form):
    left = GovukDateField(label="Date they left", required=True, allow_future=False, help_text="For example, 27 3 2026")


# --- Relationships ----------------------------------------------------------------------------


class RelationshipKindForm(forms.Form):
    relation = forms.ChoiceField(widget=forms.RadioSelect, error_messages={"required": "Select how they are related"})

    def __init__(self, *args: Any, choices: list[tuple[str, str]], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = choices
        self.fields["relation"].label = label
        self.fields["relation"].govuk = {  # type: ignore[attr-defined]
            "fieldset": {"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
            "hint": {"text": "Choose the sentence that is true."},
        }


class RelationshipDetailsForm(forms.Form):
    """The details of a relationship; parental responsibility and 'identical' only where the kind
    allows them."""

    start_date = GovukDateField(
        label="When did the relationship start? (optional)",
        required=False,
        allow_future=False,
        help_text="For example, the date of a marriage or an order. Leave empty for a birth relationship.",
    )
    emotional = forms.ChoiceField(
        label="How would you describe the relationship? (optional)",
        choices=[("", "Not recorded"), *Emotional.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="Shown on the genogram.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self, *args: Any, pr_label: str | None = None, twins: bool = False, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        extra: dict[str, forms.Field] = {}
        if pr_label:
            extra["parental_responsibility"] = forms.BooleanField(label=pr_label, required=False)
        if twins:
            extra["identical"] = forms.BooleanField(label="They are identical twins", required=False)
        self.fields = {**extra, **self.fields}
        if editing:
            self.fields["version"] = _version()


class RelationshipEndForm(forms.Form):
    end_date = GovukDateField(label="Date it ended", required=True, allow_future=False)
    version = _version()


# --- Professionals and connections ------------------------------------------------------------


class ProfessionalForm(forms.Form):
    name = _text("Name", required=True, width="govuk-!-width-two-thirds")
    role = _text("Role", required=True, width="govuk-!-width-two-thirds", help_text="For example, health visitor")
    agency = _text("Agency", required=True, width="govuk-!-width-two-thirds", help_text="For example, NHS Trust")
    telephone = _text("Telephone (optional)", max_length=50, width="govuk-input--width-20")
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    working_with = forms.ChoiceField(label="Working with", required=False)
    contributed = forms.BooleanField(label="Contributed to the assessment", required=False)
    from_date = GovukDateField(label="Involved from (optional)", required=False)
    to_date = GovukDateField(label="Involvement ended (optional)", required=False)

    def __init__(self, *args: Any, members: list[Any], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(p.pk): p for p in members}
        self.fields["working_with"].choices = [
            ("", "The whole family"),
            *((k, p.full_name) for k, p in self.members.items()),
        ]
        for name in ("name", "role", "agency"):
            self.fields[name].error_messages["required"] = {
                "name": "Enter the professional's name",
                "role": "Enter their role",
                "agency": "Enter their agency",
            }[name]
        if editing:
            self.fields["version"] = _version()

    def to_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["working_with"] = self.members.get(data.get("working_with") or "")
        return data


class ConnectionForm(forms.Form):
    name = _text(
        "Name",
        required=True,
        width="govuk-!-width-two-thirds",
        help_text="The school, group, service or person, for example 'Oak Lane Primary School'.",
        error_messages={"required": "Enter the name of the school, group, person or service"},
    )
    kind = forms.ChoiceField(
        label="What kind of connection is it?",
        choices=ConnectionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of connection it is"},
    )
    strength = forms.ChoiceField(
        label="How strong is it?",
        choices=Strength.choices,
        widget=forms.RadioSelect,
        initial=Strength.MODERATE,
        error_messages={"required": "Select how strong the connection is"},
    )
    energy = forms.ChoiceField(
        label="Which way does support flow?",
        choices=Energy.choices,
        widget=forms.RadioSelect,
        initial=Energy.NONE,
        error_messages={"required": "Select which way support flows"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["version"] = _version()
