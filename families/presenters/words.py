"""People and relationships in words: ages, dates of birth, search results, relationships read
from one side, and the sentences a worker chooses a relationship from."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from families import selectors
from families.models import (
    DIRECTIONAL_KINDS,
    PR_KINDS,
    Person,
    Relationship,
    RelationshipKind,
)
from families.wording import DIRECTIONAL_LABELS, SYMMETRIC_LABELS, describe, ending_words, label_for

RESTRICTED = "Restricted record"


def date_uk(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def nhs_number_text(value: str | None) -> str:
    if not value or len(value) != 10:
        return value or ""
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def _months_between(born: datetime.date, on: datetime.date) -> int:
    return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)


def age_text(person: Person, today: datetime.date | None = None) -> str:
    """How old someone is, in words: '7 years old', '9 months old', 'Unborn, due 3 May 2026',
    'Died 3 May 2020, aged 4', 'About 34 (date of birth estimated)'."""
    today = today or timezone.localdate()
    if person.pregnancy_outcome:
        return f"Pregnancy ended: {person.get_pregnancy_outcome_display().lower()}"
    if person.is_unborn:
        return f"Unborn, due {date_uk(person.expected_date_of_birth)}"
    if person.date_of_birth is None:
        return "Age not known"
    age = person.age_on(today)
    if person.is_deceased:
        return f"Died {date_uk(person.date_of_death)}, aged {age}"
    if person.date_of_birth_estimated:
        return f"About {age} (date of birth estimated)"
    if age is not None and age < 1:
        months = _months_between(person.date_of_birth, today)
        return "Under 1 month old" if months < 1 else f"{months} month{'s' if months != 1 else ''} old"
    return f"{age} year{'s' if age != 1 else ''} old"


def dob_text(person: Person) -> str:
    if person.date_of_birth:
        prefix = "Estimated date of birth" if person.date_of_birth_estimated else "Born"
        return f"{prefix} {date_uk(person.date_of_birth)}"
    if person.expected_date_of_birth:
        return f"Due {date_uk(person.expected_date_of_birth)}"
    return "Date of birth not known"


def person_bar(person: Person) -> dict[str, Any]:
    """What the identity bar shows about a person."""
    tags = []
    if person.restricted:
        tags.append("Restricted record")
    if person.expected_date_passed:
        tags.append("Due date passed")
    born = person.date_of_birth and not person.date_of_birth_estimated
    return {
        "name": person.display_name,
        "age": age_text(person),
        "age_label": "Age" if person.date_of_birth else "Status",
        "dob": dob_text(person) if born else "",
        "la_child_id": person.la_child_id,
        "nhs_number": nhs_number_text(person.nhs_number),
        "tags": tags,
    }


# --- Search -----------------------------------------------------------------------------------


@dataclass
class ResultLine:
    """One search result: a record the user may open, one they may not, or a restricted one
    (which shows only who holds it)."""

    person: Person
    visible: bool
    known_to: list[str]

    @property
    def hidden_restricted(self) -> bool:
        return self.person.restricted and not self.visible

    @property
    def age(self) -> str:
        return age_text(self.person)

    @property
    def dob(self) -> str:
        return dob_text(self.person)

    @property
    def known_to_text(self) -> str:
        return join_words(self.known_to) if self.known_to else "no team at present"


def join_words(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def search_lines(results: list[selectors.SearchResult]) -> list[ResultLine]:
    return [ResultLine(r.person, r.visible, r.known_to) for r in results]


# --- Relationships in words -------------------------------------------------------------------


@dataclass
class RelationshipLine:
    """A relationship read from one person's side, with the other person shown only as far as
    the reader may see them."""

    relationship: Relationship
    other: Person
    other_visible: bool
    other_name: str  # '' when the other person is a restricted record the reader may not open
    rest: str  # the sentence after the other person's name
    notes: str

    @property
    def sentence(self) -> str:
        return f"{self.other_name or RESTRICTED}{self.rest}"

    @property
    def current(self) -> bool:
        return self.relationship.is_current

    @property
    def dates(self) -> str:
        rel = self.relationship
        parts = []
        if rel.start_date:
            parts.append(f"since {date_uk(rel.start_date)}")
        if rel.end_date:
            parts.append(f"{ending_words(rel)} {date_uk(rel.end_date)}")
        return ", ".join(parts)

    @property
    def emotional(self) -> str:
        return self.relationship.get_emotional_display() if self.relationship.emotional else ""


def relationship_line(rel: Relationship, *, about: Person, visible_ids: set[Any], narrative: bool) -> RelationshipLine:
    other = rel.other(about.pk)
    visible = other.pk in visible_ids
    if other.restricted and not visible:
        rest = f": {possessive(about.first_name)} {label_for(rel, other)}"
        if rel.parental_responsibility:
            rest += " (parental responsibility)"
        return RelationshipLine(rel, other, False, "", rest, rel.notes if narrative else "")
    sentence = describe(rel, about=about)
    return RelationshipLine(
        rel, other, visible, other.first_name, sentence[len(other.first_name) :], rel.notes if narrative else ""
    )


def relation_choices(me: Person, other: Person) -> list[tuple[str, str]]:
    """Every way `other` can be related to `me`, as sentences: 'Lee Smith is Ava Smith's parent'.
    Values are 'kind:from' (other is the KIND of me), 'kind:to' (me is the KIND of other), or
    a symmetric kind."""
    o, m = other.full_name, possessive(me.full_name)
    elders = [
        (f"{k}:from", f"{o} is {m} {DIRECTIONAL_LABELS[k][0]}") for k in RelationshipKind if k in DIRECTIONAL_KINDS
    ]
    youngers = [
        (f"{k}:to", f"{o} is {m} {DIRECTIONAL_LABELS[k][1]}") for k in RelationshipKind if k in DIRECTIONAL_KINDS
    ]
    others = [
        (str(k), f"{o} is {m} {SYMMETRIC_LABELS[k]}")
        for k in RelationshipKind
        if k not in DIRECTIONAL_KINDS and k != RelationshipKind.OTHER
    ]
    others.append(
        (RelationshipKind.OTHER.value, f"{o} is related to {me.full_name} in another way (say how in the notes)")
    )
    return elders + youngers + others


@dataclass(frozen=True)
class Relation:
    """A chosen relation: who is from_person and who is to_person, and its kind."""

    kind: str
    from_person: Person
    to_person: Person
    sentence: str

    @property
    def can_hold_pr(self) -> bool:
        return self.kind in PR_KINDS

    @property
    def pr_label(self) -> str:
        return f"{self.from_person.full_name} holds parental responsibility for {self.to_person.full_name}"


def parse_relation(value: str, *, me: Person, other: Person) -> Relation | None:
    sentences = dict(relation_choices(me, other))
    if value not in sentences:
        return None
    kind, _, side = value.partition(":")
    if side == "to":
        return Relation(kind, me, other, sentences[value])
    return Relation(kind, other, me, sentences[value])
