"""Chronology entries as pages, exports and the record's card show them: the date as exactly as
it is known ("March 2019", "2019 (summer 2019)"), the significance as a tag, and only what the
reader's role may read (performance officers: structured fields, never narrative)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from chronology.models import ChronologyEntry, DatePrecision, Origin, Significance

SIGNIFICANCE_TAGS = {
    Significance.ROUTINE: "govuk-tag--grey",
    Significance.SIGNIFICANT: "govuk-tag--yellow",
    Significance.CRITICAL: "govuk-tag--red",
}
MANUAL_CATEGORY_WORDS = {
    "police": "Police",
    "health": "Health",
    "education": "Education",
    "family": "Family life",
    "social_care": "Social care",
    "housing": "Housing",
    "court": "Court",
    "other": "Other",
}


def category_text(category: str) -> str:
    return MANUAL_CATEGORY_WORDS.get(category) or category.replace("_", " ").capitalize()


def date_text(entry: ChronologyEntry) -> str:
    """The date as exactly as it is known, with the words for an approximate one."""
    day: datetime.date = entry.occurred_on
    if entry.date_precision == DatePrecision.YEAR:
        shown = f"{day:%Y}"
    elif entry.date_precision == DatePrecision.MONTH:
        shown = f"{day:%B %Y}"
    else:
        shown = f"{day.day} {day:%B %Y}"
    return f"{shown} ({entry.date_text})" if entry.date_text else shown


def source_reference(entry: ChronologyEntry) -> str:
    """Where the fact comes from: the agency, or the record it was recorded from."""
    parts = []
    if entry.source_agency:
        parts.append(entry.source_agency)
    if entry.origin == Origin.MANUAL:
        parts.append("added by hand" + (f" by {entry.recorded_by.display_name}" if entry.recorded_by_id else ""))
    elif entry.source_type_id:
        parts.append(f"{entry.source_type.name.capitalize()} record {str(entry.source_id)[:8]}")
    return "; ".join(parts)


@dataclass(frozen=True)
class EntryLine:
    """One entry as the reader may see it."""

    entry: ChronologyEntry
    date: str
    category: str
    summary: str
    detail: str
    analysis: str
    significance: str
    significance_text: str
    tag_classes: str
    included: bool
    version: int
    source: str
    people: list[str]

    @property
    def id(self):
        return self.entry.id


def entry_line(entry: ChronologyEntry, *, narrative: bool) -> EntryLine:
    curation = entry.curation
    manual = entry.origin == Origin.MANUAL
    significance = Significance(curation.significance)
    return EntryLine(
        entry=entry,
        date=date_text(entry),
        category=category_text(entry.category),
        # A hand-written summary is narrative; a system summary is built from structured facts.
        summary=entry.summary if narrative or not manual else category_text(entry.category),
        detail=entry.detail if narrative else "",
        analysis=curation.analysis if narrative else "",
        significance=significance.value,
        significance_text=significance.label,
        tag_classes=SIGNIFICANCE_TAGS[significance],
        included=curation.included,
        version=curation.version,
        source=source_reference(entry) if narrative or not manual else "",
        people=[p.full_name for p in entry.people.all()],
    )


def entry_lines(entries: Iterable[ChronologyEntry], *, narrative: bool) -> list[EntryLine]:
    return [entry_line(e, narrative=narrative) for e in entries]
