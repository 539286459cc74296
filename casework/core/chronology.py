"""The one service every app calls to put an event in the chronology (`chronology_record`).

Called in the same transaction as the change it records. Idempotent by event key (the source
record and the kind of event): recording the same event twice updates the entry, never
duplicates it, and never touches its curation. Apps register how to rebuild their entries
for `manage.py rebuild_chronology`.

The model lives in the `chronology` app; the core reaches it through the app registry so that
it imports no other app (and `families`, which imports only the core, can record events).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

ROUTINE, SIGNIFICANT, CRITICAL = "routine", "significant", "critical"


def _models():
    return apps.get_model("chronology", "ChronologyEntry"), apps.get_model("chronology", "ChronologyCuration")


def london_date(value: datetime.datetime | datetime.date) -> datetime.date:
    """The Europe/London date of a moment (a date is returned as it is)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@transaction.atomic
def chronology_record(
    *,
    source: models.Model,
    kind: str,
    summary: str,
    when: datetime.datetime | datetime.date,
    category: str,
    people: Iterable[models.Model] = (),
    person: models.Model | None = None,
    family: models.Model | None = None,
    detail: str = "",
    source_agency: str = "",
    by: models.Model | None = None,
    significance: str = ROUTINE,
) -> models.Model:
    """Record (or update) the chronology entry for one event of one source record.

    `people` are everyone whose chronology shows the event; `person` (default: the first of
    them) is the one it is mainly about. `significance` is only a starting point: once a
    person has curated the entry, re-recording leaves their judgement alone.
    """
    Entry, Curation = _models()
    people = list(people)
    if person is not None and person not in people:
        people.insert(0, person)
    facts: dict[str, Any] = {
        "person": person or (people[0] if people else None),
        "family": family,
        "occurred_on": london_date(when),
        "occurred_at": when if isinstance(when, datetime.datetime) else None,
        "category": category,
        "summary": summary[:300],
        "detail": detail,
        "source_agency": source_agency,
        "origin": "system",
    }
    source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
    entry = (
        Entry.objects.select_for_update()
        .filter(source_type=source_type, source_id=str(source.pk), event_kind=kind)
        .first()
    )
    if entry is None:
        entry = Entry.objects.create(
            source_type=source_type, source_id=str(source.pk), event_kind=kind, recorded_by=by, **facts
        )
        Curation.objects.create(entry=entry, significance=significance)
    else:
        changed = [name for name, value in facts.items() if getattr(entry, name) != value]
        for name in changed:
            setattr(entry, name, facts[name])
        if changed:
            entry.save()
        curation, created = Curation.objects.get_or_create(entry=entry, defaults={"significance": significance})
        if not created and curation.curated_at is None and curation.significance != significance:
            curation.significance = significance
            curation.save(update_fields=["significance"])
    entry.people.set(people)
    return entry


def chronology_forget(*, source: models.Model, kind: str) -> None:
    """Remove the system entry for an event that turned out not to have happened (rare:
    a draft discarded). Curated entries are kept."""
    Entry, _ = _models()
    source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
    Entry.objects.filter(
        source_type=source_type, source_id=str(source.pk), event_kind=kind, curation__curated_at__isnull=True
    ).delete()


# --- Rebuilding ---------------------------------------------------------------------------
Rebuilder = Callable[[], int]
_rebuilders: dict[str, Rebuilder] = {}


def register_rebuilder(name: str, rebuild: Rebuilder) -> None:
    """Register a function that re-records every chronology event an app owns; it returns how
    many events it recorded. Used by `manage.py rebuild_chronology`."""
    _rebuilders[name] = rebuild


def rebuilders() -> dict[str, Rebuilder]:
    return dict(sorted(_rebuilders.items()))
