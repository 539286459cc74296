"""Forms for the assessment's pages. They parse what was typed; assessments.services decides what
is allowed (its errors go back on these fields, through casework.core.pages.add_service_errors)."""

from __future__ import annotations

from typing import Any

from django import forms

from assessments.kinds import SCALE_VIEWPOINTS, THREE_COLUMNS
from assessments.models import DelayReason
from casework.core.codes import ASSESSMENT_FACTORS, PRIMARY_NEED
from casework.core.forms import GovukDateField

MAX_TEXT = 50_000
YES_NO = [("yes", "Yes"), ("no", "No")]
SCALE_CHOICES = [(str(n), str(n)) for n in range(11)]

# The CIN census assessment factors, grouped as a worker thinks of them (codes.ASSESSMENT_FACTORS).
FACTOR_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "parenting",
        "Alcohol, drugs, domestic violence, mental health, disability",
        tuple(f"{n}{p}" for n in range(1, 7) for p in "ABC"),
    ),
    ("care", "Caring, private fostering, asylum", ("7A", "8B", "8C", "8D", "8E", "8F", "9A")),
    (
        "harm",
        "Abuse, exploitation and harm",
        ("10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "22A", "23A", "24A"),
    ),
    ("other", "Other", ("20", "21")),
]
FACTOR_LABELS = dict(ASSESSMENT_FACTORS)


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


def _words(
    label: str, required_message: str = "", help_text: str = "", rows: int = 5, max_length: int = MAX_TEXT
) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=bool(required_message),
        help_text=help_text,
        max_length=max_length,
        strip=False,
        error_messages={"required": required_message} if required_message else {},
    )


# --- Starting ------------------------------------------------------------------------------


