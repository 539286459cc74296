"""Cases and child episodes: allocation, transfer between teams, closure with a manager's
authorisation, primary need, and decision records."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events
from casework.core.access import WRITING_ROLES, access_downgrade, access_grant, access_revoke
from casework.core.chronology import SIGNIFICANT, chronology_record
from casework.core.codes import CLOSURE_REASON, PRIMARY_NEED
from casework.core.models import AccessLevel, Role, Team, User
from casework.core.open_work import open_work_for
from casework.core.versioning import check_version
from casework.models import Case, CaseStatus, DecisionKind, DecisionRecord, Episode, EpisodeStatus, StepDown
from casework.selectors import user_manages_team
from families.models import Person
from families.selectors import person_can_write


def _require_manager_of(by: User, team_id: Any, action: str) -> None:
    if not user_manages_team(user=by, team_id=team_id):
        raise PermissionDenied(f"Only a manager of the team holding the case can {action}.")


def _subjects(case: Case) -> list[Person]:
    return [e.child for e in case.episodes.select_related("child").exclude(status=EpisodeStatus.CLOSED)]


def _save(instance, by: User, reason: str, expected_version: int | None = None) -> None:
    if expected_version is not None:
        check_version(instance, expected_version)
    instance.version += 1
    instance._change_reason = reason[:100]  # the history column's length; the chronology keeps it whole
    instance._history_user = by
    instance.save()


# --- Allocation and transfer ------------------------------------------------------------------


@transaction.atomic
def case_allocate(*, by: User, case: Case, worker: User, expected_version: int | None = None) -> Case:
    """The holding team's manager allocates the case to a worker (the team holds it together)."""
    _require_manager_of(by, case.team_id, "allocate it")
    if case.status != CaseStatus.OPEN:
        raise ValidationError({"worker": ["The case is closed"]})
    if worker.role not in WRITING_ROLES or not worker.teams.filter(pk=case.team_id).exists() or not worker.is_active:
        raise ValidationError({"worker": [f"Choose a social worker or manager in {case.team.name}"]})
    case.allocated_worker, case.allocated_at = worker, timezone.now()
    _save(case, by, f"Allocated to {worker.display_name}", expected_version)
    chronology_record(
        source=case.history.first(),
        kind="allocated",
        when=case.allocated_at,
        category="case",
        people=_subjects(case),
        family=case.family,
        by=by,
        summary=f"Case allocated to {worker.display_name} ({case.team.name})",
    )
    return case


@transaction.atomic
def case_transfer_propose(*, by: User, case: Case, team: Team, summary: str) -> Case:
    """Propose a transfer to another team with a transfer summary; the receiving team reads the
    case until its manager accepts or declines."""
    _require_manager_of(by, case.team_id, "transfer it")
    errors: dict[str, list[str]] = {}
    if team.pk == case.team_id:
        errors["team"] = ["The case is already held by this team"]
    if case.pending_transfer_to_id:
        errors["team"] = [f"A transfer to {case.pending_transfer_to.name} is already waiting for a decision"]
    if not (summary or "").strip():
        errors["summary"] = ["Write the transfer summary: what the receiving team needs to know"]
    if case.status != CaseStatus.OPEN:
        errors["team"] = ["The case is closed"]
    if errors:
        raise ValidationError(errors)
    case.pending_transfer_to, case.transfer_summary = team, summary.strip()
    case.transfer_proposed_by, case.transfer_proposed_at = by, timezone.now()
    _save(case, by, f"Transfer to {team.name} proposed")
    for child in _subjects(case):
        access_grant(team=team, person=child, level=AccessLevel.READ, by=by, reason="Transfer proposed")
    access_grant(team=team, family=case.family, level=AccessLevel.READ, by=by, reason="Transfer proposed")
    chronology_record(
        source=case.history.first(),
        kind="transfer_proposed",
        when=case.transfer_proposed_at,
        category="case",
        people=_subjects(case),
        family=case.family,
        by=by,
        summary=f"Transfer from {case.team.name} to {team.name} proposed",
        detail=case.transfer_summary,
    )
    return case


def _require_receiving_manager(by: User, case: Case) -> Team:
    if not case.pending_transfer_to_id:
        raise ValidationError({"non_field_errors": ["No transfer is waiting for a decision"]})
    if not user_manages_team(user=by, team_id=case.pending_transfer_to_id):
        raise PermissionDenied("Only a manager of the receiving team can decide this transfer.")
    return case.pending_transfer_to


