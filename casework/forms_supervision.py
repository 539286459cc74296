"""Forms for the supervision pages. They parse what was typed; casework.services.supervision
decides what is allowed, and its errors (named ``discussions.<n>.<field>``) go back on these fields.

The record form has one group of fields per case on the worker's agenda, named after the case's
id (``c<hex>_decision``, ``c<hex>_a0_action`` ...). A case left empty was not discussed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from casework.core.forms import GovukDateField
from casework.core.models import User
from casework.core.pages import add_service_errors
from casework.models import Case

ACTIONS_PER_CASE = 2


def _words(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=50000, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def case_key(case: Case) -> str:
    return f"c{case.pk.hex}"


class SupervisionForm(forms.Form):
    """A supervision session: its date, private notes, and each case discussed."""

    date = GovukDateField(label="Date of the supervision", allow_future=False, help_text="For example, 27 3 2026")
    private_notes = _words(
        "Private notes (optional)",
        "The worker's wellbeing, workload and learning. Only you and the worker read these: they never "
        "appear on a child's record.",
        rows=5,
    )

    def __init__(self, *args: Any, cases: list[Case], owners: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.owners = {str(o.pk): o for o in owners}
        owner_choices = [("", "Choose who will do it")] + [(str(o.pk), o.display_name) for o in owners]
        self._included: list[tuple[Case, list[int]]] = []
        for case in cases:
            key = case_key(case)
            name = case.family.name
            self.fields[f"{key}_reflection"] = _words(
                "Reflection (optional)", "What you and the worker think is happening."
            )
            self.fields[f"{key}_decision"] = _words("Decision", f"What was decided about the {name} case.")
            self.fields[f"{key}_rationale"] = _words("Rationale", "Why: what the decision is based on.")
            for slot in range(ACTIONS_PER_CASE):
                prefix = f"{key}_a{slot}"
                self.fields[f"{prefix}_action"] = forms.CharField(
                    label=f"Action {slot + 1} (optional)", required=False, max_length=2000
                )
                self.fields[f"{prefix}_owner"] = forms.ChoiceField(
                    label="Who will do it", choices=owner_choices, required=False
                )
                self.fields[f"{prefix}_due"] = GovukDateField(
                    label="Due date", required=False, allow_past=False, help_text="For example, 27 3 2026"
                )

    def case_field_names(self, case: Case) -> list[str]:
        key = case_key(case)
        return [f"{key}_reflection", f"{key}_decision", f"{key}_rationale"]

    def action_field_names(self, case: Case, slot: int) -> list[str]:
        prefix = f"{case_key(case)}_a{slot}"
        return [f"{prefix}_action", f"{prefix}_owner", f"{prefix}_due"]

    def _filled(self, names: list[str]) -> bool:
        data = self.cleaned_data
        return any(data.get(name) not in (None, "") for name in names)

    def discussions(self) -> list[dict[str, Any]]:
        """The cases discussed (any of their fields filled), each with the actions filled in."""
        result = []
        self._included = []
        for case in self.cases:
            slots = [s for s in range(ACTIONS_PER_CASE) if self._filled(self.action_field_names(case, s))]
            if not (self._filled(self.case_field_names(case)) or slots):
                continue
            key, data = case_key(case), self.cleaned_data
            actions = []
            for slot in slots:
                prefix = f"{key}_a{slot}"
                actions.append(
                    {
                        "action": data.get(f"{prefix}_action"),
                        "owner": self.owners.get(data.get(f"{prefix}_owner") or ""),
                        "due_date": data.get(f"{prefix}_due"),
                    }
                )
            result.append(
                {
                    "case": case,
                    "reflection": data.get(f"{key}_reflection"),
                    "decision": data.get(f"{key}_decision"),
                    "rationale": data.get(f"{key}_rationale"),
                    "actions": actions,
                }
            )
            self._included.append((case, slots))
        return result

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's ``discussions.<n>[.actions.<m>].<field>`` errors onto this form's fields."""
        if not hasattr(error, "error_dict"):
            add_service_errors(self, error)
            return
        suffix = {"action": "action", "owner": "owner", "due_date": "due"}
        for name, messages in error.message_dict.items():
            target = None
            parts = name.split(".")
            if name in self.fields:
                target = name
            elif parts[0] == "discussions" and len(parts) >= 3 and parts[1].isdigit():
                index = int(parts[1])
                if index < len(self._included):
                    case, slots = self._included[index]
                    key = case_key(case)
                    if parts[2] in ("reflection", "decision", "rationale"):
                        target = f"{key}_{parts[2]}"
                    elif parts[2] == "actions" and len(parts) == 5 and int(parts[3]) < len(slots):
                        target = f"{key}_a{slots[int(parts[3])]}_{suffix.get(parts[4], 'action')}"
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class AcknowledgeForm(forms.Form):
    comment = _words(
        "Your comments (optional)",
        "Anything you want to add, or anything you see differently. Your supervisor will read it.",
        rows=5,
    )
