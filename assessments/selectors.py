"""Reading assessments with the record's access rules (PERMISSIONS.md).

An assessment is seen by whoever may open its children's records (the same rule as plans): the
team holding the case, teams with read access, authority-wide roles (performance officers read
structured fields only; auditors read everything). A restricted child the user may not open hides
the whole assessment (404, never 403). The team holding the case writes it while it is a draft or
returned; a manager of that team who neither wrote nor submitted it authorises it.

Pre-filled sections (the family, the household, addresses, professionals, drawings, timeline,
Section 47) are read live while the assessment is open for writing, and from the snapshot frozen
at submission afterwards (assessments.prefill).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assessments.kinds import is_prefilled, is_written
from assessments.models import (
    OPEN_ASSESSMENT_STATUSES,
    Assessment,
    AssessmentChild,
    AssessmentStatus,
)
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.chronology import london_date
from casework.core.models import User
from casework.core.working_days import add_working_days, working_days_between
from casework.selectors import can_record, user_manages_team
from families.selectors import person_list_for_user, sees_narrative

NATIONAL_WORKING_DAYS = 45
ANALYSIS_KEY = "analysis"  # a template section keyed so shows (and writes) the assessment's `analysis`
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
FROZEN_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.AUTHORISED)


# --- Visibility ----------------------------------------------------------------------------------


def assessment_list_for_user(*, user: User) -> QuerySet[Assessment]:
    """Assessments whose children the user may all open (one restricted child hides it)."""
    visible = person_list_for_user(user=user).values("id")
    seen = AssessmentChild.objects.filter(assessment=OuterRef("pk"), child_id__in=visible)
    hidden = AssessmentChild.objects.filter(assessment=OuterRef("pk")).exclude(child_id__in=visible)
    return (
        Assessment.objects.filter(Exists(seen))
        .exclude(Exists(hidden))
        .select_related(
            "case__team",
            "case__family",
            "template",
            "created_by",
            "submitted_by",
            "authorised_by",
            "timeframe_agreed_by",
        )
    )


def assessment_get_for_user(*, user: User, assessment_id: UUID | str) -> Assessment:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(assessment_list_for_user(user=user), pk=assessment_id)


def assessment_children(assessment: Assessment) -> list[AssessmentChild]:
    """The assessed children in order, with their person and episode (one query, cached)."""
    cached = getattr(assessment, "_subject_rows", None)
    if cached is None:
        prefetched = getattr(assessment, "_prefetched_objects_cache", {}).get("subjects")
        if prefetched is not None:
            cached = list(prefetched)
        else:
            cached = list(assessment.subjects.select_related("child", "episode").order_by("position", "id"))
        assessment._subject_rows = cached
    return cached


def assessment_may_write(*, user: User, assessment: Assessment) -> bool:
    """A writing role in the team holding the case, with write access to its children."""
    if user.role not in WRITING_ROLES or assessment.case.team_id not in team_ids_for(user):
        return False
    subjects = assessment_children(assessment)
    return bool(subjects) and can_record(user, person=subjects[0].child)


def assessment_may_edit(*, user: User, assessment: Assessment) -> bool:
    """Change the written sections, outcomes, dates: the team holding the case, while the
    assessment is a draft or returned."""
    return assessment.status in EDITABLE_STATUSES and assessment_may_write(user=user, assessment=assessment)


def assessment_may_authorise(*, user: User, assessment: Assessment) -> bool:
    """A manager of the team holding the case, never its author nor whoever submitted it."""
    return (
        assessment.status == AssessmentStatus.SUBMITTED
        and user.pk not in (assessment.created_by_id, assessment.submitted_by_id)
        and user_manages_team(user=user, team_id=assessment.case.team_id)
    )


def assessment_may_agree_timeframe(*, user: User, assessment: Assessment) -> bool:
    """A manager of the team holding the case who did not write the assessment, while it is open
    and a time frame is proposed but not yet agreed."""
    return (
        assessment.is_open
        and assessment.due_date is not None
        and assessment.timeframe_agreed_at is None
        and user.pk != assessment.created_by_id
        and user_manages_team(user=user, team_id=assessment.case.team_id)
    )


# --- Sections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    help: str
    kind: str
    value: Any
    prefilled: bool
    section: dict = field(default_factory=dict)


def _hide_confidential(user: User | None, assessment: Assessment, for_family: bool) -> bool:
    if for_family or user is None:
        return True
    return not assessment_may_write(user=user, assessment=assessment)


def redact_prefilled(kind: str, value: Any, *, hide_confidential: bool, for_family: bool) -> Any:
    """What a reader may see of a pre-filled value: confidential addresses only for those with
    write access (never in the family's copy); restricted people never in the family's copy."""
    if value is None:
        return None
    if kind == "address" and hide_confidential and isinstance(value, dict):
        addresses = [a for a in value.get("addresses", []) if not a.get("confidential")]
        return {**value, "addresses": addresses}
    if for_family and kind in ("subject_children", "household") and isinstance(value, list):
        return [row for row in value if not row.get("restricted")]
    return value


def _prefilled_values(assessment: Assessment) -> dict[str, Any]:
    """Every pre-filled section's value: the frozen snapshot once submitted, else live."""
    if assessment.status in FROZEN_STATUSES:
        return dict(assessment.snapshot or {})
    from assessments.prefill import prefill_snapshot

    return prefill_snapshot(assessment)


def assessment_sections(*, assessment: Assessment, user: User | None, for_family: bool = False) -> list[SectionView]:
    """The template's sections in order, each with its value: what was written (null for readers
    who do not see narrative), or the pre-filled value (live in draft, frozen once submitted)."""
    narrative = user is None or sees_narrative(user)
    hide = _hide_confidential(user, assessment, for_family)
    template_sections = list(assessment.template.sections or [])
    prefilled = _prefilled_values(assessment) if any(is_prefilled(s.get("kind")) for s in template_sections) else {}
    written = assessment.sections or {}
    views = []
    for section in template_sections:
        key, kind = section.get("key"), section.get("kind")
        if is_prefilled(kind):
            value = redact_prefilled(kind, prefilled.get(key), hide_confidential=hide, for_family=for_family)
        elif key == ANALYSIS_KEY and is_written(kind):
            value = assessment.analysis if narrative else None
        elif is_written(kind):
            value = written.get(key) if narrative else None
        else:  # factors: the per-child outcomes
            value = assessment_child_outcomes(assessment)
        views.append(
            SectionView(
                key=key,
                title=section.get("title", key),
                help=section.get("help", ""),
                kind=kind,
                value=value,
                prefilled=is_prefilled(kind),
                section=dict(section),
            )
        )
    return views


def assessment_child_outcomes(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {"child": row.child_id, "factors": list(row.factors or []), "requires_support": row.requires_support}
        for row in assessment_children(assessment)
    ]


# --- Measures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NationalMeasure:
    referral_date: datetime.date | None
    national_due_date: datetime.date | None
    working_days_since_referral: int | None


def assessment_national_measure(assessment: Assessment, *, today: datetime.date | None = None) -> NationalMeasure:
    """45 working days from the earliest referral of the assessed children's episodes, counted to
    today (or to the submission, once submitted)."""
    dates = [row.episode.referral_date for row in assessment_children(assessment) if row.episode_id]
    if not dates:
        return NationalMeasure(None, None, None)
    referral = min(dates)
    if assessment.status in FROZEN_STATUSES and assessment.submitted_at:
        end = london_date(assessment.submitted_at)
    else:
        end = today or timezone.localdate()
    return NationalMeasure(
        referral_date=referral,
        national_due_date=add_working_days(referral, NATIONAL_WORKING_DAYS),
        working_days_since_referral=max(working_days_between(referral, end), 0),
    )


def assessment_is_overdue(assessment: Assessment, *, today: datetime.date | None = None) -> bool:
    """Open and past its due date (the agreed one; a proposed one until it is agreed)."""
    if not assessment.is_open or assessment.due_date is None:
        return False
    return (today or timezone.localdate()) > assessment.due_date


def assessment_s47(assessment: Assessment) -> dict[str, Any] | None:
    """The latest Section 47 enquiry of the assessed children on this case, as the record holds it."""
    from casework.models import ConferenceKind, ConferenceOutcome, Section47

    child_ids = [row.child_id for row in assessment_children(assessment)]
    enquiry = (
        Section47.objects.filter(child_id__in=child_ids, case_id=assessment.case_id)
        .order_by("-start_date", "-created_at")
        .first()
    )
    if enquiry is None:
        return None
    conference = (
        ConferenceOutcome.objects.filter(
            child_id=enquiry.child_id,
            conference__kind=ConferenceKind.INITIAL,
            conference__date__gte=enquiry.start_date,
        )
        .select_related("conference")
        .order_by("conference__date")
        .first()
    )
    within: bool | None = None
    if conference is not None:
        target = enquiry.icpc_target_date or add_working_days(enquiry.start_date, 15)
        within = conference.conference.date <= target
    return {
        "under_way": enquiry.completed_date is None and not enquiry.outcome,
        "start_date": enquiry.start_date,
        "icpc_target_date": enquiry.icpc_target_date,
        "outcome": enquiry.outcome or None,
        "completed_date": enquiry.completed_date,
        "conference_within_15_working_days": within,
    }


# --- Lists ---------------------------------------------------------------------------------------


def assessments_awaiting_authorisation(*, team_ids: list[Any]) -> QuerySet[Assessment]:
    """Submitted assessments on these teams' cases, longest waiting first."""
    return (
        Assessment.objects.filter(status=AssessmentStatus.SUBMITTED, case__team_id__in=list(team_ids))
        .select_related("case__family", "case__team", "template", "created_by", "submitted_by")
        .prefetch_related("subjects__child")
        .order_by("submitted_at", "id")
    )


def assessment_current_for_child(*, child_id: Any) -> Assessment | None:
    """The child's open assessment, else the latest authorised one."""
    rows = Assessment.objects.filter(subjects__child_id=child_id).select_related("template", "case")
    open_one = rows.filter(status__in=OPEN_ASSESSMENT_STATUSES).order_by("-start_date", "-created_at").first()
    if open_one is not None:
        return open_one
    return rows.filter(status=AssessmentStatus.AUTHORISED).order_by("-authorised_at").first()


def open_assessments(*, person_id: Any = None, episode: Any = None) -> list[str]:
    """Open work (casework.core.open_work): an open assessment keeps the child's episode open."""
    rows = AssessmentChild.objects.filter(assessment__status__in=OPEN_ASSESSMENT_STATUSES)
    rows = rows.filter(child_id=episode.child_id) if episode is not None else rows.filter(child_id=person_id)
    found = []
    for row in rows.select_related("assessment__template").order_by("assessment__start_date"):
        assessment = row.assessment
        found.append(
            f"the {assessment.template.name} assessment started {assessment.start_date:%-d %B %Y} "
            f"({assessment.get_status_display().lower()})"
        )
    return found


def episodes_with_an_assessment(episodes) -> set:
    """The assessment probe (casework.registries): episodes in which an assessment was started."""
    ids = [episode.pk for episode in episodes]
    if not ids:
        return set()
    return set(AssessmentChild.objects.filter(episode_id__in=ids).values_list("episode_id", flat=True).distinct())
