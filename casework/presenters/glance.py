"""The child at a glance: the cards at the top of a child's record that answer "what is happening
to this child?" (DESIGN.md principle 1), as parts of the record page (casework.core.record_parts).

Each card is one part: a context function here and a template in templates/casework/glance/. A
part says where it goes with ``area`` in its context: ``glance-main`` (the wide column: what is
happening), ``glance-side`` (the narrow column: who, where, which team, where to read more); a
part without an area goes below the personal details. A later issue adds its card with one
``register_glance_part(...)`` call. A part returns None when it has nothing to show, so the page
never carries an empty card or a dead link, and it costs a fixed number of queries however long
the record grows (the latest visit is found with ordered, limited subqueries, never a loop).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from casework.core.access import team_ids_for
from casework.core.models import Role
from casework.core.record_parts import PartContext, register_record_part
from casework.models import (
    ChildSummary,
    Document,
    Episode,
    EpisodeStatus,
    RecordStatus,
    SeenAlone,
    StoryEntry,
    Visit,
    VisitChild,
    VisitOutcome,
)
from casework.presenters.cases import status_tag
from families.models import FamilyMembership, MemberRole, Person, Relationship
from families.presenters.words import RESTRICTED, age_text, nhs_number_text
from families.selectors import family_list_for_user, person_can_write, sees_narrative, visible_person_ids
from families.wording import label_for

MAIN, SIDE = "glance-main", "glance-side"


def register_glance_part(name: str, order: int, template: str, context_fn: PartContext, *, area: str = MAIN) -> None:
    """Add a card to the child at a glance: `context_fn` as for a record part; its context gets
    the `area` (column) it is shown in. Orders: main column below 50, side column 50 to 99."""

    def with_area(request: HttpRequest, person: Any) -> dict[str, Any] | None:
        context = context_fn(request, person)
        return None if context is None else {**context, "area": area}

    register_record_part(name, order, template, with_area)


# --- Read once per request, shared by the cards ------------------------------------------------


def _cached(request: HttpRequest, key: str, person: Any, compute):
    store = request.__dict__.setdefault("_casework_glance", {})
    if (key, person.pk) not in store:
        store[(key, person.pk)] = compute()
    return store[(key, person.pk)]


def child_episodes(request: HttpRequest, person: Any) -> list[Episode]:
    """The child's episodes with their case, team and worker, newest first (one query)."""
    return _cached(
        request,
        "episodes",
        person,
        lambda: list(
            Episode.objects.filter(child_id=person.pk)
            .select_related("case__family", "case__team", "case__allocated_worker", "case__pending_transfer_to")
            .order_by("-referral_date", "-opened_at")
        ),
    )


def can_write(request: HttpRequest, person: Any) -> bool:
    return _cached(request, "write", person, lambda: person_can_write(user=request.user, person=person))


def is_glance_subject(request: HttpRequest, person: Any) -> bool:
    """The glance is about children, and about anyone who has (had) an episode as a child."""
    return bool(person.is_child or child_episodes(request, person))


def can_read_access_log(request: HttpRequest, person: Any) -> bool:
    """PERMISSIONS.md: auditors, and the managers of the team holding the child's case."""
    user = request.user
    if user.role == Role.AUDITOR:
        return True
    teams = set(team_ids_for(user))
    return user.role == Role.TEAM_MANAGER and any(e.case.team_id in teams for e in child_episodes(request, person))


# --- Who they are and who they live with --------------------------------------------------------


@dataclass(frozen=True)
class HouseholdMember:
    person: Person
    visible: bool
    relation: str

    @property
    def name(self) -> str:
        return self.person.full_name if self.visible or not self.person.restricted else RESTRICTED

    @property
    def describe(self) -> str:
        """'Mum', '7 years old', 'Adult': what helps the reader place them."""
        if not self.visible and self.person.restricted:
            return ""
        bits = [self.relation] if self.relation else []
        if self.person.is_child:
            bits.append(age_text(self.person).lower())
        elif not bits:
            bits.append("adult")
        text = ", ".join(bits)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Household:
    family_id: Any
    family_name: str
    family_visible: bool
    members: list[HouseholdMember]


