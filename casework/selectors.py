"""Reading the case domain, always scoped to the user (PERMISSIONS.md).

Contacts are seen by their front-door team and by whoever may open one of their children;
cases and episodes by whoever may open the child (the holding team, a team with read access,
authority-wide roles), minus restricted records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casework.core.access import WRITING_ROLES, team_ids_for, team_kinds_for
from casework.core.chronology import london_date
from casework.core.models import RecordAccess, Role, Team, TeamKind, User
from casework.models import Case, Contact, ContactChild, DecisionRecord, Episode, EpisodeStatus
from families.models import Family, FamilyMembership, Person, PersonWarning, Relationship
from families.selectors import family_list_for_user, person_can_write, person_list_for_user, visible_person_ids
from families.wording import label_for

# --- Contacts -----------------------------------------------------------------------------------


def contact_list_for_user(*, user: User) -> QuerySet[Contact]:
    """Contacts about children the user may open. The front-door team holding a contact holds
    its children (write, then read once decided), so it sees its whole queue, except a contact
    whose only children are restricted records the user may not open (PERMISSIONS.md: 404)."""
    contacts = Contact.objects.select_related("team", "family", "recorded_by", "decided_by", "endorsed_by")
    visible_children = person_list_for_user(user=user).values("id")
    about_visible = ContactChild.objects.filter(child_id__in=visible_children).values("contact_id")
    return contacts.filter(id__in=about_visible)


def contact_get_for_user(*, user: User, contact_id: UUID | str) -> Contact:
    return get_object_or_404(contact_list_for_user(user=user), pk=contact_id)


def contact_queue(*, user: User, team_id: Any = None) -> QuerySet[Contact]:
    """Contacts awaiting a decision for the user's front-door team(s), oldest first."""
    teams = [team_id] if team_id else team_ids_for(user)
    return (
        Contact.objects.filter(team_id__in=teams, decision="")
        .select_related("team", "family", "recorded_by")
        .prefetch_related(Prefetch("contact_children", queryset=ContactChild.objects.select_related("child")))
        .order_by("received_at")
    )


def contacts_awaiting_endorsement(*, user: User) -> QuerySet[Contact]:
    if user.role != Role.TEAM_MANAGER:
        return Contact.objects.none()
    return (
        contact_list_for_user(user=user)
        .filter(team_id__in=team_ids_for(user), endorsement_required=True, endorsed_at__isnull=True)
        .exclude(decision="")
    )


def contact_children_visible(*, user: User, contact: Contact) -> list[ContactChild]:
    """The contact's children the user may open (a restricted child is left out)."""
    links = list(contact.contact_children.select_related("child", "episode").order_by("child__date_of_birth"))
    visible = visible_person_ids(user=user, person_ids=[link.child_id for link in links])
    return [link for link in links if link.child_id in visible]


def contact_is_front_door_member(*, user: User, contact: Contact) -> bool:
    return contact.team_id in team_ids_for(user)


# --- The front-door pages (queue, recording, deciding) -----------------------------------------


def front_door_team_ids(*, user: User) -> list[Any]:
    """The user's front-door teams (whose queue they work), read once per request."""
    return [team_id for team_id, kind in team_kinds_for(user).items() if kind == TeamKind.FRONT_DOOR]


def contacts_decided_recently(*, user: User, days: int = 14) -> QuerySet[Contact]:
    """The user's front-door teams' contacts decided in the last `days` days, newest decision first."""
    since = timezone.now() - datetime.timedelta(days=days)
    children = ContactChild.objects.select_related("child", "episode")
    return (
        Contact.objects.filter(team_id__in=front_door_team_ids(user=user), decided_at__gte=since)
        .exclude(decision="")
        .select_related("team", "decided_by", "endorsed_by")
        .prefetch_related(Prefetch("contact_children", queryset=children))
        .order_by("-decided_at")
    )


def contact_get_recorded_by(*, user: User, contact_id: UUID | str) -> Contact:
    """A contact the user recorded: the confirmation after recording it, even when it went to a
    front-door team whose records the user may not open (then only its team and time show)."""
    return get_object_or_404(Contact.objects.select_related("team"), pk=contact_id, recorded_by=user)


def child_families_for_user(*, user: User, child_ids: list[Any]) -> QuerySet[Family]:
    """Families the user may open that have one of these children as a current member: a
    contact's family is chosen from them."""
    return (
        family_list_for_user(user=user)
        .filter(memberships__person_id__in=child_ids, memberships__left__isnull=True)
        .distinct()
        .order_by("name")
    )


