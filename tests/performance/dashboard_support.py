"""Helpers (no tests here) for the dashboard tests: small records written straight to the database
(only the reading is tested); each helper makes one record with exactly the fields a measure reads."""

from __future__ import annotations

import datetime
import itertools
import zoneinfo
from typing import Any

from django.utils import timezone

D = datetime.date
DEFAULT_DOB = D(2015, 1, 1)
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC
_serial = itertools.count(1)


def at(day: datetime.date, hour: int = 12, minute: int = 0, tz: Any = LONDON) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def utc(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return at(day, hour, minute, tz=UTC)


def person(*, dob: datetime.date | None = DEFAULT_DOB, expected: datetime.date | None = None, **extra: Any):
    from families.models import Person

    n = next(_serial)
    return Person.objects.create(
        first_name=f"Child{n}",
        last_name="Dashboard",
        date_of_birth=dob,
        expected_date_of_birth=expected,
        la_child_id=f"DSH{n:06d}",
        **extra,
    )


def case(team: Any, *, worker: Any = None, status: str = "open"):
    from casework.models import Case
    from families.models import Family

    family = Family.objects.create(name=f"Family {next(_serial)}")
    return Case.objects.create(family=family, team=team, allocated_worker=worker, status=status)


def episode(the_case: Any, child: Any, referral: datetime.date, *, status: str = "open", closed: Any = None):
    from casework.models import Episode

    return Episode.objects.create(
        case=the_case,
        child=child,
        referral_date=referral,
        referral_source="2A",
        status=status,
        closure_date=closed,
        closure_reason="RC8" if status == "closed" else "",
    )


def template():
    from assessments.models import AssessmentTemplate, TemplateStatus

    return AssessmentTemplate.objects.get_or_create(
        key="dashboard-test", version=1, defaults={"name": "Test", "status": TemplateStatus.PUBLISHED, "sections": []}
    )[0]


def assessment(
    the_case: Any,
    by: Any,
    *,
    children: list[tuple[Any, Any]],
    authorised_at: Any = None,
    due: datetime.date | None = None,
    category: str = "",
    words: str = "",
    status: str | None = None,
):
    """``children`` as (child, episode or None)."""
    from assessments.models import Assessment, AssessmentChild

    found = Assessment.objects.create(
        case=the_case,
        template=template(),
        status=status or ("authorised" if authorised_at else "draft"),
        start_date=D(2026, 1, 5),
        due_date=due,
        timeframe_agreed_at=timezone.now() if due else None,
        timeframe_agreed_by=by if due else None,
        delay_reason_category=category,
        delay_reason=words,
        authorised_at=authorised_at,
        submitted_at=authorised_at,
        created_by=by,
    )
    for child, ep in children:
        AssessmentChild.objects.create(assessment=found, child=child, episode=ep)
    return found


def visit(the_case: Any, by: Any, when: Any, children: list[dict[str, Any]], **fields: Any):
    from casework.models import Visit, VisitChild

    fields.setdefault("status", "finished")
    found = Visit.objects.create(case=the_case, occurred_at=when, recorded_by=by, **fields)
    for row in children:
        VisitChild.objects.create(visit=found, **row)
    return found


def plan(the_case: Any, child: Any, by: Any, start: datetime.date, **fields: Any):
    from casework.models import Plan

    fields.setdefault("status", "authorised")
    fields.setdefault("kind", "cin")
    return Plan.objects.create(
        case=the_case, child=child, start_date=start, created_by=by, authorised_at=timezone.now(), **fields
    )


def review(the_plan: Any, by: Any, day: datetime.date):
    from casework.models import PlanReview

    return PlanReview.objects.create(plan=the_plan, date=day, summary="Reviewed", recorded_by=by)


def supervision(manager: Any, worker: Any, team: Any, day: datetime.date):
    from casework.models import Supervision

    return Supervision.objects.create(supervisee=worker, supervisor=manager, team=team, date=day)


def contact(
    team: Any, by: Any, when: Any, source: str, children: list[tuple[Any, str]], *, decision: str = "", anonymous=False
):
    """``children`` as (child, outcome for the child)."""
    from casework.models import Contact, ContactChild

    found = Contact.objects.create(
        team=team,
        received_at=when,
        source=source,
        anonymous=anonymous,
        concerns="Worried about the child.",
        consent="not_sought",
        decision=decision,
        recorded_by=by,
    )
    for child, outcome in children:
        ContactChild.objects.create(contact=found, child=child, outcome=outcome)
    return found


def s47(the_case: Any, child: Any, by: Any, start: datetime.date, target: datetime.date | None):
    from casework.models import Section47, StrategyDiscussion

    discussion = StrategyDiscussion.objects.create(
        case=the_case, date=start, information="Shared.", decision="s47", recorded_by=by
    )
    discussion.children.add(child)
    return Section47.objects.create(
        case=the_case,
        child=child,
        strategy_discussion=discussion,
        start_date=start,
        icpc_target_date=target,
        recorded_by=by,
    )


def conference(the_case: Any, by: Any, day: datetime.date, children: list[Any], *, kind: str = "initial"):
    from casework.models import Conference, ConferenceOutcome

    found = Conference.objects.create(case=the_case, kind=kind, date=day, chair="Chair", recorded_by=by)
    for child in children:
        ConferenceOutcome.objects.create(conference=found, child=child, decision="no_plan")
    return found