def _relations(person: Any, others: list[Any]) -> dict[Any, str]:
    """What each of `others` is to the child ('parent', 'sibling'), from current relationships."""
    rows = Relationship.objects.filter(
        Q(from_person_id=person.pk, to_person_id__in=others) | Q(to_person_id=person.pk, from_person_id__in=others),
        end_date__isnull=True,
    ).select_related("from_person", "to_person")
    found: dict[Any, str] = {}
    for rel in rows:
        other = rel.other(person.pk)
        found.setdefault(other.pk, label_for(rel, other))
    return found


def households(request: HttpRequest, person: Any) -> list[Household]:
    """The families the child lives in now and their other current members (four queries)."""
    current = [m for m in person.memberships.all() if m.left is None]  # prefetched by the record page
    if not current:
        return []
    members = list(
        FamilyMembership.objects.filter(family_id__in=[m.family_id for m in current], left__isnull=True)
        .exclude(person_id=person.pk)
        .select_related("person")
        .order_by("role", "person__date_of_birth", "person__first_name")
    )
    other_ids = list({m.person_id for m in members})
    visible = visible_person_ids(user=request.user, person_ids=other_ids) if other_ids else set()
    relations = _relations(person, other_ids) if other_ids else {}
    families = {m.family_id for m in current}
    visible_families = set(family_list_for_user(user=request.user).filter(id__in=families).values_list("id", flat=True))
    order = {MemberRole.ADULT: 0, MemberRole.CHILD: 1}
    result = []
    for membership in current:
        lines = [
            HouseholdMember(m.person, m.person_id in visible, relations.get(m.person_id, ""))
            for m in sorted(members, key=lambda m: order.get(m.role, 2))
            if m.family_id == membership.family_id
        ]
        result.append(
            Household(membership.family_id, membership.family.name, membership.family_id in visible_families, lines)
        )
    return result


def about_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """Who the child is (age and the identifiers other agencies use) and who they live with."""
    if not is_glance_subject(request, person):
        return None
    language = person.first_language + (" (needs an interpreter)" if person.interpreter_needed else "")
    return {
        "age": age_text(person),
        "identifiers": [
            (label, value)
            for label, value in (
                ("NHS number", nhs_number_text(person.nhs_number)),
                ("UPN", person.upn),
                ("LA child ID", person.la_child_id),
            )
            if value
        ],
        "language": language.strip(),
        "households": households(request, person),
    }


# --- The current episode, team and worker -------------------------------------------------------


