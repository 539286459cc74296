"""Forms of the chronology pages: the filter, an entry known from elsewhere, and curation.

They parse what was typed; the services in chronology.services decide what is allowed (their
errors go back on these fields)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.core.forms import GovukDateField
from chronology.models import DatePrecision, Significance
from chronology.selectors import SIGNIFICANT_OR_CRITICAL, EntryFilters
from chronology.services import MANUAL_CATEGORIES

INCLUDED_CHOICES = [("yes", "Yes, include it"), ("no", "No, leave it out of the curated chronology")]


class ApproximateDateField(GovukDateField):
    """A date typed as day, month and year, where the day (or the day and month) may be left
    empty when only the month (or year) is known. Cleans to (date, precision)."""

    def clean(self, value: list[str] | None) -> tuple[datetime.date, str] | None:  # type: ignore[override]
        day, month, year = (str(part).strip() for part in (value or ["", "", ""]))
        if not any((day, month, year)):
            raise ValidationError("Enter when it happened, as exactly as you know it", code="required")
        if not year:
            raise ValidationError("The date must include a year", code="incomplete")
        if day and not month:
            raise ValidationError("The date must include a month if it has a day", code="incomplete")
        precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
        parts = [day or "1", month or "1", year]
        if not all(part.isdigit() for part in parts) or len(year) != 4:
            raise ValidationError("The date must be a real date", code="invalid")
        try:
            date = datetime.date(int(year), int(parts[1]), int(parts[0]))
        except ValueError as exc:
            raise ValidationError("The date must be a real date", code="invalid") from exc
        if date > timezone.localdate():
            raise ValidationError("The date must be today or in the past", code="future")
        return date, precision


class ChronologyFilterForm(forms.Form):
    """The filter above a chronology (sent by GET). With nothing sent, it shows significant and
    critical entries; `filtered` marks a filter the reader chose (an empty one shows all)."""

    filtered = forms.CharField(widget=forms.HiddenInput, required=False)
    significance = forms.MultipleChoiceField(
        label="Significance", choices=Significance.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    category = forms.ChoiceField(label="Category", required=False)
    person = forms.ChoiceField(label="Person", required=False)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)
    q = forms.CharField(label="Words in the entry", max_length=200, required=False)
    curated = forms.BooleanField(label="Curated chronology only (entries included)", required=False)

    def __init__(self, data: Any, *, categories: list[str], people: list[tuple[str, str]] | None = None) -> None:
        from chronology.presenters import category_text

        if not data or "filtered" not in data:
            data = None
        super().__init__(data, initial={"significance": list(SIGNIFICANT_OR_CRITICAL), "filtered": "1"})
        self.fields["category"].choices = [("", "Any category")] + [(c, category_text(c)) for c in categories]
        if people:
            self.fields["person"].choices = [("", "Everyone"), *people]
        else:
            del self.fields["person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data

    def filters(self) -> EntryFilters:
        """The filters to apply: the default (significant and critical) until the reader chooses."""
        if not self.is_bound:
            return EntryFilters(significance=tuple(SIGNIFICANT_OR_CRITICAL))
        if not self.is_valid():
            return EntryFilters()
        data = self.cleaned_data
        return EntryFilters(
            significance=tuple(data["significance"]),
            category=(data["category"],) if data.get("category") else (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            text=data.get("q", ""),
            included=True if data.get("curated") else None,
            person_id=data.get("person") or None,
        )


class ManualEntryForm(forms.Form):
    occurred = ApproximateDateField(
        label="When did it happen?",
        help_text="For example, 27 3 2019. If you only know the month, leave the day empty; if you only know "
        "the year, leave the day and month empty.",
    )
    date_text = forms.CharField(
        label="The words for an approximate date (optional)",
        help_text="For example, summer 2019",
        max_length=100,
        required=False,
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *MANUAL_CATEGORIES],
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category"},
    )
    summary = forms.CharField(
        label="What happened, in a sentence",
        max_length=300,
        error_messages={
            "required": "Say in a sentence what happened",
            "max_length": "The summary must be 300 characters or fewer: put the rest in the detail",
        },
    )
    detail = forms.CharField(
        label="Detail (optional)", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )
    source_agency = forms.CharField(
        label="Source agency (optional)",
        help_text="Who told us, for example Metropolitan Police or Mill Lane Primary School",
        max_length=200,
        required=False,
    )
    significance = forms.ChoiceField(
        label="How significant is it?",
        choices=Significance.choices,
        initial=Significance.ROUTINE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how significant it is", "invalid_choice": "Choose how significant it is"},
    )

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        occurred_on, precision = data["occurred"]
        return {
            "occurred_on": occurred_on,
            "date_precision": precision,
            "date_text": data["date_text"],
            "category": data["category"],
            "summary": data["summary"],
            "detail": data["detail"],
            "source_agency": data["source_agency"],
            "significance": data["significance"],
        }


class CurationForm(forms.Form):
    significance = forms.ChoiceField(
        label="How significant is it?",
        choices=Significance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how significant it is", "invalid_choice": "Choose how significant it is"},
    )
    included = forms.ChoiceField(
        label="Include it in the curated chronology?",
        choices=INCLUDED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether to include it", "invalid_choice": "Say whether to include it"},
    )
    analysis = forms.CharField(
        label="Your analysis (optional)",
        help_text="What this event means for the child, and why it matters",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
