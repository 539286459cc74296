"""Forms for CIN plan pages. They parse what was typed; casework.services.plans decides what is
allowed (its errors go back on these fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.core.forms import GovukDateField

PROGRESS_CHOICES = [(str(n), str(n)) for n in range(11)]
END_CHOICES = [("end_plan", "End the plan: the help is no longer needed"), ("step_down", "Step down to other support")]


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


def _words(label: str, required_message: str = "", help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=bool(required_message),
        help_text=help_text,
        max_length=5000,
        error_messages={"required": required_message} if required_message else {},
    )


def _number(label: str, help_text: str, maximum: int, required: bool = False) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=1,
        max_value=maximum,
        error_messages={"invalid": f"{label} must be a whole number", "required": f"Enter {label.lower()}"},
    )
    field.govuk = {"classes": "govuk-input--width-3", "inputmode": "numeric"}  # type: ignore[attr-defined]
    return field


class PlanForm(forms.Form):
    """A draft's dates and frequencies (the child is chosen when the plan is started)."""

    child = forms.ChoiceField(
        label="Which child is the plan for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child", "invalid_choice": "Select the child"},
    )
    start_date = GovukDateField(label="Start date", required=False, help_text="For example, 27 3 2026")
    visiting_frequency_days = _number(
        "Visiting frequency", "Working days between statutory visits, for example 20 (needed to authorise)", 130
    )
    review_frequency_weeks = _number("Review frequency", "Weeks between reviews (12 if left blank)", 52)
    version = _version()

    def __init__(self, *args: Any, children: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if children is None:
            del self.fields["child"]
        else:
            self.fields["child"].choices = children


class GoalForm(forms.Form):
    id = forms.CharField(widget=forms.HiddenInput, required=False)
    description = _words("What needs to change", rows=3)
    help_provided = _words("The help provided: who does what", rows=3)


GoalFormSet = forms.formset_factory(GoalForm, extra=0, max_num=20)


class AuthoriseForm(forms.Form):
    version = _version()


class ReviewForm(forms.Form):
    date = GovukDateField(label="Date of the review", allow_future=False)
    attendees = _words("Who attended", "", "One person per line, with their role, for example: Mum, school nurse")
    summary = _words("Summary", "Summarise the review: what has changed and what happens next", rows=6)

    def __init__(self, *args: Any, goals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, goal in enumerate(goals):
            field = forms.ChoiceField(
                label=f"Goal {index + 1}: {goal.description[:120]}",
                choices=PROGRESS_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text="0: nothing has changed yet; 10: the goal is met",
            )
            field.govuk = {"classes": "govuk-radios--inline govuk-radios--small"}  # type: ignore[attr-defined]
            self.fields[f"goal_{goal.pk}"] = field
        self.goals = goals

    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["attendees"].splitlines() if line.strip()]

    def goal_progress(self) -> list[dict[str, Any]]:
        rows = []
        for goal in self.goals:
            value = self.cleaned_data.get(f"goal_{goal.pk}")
            if value not in (None, ""):
                rows.append({"goal": str(goal.pk), "progress": int(value)})
        return rows


class EndForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is decided?",
        choices=END_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the plan ends or the child steps down"},
    )
    end_date = GovukDateField(label="End date", allow_future=False)
    reason = _words("Why the plan ends", "Say why the plan ends: what has changed for the child")
    version = _version()


class ActionForm(forms.Form):
    action = _words("Action", "Say what will be done", rows=3)
    owner = forms.ChoiceField(label="Who will do it", error_messages={"required": "Choose who will do it"})
    due_date = GovukDateField(label="Due date", allow_past=False)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person"), *owners]
