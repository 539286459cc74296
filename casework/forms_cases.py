"""Forms for the case and episode pages. They parse what was typed; the services in
casework.services.cases decide what is allowed (their errors go back on these fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casework.core.codes import CLOSURE_REASON, PRIMARY_NEED
from casework.core.forms import GovukDateField
from casework.models import DecisionKind, StepDown

CLOSURE_REASONS = [(code, f"{code}: {text}") for code, text in CLOSURE_REASON]
PRIMARY_NEEDS = [(code, f"{code}: {text}") for code, text in PRIMARY_NEED]

# The closure summary is one text on the record, written in three parts so nothing is missed.
SUMMARY_PARTS = (
    ("changed", "What changed for the child"),
    ("child_view", "The child's view"),
    ("next_support", "Where support goes next"),
)


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _radios(label: str, choices: list[tuple[str, str]], required_message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _words(label: str, required_message: str = "", help_text: str = "", required: bool = True) -> forms.CharField:
    field = forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=required,
        help_text=help_text,
        error_messages={"required": required_message} if required_message else {},
    )
    return field


class AllocateForm(forms.Form):
    worker = _radios("Who is the allocated worker?", [], "Select a worker in the team")
    version = _version()

    def __init__(self, *args: Any, workers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = workers
        self.fields["worker"].help_text = "The team holds the case together; the allocated worker leads the work."


class TransferForm(forms.Form):
    team = forms.ChoiceField(
        label="Which team should take the case?",
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    summary = _words(
        "Transfer summary",
        "Write the transfer summary: what the receiving team needs to know",
        "The child's story so far, what has been done, what is planned, and any risks. The receiving "
        "team reads the case while it decides.",
    )

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Choose a team"), *teams]


DECIDE_CHOICES = [("accept", "Accept"), ("decline", "Decline")]


class TransferDecisionForm(forms.Form):
    decision = _radios("Will your team take the case?", DECIDE_CHOICES, "Select whether you accept or decline")
    reason = _words("Reason", required=False, help_text="Needed if you decline: the proposing team reads it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the transfer is declined")
        return data


class ClosureForm(forms.Form):
    closure_date = GovukDateField(label="Closure date", allow_future=False, help_text="For example, 27 3 2026")
    closure_reason = _radios("Reason for closure", CLOSURE_REASONS, "Choose the reason for closure (RC1 to RC9)")
    changed = _words("What changed for the child", "Say what changed for the child")
    child_view = _words(
        "The child's view",
        "Record the child's view, or why it could not be given",
        "In the child's words where you can. If the child is too young or could not give a view, say so.",
    )
    next_support = _words("Where support goes next", "Say where support goes next")
    step_down = _radios("Stepping down to", StepDown.choices, "Choose where support goes next")
    version = _version()

    def closure(self) -> dict[str, Any]:
        """What the closure service takes: the three parts joined into one summary."""
        data = self.cleaned_data
        summary = "\n\n".join(f"{label}: {data[name].strip()}" for name, label in SUMMARY_PARTS)
        return {
            "closure_date": data["closure_date"],
            "closure_reason": data["closure_reason"],
            "closure_summary": summary,
            "step_down": data["step_down"],
        }


class ClosureDecisionForm(forms.Form):
    decision = _radios(
        "Do you authorise the closure?",
        [("authorise", "Authorise: close the episode"), ("decline", "Decline: the episode stays open")],
        "Select whether you authorise or decline the closure",
    )
    reason = _words("Reason", required=False, help_text="Needed if you decline: the worker reads it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the closure is declined")
        return data


class PrimaryNeedForm(forms.Form):
    primary_need = _radios(
        "What is the child's primary need?",
        PRIMARY_NEEDS,
        "Choose a primary need code, N0 to N9",
        help_text="The main reason the child needs services, as the work shows it now. Earlier codes are kept.",
    )
    version = _version()


class DecisionForm(forms.Form):
    kind = _radios("What kind of decision is it?", DecisionKind.choices, "Select the kind of decision")
    children = forms.MultipleChoiceField(
        label="Which children is it about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Say which children the decision is about"},
    )
    decision = _words("The decision", "Say what was decided")
    options_considered = _words(
        "Options considered",
        required=False,
        help_text="What else was weighed up, and why it was not chosen.",
    )
    rationale = _words(
        "Rationale",
        "Give the rationale: decisions are judged by the quality of the reasoning",
        "Why this decision, on what was known at the time.",
    )
    agreed_by = forms.ChoiceField(label="Agreed by", required=False)
    date = GovukDateField(label="Date of the decision", allow_future=False)

    def __init__(
        self, *args: Any, children: list[tuple[str, str]], managers: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = children
        self.fields["agreed_by"].choices = [("", "Not yet agreed by a manager"), *managers]
        self.fields["agreed_by"].help_text = "The team manager who agreed it."
