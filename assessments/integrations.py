"""Assessments everywhere they belong (issue 12), through the registries the case domain offers
(``casework`` never imports ``assessments``):

- the child at a glance: the current assessment (framework, status, started, agreed date, the
  working day of the national 45, neutrally) — ``casework.presenters.glance.register_glance_part``;
- the team page: assessments awaiting authorisation, and open ones past their agreed date with the
  reason recorded, for the team's managers — ``casework.team_page.register_team_section``;
- the supervision agenda: the supervisee's assessments awaiting authorisation, per case —
  ``casework.selectors_supervision.register_agenda_part``;
- the family's case page: the case's assessments and "Start an assessment" —
  ``casework.case_page.register_case_section``;
- My work: the worker's open assessments with their agreed dates, returned ones first —
  ``casework.my_work.register_section``;
- the demo step (``assessments.demo``, order 97: after child protection).

Every part costs a fixed number of queries whatever the number of assessments (one query per list,
plus one for the assessed children), and never names a child the reader may not open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from assessments.models import OPEN_ASSESSMENT_STATUSES, Assessment, AssessmentStatus
from assessments.selectors import assessment_is_overdue
from casework.core.access import WRITING_ROLES
from casework.core.chronology import london_date
from families.selectors import sees_narrative, visible_person_ids

GLANCE_ORDER = 14  # the glance's main column, beside the plan (15) and Section 47 (12) cards
TEAM_ORDER = 35  # the team page, above plans due for review (40)
MY_WORK_ORDER = 44  # My work, beside visits due (42) and actions (45)
AGENDA_ORDER = 20  # each case of the supervision agenda


def assessment_url(assessment: Assessment) -> str:
    return reverse("assessments:assessment_detail", kwargs={"assessment_id": assessment.pk})


def _with_children(rows):
    """The assessed children in one more query (AssessmentChild orders by position)."""
    return rows.prefetch_related("subjects__child")


@dataclass(frozen=True)
class AssessmentLine:
    """One assessment in a list: its children as the reader may name them, and its time measures."""

    assessment: Assessment
    children: list[str]
    overdue: bool

    @property
    def names(self) -> str:
        return ", ".join(self.children)

    @property
    def url(self) -> str:
        return assessment_url(self.assessment)

    @property
    def worker(self) -> str:
        worker = self.assessment.case.allocated_worker
        return worker.display_name if worker else "Not allocated"

    @property
    def submitted_on(self) -> datetime.date | None:
        submitted = self.assessment.submitted_at
        return london_date(submitted) if submitted else None

    @property
    def agreed(self) -> str:
        return agreed_text(self.assessment)

    @property
    def delay(self) -> str:
        return delay_text(self.assessment)


def agreed_text(assessment: Assessment) -> str:
    """The time frame in words: agreed, proposed and waiting for agreement, or not yet set."""
    from casework.jinja2 import date_uk

    if assessment.due_date is None:
        return "No time frame proposed yet"
    if assessment.timeframe_agreed_at:
        return date_uk(assessment.due_date)
    return f"{date_uk(assessment.due_date)} (proposed, not yet agreed)"


def delay_text(assessment: Assessment, *, words: bool = True) -> str:
    """Why it is taking longer, as recorded: the category, and the words for those who read
    written text (a performance officer reads structured fields only)."""
    said = assessment.delay_reason.strip() if words else ""
    if not assessment.delay_reason_category and not said:
        return "No reason recorded yet"
    category = assessment.get_delay_reason_category_display() if assessment.delay_reason_category else ""
    return ": ".join(part for part in (category, said) if part)


def _lines(request: HttpRequest, rows: list[Assessment], today: datetime.date) -> tuple[list[AssessmentLine], list]:
    """Lines for the assessments whose every child the user may open (as assessments.selectors: one
    restricted child hides the assessment), and the children to write to the access log."""
    every = [row.child for a in rows for row in a.subjects.all()]
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in every]) if every else set()
    shown = [a for a in rows if all(row.child_id in visible for row in a.subjects.all())]
    lines = [
        AssessmentLine(
            assessment=a,
            children=[row.child.full_name for row in a.subjects.all()],
            overdue=assessment_is_overdue(a, today=today),
        )
        for a in shown
    ]
    people = list({row.child.pk: row.child for a in shown for row in a.subjects.all()}.values())
    return lines, people


def _manages(user: Any, team_id: Any) -> bool:
    from casework.selectors import user_manages_team

    return user_manages_team(user=user, team_id=team_id)


# --- The child at a glance -----------------------------------------------------------------------


def glance_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child's current assessment (the open one, else the latest authorised), if the user may
    open it: framework, status, start, agreed date and the national measure, said neutrally."""
    from assessments.selectors import (
        NATIONAL_WORKING_DAYS,
        assessment_current_for_child,
        assessment_list_for_user,
        assessment_national_measure,
    )

    assessment = assessment_current_for_child(child_id=person.pk)
    if assessment is None or not assessment_list_for_user(user=request.user).filter(pk=assessment.pk).exists():
        return None
    measure = assessment_national_measure(assessment)
    return {
        "assessment": assessment,
        "url": assessment_url(assessment),
        "agreed": agreed_text(assessment),
        "measure": measure,
        "national_days": NATIONAL_WORKING_DAYS,
        "overdue": assessment_is_overdue(assessment),
        "delay": delay_text(assessment, words=sees_narrative(request.user)),
    }