def contact_referral_family(*, contact: Contact, children: list[Any]) -> Family | None:
    """The family a referral opens its case for: the contact's, else one the children live in."""
    if contact.family_id is not None:
        return contact.family
    return Family.objects.filter(memberships__person__in=children, memberships__left__isnull=True).distinct().first()


def contact_open_case(*, contact: Contact, children: list[Any]) -> Case | None:
    """The family's open case in which a referral of these children would open their episodes."""
    family = contact_referral_family(contact=contact, children=children)
    if family is None:
        return None
    return Case.objects.filter(family=family, status="open").select_related("team", "family").first()


@dataclass
class WarningLine:
    """A current warning about a child, a member of the child's family or someone related to
    the child. A restricted record the user may not open shows only the kind of warning."""

    warning: PersonWarning
    person_visible: bool
    about_child: bool
    relation: str = ""  # what the person is to the child: "parent", "in the family", ...


def _people_around(child_ids: list[Any]) -> dict[Any, dict[Any, str]]:
    """For each child: the members of their current families (former members too: a risk does
    not leave with them) and the people with a current relationship to them, each with what
    they are to the child."""
    memberships = list(FamilyMembership.objects.filter(person_id__in=child_ids, left__isnull=True))
    family_ids = {m.family_id for m in memberships}
    members = list(
        FamilyMembership.objects.filter(family_id__in=family_ids).values_list("family_id", "person_id", "left")
    )
    today = timezone.localdate()
    relationships = Relationship.objects.filter(Q(from_person_id__in=child_ids) | Q(to_person_id__in=child_ids))
    relationships = relationships.filter(Q(end_date__isnull=True) | Q(end_date__gt=today)).select_related(
        "from_person", "to_person"
    )
    around: dict[Any, dict[Any, str]] = {}
    for child_id in child_ids:
        families = {m.family_id for m in memberships if m.person_id == child_id}
        people = {
            pid: "a former member of the family" if left else "in the family"
            for fid, pid, left in members
            if fid in families and pid != child_id
        }
        for rel in relationships:
            if child_id in (rel.from_person_id, rel.to_person_id):
                other = rel.to_person_id if rel.from_person_id == child_id else rel.from_person_id
                people[other] = label_for(rel, rel.other(child_id))
        around[child_id] = people
    return around


def child_warnings(*, user: User, child_ids: list[Any]) -> dict[Any, list[WarningLine]]:
    """Current warnings about each child, the members of the child's current families and the
    people related to the child. A fixed number of queries."""
    around = _people_around(child_ids)
    people = set(child_ids) | {pid for related in around.values() for pid in related}
    warnings = list(
        PersonWarning.objects.filter(person_id__in=people)
        .filter(Q(to_date__isnull=True) | Q(to_date__gt=timezone.localdate()))
        .select_related("person")
        .order_by("-from_date")
    )
    visible = visible_person_ids(user=user, person_ids=list(people))
    return {
        child_id: [
            WarningLine(w, w.person_id in visible, w.person_id == child_id, around[child_id].get(w.person_id, ""))
            for w in warnings
            if w.person_id == child_id or w.person_id in around[child_id]
        ]
        for child_id in child_ids
    }


# --- History in front of the decider ---------------------------------------------------------


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class ChildHistory:
    """What the decider sees about one child before deciding."""

    child: Any
    previous: list[ContactChild] = field(default_factory=list)
    last_12_months: list[ContactChild] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    open_episode: Episode | None = None
    previous_referral_date: datetime.date | None = None
    would_be_rereferral: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# Later apps add to the child's history (current plans...): name -> function(child_ids) -> {child_id: value}
HistoryPart = Callable[[list[Any]], dict[Any, Any]]
_history_parts: dict[str, HistoryPart] = {}


def register_history_part(name: str, part: HistoryPart) -> None:
    _history_parts[name] = part


def previous_contacts(*, child_ids: Iterable[Any], before: Contact | None = None) -> QuerySet[ContactChild]:
    """Earlier contacts and referrals for these children, newest first, with their outcomes."""
    links = ContactChild.objects.filter(child_id__in=list(child_ids)).select_related("contact", "episode", "child")
    if before is not None:
        links = links.exclude(contact=before).filter(contact__received_at__lte=before.received_at)
    return links.order_by("-contact__received_at")


