"""The case page, the episode page and the parts of a child's record about their episodes and
decisions. Who may see what (restricted children, narrative text) and do what (the actions of
PERMISSIONS.md) is decided here once, so templates only lay it out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from casework import registries, selectors
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import User
from casework.models import Case, DecisionRecord, Episode, EpisodeStatus
from families.models import Person
from families.presenters.words import age_text, join_words
from families.selectors import (
    family_list_for_user,
    person_can_write,
    sees_narrative,
    visible_person_ids,
)

STATUS_TAGS = {
    EpisodeStatus.OPEN: "govuk-tag--blue",
    EpisodeStatus.CLOSURE_REQUESTED: "govuk-tag--light-blue",
    EpisodeStatus.CLOSED: "govuk-tag--grey",
}
RESTRICTED_CHILD = "A child whose record is restricted"


def status_tag(episode: Episode) -> dict[str, str]:
    """The episode's status as a GOV.UK tag (neutral colours: nothing here is an alarm)."""
    return {"text": episode.get_status_display(), "classes": STATUS_TAGS.get(episode.status, "govuk-tag--grey")}


def rereferral_ids(episodes: Sequence[Episode]) -> set[Any]:
    """Which of a child's episodes were referred within 12 months of an earlier referral of the
    same child (DESIGN.md), from the episodes already read: no query."""
    found = set()
    for episode in episodes:
        year_before = selectors.one_year_before(episode.referral_date)
        if any(
            other.pk != episode.pk
            and other.child_id == episode.child_id
            and year_before <= other.referral_date < episode.referral_date
            for other in episodes
        ):
            found.add(episode.pk)
    return found


def referral_nfa(episode: Episode, assessed: set[Any]) -> bool:
    """Referral, no further action: closed with no assessment started. Derived, never typed."""
    return episode.status == EpisodeStatus.CLOSED and episode.pk not in assessed


@dataclass
class EpisodeLine:
    """One child's episode as a page shows it, with what this user may do to it."""

    episode: Episode
    visible: bool = True
    narrative: bool = True
    rereferral: bool = False
    referral_nfa: bool = False
    can_close: bool = False
    closes_directly: bool = False
    can_decide_closure: bool = False
    own_request: bool = False
    can_set_need: bool = False

    @property
    def child(self) -> Person:
        return self.episode.child

    @property
    def age(self) -> str:
        return age_text(self.episode.child)

    @property
    def tag(self) -> dict[str, str]:
        return status_tag(self.episode)

    @property
    def primary_need(self) -> str:
        e = self.episode
        return f"{e.primary_need}: {e.get_primary_need_display()}" if e.primary_need else "Not recorded yet"

    @property
    def referral_source(self) -> str:
        return self.episode.get_referral_source_display()

    @property
    def closure_reason(self) -> str:
        e = self.episode
        return f"{e.closure_reason}: {e.get_closure_reason_display()}" if e.closure_reason else ""

    @property
    def close_text(self) -> str:
        return "Close this episode" if self.closes_directly else "Request closure"

    @property
    def has_actions(self) -> bool:
        return self.can_close or self.can_decide_closure or self.can_set_need


@dataclass
class DecisionLine:
    record: DecisionRecord
    children_text: str


@dataclass
class CasePage:
    case: Case
    narrative: bool
    family_visible: bool
    episodes: list[EpisodeLine]
    hidden_children: int
    decisions: list[DecisionLine]
    can_manage: bool
    can_decide_transfer: bool
    can_record_decision: bool
    team_visible: bool

    @property
    def children(self) -> list[Person]:
        """The children shown (one entry per child, whatever their number of episodes)."""
        seen: dict[Any, Person] = {}
        for line in self.episodes:
            if line.visible:
                seen.setdefault(line.child.pk, line.child)
        return list(seen.values())

    @property
    def open_episodes(self) -> list[EpisodeLine]:
        return [line for line in self.episodes if line.episode.status != EpisodeStatus.CLOSED]

    @property
    def closed_episodes(self) -> list[EpisodeLine]:
        return [line for line in self.episodes if line.episode.status == EpisodeStatus.CLOSED]


def _writable_children(user: User, children: Iterable[Person]) -> set[Any]:
    if user.role not in WRITING_ROLES:
        return set()
    return {child.pk for child in children if person_can_write(user=user, person=child)}