@transaction.atomic
def case_transfer_accept(*, by: User, case: Case) -> Case:
    """The receiving team takes the case: it gets write access, the former team keeps read."""
    receiving = _require_receiving_manager(by, case)
    former = case.team
    children = _subjects(case)
    for child in children:
        access_grant(team=receiving, person=child, level=AccessLevel.WRITE, by=by, reason="Transfer accepted")
        access_downgrade(team=former, person=child, reason=f"Transferred to {receiving.name}")
    access_grant(team=receiving, family=case.family, level=AccessLevel.WRITE, by=by, reason="Transfer accepted")
    access_downgrade(team=former, family=case.family, reason=f"Transferred to {receiving.name}")
    case.team, case.pending_transfer_to, case.allocated_worker, case.allocated_at = receiving, None, None, None
    _save(case, by, f"Transferred from {former.name} to {receiving.name}")
    now = timezone.now()
    chronology_record(
        source=case.history.first(),
        kind="transferred",
        when=now,
        category="case",
        people=children,
        family=case.family,
        by=by,
        significance=SIGNIFICANT,
        summary=f"Case transferred from {former.name} to {receiving.name}",
        detail=case.transfer_summary,
    )
    return case


@transaction.atomic
def case_transfer_decline(*, by: User, case: Case, reason: str) -> Case:
    """The receiving team declines with a reason; access is as it was before the proposal."""
    receiving = _require_receiving_manager(by, case)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the transfer is declined"]})
    children = _subjects(case)
    for child in children:
        access_revoke(team=receiving, person=child, reason="Transfer declined")
    access_revoke(team=receiving, family=case.family, reason="Transfer declined")
    case.pending_transfer_to = None
    _save(case, by, f"Transfer to {receiving.name} declined: {reason.strip()}")
    now = timezone.now()
    chronology_record(
        source=case.history.first(),
        kind="transfer_declined",
        when=now,
        category="case",
        people=children,
        family=case.family,
        by=by,
        summary=f"Transfer to {receiving.name} declined",
        detail=reason.strip(),
    )
    return case


# --- Episodes ---------------------------------------------------------------------------------


@transaction.atomic
def episode_set_primary_need(*, by: User, episode: Episode, primary_need: str, expected_version: int | None) -> Episode:
    """Set or change the primary need code as the work progresses (history kept)."""
    if not person_can_write(user=by, person=episode.child):
        raise PermissionDenied("Your team does not hold this child's record.")
    if primary_need not in dict(PRIMARY_NEED):
        raise ValidationError({"primary_need": ["Choose a primary need code, N0 to N9"]})
    previous = episode.get_primary_need_display() if episode.primary_need else ""
    episode.primary_need = primary_need
    _save(episode, by, f"Primary need {primary_need}", expected_version)
    now = timezone.now()
    chronology_record(
        source=episode.history.first(),
        kind="primary_need",
        when=now,
        category="episode",
        person=episode.child,
        by=by,
        summary=f"Primary need {'changed from ' + previous + ' to' if previous else 'recorded as'} "
        f"{episode.get_primary_need_display()}",
    )
    return episode


