"""Forms for strategy discussion and Section 47 pages. They parse what was typed;
casework.services.strategy decides what is allowed (its errors go back on these fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.core.forms import GovukDateField
from casework.models import S47Outcome, StrategyDecision


def _words(label: str, required_message: str = "", help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=bool(required_message),
        help_text=help_text,
        max_length=20000,
        error_messages={"required": required_message} if required_message else {},
    )


def _radios(label: str, choices: list[tuple[str, str]], required_message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


class DiscussionForm(forms.Form):
    children = forms.MultipleChoiceField(
        label="Which children was it about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Say which children the discussion was about"},
    )
    date = GovukDateField(
        label="Date of the strategy discussion", allow_future=False, help_text="For example, 27 3 2026"
    )
    agencies = _words(
        "Agencies present",
        "Say which agencies took part, for example police, health, school",
        "One agency per line, for example: Police, Health visitor, School",
        rows=3,
    )
    information = _words("Information shared", "Summarise the information the agencies shared", rows=6)
    decision = _radios("What was decided?", StrategyDecision.choices, "Choose the decision")
    reasoning = _words("Reasons for the decision", "Give the reasons for the decision")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, children: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].help_text = (
            "A Section 47 enquiry, or immediate protection, starts an enquiry for each child: "
            "the initial conference is due within 15 working days of the latest strategy discussion."
        )
        if children is None:
            del self.fields["children"]
        else:
            self.fields["children"].choices = children

    def agency_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agencies"].splitlines() if line.strip()]


class CompleteForm(forms.Form):
    outcome = _radios(
        "Is an initial child protection conference needed?",
        S47Outcome.choices,
        "Choose whether an initial child protection conference is needed",
    )
    completed_date = GovukDateField(label="Date the enquiry was completed", allow_future=False)
    findings = _words("Findings", "Summarise the findings of the enquiry", rows=6)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
