"""Curating the chronology and adding entries known from elsewhere.

The caller has already established that the user may open and write to the people concerned
(the case domain checks the access rules); these services enforce the role and the record's
own rules. Facts of system entries are never changed here: curation is kept apart.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.core.access import WRITING_ROLES
from casework.core.models import User
from casework.core.versioning import save_versioned
from chronology.models import ChronologyCuration, ChronologyEntry, DatePrecision, Origin, Significance

MANUAL_CATEGORIES = [
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("family", "Family life"),
    ("social_care", "Social care"),
    ("housing", "Housing"),
    ("court", "Court"),
    ("other", "Other"),
]


def _require_curator(by: User) -> None:
    if by.role not in WRITING_ROLES:
        raise PermissionDenied("Your role cannot change chronologies.")


def normalise_date(occurred_on: datetime.date, precision: str) -> datetime.date:
    """An approximate date is stored as the first day of its month or year, so it sorts there."""
    if precision == DatePrecision.MONTH:
        return occurred_on.replace(day=1)
    if precision == DatePrecision.YEAR:
        return occurred_on.replace(month=1, day=1)
    return occurred_on


def _validate_curation(significance: str | None, analysis: str | None) -> None:
    if significance is not None and significance not in Significance.values:
        raise ValidationError({"significance": [f"Choose one of: {', '.join(Significance.values)}"]})
    if analysis is not None and len(analysis) > 20000:
        raise ValidationError({"analysis": ["Analysis must be 20,000 characters or fewer"]})


@transaction.atomic
def entry_curate(
    *,
    by: User,
    entry: ChronologyEntry,
    expected_version: int | None,
    significance: str | None = None,
    included: bool | None = None,
    analysis: str | None = None,
    facts: dict[str, Any] | None = None,
) -> ChronologyEntry:
    """Mark significance, include or exclude, write analysis; for a manual entry, correct its
    facts too. A stale version is refused (409) and nothing is written."""
    _require_curator(by)
    _validate_curation(significance, analysis)
    curation, _ = ChronologyCuration.objects.get_or_create(entry=entry)
    if facts:
        if entry.origin != Origin.MANUAL:
            raise ValidationError(
                {"non_field_errors": ["The facts of a recorded event stay as recorded: add your analysis instead"]}
            )
        _apply_manual_facts(entry, facts)
        entry.save()
    if significance is not None:
        curation.significance = significance
    if included is not None:
        curation.included = included
    if analysis is not None:
        curation.analysis = analysis
    curation.curated_by = by
    curation.curated_at = timezone.now()
    save_versioned(curation, expected_version=expected_version, change_reason="Curated")
    return entry


def _apply_manual_facts(entry: ChronologyEntry, facts: dict[str, Any]) -> None:
    for name in ("category", "summary", "detail", "source_agency", "date_text", "date_precision", "occurred_on"):
        if name in facts and facts[name] is not None:
            setattr(entry, name, facts[name])
    errors: dict[str, list[str]] = {}
    if not (entry.summary or "").strip():
        errors["summary"] = ["Say in a sentence what happened"]
    if len(entry.summary or "") > 300:
        errors["summary"] = ["The summary must be 300 characters or fewer: put the rest in the detail"]
    if entry.date_precision not in DatePrecision.values:
        errors["date_precision"] = ["Choose day, month or year"]
    if not entry.occurred_on:
        errors["occurred_on"] = ["Enter when it happened (as exactly as you know)"]
    elif entry.occurred_on > timezone.localdate():
        errors["occurred_on"] = ["The date must be today or in the past"]
    if not (entry.category or "").strip():
        errors["category"] = ["Choose a category"]
    if errors:
        raise ValidationError(errors)
    entry.occurred_on = normalise_date(entry.occurred_on, entry.date_precision)


@transaction.atomic
def manual_entry_create(
    *,
    by: User,
    people: list[Any],
    family: Any = None,
    occurred_on: datetime.date | None,
    date_precision: str = DatePrecision.DAY,
    date_text: str = "",
    category: str,
    summary: str,
    detail: str = "",
    source_agency: str = "",
    significance: str = Significance.ROUTINE,
    included: bool = True,
    analysis: str = "",
) -> ChronologyEntry:
    """Add an event known from elsewhere (a police call-out in 2019, a school exclusion)."""
    _require_curator(by)
    if not people and family is None:
        raise ValidationError({"person": ["Say whose chronology this belongs to"]})
    _validate_curation(significance, analysis)
    entry = ChronologyEntry(
        person=people[0] if people else None,
        family=family,
        origin=Origin.MANUAL,
        event_kind="manual",
        recorded_by=by,
        occurred_on=occurred_on,
        occurred_at=None,
    )
    _apply_manual_facts(
        entry,
        {
            "category": category,
            "summary": summary,
            "detail": detail,
            "source_agency": source_agency,
            "date_text": date_text,
            "date_precision": date_precision,
        },
    )
    entry.save()
    entry.people.set(people)
    ChronologyCuration.objects.create(
        entry=entry,
        significance=significance,
        included=included,
        analysis=analysis,
        curated_by=by,
        curated_at=timezone.now(),
    )
    return entry
