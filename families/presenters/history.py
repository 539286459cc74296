"""A person's full change history: who changed what, when and why (django-simple-history),
across their record, warnings, relationships, connections and family memberships.

A fixed number of queries: one per kind of record, plus the names the entries mention.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from casework.core.codes import DISABILITY
from casework.core.models import User
from families import selectors
from families.models import Connection, Family, FamilyMembership, Person, PersonWarning, Relationship
from families.presenters.words import RESTRICTED, date_uk
from families.wording import describe

NEVER_SHOWN = {
    "id",
    "version",
    "created_at",
    "created_by",
    "recorded_at",
    "person",
    "family",
    "from_person",
    "to_person",
}
NARRATIVE = {PersonWarning: {"detail"}, Relationship: {"notes"}, Connection: {"notes"}}
HIDDEN_TEXT = "(not shown to your role)"
# Reasons the services give on their own; they repeat the entry's title, so are not shown.
ROUTINE_REASONS = {"Created", "Recorded", "Joined", "Left", "Updated", "Ended"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    text: str = ""  # what was written, for a record just added
    order: int = 0


def _value(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    model_field = model._meta.get_field(name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return date_uk(value)
    if name == "disabilities":
        labels = dict(DISABILITY)
        return ", ".join(labels.get(v, v) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    return str(choices.get(value, value))


def _label(model: type[models.Model], name: str) -> str:
    text = str(model._meta.get_field(name).verbose_name)
    return text[0].upper() + text[1:]


def _changes(record, previous, *, narrative: bool, exclude: Iterable[str] = ()) -> list[Change]:
    model = record.instance_type
    hidden = set() if narrative else NARRATIVE.get(model, set())
    delta = record.diff_against(previous, excluded_fields=[*NEVER_SHOWN, *exclude])
    result = []
    for change in delta.changes:
        if change.field in hidden:
            result.append(Change(_label(model, change.field), HIDDEN_TEXT, HIDDEN_TEXT))
        else:
            result.append(
                Change(
                    _label(model, change.field),
                    _value(model, change.field, change.old),
                    _value(model, change.field, change.new),
                )
            )
    return result


def _who(record) -> str:
    user = record.history_user
    return user.display_name if user else "The system"


def _pairs(records: Iterable[Any]) -> Iterable[tuple[Any, Any | None]]:
    """(record, the same object's previous record) in time order, per object."""
    by_object: dict[Any, list[Any]] = defaultdict(list)
    for record in records:
        by_object[record.id].append(record)
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in versions:
            yield record, previous
            previous = record


def _entry(record, what: str, changes: list[Change] | None = None) -> HistoryEntry:
    return HistoryEntry(
        when=record.history_date,
        who=_who(record),
        what=what,
        reason="" if record.history_change_reason in ROUTINE_REASONS else (record.history_change_reason or ""),
        changes=changes or [],
        order=record.history_id,
    )


def person_history(*, user: User, person: Person) -> list[HistoryEntry]:
    """Everything that changed on a person's record and the records about them, newest first."""
    narrative = selectors.sees_narrative(user)
    entries = _person_entries(person)
    entries += _warning_entries(person, narrative)
    entries += _relationship_entries(user, person, narrative)
    entries += _connection_entries(person, narrative)
    entries += _membership_entries(person)
    entries.sort(key=lambda e: (e.when, e.order), reverse=True)
    return entries


def _person_entries(person: Person) -> list[HistoryEntry]:
    records = list(Person.history.filter(id=person.pk).select_related("history_user"))
    named = _restricted_to_by_record(records)
    entries = []
    for record, previous in _pairs(records):
        if previous is None:
            entries.append(_entry(record, "Record created"))
            continue
        changes = _changes(record, previous, narrative=True, exclude=["restricted_to"])
        before, after = named.get(previous.history_id, set()), named.get(record.history_id, set())
        if before != after:
            changes.append(Change("Who else may open it", _names(before), _names(after)))
        if changes or record.history_change_reason:
            entries.append(_entry(record, "Personal details changed", changes))
    return entries


def _restricted_to_by_record(records: list[Any]) -> dict[Any, set[str]]:
    through = Person.history.model.restricted_to.model
    rows = through.objects.filter(history__in=[r.history_id for r in records]).select_related("user")
    named: dict[Any, set[str]] = defaultdict(set)
    for row in rows:
        named[row.history_id].add(row.user.display_name)
    return named


def _names(names: set[str]) -> str:
    return ", ".join(sorted(names)) or "(nobody named)"


def _warning_entries(person: Person, narrative: bool) -> list[HistoryEntry]:
    records = PersonWarning.history.filter(person_id=person.pk).select_related("history_user")
    entries = []
    for record, previous in _pairs(records):
        kind = record.get_kind_display()
        if previous is None:
            entry = _entry(record, f"Warning added: {kind}")
            entry.text = record.detail if narrative else ""
            entries.append(entry)
            continue
        ended = previous.to_date is None and record.to_date is not None
        what = f"Warning ended: {kind}" if ended else f"Warning changed: {kind}"
        entries.append(_entry(record, what, _changes(record, previous, narrative=narrative)))
    return entries


def _relationship_entries(user: User, person: Person, narrative: bool) -> list[HistoryEntry]:
    records = list(
        Relationship.history.filter(Q(from_person_id=person.pk) | Q(to_person_id=person.pk)).select_related(
            "history_user"
        )
    )
    other_ids = {r.to_person_id if r.from_person_id == person.pk else r.from_person_id for r in records}
    people = {p.pk: p for p in Person.objects.filter(pk__in=other_ids)}
    visible = selectors.visible_person_ids(user=user, person_ids=list(other_ids))
    entries = []
    for record, previous in _pairs(records):
        other = people.get(record.to_person_id if record.from_person_id == person.pk else record.from_person_id)
        if other is None or (other.restricted and other.pk not in visible):
            words = f"with a {RESTRICTED.lower()}"
        else:
            rel = Relationship(
                kind=record.kind,
                from_person=person if record.from_person_id == person.pk else other,
                to_person=other if record.from_person_id == person.pk else person,
                parental_responsibility=record.parental_responsibility,
            )
            words = describe(rel, about=person)
        if previous is None:
            entries.append(_entry(record, f"Relationship recorded: {words}"))
            continue
        ended = previous.end_date is None and record.end_date is not None
        what = f"Relationship ended: {words}" if ended else f"Relationship changed: {words}"
        entries.append(_entry(record, what, _changes(record, previous, narrative=narrative)))
    return entries


def _connection_entries(person: Person, narrative: bool) -> list[HistoryEntry]:
    records = Connection.history.filter(person_id=person.pk).select_related("history_user")
    entries = []
    for record, previous in _pairs(records):
        if previous is None:
            entries.append(_entry(record, f"Connection added: {record.name} ({record.get_kind_display().lower()})"))
        else:
            entries.append(
                _entry(record, f"Connection changed: {record.name}", _changes(record, previous, narrative=narrative))
            )
    return entries


def _membership_entries(person: Person) -> list[HistoryEntry]:
    records = list(FamilyMembership.history.filter(person_id=person.pk).select_related("history_user"))
    families = dict(Family.objects.filter(pk__in={r.family_id for r in records}).values_list("pk", "name"))
    entries = []
    for record, previous in _pairs(records):
        family = families.get(record.family_id, "a family")
        role = "a child" if record.role == "child" else "an adult"
        if previous is None:
            entries.append(_entry(record, f"Joined the {family} as {role}"))
        elif previous.left is None and record.left is not None:
            entries.append(_entry(record, f"Left the {family} on {date_uk(record.left)}"))
        else:
            entries.append(
                _entry(record, f"Membership of the {family} changed", _changes(record, previous, narrative=True))
            )
    return entries