def _validate_closure(episode: Episode, closure: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    date = closure.get("closure_date")
    if date is None:
        errors["closure_date"] = ["Enter the closure date"]
    elif date > timezone.localdate():
        errors["closure_date"] = ["The closure date must be today or in the past"]
    elif date < episode.referral_date:
        errors["closure_date"] = ["The closure date cannot be before the referral date"]
    if closure.get("closure_reason") not in dict(CLOSURE_REASON):
        errors["closure_reason"] = ["Choose the reason for closure (RC1 to RC9)"]
    if not (closure.get("closure_summary") or "").strip():
        errors["closure_summary"] = [
            "Write the closure summary: what changed for the child, their view, and where support goes next"
        ]
    if closure.get("step_down", StepDown.NONE) not in StepDown.values:
        errors["step_down"] = ["Choose where support goes next"]
    if closure.get("closure_reason") == "RC2" and not episode.child.date_of_death:
        errors["closure_reason"] = ["Record the child's date of death before closing for this reason"]
    if errors:
        raise ValidationError(errors)
    work = open_work_for(episode=episode)
    if work:
        raise ValidationError({"non_field_errors": [f"Finish or end first: {', '.join(work)}."]})


def _close(by: User, episode: Episode) -> None:
    episode.status, episode.closed_by, episode.closed_at = EpisodeStatus.CLOSED, by, timezone.now()
    _save(episode, by, f"Closed ({episode.closure_reason})")
    events.record_episode_closed(episode, by)
    case = episode.case
    if not case.episodes.exclude(status=EpisodeStatus.CLOSED).exists():
        case.status, case.closed_at, case.pending_transfer_to = CaseStatus.CLOSED, timezone.now(), None
        _save(case, by, "Closed: every episode closed")
        for child in Person.objects.filter(episodes__case=case).distinct():
            access_downgrade(team=case.team, person=child, reason="Case closed")
        access_downgrade(team=case.team, family=case.family, reason="Case closed")


@transaction.atomic
def episode_close(
    *, by: User, episode: Episode, closure: dict[str, Any], expected_version: int | None = None
) -> Episode:
    """A worker requests closure (a manager authorises it); a manager of the holding team
    closes directly. Refused while the child has open work (assessment, enquiry, plan)."""
    if by.role not in WRITING_ROLES or not person_can_write(user=by, person=episode.child):
        raise PermissionDenied("Your team does not hold this child's record, or your role cannot close it.")
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError({"non_field_errors": [f"The episode is {episode.get_status_display().lower()}"]})
    _validate_closure(episode, closure)
    if expected_version is not None:
        check_version(episode, expected_version)
    episode.closure_date = closure["closure_date"]
    episode.closure_reason = closure["closure_reason"]
    episode.closure_summary = closure["closure_summary"].strip()
    episode.step_down = closure.get("step_down") or StepDown.NONE
    episode.closure_requested_by, episode.closure_requested_at = by, timezone.now()
    episode.closure_declined_reason = ""
    if user_manages_team(user=by, team_id=episode.case.team_id):
        _close(by, episode)
        return episode
    episode.status = EpisodeStatus.CLOSURE_REQUESTED
    _save(episode, by, "Closure requested")
    chronology_record(
        source=episode.history.first(),
        kind="closure_requested",
        when=episode.closure_requested_at,
        category="episode",
        person=episode.child,
        by=by,
        summary=f"Closure of {episode.child.full_name}'s episode requested ({episode.closure_reason})",
        detail=episode.closure_summary,
    )
    return episode


def _require_closure_decider(by: User, episode: Episode) -> None:
    if episode.status != EpisodeStatus.CLOSURE_REQUESTED:
        raise ValidationError({"non_field_errors": ["No closure request is waiting for a decision"]})
    _require_manager_of(by, episode.case.team_id, "authorise or decline a closure")
    if episode.closure_requested_by_id == by.pk:
        raise PermissionDenied("A manager cannot authorise or decline their own closure request.")


@transaction.atomic
def episode_authorise_closure(*, by: User, episode: Episode) -> Episode:
    """The holding team's manager (never the requester) authorises a requested closure."""
    _require_closure_decider(by, episode)
    work = open_work_for(episode=episode)
    if work:
        raise ValidationError({"non_field_errors": [f"Finish or end first: {', '.join(work)}."]})
    _close(by, episode)
    return episode


@transaction.atomic
def episode_decline_closure(*, by: User, episode: Episode, reason: str) -> Episode:
    """The manager declines a closure request with a reason; the episode stays open."""
    _require_closure_decider(by, episode)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the closure is declined"]})
    episode.status, episode.closure_declined_reason = EpisodeStatus.OPEN, reason.strip()
    for name in ("closure_date", "closure_reason", "closure_summary", "step_down"):
        setattr(episode, name, None if name == "closure_date" else "")
    _save(episode, by, "Closure declined")
    now = timezone.now()
    chronology_record(
        source=episode.history.first(),
        kind="closure_declined",
        when=now,
        category="episode",
        person=episode.child,
        by=by,
        summary=f"Closure of {episode.child.full_name}'s episode declined",
        detail=reason.strip(),
    )
    return episode


# --- Decision records ---------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    by: User,
    case: Case,
    children: list[Person],
    kind: str,
    decision: str,
    rationale: str,
    options_considered: str = "",
    agreed_by: User | None = None,
    date: datetime.date | None = None,
) -> DecisionRecord:
    """Record a significant decision with the options considered and the rationale."""
    # No children at all is a question of input (400, below), not of permission.
    if by.role not in WRITING_ROLES or (children and not any(person_can_write(user=by, person=c) for c in children)):
        raise PermissionDenied("Your team does not hold these children's records, or your role cannot record this.")
    errors: dict[str, list[str]] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(DecisionKind.values)}"]
    if not (decision or "").strip():
        errors["decision"] = ["Say what was decided"]
    if not (rationale or "").strip():
        errors["rationale"] = ["Give the rationale: decisions are judged by the quality of the reasoning"]
    if not children:
        errors["children"] = ["Say which children the decision is about"]
    case_children = set(case.episodes.values_list("child_id", flat=True))
    if any(c.id not in case_children for c in children):
        errors["children"] = ["Choose children of this case"]
    date = date or timezone.localdate()
    if date > timezone.localdate():
        errors["date"] = ["The date must be today or in the past"]
    if agreed_by is not None and agreed_by.role != Role.TEAM_MANAGER:
        errors["agreed_by"] = ["A decision is agreed by a team manager"]
    if errors:
        raise ValidationError(errors)
    record = DecisionRecord.objects.create(
        case=case,
        kind=kind,
        decision=decision.strip(),
        rationale=rationale.strip(),
        options_considered=(options_considered or "").strip(),
        agreed_by=agreed_by,
        date=date,
        recorded_by=by,
    )
    record.children.set(children)
    events.record_decision(record, by)
    return record
