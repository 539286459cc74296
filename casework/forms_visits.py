"""Forms for the visit and case note pages. They parse what was typed; casework.services.visits
decides what is allowed (the seeing-the-child rules), and its errors go back on these fields.

A visit form has one fieldset per child of the case, with fields named after the child's id
(``seen_<id>``, ``seen_alone_<id>``, ``not_seen_reason_<id>``), so an autosaved draft comes back
on the right child."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from casework.core.forms import GovukDateField
from casework.forms_frontdoor import TimeField, moment, time_text
from casework.models import CaseNote, NoteKind, NotSeenReason, SeenAlone, Visit, VisitKind, VisitOutcome
from families.models import Person

YES, NO = "yes", "no"
SEEN_CHOICES = [(YES, "Yes"), (NO, "No")]
ACTION_DRAFT, ACTION_FINISH = "draft", "finish"


def _govuk(field: forms.Field, **params: Any) -> forms.Field:
    """Extra GOV.UK macro parameters for a field (classes, hints ...)."""
    field.govuk = params  # type: ignore[attr-defined]
    return field


def _radios(label: str, choices: list[tuple[str, str]], message: str, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def _words(label: str, help_text: str = "", rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=50000, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class WhenForm(forms.Form):
    """A date and a time (London) that together are when it happened; now or in the past."""

    occurred_date = forms.Field()  # replaced in subclasses
    occurred_time = TimeField(
        label="Time",
        max_length=10,
        help_text="For example, 9:30am or 14:05",
        error_messages={"required": "Enter the time"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_time"].govuk = {"classes": "govuk-input--width-5", "spellcheck": False}  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, time = data.get("occurred_date"), data.get("occurred_time")
        if day and time:
            data["occurred_at"] = moment(day, time)
            if data["occurred_at"] > timezone.now() + datetime.timedelta(minutes=5):
                self.add_error("occurred_time", "The time must be now or in the past")
        return data

    @staticmethod
    def when_initial(occurred_at: datetime.datetime | None) -> dict[str, Any]:
        if occurred_at is None:
            return {"occurred_date": timezone.localdate()}
        local = timezone.localtime(occurred_at)
        return {"occurred_date": local.date(), "occurred_time": time_text(local)}


def _date_field(label: str) -> forms.Field:
    return GovukDateField(label=label, allow_future=False, help_text="For example, 27 3 2026")


class VisitForm(WhenForm):
    """The whole visit on one page: when, what kind, what happened, and each child."""

    occurred_date = _date_field("Date of the visit")
    kind = _radios("What kind of visit was it?", VisitKind.choices, "Choose what kind of visit it was")
    outcome = _radios("Did the visit go ahead?", VisitOutcome.choices, "Choose whether the visit went ahead")
    statutory = forms.BooleanField(
        required=False,
        label="This was a statutory visit",
        help_text="A visit the child's plan or the regulations require.",
    )
    narrative = _words("What happened", "What you saw and heard, and what was agreed.", rows=10)
    childs_words = _words(
        "The child's own words",
        "What the child said, as they said it. Leave it empty if the child did not say anything.",
        rows=5,
    )
    interpreter = _govuk(
        forms.CharField(
            label="Interpreter (optional)",
            required=False,
            max_length=100,
            help_text="If an interpreter was used, the language. For example, Polish or British Sign Language.",
        ),
        classes="govuk-!-width-one-half",
    )
    significant = forms.BooleanField(
        required=False,
        label="Mark this visit as significant",
        help_text="Significant visits stand out in the child's chronology.",
    )

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            name = child.first_name or "the child"
            self.fields[f"seen_{child.pk.hex}"] = _radios(
                f"Was {name} seen?", SEEN_CHOICES, f"Say whether {name} was seen", required=False
            )
            self.fields[f"seen_alone_{child.pk.hex}"] = _radios(
                f"Was {name} seen alone?",
                SeenAlone.choices,
                f"Say whether {name} was seen alone",
                required=False,
            )
            self.fields[f"seen_alone_{child.pk.hex}"].help_text = (
                "Not applicable for a baby, or a child who cannot communicate alone. "
                "Telephone and video calls never count as seeing a child."
            )
            self.fields[f"seen_{child.pk.hex}"].govuk = {"classes": "govuk-radios--inline govuk-radios--small"}  # type: ignore[attr-defined]
            self.fields[f"seen_alone_{child.pk.hex}"].govuk = {"classes": "govuk-radios--small"}  # type: ignore[attr-defined]
            self.fields[f"not_seen_reason_{child.pk.hex}"] = _radios(
                f"If {name} was not seen, why not?",
                NotSeenReason.choices,
                f"Choose why {name} was not seen",
                required=False,
            )
            self.fields[f"not_seen_reason_{child.pk.hex}"].govuk = {"classes": "govuk-radios--small"}  # type: ignore[attr-defined]

    @staticmethod
    def child_fields(child: Person) -> list[str]:
        key = child.pk.hex
        return [f"seen_{key}", f"seen_alone_{key}", f"not_seen_reason_{key}"]

    def visit_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("kind", "outcome", "statutory", "narrative", "childs_words", "interpreter", "significant")
        return {"occurred_at": data.get("occurred_at"), **{name: data.get(name) for name in names}}

    def children_data(self, *, finishing: bool = False) -> list[dict[str, Any]]:
        """Each child as the service takes it. A draft leaves out a child nobody has answered for
        yet (so the form shows the question unanswered again); finishing asks about every child,
        and a visit with no access counts every child as not seen, for that reason."""
        entries = []
        completed = self.cleaned_data.get("outcome") == VisitOutcome.COMPLETED
        for child in self.children:
            seen, alone, reason = (self.cleaned_data.get(name) or "" for name in self.child_fields(child))
            if not (seen or alone or reason) and completed and not finishing:
                continue
            entries.append({"child": child, "seen": seen == YES, "seen_alone": alone, "not_seen_reason": reason})
        return entries

    @classmethod
    def initial_for(cls, visit: Visit | None) -> dict[str, Any]:
        if visit is None:
            return {**cls.when_initial(None), "outcome": VisitOutcome.COMPLETED}
        initial: dict[str, Any] = {
            **cls.when_initial(visit.occurred_at),
            "version": visit.version,
            **{n: getattr(visit, n) for n in ("kind", "outcome", "statutory", "narrative", "childs_words")},
            "interpreter": visit.interpreter,
            "significant": visit.significant,
        }
        for row in visit.visit_children.all():
            key = row.child_id.hex
            initial[f"seen_{key}"] = YES if row.seen else NO
            initial[f"seen_alone_{key}"] = row.seen_alone
            initial[f"not_seen_reason_{key}"] = row.not_seen_reason
        return initial


class NoteForm(WhenForm):
    """A case note: when, what kind, what happened."""

    occurred_date = _date_field("Date")
    kind = _govuk(
        forms.ChoiceField(
            label="What kind of note is it?",
            choices=[("", "Choose the kind of note"), *NoteKind.choices],
            error_messages={"required": "Choose what kind of note it is", "invalid_choice": "Choose a kind of note"},
        ),
        classes="govuk-!-width-one-half",
    )
    narrative = _words("What happened", "Write it so the child could read it one day.", rows=12)
    significant = forms.BooleanField(
        required=False,
        label="Mark this note as significant",
        help_text="A significant note goes into the child's chronology when it is finished.",
    )

    def note_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": data.get("occurred_at"),
            "kind": data.get("kind"),
            "narrative": data.get("narrative") or "",
            "significant": bool(data.get("significant")),
        }

    @classmethod
    def initial_for(cls, note: CaseNote | None) -> dict[str, Any]:
        if note is None:
            return {**cls.when_initial(timezone.now()), "kind": NoteKind.CASE_NOTE}  # most notes are of now
        return {
            **cls.when_initial(note.occurred_at),
            "version": note.version,
            "kind": note.kind,
            "narrative": note.narrative,
            "significant": note.significant,
        }


class AmendForm(forms.Form):
    text = forms.CharField(
        label="Correction",
        max_length=20000,
        help_text=(
            "Say what was wrong and what is right. The original stays as it was; your name and the time are kept."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the correction"},
    )
