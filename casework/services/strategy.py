"""Strategy discussions and Section 47 enquiries (Working Together to Safeguard Children).

A strategy discussion is about one or more children of a case. Deciding `s47` starts a
Section 47 enquiry for each child that has none open (its start is the discussion's date: the
census S47ActualStartDate). `immediate_protection` also starts one: immediate protective action
is always followed by a strategy discussion and a Section 47 enquiry, so the decision records
both. `no_s47` starts nothing. While an enquiry is open its initial conference is due 15 working
days after the latest strategy discussion for the child (day 0 is the discussion's date), so a
later discussion moves the target. An open enquiry keeps the child's episode open.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casework import events_strategy
from casework.core.access import team_ids_for
from casework.core.models import User
from casework.core.versioning import check_version
from casework.core.working_days import add_working_days
from casework.models import (
    Case,
    EpisodeStatus,
    S47Outcome,
    Section47,
    StrategyDecision,
    StrategyDiscussion,
)
from casework.selectors import can_record
from families.models import Person

ICPC_WORKING_DAYS = 15
MAX_AGENCIES = 30
STARTS_S47 = (StrategyDecision.S47, StrategyDecision.IMMEDIATE_PROTECTION)
CANNOT_RECORD = (
    "Your team does not hold this child's case, or your role cannot record strategy discussions "
    "and Section 47 enquiries."
)
DISCUSSION_FIELDS = ("date", "agencies", "information", "decision", "reasoning")


def _require_recorder(by: User, case: Case, children: list[Person]) -> None:
    """PERMISSIONS.md "Record strategy discussions, S47, conferences, core groups": the team holding the case."""
    if case.team_id not in team_ids_for(by) or not all(can_record(by, person=c) for c in children):
        raise PermissionDenied(CANNOT_RECORD)


def _clean_agencies(agencies: Any, errors: dict[str, list[str]]) -> list[str]:
    if not isinstance(agencies, list | tuple):
        errors["agencies"] = ["List the agencies present"]
        return []
    cleaned = [a.strip() for a in agencies if isinstance(a, str) and a.strip()]
    if len(cleaned) > MAX_AGENCIES:
        errors["agencies"] = [f"List at most {MAX_AGENCIES} agencies"]
    elif any(len(a) > 200 for a in cleaned):
        errors["agencies"] = ["Name each agency in at most 200 characters"]
    elif not cleaned:
        errors["agencies"] = ["Say which agencies took part, for example police, health, school"]
    return cleaned


def _validate(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    date = data.get("date")
    if date is None:
        errors["date"] = ["Enter the date of the strategy discussion"]
    elif date > timezone.localdate():
        errors["date"] = ["A strategy discussion is recorded once it has happened: the date must be today or earlier"]
    if data.get("decision") not in StrategyDecision.values:
        errors["decision"] = ["Choose the decision: a Section 47 enquiry, none, or immediate protection"]
    if not (data.get("information") or "").strip():
        errors["information"] = ["Summarise the information the agencies shared"]
    if not (data.get("reasoning") or "").strip():
        errors["reasoning"] = ["Give the reasons for the decision"]


def _validate_children(case: Case, children: list[Person], errors: dict[str, list[str]]) -> None:
    if not children:
        errors["children"] = ["Say which children the discussion was about"]
        return
    open_children = set(case.episodes.exclude(status=EpisodeStatus.CLOSED).values_list("child_id", flat=True))
    outside = [c.full_name for c in children if c.pk not in open_children]
    if outside:
        errors["children"] = [f"{', '.join(outside)}: no open episode in this case"]


def latest_discussion_date(child_id: Any, since: datetime.date) -> datetime.date | None:
    """The latest strategy discussion about the child on or after `since` (an enquiry's start)."""
    found = StrategyDiscussion.objects.filter(children=child_id, date__gte=since).aggregate(last=Max("date"))
    return found["last"]


def _retarget(s47: Section47, by: User) -> None:
    """An open enquiry's conference target: 15 working days after the latest discussion."""
    latest = latest_discussion_date(s47.child_id, s47.start_date) or s47.start_date
    target = add_working_days(latest, ICPC_WORKING_DAYS)
    if s47.icpc_target_date != target:
        s47.icpc_target_date = target
        s47.version += 1
        s47._history_user, s47._change_reason = by, "Conference target moved by a later strategy discussion"
        s47.save()


def _derive(discussion: StrategyDiscussion, children: list[Person], by: User) -> list[Section47]:
    """Start an enquiry for each child without an open one (when the decision says so) and move
    the targets of the open ones. Returns the enquiries started."""
    started = []
    for child in children:
        Person.objects.select_for_update().filter(pk=child.pk).first()  # one open enquiry per child
        open_s47 = Section47.objects.filter(child=child, completed_date=None).first()
        if open_s47 is None and discussion.decision in STARTS_S47:
            open_s47 = Section47(
                case=discussion.case,
                child=child,
                strategy_discussion=discussion,
                start_date=discussion.date,
                icpc_target_date=add_working_days(discussion.date, ICPC_WORKING_DAYS),
                recorded_by=by,
            )
            open_s47._history_user, open_s47._change_reason = by, "Started by a strategy discussion"
            open_s47.save()
            events_strategy.record_s47_started(open_s47, by)
            started.append(open_s47)
        elif open_s47 is not None:
            _retarget(open_s47, by)
    return started


@transaction.atomic
def strategy_discussion_record(
    *,
    by: User,
    case: Case,
    children: list[Person],
    date: datetime.date | None,
    agencies: list[str],
    information: str,
    decision: str,
    reasoning: str,
) -> StrategyDiscussion:
    """Record a strategy discussion about children with open episodes in the case; `s47` and
    `immediate_protection` start a Section 47 enquiry per child (Working Together)."""
    children = list(dict.fromkeys(children))
    _require_recorder(by, case, children)
    errors: dict[str, list[str]] = {}
    data = {"date": date, "information": information, "decision": decision, "reasoning": reasoning}
    _validate(data, errors)
    _validate_children(case, children, errors)
    cleaned = _clean_agencies(agencies, errors)
    if errors:
        raise ValidationError(errors)
    episode = case.episodes.filter(child=children[0]).exclude(status=EpisodeStatus.CLOSED).first()
    discussion = StrategyDiscussion(
        case=case,
        episode=episode,
        date=date,
        agencies=cleaned,
        information=information.strip(),
        decision=decision,
        reasoning=reasoning.strip(),
        recorded_by=by,
    )
    discussion._history_user, discussion._change_reason = by, "Recorded"
    discussion.save()
    discussion.children.set(children)
    events_strategy.record_discussion(discussion, by)
    _derive(discussion, children, by)
    return discussion


@transaction.atomic
def strategy_discussion_update(
    *,
    by: User,
    discussion: StrategyDiscussion,
    data: dict[str, Any],
    expected_version: int | None,
) -> StrategyDiscussion:
    """Correct a discussion (compare-and-swap on its version); the enquiries' dates and targets
    are derived again. A decision that started an enquiry stays one that does."""
    children = list(discussion.children.all())
    _require_recorder(by, discussion.case, children)
    merged = {name: data.get(name, getattr(discussion, name)) for name in DISCUSSION_FIELDS}
    errors: dict[str, list[str]] = {}
    _validate(merged, errors)
    cleaned = _clean_agencies(merged["agencies"], errors)
    started = list(discussion.section47s.all())
    if started and merged["decision"] not in STARTS_S47:
        errors["decision"] = ["This discussion started a Section 47 enquiry: record a new discussion instead"]
    if merged["date"] and any(s.completed_date and s.completed_date < merged["date"] for s in started):
        errors["date"] = ["The enquiry this discussion started was completed before that date"]
    if errors:
        raise ValidationError(errors)
    check_version(discussion, expected_version)
    for name in DISCUSSION_FIELDS:
        setattr(discussion, name, merged[name])
    discussion.agencies = cleaned
    discussion.information, discussion.reasoning = merged["information"].strip(), merged["reasoning"].strip()
    discussion.version += 1
    discussion._history_user, discussion._change_reason = by, "Corrected"
    discussion.save()
    for s47 in started:
        if s47.start_date != discussion.date:
            s47.start_date = discussion.date
            s47.version += 1
            s47._history_user, s47._change_reason = by, "Start moved with its strategy discussion"
            s47.save()
            events_strategy.record_s47_started(s47, by)
    events_strategy.record_discussion(discussion, by)
    _derive(discussion, children, by)
    return discussion


@transaction.atomic
def section47_complete(
    *,
    by: User,
    s47: Section47,
    outcome: str | None,
    completed_date: datetime.date | None,
    findings: str = "",
    expected_version: int | None = None,
) -> Section47:
    """Complete an enquiry: whether an initial child protection conference is needed, and when."""
    _require_recorder(by, s47.case, [s47.child])
    errors: dict[str, list[str]] = {}
    if s47.completed_date is not None:
        errors["non_field_errors"] = ["This enquiry is already complete"]
    if outcome not in S47Outcome.values:
        errors["outcome"] = ["Choose whether an initial child protection conference is needed"]
    if completed_date is None:
        errors["completed_date"] = ["Enter the date the enquiry was completed"]
    elif completed_date > timezone.localdate():
        errors["completed_date"] = ["The date must be today or earlier"]
    elif completed_date < s47.start_date:
        errors["completed_date"] = [f"The enquiry cannot end before it started ({s47.start_date:%-d %B %Y})"]
    if not (findings or "").strip():
        errors["findings"] = ["Summarise the findings of the enquiry"]
    if errors:
        raise ValidationError(errors)
    if expected_version is not None:
        check_version(s47, expected_version)
    s47.outcome, s47.completed_date, s47.findings = outcome, completed_date, findings.strip()
    s47.version += 1
    s47._history_user, s47._change_reason = by, "Completed"
    s47.save()
    events_strategy.record_s47_completed(s47, by)
    return s47


def open_section47s(*, person_id: Any = None, episode: Any = None) -> list[str]:
    """Open work (casework.core.open_work): an open Section 47 enquiry keeps the episode open."""
    child_id = person_id if person_id is not None else episode.child_id
    return [
        f"the Section 47 enquiry started {s47.start_date:%-d %B %Y}"
        for s47 in Section47.objects.filter(child_id=child_id, completed_date=None)
    ]