def case_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child's open episodes with the team holding the case and the allocated worker (the
    full list of episodes is further down the page)."""
    episodes = child_episodes(request, person)
    if not episodes:
        return None
    current = [e for e in episodes if e.status != EpisodeStatus.CLOSED]
    last_closed = next((e for e in episodes if e.status == EpisodeStatus.CLOSED), None)
    return {
        "current": [{"episode": e, "tag": status_tag(e)} for e in current],
        "last_closed": None if current else last_closed,
    }


# --- Seeing the child: last visit, last seen, seen alone, their words ---------------------------


@dataclass(frozen=True)
class VisitFact:
    """One visit as the glance shows it, with what it recorded about this child."""

    visit: Visit
    row: VisitChild

    @property
    def kind(self) -> str:
        v = self.visit
        return ("Statutory " + v.get_kind_display().lower()) if v.statutory else v.get_kind_display()

    @property
    def outcome(self) -> str:
        v = self.visit
        return "" if v.outcome == VisitOutcome.COMPLETED else v.get_outcome_display()


def _latest(rows: QuerySet[VisitChild]) -> Subquery:
    return Subquery(rows.order_by("-visit__occurred_at", "-visit__created_at").values("pk")[:1])


def seeing_facts(person: Any) -> dict[str, VisitFact | None]:
    """The child's latest visit, latest seen, latest seen alone, latest words and latest draft:
    one query of ordered, limited subqueries, then one for those (at most five) rows."""
    mine = VisitChild.objects.filter(child_id=OuterRef("pk"))
    finished = mine.filter(visit__status=RecordStatus.FINISHED)
    picks = {
        "last_visit": _latest(finished),
        # Phone and video never record a child as seen (the services refuse it), so they never count.
        "last_seen": _latest(finished.filter(seen=True)),
        "last_alone": _latest(finished.filter(seen=True, seen_alone=SeenAlone.YES)),
        "words": _latest(finished.exclude(visit__childs_words="")),
        "draft": _latest(mine.filter(visit__status=RecordStatus.DRAFT)),
    }
    ids = Person.objects.filter(pk=person.pk).annotate(**picks).values(*picks).get()
    wanted = {pk for pk in ids.values() if pk is not None}
    rows = {}
    if wanted:
        found = VisitChild.objects.filter(pk__in=wanted).select_related("visit__recorded_by")
        rows = {row.pk: VisitFact(row.visit, row) for row in found}
    return {name: rows.get(pk) for name, pk in ids.items()}


def seeing_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """When the child was last visited, seen and seen alone, and what they last said (their
    words are narrative: not shown to performance officers)."""
    if not is_glance_subject(request, person):
        return None
    facts = seeing_facts(person)
    # The cases where the child's visits are recorded now (one open case per family).
    cases = list(
        {e.case_id: e.case for e in child_episodes(request, person) if e.status != EpisodeStatus.CLOSED}.values()
    )
    if not cases and not any(facts.values()):
        return None
    seen = facts["last_seen"]
    return {
        **facts,
        "alone_not_applicable": bool(seen and seen.row.seen_alone == SeenAlone.NOT_APPLICABLE),
        "narrative": sees_narrative(request.user),
        "open_cases": cases,
        "can_record": bool(cases) and can_write(request, person),
    }


# --- The worker's current summary -------------------------------------------------------------


def summary_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The worker's short current summary: its text, who wrote it, when, and its version."""
    if not is_glance_subject(request, person):
        return None
    summary = ChildSummary.objects.filter(child_id=person.pk).select_related("updated_by").first()
    writer = can_write(request, person)
    has_open = any(e.status != EpisodeStatus.CLOSED for e in child_episodes(request, person))
    if summary is None and not (writer and has_open):
        return None
    return {"summary": summary, "can_change": writer, "narrative": sees_narrative(request.user)}


# --- Where to read more: the story, documents, access log ----------------------------------------


def records_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """Links to the child's story, documents and access log, each only for users it opens for
    (performance officers read no story entries or documents: PERMISSIONS.md)."""
    if not is_glance_subject(request, person):
        return None
    narrative = sees_narrative(request.user)
    access_log = can_read_access_log(request, person)
    if not narrative and not access_log:
        return None
    counts: dict[str, int] = {}
    if narrative:
        counts = (
            Person.objects.filter(pk=person.pk)
            .annotate(
                story_count=_count(StoryEntry.objects.filter(child_id=OuterRef("pk")), "child_id"),
                document_count=_count(Document.objects.filter(person_id=OuterRef("pk")), "person_id"),
            )
            .values("story_count", "document_count")
            .get()
        )
    return {"narrative": narrative, "access_log": access_log, "counts": counts}


def _count(rows: QuerySet, group: str) -> Coalesce:
    """How many of `rows` (filtered on OuterRef), as a subquery: one query for several counts."""
    counted = rows.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def register() -> None:
    """Called once from casework/apps.py: the glance's cards in reading order."""
    register_glance_part("glance_summary", 10, "casework/glance/_summary.html", summary_part)
    register_glance_part("glance_seeing", 20, "casework/glance/_seeing.html", seeing_part)
    register_glance_part("glance_about", 50, "casework/glance/_about.html", about_part, area=SIDE)
    register_glance_part("glance_case", 60, "casework/glance/_case.html", case_part, area=SIDE)
    register_glance_part("glance_records", 90, "casework/glance/_records.html", records_part, area=SIDE)
