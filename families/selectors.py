"""Reading people and families, always scoped to the user (PERMISSIONS.md).

A user reaches a person through their teams' current access to that person, or to a family the
person belongs to; performance officers and auditors reach everyone; restricted records only
open for the named users, the holding team's manager and (from the Cases issue) the allocated
worker. Records outside a user's access answer 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from casework.core.access import WRITING_ROLES, restricted_viewer_filters, team_ids_for
from casework.core.models import AccessLevel, RecordAccess, Role, User
from families.models import (
    Connection,
    Family,
    FamilyAddress,
    FamilyMembership,
    Person,
    PersonName,
    PersonWarning,
    Professional,
    Relationship,
)
from families.validators import normalise_nhs_number

SEARCH_LIMIT = 50
TRIGRAM_THRESHOLD = 0.3


# --- Access ---------------------------------------------------------------------------------


def _direct_person_ids(team_ids, level: str | None = None):
    rows = RecordAccess.objects.current().filter(team_id__in=team_ids, person__isnull=False)
    if level:
        rows = rows.filter(level=level)
    return rows.values("person_id")


def _family_ids(team_ids, level: str | None = None):
    rows = RecordAccess.objects.current().filter(team_id__in=team_ids, family__isnull=False)
    if level:
        rows = rows.filter(level=level)
    return rows.values("family_id")


def _reachable_person_q(team_ids, level: str | None = None) -> Q:
    via_family = FamilyMembership.objects.filter(family_id__in=_family_ids(team_ids, level)).values("person_id")
    return Q(id__in=_direct_person_ids(team_ids, level)) | Q(id__in=via_family)


def _managed_person_q(user: User) -> Q:
    """People whose holding team (write access) this user manages."""
    if user.role != Role.TEAM_MANAGER:
        return Q(pk__in=[])
    return _reachable_person_q(team_ids_for(user), AccessLevel.WRITE)


def restriction_q(user: User) -> Q:
    """Which people the user may open, as far as restriction goes."""
    named = Person.restricted_to.through.objects.filter(user_id=user.pk).values("person_id")
    allowed = Q(restricted=False) | Q(id__in=named) | _managed_person_q(user)
    for extra in restricted_viewer_filters():
        allowed |= extra(user)
    return allowed


def person_list_for_user(*, user: User) -> QuerySet[Person]:
    """People the user may open: their teams' current access, or authority-wide, minus
    restricted records they are not entitled to."""
    people = Person.objects.all()
    if not user.is_authority_wide:
        people = people.filter(_reachable_person_q(team_ids_for(user)))
    return people.filter(restriction_q(user))


def person_get_for_user(*, user: User, person_id: UUID | str) -> Person:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(person_list_for_user(user=user), pk=person_id)


def person_can_write(*, user: User, person: Person) -> bool:
    """Write needs a writing role and a team with current write access (direct or via family)."""
    if user.role not in WRITING_ROLES:
        return False
    return Person.objects.filter(_reachable_person_q(team_ids_for(user), AccessLevel.WRITE), pk=person.pk).exists()


def person_can_manage_restriction(*, user: User, person: Person) -> bool:
    """Only a manager of a team holding the record (write access) marks it restricted."""
    return user.role == Role.TEAM_MANAGER and person_can_write(user=user, person=person)


def family_list_for_user(*, user: User) -> QuerySet[Family]:
    families = Family.objects.all()
    if user.is_authority_wide:
        return families
    return families.filter(id__in=_family_ids(team_ids_for(user)))


def family_get_for_user(*, user: User, family_id: UUID | str) -> Family:
    return get_object_or_404(family_list_for_user(user=user), pk=family_id)


def family_list_writable_for_user(*, user: User) -> QuerySet[Family]:
    """Families the user may change: a writing role and a team with current write access."""
    if user.role not in WRITING_ROLES:
        return Family.objects.none()
    return Family.objects.filter(id__in=_family_ids(team_ids_for(user), AccessLevel.WRITE))


def family_can_write(*, user: User, family: Family) -> bool:
    if user.role not in WRITING_ROLES:
        return False
    return (
        RecordAccess.objects.current()
        .filter(team_id__in=team_ids_for(user), family=family, level=AccessLevel.WRITE)
        .exists()
    )


def writable_family_ids(*, user: User, family_ids: list[Any]) -> set[Any]:
    """Which of these families the user may change (family_can_write for a whole page at once)."""
    if user.role not in WRITING_ROLES:
        return set()
    rows = RecordAccess.objects.current().filter(
        team_id__in=team_ids_for(user), family_id__in=family_ids, level=AccessLevel.WRITE
    )
    return set(rows.values_list("family_id", flat=True))


def sees_narrative(user: User) -> bool:
    """Performance officers read structured fields only, never narrative text."""
    return user.role != Role.PERFORMANCE_OFFICER


# --- Search -----------------------------------------------------------------------------------


@dataclass
class SearchResult:
    person: Person
    visible: bool
    known_to: list[str] = field(default_factory=list)
    score: float = 0.0


def _name_matches(q: str) -> dict[Any, float]:
    """Person ids whose names match `q`, with a score (best first)."""
    q = " ".join(q.lower().split())
    if not q:
        return {}
    names = PersonName.objects.annotate(lname=Lower("name"))
    scores: dict[Any, float] = {}
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        matches = (
            names.filter(Q(lname__trigram_similar=q) | Q(lname__contains=q))
            .annotate(score=TrigramSimilarity("lname", q))
            .values_list("person_id", "score")
            .order_by("-score")[:500]
        )
    else:  # SQLite: every word of the query must appear in the name
        condition = Q()
        for token in q.split():
            condition &= Q(lname__contains=token)
        matches = [(pid, 0.5) for pid in names.filter(condition).values_list("person_id", flat=True)[:500]]
    for person_id, score in matches:
        scores[person_id] = max(score or 0.0, scores.get(person_id, 0.0))
    return scores


def person_search(
    *,
    user: User,
    q: str = "",
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
    upn: str = "",
    limit: int = SEARCH_LIMIT,
) -> list[SearchResult]:
    """Search everyone (every signed-in user may), marking which results the user may open and
    which teams know each person. Tolerant of misspellings on PostgreSQL."""
    people = Person.objects.all()
    scores: dict[Any, float] = {}
    if q.strip():
        scores = _name_matches(q)
        people = people.filter(id__in=list(scores))
    if date_of_birth:
        people = people.filter(Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    if nhs_number.strip():
        people = people.filter(nhs_number=normalise_nhs_number(nhs_number))
    if upn.strip():
        people = people.filter(upn=upn.strip().upper())
    if not (q.strip() or date_of_birth or nhs_number.strip() or upn.strip()):
        return []
    found = list(people[: limit * 4])
    found.sort(key=lambda p: (-scores.get(p.id, 0.0), p.last_name.lower(), p.first_name.lower()))
    found = found[:limit]
    return _with_access(user, found, scores)


def _with_access(user: User, people: list[Person], scores: dict[Any, float]) -> list[SearchResult]:
    ids = [p.id for p in people]
    visible = set(person_list_for_user(user=user).filter(id__in=ids).values_list("id", flat=True))
    known = known_to(ids)
    return [SearchResult(p, p.id in visible, known.get(p.id, []), scores.get(p.id, 0.0)) for p in people]


def known_to(person_ids: list[Any]) -> dict[Any, list[str]]:
    """The teams currently holding each person (directly or through one of their families)."""
    result: dict[Any, set[str]] = {pid: set() for pid in person_ids}
    direct = RecordAccess.objects.current().filter(person_id__in=person_ids).values_list("person_id", "team__name")
    for person_id, team in direct:
        result[person_id].add(team)
    memberships = FamilyMembership.objects.filter(person_id__in=person_ids).values_list("person_id", "family_id")
    by_family: dict[Any, set[Any]] = {}
    for person_id, family_id in memberships:
        by_family.setdefault(family_id, set()).add(person_id)
    family_rows = (
        RecordAccess.objects.current().filter(family_id__in=list(by_family)).values_list("family_id", "team__name")
    )
    for family_id, team in family_rows:
        for person_id in by_family[family_id]:
            result[person_id].add(team)
    return {pid: sorted(teams) for pid, teams in result.items()}


def similar_people(
    *, first_name: str, last_name: str, date_of_birth: datetime.date | None, exclude: Any = None
) -> list[Person]:
    """Possible duplicates: a similar name (or other name) and the same date of birth."""
    if date_of_birth is None:
        return []
    same_day = Person.objects.filter(date_of_birth=date_of_birth)
    if exclude is not None:
        same_day = same_day.exclude(pk=exclude)
    full = f"{first_name} {last_name}".strip().lower()
    candidates = []
    for person in same_day.prefetch_related("names"):
        names = [n.name.lower() for n in person.names.all()] or [person.full_name.lower()]
        if any(_names_close(full, name, last_name.lower()) for name in names):
            candidates.append(person)
    return candidates


def _names_close(wanted: str, name: str, last_name: str) -> bool:
    if wanted == name or (last_name and last_name in name.split()):
        return True
    return _trigram_similarity(wanted, name) >= 0.4


def _trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def _trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity, computed in Python so duplicates are caught on any database."""
    ga, gb = _trigrams(a), _trigrams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


