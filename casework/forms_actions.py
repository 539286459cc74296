"""Forms for the action pages. They parse what was typed; casework.services.actions decides
who may own an action and when it may be due, and its errors go back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms

from casework.core.forms import GovukDateField

WHOLE_CASE = ""


class ActionForm(forms.Form):
    """A new action on a case: what, who, by when, and (optionally) which child it is about."""

    action = forms.CharField(
        label="What needs to be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        error_messages={"required": "Choose who will do it", "invalid_choice": "Choose who will do it"},
    )
    due_date = GovukDateField(label="Due date", allow_past=False, help_text="For example, 27 3 2026")
    child = forms.ChoiceField(
        label="Which child is it about?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a child of this case"},
    )

    def __init__(self, *args: Any, owners: list[tuple[str, str]], children: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person"), *owners]
        self.fields["owner"].govuk = {"classes": "govuk-!-width-one-half"}  # type: ignore[attr-defined]
        if len(children) > 1:
            self.fields["child"].choices = [*children, (WHOLE_CASE, "All the children of the case")]
        else:
            del self.fields["child"]


class CompleteForm(forms.Form):
    """Completing an action: what was done."""

    note = forms.CharField(
        label="What was done",
        max_length=2000,
        help_text="Kept with the action. An action from supervision or a plan also goes into the child's chronology.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was done"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