def _child_history(
    child: Any,
    *,
    contact: Contact,
    own_link: ContactChild | None,
    links: list[ContactChild],
    episodes: list[Episode],
    extra: dict[str, Any],
) -> ChildHistory:
    """One child's history as it stood when `contact` came in. `links` are the child's earlier
    contacts (newest first), `episodes` all the child's episodes (newest referral first).

    Re-referral (DESIGN.md): a referral within 12 months of the child's previous referral date,
    counting referrals only (episodes), never this contact's own; a child with an open episode
    is linked to it, which is not a referral, so not a re-referral either."""
    received = london_date(contact.received_at) if contact.received_at else timezone.localdate()
    year_ago = one_year_before(received)
    prior = [e for e in episodes if e.referral_date <= received and (contact.pk is None or e.contact_id != contact.pk)]
    previous_referral = max((e.referral_date for e in prior), default=None)
    linked = bool(own_link and own_link.linked_to_open_episode) or (
        not contact.is_decided and any(e.status != EpisodeStatus.CLOSED for e in prior)
    )
    return ChildHistory(
        child=child,
        previous=links,
        last_12_months=[link for link in links if london_date(link.contact.received_at) >= year_ago],
        episodes=episodes,
        open_episode=next((e for e in episodes if e.status != EpisodeStatus.CLOSED), None),
        previous_referral_date=previous_referral,
        would_be_rereferral=bool(previous_referral and previous_referral >= year_ago and not linked),
        extra=extra,
    )


def _history_extras(ids: list[Any]) -> dict[str, dict[Any, Any]]:
    return {name: part(ids) for name, part in _history_parts.items()}


def child_histories(*, contact: Contact, children: list[Any]) -> list[ChildHistory]:
    """For each child: contacts ever and in the last 12 months, episodes (open and past), and
    whether a referral now would be a re-referral (DESIGN.md: within 12 months of the child's
    previous referral date). A fixed number of queries whatever the number of children."""
    ids = [c.id for c in children]
    links = list(previous_contacts(child_ids=ids, before=contact))
    episodes = list(Episode.objects.filter(child_id__in=ids).select_related("case__team").order_by("-referral_date"))
    extras = _history_extras(ids)
    own = {link.child_id: link for link in contact.contact_children.all()} if contact.pk else {}
    return [
        _child_history(
            child,
            contact=contact,
            own_link=own.get(child.id),
            links=[link for link in links if link.child_id == child.id],
            episodes=[e for e in episodes if e.child_id == child.id],
            extra={name: values.get(child.id) for name, values in extras.items()},
        )
        for child in children
    ]


@dataclass
class ContactDetails:
    """What a page (or an API list) shows about one contact beyond its own row: the children the
    user may open, each child's history, and the earlier contacts about those children."""

    links: list[ContactChild]
    histories: list[ChildHistory]

    @property
    def previous_contacts(self) -> list[tuple[Contact, list[ContactChild]]]:
        """Earlier contacts about these children, newest first, each with its rows per child."""
        grouped: dict[Any, tuple[Contact, list[ContactChild]]] = {}
        for history in self.histories:
            for link in history.previous:
                grouped.setdefault(link.contact_id, (link.contact, []))[1].append(link)
        return sorted(grouped.values(), key=lambda row: (row[0].received_at, str(row[0].pk)), reverse=True)


def contact_details_for_user(*, user: User, contacts: list[Contact]) -> dict[Any, ContactDetails]:
    """ContactDetails for a page of contacts in a fixed number of queries (child_histories for
    many contacts at once). Restricted children the user may not open are left out."""
    links = list(
        ContactChild.objects.filter(contact__in=[c.pk for c in contacts])
        .select_related("child", "episode")
        .order_by("child__date_of_birth", "child__last_name", "id")
    )
    visible = visible_person_ids(user=user, person_ids=[link.child_id for link in links])
    links = [link for link in links if link.child_id in visible]
    ids = list({link.child_id for link in links})
    earlier = list(previous_contacts(child_ids=ids))
    episodes = list(Episode.objects.filter(child_id__in=ids).select_related("case__team").order_by("-referral_date"))
    extras = _history_extras(ids)
    details = {}
    for contact in contacts:
        mine = [link for link in links if link.contact_id == contact.pk]
        histories = [
            _child_history(
                link.child,
                contact=contact,
                own_link=link,
                links=[
                    e
                    for e in earlier
                    if e.child_id == link.child_id
                    and e.contact_id != contact.pk
                    and e.contact.received_at <= contact.received_at
                ],
                episodes=[e for e in episodes if e.child_id == link.child_id],
                extra={name: values.get(link.child_id) for name, values in extras.items()},
            )
            for link in mine
        ]
        details[contact.pk] = ContactDetails(links=mine, histories=histories)
    return details


