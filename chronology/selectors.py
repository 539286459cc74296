"""Reading chronology entries: ordered by date, filtered, with a fixed number of queries.

Access to the people and families is checked by the caller (the case domain's API and pages,
which know the access rules); these functions only select and order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from chronology.models import ChronologyEntry, Significance

SIGNIFICANT_OR_CRITICAL = (Significance.SIGNIFICANT, Significance.CRITICAL)


@dataclass(frozen=True)
class EntryFilters:
    significance: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""
    included: bool | None = None
    person_id: Any = None


def _base() -> QuerySet[ChronologyEntry]:
    return (
        ChronologyEntry.objects.select_related("curation", "person", "source_type", "recorded_by")
        .prefetch_related("people")
        .order_by("occurred_on", "occurred_at", "created_at", "id")
    )


def entries_for_any() -> QuerySet[ChronologyEntry]:
    """Every entry, with what its presentation needs (callers scope it to the reader)."""
    return _base()


def entries_for_person(*, person_id: Any) -> QuerySet[ChronologyEntry]:
    """A person's chronology: every entry that concerns them."""
    return _base().filter(Q(people__id=person_id) | Q(person_id=person_id)).distinct()


def entries_for_family(*, family_id: Any, member_ids: Iterable[Any]) -> QuerySet[ChronologyEntry]:
    """A family's chronology: the family's own entries and every member's, each event once."""
    return _base().filter(Q(family_id=family_id) | Q(people__id__in=list(member_ids))).distinct()


def excluding_people(entries: QuerySet[ChronologyEntry], hidden_ids: Iterable[Any]) -> QuerySet[ChronologyEntry]:
    """Leave out entries concerning anyone the reader may not open (restricted records)."""
    hidden = list(hidden_ids)
    if not hidden:
        return entries
    return entries.exclude(Q(people__id__in=hidden) | Q(person_id__in=hidden))


def apply_filters(entries: QuerySet[ChronologyEntry], filters: EntryFilters) -> QuerySet[ChronologyEntry]:
    if filters.significance:
        entries = entries.filter(curation__significance__in=filters.significance)
    if filters.category:
        entries = entries.filter(category__in=filters.category)
    if filters.date_from:
        entries = entries.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(occurred_on__lte=filters.date_to)
    if filters.included is not None:
        entries = entries.filter(curation__included=filters.included)
    if filters.person_id:
        entries = entries.filter(Q(people__id=filters.person_id) | Q(person_id=filters.person_id))
    if filters.text.strip():
        words = filters.text.split()
        for word in words:
            entries = entries.filter(
                Q(summary__icontains=word) | Q(detail__icontains=word) | Q(curation__analysis__icontains=word)
            )
    return entries.distinct()


def entry_categories(entries: QuerySet[ChronologyEntry]) -> list[str]:
    return sorted(set(entries.order_by().values_list("category", flat=True)))


def latest_significant_for_person(*, person_id: Any) -> QuerySet[ChronologyEntry]:
    """The person's significant and critical entries that are in the curated chronology,
    newest first (the record's card takes the first few)."""
    return (
        entries_for_person(person_id=person_id)
        .filter(curation__significance__in=SIGNIFICANT_OR_CRITICAL, curation__included=True)
        .order_by("-occurred_on", "-occurred_at", "-created_at", "-id")
    )


def people_mentioned(entries: QuerySet[ChronologyEntry]) -> set[Any]:
    """Everyone these entries concern (one query), for checking the reader may open them all."""
    through = ChronologyEntry.people.through
    mentioned = set(
        through.objects.filter(chronologyentry__in=entries.values("id")).values_list("person_id", flat=True)
    )
    mentioned |= set(entries.exclude(person_id=None).order_by().values_list("person_id", flat=True).distinct())
    return mentioned
