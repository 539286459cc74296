"""Forms for conference and core group pages. They parse what was typed; the rules (which
decision a kind of conference takes, when a category is needed) are casework.services.conferences'."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.core.codes import CATEGORY_OF_ABUSE
from casework.core.forms import GovukDateField
from casework.forms_plans import ReviewForm, _words
from casework.models import ConferenceDecision, ConferenceKind


class ConferenceForm(forms.Form):
    """The conference, then for each child: the decision and, with a plan, the category of abuse."""

    kind = forms.ChoiceField(
        label="Which conference was it?",
        choices=ConferenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of conference"},
    )
    date = GovukDateField(label="Date of the conference", allow_future=False, help_text="For example, 27 3 2026")
    chair = forms.CharField(label="Chair", max_length=200, error_messages={"required": "Enter the name of the chair"})
    attendees = _words("Who attended", "", "One person per line, with their role, for example: Mum, school nurse")
    parents_participation = _words("How the parents took part", "", "Who came, what they said, what they agreed")
    child_participation = _words("How the child took part, and their views", "", "In the child's words if you can")
    summary = _words("Summary", "", "The reasons for the decisions: needed when a plan ends", rows=6)

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            self.fields[f"decision_{child.pk}"] = forms.ChoiceField(
                label=f"Decision for {child.full_name}",
                choices=ConferenceDecision.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text="An initial or transfer-in conference decides on a plan; a review continues or ends it",
            )
            self.fields[f"category_{child.pk}"] = forms.ChoiceField(
                label=f"Category of abuse for {child.full_name}",
                choices=[("", "No category"), *CATEGORY_OF_ABUSE],
                required=False,
                help_text="Needed for a new plan; at a review, a change of category",
            )

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["attendees"].splitlines() if line.strip()]

    def outcomes(self) -> list[dict[str, Any]]:
        """One row per child the conference decided about (children left blank are not part of it)."""
        rows = []
        for child in self.children:
            decision = self.cleaned_data.get(f"decision_{child.pk}")
            if decision:
                rows.append(
                    {"child": child, "decision": decision, "category": self.cleaned_data[f"category_{child.pk}"]}
                )
        return rows


class CoreGroupForm(ReviewForm):
    """A core group: date, who came, a summary, progress (0-10) on each goal of the plan."""

    date = GovukDateField(label="Date of the core group", allow_future=False)
    summary = _words("Summary", "Summarise the core group: what has changed and what happens next", rows=6)