class StartForm(forms.Form):
    """Which framework, which children, when it started and the time frame the worker proposes."""

    template = forms.ChoiceField(
        label="Which assessment?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the assessment", "invalid_choice": "Choose the assessment"},
    )
    children = forms.MultipleChoiceField(
        label="Which children is it about?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Children with an open episode on this case.",
        error_messages={"required": "Select at least one child", "invalid_choice": "Select the children again"},
    )
    start_date = GovukDateField(label="Start date", allow_future=False, help_text="For example, 27 3 2026")
    due_date = GovukDateField(
        label="Proposed completion date",
        allow_past=False,
        help_text="The date you propose to complete the assessment by. Your team manager agrees it.",
    )
    timeframe_reason = _words(
        "Why this length of time?",
        "Say why you propose this time frame",
        "For example, what the family needs, who you need to see and any specialist assessments.",
        rows=4,
        max_length=5000,
    )

    def __init__(
        self, *args: Any, templates: list[tuple[str, str]], children: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates
        self.fields["children"].choices = children


# --- Written sections, by kind -----------------------------------------------------------------


class NarrativeForm(forms.Form):
    text = _words("Text", rows=12)
    version = _version()

    def __init__(self, *args: Any, section: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = section.get("title") or "Text"
        self.fields["text"].help_text = section.get("help") or ""
        self.fields["text"].govuk = {"label": {"isPageHeading": True, "classes": "govuk-label--l"}}  # type: ignore[attr-defined]

    def value(self) -> str:
        return self.cleaned_data["text"]

    @staticmethod
    def initial_for(value: Any) -> dict[str, Any]:
        return {"text": value if isinstance(value, str) else ""}


class YesNoForm(forms.Form):
    answer = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose yes or no"},
    )
    detail = _words("Detail", rows=6)
    version = _version()

    def __init__(self, *args: Any, section: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = section.get("title") or "Answer"
        self.fields["answer"].help_text = section.get("help") or ""
        self.fields["answer"].govuk = {  # type: ignore[attr-defined]
            "classes": "govuk-radios--inline",
            "fieldset": {"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
        }

    def value(self) -> dict[str, str]:
        return {"answer": self.cleaned_data.get("answer") or "", "detail": self.cleaned_data["detail"]}

    @staticmethod
    def initial_for(value: Any) -> dict[str, Any]:
        value = value if isinstance(value, dict) else {}
        return {"answer": value.get("answer") or "", "detail": value.get("detail") or ""}


class ThreeColumnsForm(forms.Form):
    version = _version()

    def __init__(self, *args: Any, section: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in THREE_COLUMNS:
            self.fields[name] = _words(label, rows=8)
        self.order_fields([name for name, _ in THREE_COLUMNS])

    def value(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _ in THREE_COLUMNS}

    @staticmethod
    def initial_for(value: Any) -> dict[str, Any]:
        value = value if isinstance(value, dict) else {}
        return {name: value.get(name) or "" for name, _ in THREE_COLUMNS}


def scale_viewpoints(section: dict[str, Any]) -> list[tuple[str, str]]:
    """The viewpoints this scale asks for, in the kinds' order (all three by default)."""
    asked = section.get("viewpoints") or [name for name, _ in SCALE_VIEWPOINTS]
    return [(name, label) for name, label in SCALE_VIEWPOINTS if name in asked]


def scale_anchors(section: dict[str, Any]) -> str:
    anchors = section.get("anchors") or {}
    low, high = anchors.get("0") or anchors.get(0), anchors.get("10") or anchors.get(10)
    parts = [f"0 means {low}" if low else "", f"10 means {high}" if high else ""]
    return "; ".join(p for p in parts if p)


class ScaleForm(forms.Form):
    comment = _words("Comment", rows=5)
    version = _version()

    def __init__(self, *args: Any, section: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewpoints = scale_viewpoints(section)
        anchors = scale_anchors(section)
        for name, label in self.viewpoints:
            field = forms.ChoiceField(
                label=f"{label}'s view",
                choices=SCALE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                help_text=anchors,
                error_messages={"invalid_choice": "Choose a number from 0 to 10"},
            )
            field.govuk = {"classes": "govuk-radios--inline govuk-radios--small"}  # type: ignore[attr-defined]
            self.fields[name] = field
        self.order_fields([*(name for name, _ in self.viewpoints), "comment", "version"])

    def value(self) -> dict[str, Any]:
        value: dict[str, Any] = {}
        for name, _ in self.viewpoints:
            chosen = self.cleaned_data.get(name)
            value[name] = int(chosen) if chosen not in (None, "") else None
        value["comment"] = self.cleaned_data["comment"]
        return value

    @staticmethod
    def initial_for(value: Any) -> dict[str, Any]:
        value = value if isinstance(value, dict) else {}
        initial = {name: "" if value.get(name) is None else str(value.get(name)) for name, _ in SCALE_VIEWPOINTS}
        return initial | {"comment": value.get("comment") or ""}


WRITTEN_FORMS: dict[str, type[forms.Form]] = {
    "narrative": NarrativeForm,
    "yes_no": YesNoForm,
    "three_columns": ThreeColumnsForm,
    "scale": ScaleForm,
}


class FactorsForm(forms.Form):
    """Per child: the census assessment factors identified, and whether they need support."""

    version = _version()

    def __init__(self, *args: Any, subjects: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            for group, legend, codes in FACTOR_GROUPS:
                field = forms.MultipleChoiceField(
                    label=legend,
                    choices=[(code, f"{FACTOR_LABELS.get(code, code)} ({code})") for code in codes],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    error_messages={"invalid_choice": "Choose factors from the list"},
                )
                field.govuk = {"classes": "govuk-checkboxes--small"}  # type: ignore[attr-defined]
                self.fields[f"factors_{subject.child_id}_{group}"] = field
            self.fields[f"requires_support_{subject.child_id}"] = forms.ChoiceField(
                label=f"Was {subject.child.first_name} assessed as needing support?",
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": "Choose yes or no"},
            )
            self.fields[f"requires_support_{subject.child_id}"].govuk = {"classes": "govuk-radios--inline"}  # type: ignore[attr-defined]
        self.order_fields([*(n for n in self.fields if n != "version"), "version"])

    def names_for(self, subject: Any) -> list[str]:
        prefix = (f"factors_{subject.child_id}_", f"requires_support_{subject.child_id}")
        return [name for name in self.fields if name.startswith(prefix)]

    @staticmethod
    def initial_for(subjects: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for subject in subjects:
            chosen = set(subject.factors or [])
            for group, _, codes in FACTOR_GROUPS:
                initial[f"factors_{subject.child_id}_{group}"] = [c for c in codes if c in chosen]
            support = subject.requires_support
            initial[f"requires_support_{subject.child_id}"] = "" if support is None else ("yes" if support else "no")
        return initial

    def child_outcomes(self) -> list[dict[str, Any]]:
        outcomes = []
        for subject in self.subjects:
            factors: list[str] = []
            for group, _, _ in FACTOR_GROUPS:
                factors.extend(self.cleaned_data.get(f"factors_{subject.child_id}_{group}") or [])
            answer = self.cleaned_data.get(f"requires_support_{subject.child_id}")
            support = None if not answer else answer == "yes"
            outcomes.append({"child": str(subject.child_id), "factors": factors, "requires_support": support})
        return outcomes


# --- Time frame, delay, workflow --------------------------------------------------------------


class TimeframeForm(forms.Form):
    due_date = GovukDateField(label="Completion date", help_text="For example, 27 3 2026")
    reason = _words("Why this length of time?", "", rows=4, max_length=5000)
    version = _version()

    def __init__(self, *args: Any, revising: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if revising:
            field = self.fields["reason"]
            field.label = "Why does the time frame change?"
            field.required = True
            field.error_messages["required"] = "Say why the time frame changes"
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Say why you propose this time frame"


class VersionForm(forms.Form):
    version = _version()


class DelayForm(forms.Form):
    delay_reason_category = forms.ChoiceField(
        label="Why is this taking longer?",
        choices=DelayReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the main reason", "invalid_choice": "Choose the main reason"},
    )
    delay_reason = _words(
        "Tell us more", "", "What is happening and what will help it finish.", rows=4, max_length=5000
    )
    version = _version()


class ReturnForm(forms.Form):
    reason = _words(
        "What needs to change before it is authorised?",
        "Say what needs to change before you can authorise it",
        "The worker sees this when the assessment comes back to them.",
        rows=6,
        max_length=5000,
    )
    version = _version()


class AuthoriseForm(forms.Form):
    """Confirm each child's primary need on their episode (pre-selected with its current value)."""

    version = _version()

    def __init__(self, *args: Any, subjects: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            self.fields[f"primary_need_{subject.child_id}"] = forms.ChoiceField(
                label=f"Primary need for {subject.child.full_name}",
                choices=[("", "Choose the primary need"), *((c, f"{c}: {label}") for c, label in PRIMARY_NEED)],
                error_messages={
                    "required": f"Choose the primary need for {subject.child.full_name}",
                    "invalid_choice": "Choose a primary need from the list",
                },
                help_text="Confirmed on the child's episode for the CIN census.",
            )
        self.order_fields([*(n for n in self.fields if n != "version"), "version"])

    @staticmethod
    def initial_for(subjects: list[Any]) -> dict[str, Any]:
        return {
            f"primary_need_{s.child_id}": (getattr(s.episode, "primary_need", "") or "") if s.episode else ""
            for s in subjects
        }

    def primary_needs(self) -> dict[str, str]:
        return {str(s.child_id): self.cleaned_data[f"primary_need_{s.child_id}"] for s in self.subjects}