def episode_is_rereferral(episode: Episode) -> bool:
    """A referral within 12 months of the same child's previous referral date."""
    return (
        Episode.objects.filter(
            child_id=episode.child_id,
            referral_date__lt=episode.referral_date,
            referral_date__gte=one_year_before(episode.referral_date),
        )
        .exclude(pk=episode.pk)
        .exists()
    )


def episodes_rereferral_ids(episodes: Iterable[Episode]) -> set[Any]:
    """Which of these episodes are re-referrals (episode_is_rereferral for a page, one query)."""
    episodes = list(episodes)
    dates: dict[Any, list[tuple[Any, datetime.date]]] = {}
    rows = Episode.objects.filter(child_id__in={e.child_id for e in episodes}).values_list(
        "pk", "child_id", "referral_date"
    )
    for pk, child_id, referral_date in rows:
        dates.setdefault(child_id, []).append((pk, referral_date))
    return {
        e.pk
        for e in episodes
        if any(
            pk != e.pk and one_year_before(e.referral_date) <= day < e.referral_date
            for pk, day in dates.get(e.child_id, [])
        )
    }


# --- Cases and episodes -----------------------------------------------------------------------


def episode_list_for_user(*, user: User) -> QuerySet[Episode]:
    """Episodes the user may open: those of children they may open."""
    return Episode.objects.select_related("child", "case__team", "case__allocated_worker", "contact").filter(
        child_id__in=person_list_for_user(user=user).values("id")
    )


def episode_get_for_user(*, user: User, episode_id: UUID | str) -> Episode:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(episode_list_for_user(user=user), pk=episode_id)


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    """Cases with at least one child the user may open (or the receiving team of a transfer)."""
    visible = episode_list_for_user(user=user).values("case_id")
    cases = Case.objects.select_related("family", "team", "allocated_worker", "pending_transfer_to")
    if user.is_authority_wide:
        return cases.filter(id__in=visible)
    return cases.filter(Q(id__in=visible) | Q(pending_transfer_to_id__in=team_ids_for(user)))


def case_get_for_user(*, user: User, case_id: UUID | str) -> Case:
    return get_object_or_404(case_list_for_user(user=user), pk=case_id)


def cases_for_worker(*, user: User) -> QuerySet[Case]:
    """My work: open cases allocated to the user, with their open episodes' children."""
    open_episodes = Episode.objects.exclude(status=EpisodeStatus.CLOSED).select_related("child")
    return (
        Case.objects.filter(allocated_worker=user, status="open")
        .select_related("family", "team", "pending_transfer_to")
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("family__name")
    )


def team_caseload(*, team_id: Any) -> QuerySet[Case]:
    """A team's open cases with workers and open episodes (the team's caseload page)."""
    open_episodes = Episode.objects.exclude(status=EpisodeStatus.CLOSED).select_related("child")
    return (
        Case.objects.filter(team_id=team_id, status="open")
        .select_related("family", "allocated_worker", "pending_transfer_to")
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("allocated_worker__last_name", "family__name")
    )


def closures_awaiting_decision(*, user: User) -> QuerySet[Episode]:
    """Closure requests a manager may decide: their teams' cases, not their own requests."""
    if user.role != Role.TEAM_MANAGER:
        return Episode.objects.none()
    return (
        Episode.objects.filter(status=EpisodeStatus.CLOSURE_REQUESTED, case__team_id__in=team_ids_for(user))
        .exclude(closure_requested_by=user)
        .select_related("child", "case__family", "closure_requested_by")
        .order_by("closure_requested_at")
    )


def transfers_awaiting_decision(*, user: User) -> QuerySet[Case]:
    if user.role != Role.TEAM_MANAGER:
        return Case.objects.none()
    return Case.objects.filter(pending_transfer_to_id__in=team_ids_for(user)).select_related(
        "family", "team", "transfer_proposed_by"
    )


def user_manages_team(*, user: User, team_id: Any) -> bool:
    return user.role == Role.TEAM_MANAGER and team_id in team_ids_for(user)


def closures_requested_by(*, user: User) -> QuerySet[Episode]:
    """My work: closures the user asked for that still wait for a manager's decision."""
    return (
        Episode.objects.filter(status=EpisodeStatus.CLOSURE_REQUESTED, closure_requested_by=user)
        .select_related("child", "case__family", "case__team")
        .order_by("closure_requested_at")
    )


def unallocated_cases(*, user: User) -> QuerySet[Case]:
    """My work for a manager: their teams' open cases with no allocated worker."""
    if user.role != Role.TEAM_MANAGER:
        return Case.objects.none()
    open_episodes = Episode.objects.exclude(status=EpisodeStatus.CLOSED).select_related("child")
    return (
        Case.objects.filter(team_id__in=team_ids_for(user), status="open", allocated_worker__isnull=True)
        .select_related("family", "team", "pending_transfer_to")
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("opened_at")
    )