# --- Pages ----------------------------------------------------------------------------------


def person_with_record(*, user: User, person_id: UUID | str) -> Person:
    """A person for the record page, with what the page shows prefetched (a fixed number of
    queries whatever the family size)."""
    current_warnings = PersonWarning.objects.order_by("-from_date")
    memberships = FamilyMembership.objects.select_related("family").order_by("-joined")
    people = person_list_for_user(user=user).prefetch_related(
        Prefetch("warnings", queryset=current_warnings),
        Prefetch("memberships", queryset=memberships),
        "restricted_to",
    )
    return get_object_or_404(people, pk=person_id)


def relationships_for(*, person_ids: list[Any]) -> QuerySet[Relationship]:
    """Every relationship touching these people (both directions), with both people."""
    return (
        Relationship.objects.filter(Q(from_person_id__in=person_ids) | Q(to_person_id__in=person_ids))
        .select_related("from_person", "to_person")
        .order_by("end_date", "created_at")
    )


def family_with_members(*, user: User, family_id: UUID | str) -> Family:
    """A family for its page: members (with their warnings), addresses, professionals."""
    memberships = FamilyMembership.objects.select_related("person").prefetch_related(
        Prefetch("person__warnings", queryset=PersonWarning.objects.order_by("-from_date"))
    )
    families = family_list_for_user(user=user).prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch("addresses", queryset=FamilyAddress.objects.order_by("-from_date", "-recorded_at")),
        "professionals__working_with",
    )
    return get_object_or_404(families, pk=family_id)