def episode_lines(
    user: User, episodes: list[Episode], *, manages: bool, visible: set[Any], writable: set[Any]
) -> list[EpisodeLine]:
    """Lines for a case's episodes, with what this user may do to each."""
    assessed = registries.episodes_with_assessment(episodes)
    # A child's earlier referral may be in another case: ask across all their episodes (one query).
    rereferrals = selectors.episodes_rereferral_ids(episodes)
    narrative = sees_narrative(user)
    lines = []
    for e in episodes:
        line = EpisodeLine(e, visible=e.child_id in visible, narrative=narrative)
        if line.visible:
            requested = e.status == EpisodeStatus.CLOSURE_REQUESTED
            line.rereferral = e.pk in rereferrals
            line.referral_nfa = referral_nfa(e, assessed)
            line.can_close = e.status == EpisodeStatus.OPEN and e.child_id in writable
            line.closes_directly = manages
            line.own_request = requested and e.closure_requested_by_id == user.pk
            line.can_decide_closure = requested and manages and not line.own_request
            line.can_set_need = e.status != EpisodeStatus.CLOSED and e.child_id in writable
        lines.append(line)
    return lines


def decision_lines(records: Iterable[DecisionRecord], visible: set[Any]) -> list[DecisionLine]:
    lines = []
    for record in records:
        children = list(record.children.all())
        names = [c.full_name for c in children if c.pk in visible]
        hidden = len(children) - len(names)
        if hidden:
            names.append(RESTRICTED_CHILD.lower() if names else RESTRICTED_CHILD)
        lines.append(DecisionLine(record, join_words(names)))
    return lines


def case_page(*, user: User, case: Case) -> CasePage:
    """Everything the case page shows, for this user."""
    episodes = list(
        case.episodes.select_related("child", "closure_requested_by", "closed_by").order_by(
            "child__date_of_birth", "child__first_name", "-referral_date"
        )
    )
    visible = visible_person_ids(user=user, person_ids=[e.child_id for e in episodes])
    writable = _writable_children(user, {e.child_id: e.child for e in episodes if e.child_id in visible}.values())
    manages = selectors.user_manages_team(user=user, team_id=case.team_id)
    records = case.decisions.select_related("agreed_by", "recorded_by").prefetch_related("children")
    return CasePage(
        case=case,
        narrative=sees_narrative(user),
        family_visible=family_list_for_user(user=user).filter(pk=case.family_id).exists(),
        episodes=episode_lines(user, episodes, manages=manages, visible=visible, writable=writable),
        hidden_children=len({e.child_id for e in episodes if e.child_id not in visible}),
        decisions=decision_lines(records, visible),
        can_manage=manages and case.status == "open",
        can_decide_transfer=selectors.case_can_decide_transfer(user=user, case=case),
        can_record_decision=bool(writable),
        team_visible=user.is_authority_wide or case.team_id in team_ids_for(user),
    )


# --- The episode page -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    when: datetime.datetime
    who: str
    what: str


def episode_history(episode: Episode) -> list[HistoryLine]:
    """What happened to the episode, newest first, from its change history (who and why)."""
    records = episode.history.select_related("history_user").order_by("-history_date")
    return [
        HistoryLine(
            r.history_date,
            r.history_user.display_name if r.history_user else "The system",
            r.history_change_reason or ("Opened" if r.history_type == "+" else "Changed"),
        )
        for r in records
    ]


# --- Parts of the child's record (casework.core.record_parts) ----------------------------------


@dataclass
class RecordEpisode:
    episode: Episode
    rereferral: bool
    referral_nfa: bool

    @property
    def tag(self) -> dict[str, str]:
        return status_tag(self.episode)

    @property
    def closure_reason(self) -> str:
        e = self.episode
        return f"{e.closure_reason}: {e.get_closure_reason_display()}" if e.closure_reason else ""

    @property
    def primary_need(self) -> str:
        e = self.episode
        return f"{e.primary_need}: {e.get_primary_need_display()}" if e.primary_need else "Not recorded yet"


def record_episodes_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child's current and past episodes with their case, team and worker (one query)."""
    episodes = list(
        Episode.objects.filter(child_id=person.pk)
        .select_related("case__team", "case__allocated_worker")
        .order_by("-referral_date", "-opened_at")
    )
    if not episodes:
        return None
    assessed = registries.episodes_with_assessment(episodes)
    rereferrals = rereferral_ids(episodes)
    lines = [RecordEpisode(e, e.pk in rereferrals, referral_nfa(e, assessed)) for e in episodes]
    return {
        "current": [line for line in lines if line.episode.status != EpisodeStatus.CLOSED],
        "past": [line for line in lines if line.episode.status == EpisodeStatus.CLOSED],
        "narrative": sees_narrative(request.user),
    }


def record_decisions_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """Significant decisions about the child, with the options considered and the rationale."""
    records = list(DecisionRecord.objects.filter(children=person.pk).select_related("agreed_by", "recorded_by", "case"))
    if not records:
        return None
    return {"decisions": records, "narrative": sees_narrative(request.user)}