def team_get_for_user(*, user: User, team_id: UUID | str) -> Team:
    """A team's caseload is read by its members and managers, and by authority-wide roles;
    anyone else gets 404."""
    teams = Team.objects.all() if user.is_authority_wide else Team.objects.filter(id__in=team_ids_for(user))
    return get_object_or_404(teams, pk=team_id)


def team_transfers_in(*, team_id: Any) -> QuerySet[Case]:
    """Cases another team proposes to transfer to this one, waiting for its manager."""
    open_episodes = Episode.objects.exclude(status=EpisodeStatus.CLOSED).select_related("child")
    return (
        Case.objects.filter(pending_transfer_to_id=team_id, status="open")
        .select_related("family", "team", "transfer_proposed_by")
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("transfer_proposed_at")
    )


def team_closures_awaiting(*, team_id: Any) -> QuerySet[Episode]:
    """Closure requests in this team's cases waiting for a manager's decision."""
    return (
        Episode.objects.filter(status=EpisodeStatus.CLOSURE_REQUESTED, case__team_id=team_id)
        .select_related("child", "case__family", "closure_requested_by")
        .order_by("closure_requested_at")
    )


# --- Decision records -------------------------------------------------------------------------


def decision_list_for_user(*, user: User) -> QuerySet[DecisionRecord]:
    """Decision records about at least one child the user may open."""
    about_visible = DecisionRecord.children.through.objects.filter(
        person_id__in=person_list_for_user(user=user).values("id")
    ).values("decisionrecord_id")
    return DecisionRecord.objects.filter(id__in=about_visible).select_related("case", "agreed_by", "recorded_by")


def decision_get_for_user(*, user: User, decision_id: UUID | str) -> DecisionRecord:
    return get_object_or_404(decision_list_for_user(user=user), pk=decision_id)


# --- Who may act (PERMISSIONS.md "Actions"): the services enforce these; pages and the API ask
# first, to answer 403 before reading a form or a body, and to offer only what may be done.


def contact_can_change(*, user: User, contact: Contact) -> bool:
    """Record facts of, or decide, a contact: the front-door team while it is undecided."""
    return (
        user.role in WRITING_ROLES
        and contact_is_front_door_member(user=user, contact=contact)
        and (not contact.is_decided)
    )


def contact_can_endorse(*, user: User, contact: Contact) -> bool:
    return user.role == Role.TEAM_MANAGER and contact_is_front_door_member(user=user, contact=contact)


def contact_can_inform_referrer(*, user: User, contact: Contact) -> bool:
    return user.role in WRITING_ROLES and contact_is_front_door_member(user=user, contact=contact)


def case_can_manage(*, user: User, case: Case) -> bool:
    """Allocate or propose a transfer: a manager of the holding team."""
    return user_manages_team(user=user, team_id=case.team_id)


def case_can_decide_transfer(*, user: User, case: Case) -> bool:
    """Accept or decline a transfer: a manager of the receiving team."""
    return case.pending_transfer_to_id is not None and user_manages_team(user=user, team_id=case.pending_transfer_to_id)


def episode_can_request_closure(*, user: User, episode: Episode) -> bool:
    """Request (or, for the holding team's manager, make) a closure: write access to the child."""
    return user.role in WRITING_ROLES and person_can_write(user=user, person=episode.child)


def episode_can_decide_closure(*, user: User, episode: Episode) -> bool:
    """Authorise or decline a closure: the holding team's manager, never for their own request."""
    return user_manages_team(user=user, team_id=episode.case.team_id) and episode.closure_requested_by_id != user.pk


def can_record(user: User, *, person: Person | None = None, family: Family | None = None) -> bool:
    """Record visits, notes, story entries and documents: a writing role and current write access
    held by one of the user's teams that is not the front door (PERMISSIONS.md: the front door,
    even while it holds write access for an undecided contact, gets 403)."""
    if user.role not in WRITING_ROLES or (person is None and family is None):
        return False
    team_ids = [team_id for team_id, kind in team_kinds_for(user).items() if kind != TeamKind.FRONT_DOOR]
    if not team_ids:
        return False
    rows = RecordAccess.objects.current().writable().filter(team_id__in=team_ids)
    if person is not None:
        families = FamilyMembership.objects.filter(person=person).values("family_id")
        return rows.filter(Q(person=person) | Q(family_id__in=families)).exists()
    return rows.filter(family=family).exists()