def visible_person_ids(*, user: User, person_ids: list[Any]) -> set[Any]:
    return set(person_list_for_user(user=user).filter(id__in=person_ids).values_list("id", flat=True))


def hidden_person_ids(*, user: User, person_ids: list[Any]) -> set[Any]:
    """Restricted records among these that the user may not open (left out of what they see)."""
    restricted = set(Person.objects.filter(id__in=person_ids, restricted=True).values_list("id", flat=True))
    if not restricted:
        return set()
    return restricted - visible_person_ids(user=user, person_ids=list(restricted))


def families_of(person: Person) -> QuerySet[Family]:
    return Family.objects.filter(Exists(FamilyMembership.objects.filter(family=OuterRef("pk"), person=person)))


# --- Ties (relationships, professionals, connections) ------------------------------------------


def _linkable_person_ids(user: User):
    """People a user may name on a tie: those they may open, and anyone not restricted (search
    already shows them); a restricted record they may not open is never revealed."""
    return Person.objects.filter(Q(restricted=False) | Q(id__in=person_list_for_user(user=user).values("id"))).values(
        "id"
    )


def person_get_linkable(*, user: User, person_id: UUID | str) -> Person:
    """The other person of a relationship: one the user may open, or any unrestricted record."""
    return get_object_or_404(Person.objects.filter(id__in=_linkable_person_ids(user)), pk=person_id)


def relationship_list_for_user(*, user: User, person: Person | None = None) -> QuerySet[Relationship]:
    """Relationships touching someone the user may open (or this person, from either side),
    unless the other side is a restricted record the user may not open."""
    visible = person_list_for_user(user=user).values("id")
    linkable = _linkable_person_ids(user)
    relationships = Relationship.objects.filter(Q(from_person_id__in=visible) | Q(to_person_id__in=visible))
    if person is not None:
        relationships = relationships.filter(Q(from_person=person) | Q(to_person=person))
    return relationships.filter(from_person_id__in=linkable, to_person_id__in=linkable).select_related(
        "from_person", "to_person"
    )


def relationship_get_for_user(*, user: User, relationship_id: UUID | str) -> Relationship:
    return get_object_or_404(relationship_list_for_user(user=user), pk=relationship_id)


def relationship_can_write(*, user: User, relationship: Relationship) -> bool:
    """Either side's record held for writing is enough (the relationship belongs to both)."""
    return person_can_write(user=user, person=relationship.from_person) or person_can_write(
        user=user, person=relationship.to_person
    )


def warning_list_for_person(*, person: Person) -> QuerySet[PersonWarning]:
    """A person's warnings, current and ended (the person is already scoped to the user)."""
    return PersonWarning.objects.filter(person=person).select_related("person").order_by("-from_date", "-created_at")


def warning_get_for_person(*, person: Person, warning_id: UUID | str) -> PersonWarning:
    return get_object_or_404(warning_list_for_person(person=person), pk=warning_id)


def professional_list_for_user(*, user: User, family: Family | None = None) -> QuerySet[Professional]:
    """Professionals of the families the user may open (or of this family)."""
    professionals = Professional.objects.filter(family_id__in=family_list_for_user(user=user).values("id"))
    if family is not None:
        professionals = professionals.filter(family=family)
    return professionals.select_related("family", "working_with")


def professional_get_for_user(*, user: User, professional_id: UUID | str) -> Professional:
    return get_object_or_404(professional_list_for_user(user=user), pk=professional_id)


def connection_list_for_user(*, user: User, person: Person | None = None) -> QuerySet[Connection]:
    """Community ties of the people the user may open (or of this person)."""
    connections = Connection.objects.filter(person_id__in=person_list_for_user(user=user).values("id"))
    if person is not None:
        connections = connections.filter(person=person)
    return connections.select_related("person")


def connection_get_for_user(*, user: User, connection_id: UUID | str) -> Connection:
    return get_object_or_404(connection_list_for_user(user=user), pk=connection_id)