# --- The team page -------------------------------------------------------------------------------


def team_section(request: HttpRequest, team: Any) -> dict[str, Any] | None:
    """For the team's managers: assessments awaiting authorisation (longest waiting first), and open
    assessments past their agreed date with the reason recorded (soonest due first)."""
    from assessments.selectors import assessments_awaiting_authorisation

    if not _manages(request.user, team.pk):
        return None
    today = timezone.localdate()
    awaiting = list(assessments_awaiting_authorisation(team_ids=[team.pk]).select_related("case__allocated_worker"))
    past = list(
        _with_children(
            Assessment.objects.filter(
                case__team_id=team.pk, status__in=OPEN_ASSESSMENT_STATUSES, due_date__lt=today
            ).select_related("case__family", "case__allocated_worker", "template")
        ).order_by("due_date", "start_date", "id")
    )
    awaiting_lines, awaiting_people = _lines(request, awaiting, today)
    past_lines, past_people = _lines(request, past, today)
    people = list({p.pk: p for p in awaiting_people + past_people}.values())
    return {"awaiting": awaiting_lines, "past_due": past_lines, "people": people}


# --- The supervision agenda ----------------------------------------------------------------------


def agenda_items(*, case_ids: list[Any], today: datetime.date) -> dict[Any, list[Assessment]]:
    """The supervision agenda: assessments awaiting authorisation on the supervisee's cases."""
    rows = _with_children(
        Assessment.objects.filter(case_id__in=case_ids, status=AssessmentStatus.SUBMITTED).select_related("template")
    ).order_by("submitted_at", "id")
    found: dict[Any, list[Assessment]] = {}
    for assessment in rows:
        assessment.overdue = assessment_is_overdue(assessment, today=today)
        assessment.url = assessment_url(assessment)
        found.setdefault(assessment.case_id, []).append(assessment)
    return found


# --- My work -------------------------------------------------------------------------------------


def my_work_section(request: HttpRequest) -> dict[str, Any] | None:
    """The worker's open assessments (on the cases allocated to them, or that they started):
    returned ones first, then by agreed date."""
    user = request.user
    if user.role not in WRITING_ROLES:
        return None
    rows = list(
        _with_children(
            Assessment.objects.filter(status__in=OPEN_ASSESSMENT_STATUSES, case__status="open")
            .filter(Q(case__allocated_worker=user) | Q(created_by=user))
            .select_related("case__family", "case__allocated_worker", "template")
        )
        .annotate(
            returned_first=CaseWhen(
                When(status=AssessmentStatus.RETURNED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("returned_first", "due_date", "start_date", "id")
    )
    lines, people = _lines(request, rows, timezone.localdate())
    return {"lines": lines, "people": people}


def case_section(request: HttpRequest, case: Any, page: Any, records: Any) -> dict[str, Any]:
    """The case page's assessments: those whose every child this reader may open, newest first
    (two queries whatever their number), and whether the reader may start one."""
    visible_ids = {child.pk for child in page.children}
    rows = _with_children(case.assessments.select_related("template")).order_by("-start_date", "-created_at")
    shown = [a for a in rows if all(s.child_id in visible_ids for s in a.subjects.all())]
    return {
        "assessments": [(a, ", ".join(s.child.full_name for s in a.subjects.all())) for a in shown],
        "can_start": bool(records["can_write"]),  # an open case and a reader who records on it
    }


def register_integrations() -> None:
    from assessments import demo  # noqa: F401  (registers the demo step)
    from casework.case_page import register_case_section
    from casework.my_work import register_section
    from casework.presenters.glance import register_glance_part
    from casework.selectors_supervision import register_agenda_part
    from casework.team_page import register_team_section

    register_glance_part("glance_assessment", GLANCE_ORDER, "assessments/parts/_glance.html", glance_part)
    register_team_section(TEAM_ORDER, "assessments", "assessments/parts/_team.html", team_section)
    register_agenda_part(AGENDA_ORDER, "assessments", "assessments/parts/_agenda.html", agenda_items)
    register_case_section(30, "assessments", "assessments/_case_assessments.html", case_section)
    register_section(MY_WORK_ORDER, "assessments", "assessments/parts/_my_work.html", my_work_section)
