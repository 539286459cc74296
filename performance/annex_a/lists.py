"""Ofsted Annex A derived from the practice record, list by list (returns.md section 3; issue 14).

Nobody types the return: every cell is read or derived from what practitioners recorded, and a
wrong cell is corrected where it was recorded. The decisions:

The period
    The 12 months ending ``year_end``, both days included (``annex_period``): 1 December 2025 to
    30 November 2026 for a year end of 30 November 2026. Ofsted asks for the lists as at the
    inspection; the liiatools specifications we could read give no period, so we take the longest
    one Annex A uses for event lists (12 months) and let the authority choose the end day. Anything
    recorded after ``year_end`` is left out, as if the return had been made on that day.

Who is included
    Every child, restricted records included: it is an authority-wide return (PERMISSIONS.md). The
    lists hold no names. Each list's rows are read in chunks (``CHUNK``, keyset-ordered by the list's
    date, then primary key, so rows come in date order), and each chunk costs a fixed number of
    queries whatever it holds, as in performance/census/derive.py.

Dates
    A date derived from a time (a contact received, an assessment authorised, a visit) is its London
    date (DESIGN.md). Dates are written as real dates; "Age of Child (Years)" is the child's age in
    whole years on ``year_end`` (blank for a child not yet born, who is also "c) Not stated/recorded").

List 1, contacts
    One row per child per contact received in the period: the contact's date and source.
List 3, referrals
    One row per episode whose referral date is in the period. "Referral NFA?" is derived as in the
    CIN census: the episode was closed (by ``year_end``) and nothing followed the referral in it (no
    assessment, Section 47 enquiry or plan). "Number of Referrals in Last 12 Months" counts the
    child's other referrals in the 12 months before this referral's date, this one not included (so
    more than 0 means a re-referral by the DESIGN.md definition, as in Ofsted's own template, which
    shows 0 for a first referral).
List 4, assessments
    One row per child per assessment open at any time in the period (started by ``year_end`` and not
    authorised before the period). "Child Seen During Continuous Assessment": the child was seen on a
    finished visit (phone and video never count) between the start and the authorisation (or
    ``year_end``). Requiring support: as recorded at authorisation; blank while not authorised.
List 5, Section 47 enquiries and ICPCs
    One row per enquiry whose strategy discussion is in the period. The ICPC is the child's first
    initial conference on or after that date and before their next enquiry (as in the census), unless
    the enquiry concluded no conference was needed. "Was an ICPC deemed unnecessary?" is blank while
    the enquiry has not concluded. The two counts are the child's enquiries started and initial
    conferences held in the period.
List 6, children in need
    One row per episode open at any time in the period. Closure date and reason once closed by
    ``year_end``. "Date Child Was Last Seen": the child's latest finished visit, by ``year_end``, on
    which they were seen. Case status on ``year_end``: e) closed episode; else b) a CP plan in force;
    else c) an authorised CIN plan in force; else d) an assessment not yet authorised; else blank.
    a) looked after is not held (the Notes sheet says so).
List 7, child protection
    One row per CP plan in force at any time in the period. Last statutory visit: the child's latest
    finished statutory visit during the plan on which they were seen; "Was the Child Seen Alone?" from
    that visit (a) Yes / b) No; blank when recorded as not applicable). Latest review conference:
    the latest review conference on this plan by ``year_end``. Previous plans: the child's CP plans
    on our record that started before this one plus ``previous_cp_plans_elsewhere``. The EPO/police
    protection column is not held and is blank.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from performance.annex_a import labels as L

CHUNK = 500
DAY = datetime.timedelta(days=1)
# An assessment's narrative is never loaded.
NARRATIVE = tuple(
    f"assessment__{f}"
    for f in ("sections", "snapshot", "analysis", "timeframe_reason", "delay_reason", "returned_reason")
)
PERSON_FIELDS = (
    "id",
    "la_child_id",
    "sex",
    "ethnicity",
    "date_of_birth",
    "disabilities",
    "previous_cp_plans_elsewhere",
)


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    @property
    def start_at(self) -> datetime.datetime:
        """The first moment of the period (London)."""
        return _midnight(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first moment after the period (London)."""
        return _midnight(self.end + DAY)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def annex_period(year_end: datetime.date) -> Period:
    """The 12 months ending ``year_end``, both days included."""
    return Period(one_year_before(year_end) + DAY, year_end)


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _chunks(queryset: QuerySet, order: str, size: int | None = None) -> Iterator[list[Any]]:
    """Keyset pages of a queryset in (``order``, primary key) order: bounded memory, one query a page,
    and the rows in date order across pages. ``order`` names a field that is never null."""
    size = size or CHUNK
    queryset = queryset.order_by(order, "pk")
    last: tuple[Any, Any] | None = None
    while True:
        page = queryset
        if last is not None:
            page = queryset.filter(Q(**{f"{order}__gt": last[0]}) | Q(**{order: last[0], "pk__gt": last[1]}))
        rows = list(page[:size])
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        value = rows[-1]
        for part in order.split("__"):
            value = getattr(value, part)
        last = (value, rows[-1].pk)


def _group(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _team(case: Any) -> str:
    return case.team.name if case is not None and case.team_id else ""


def _worker(case: Any) -> str:
    worker = case.allocated_worker if case is not None and case.allocated_worker_id else None
    return worker.display_name if worker is not None else ""


def _closed_by(episode: Any, end: datetime.date) -> datetime.date | None:
    if episode.status == "closed" and episode.closure_date is not None and episode.closure_date <= end:
        return episode.closure_date
    return None


def _contains(episode: Any, day: datetime.date | None, end: datetime.date) -> bool:
    if day is None:
        return False
    closed = _closed_by(episode, end)
    return episode.referral_date <= day and (closed is None or day <= closed)


def _seen_visits(child_ids: list[Any], period: Period) -> dict[Any, list[Any]]:
    """Each child's finished, in-person visits by the period's end on which they were seen, with
    ``day`` (London date) set, oldest first."""
    from casework.models import VisitChild
    from casework.models.visits import REMOTE_KINDS

    rows = (
        VisitChild.objects.filter(
            child_id__in=child_ids,
            seen=True,
            visit__status="finished",
            visit__occurred_at__lt=period.end_before,
        )
        .exclude(visit__kind__in=[str(k) for k in REMOTE_KINDS])
        .select_related("visit")
        .only("id", "child_id", "seen", "seen_alone", "visit__id", "visit__occurred_at", "visit__statutory")
        .order_by("visit__occurred_at")
    )
    grouped = _group(rows, "child_id")
    for visits in grouped.values():
        for row in visits:
            row.day = _local(row.visit.occurred_at)
    return grouped


# --- List 1 -------------------------------------------------------------------------------------


def _contacts(period: Period) -> QuerySet:
    from casework.models import ContactChild

    return ContactChild.objects.filter(
        contact__received_at__gte=period.start_at, contact__received_at__lt=period.end_before
    )


def list_1(period: Period) -> Iterator[list[Any]]:
    query = (
        _contacts(period)
        .select_related("contact", "child")
        .only("id", "contact__id", "contact__received_at", "contact__source", *(f"child__{f}" for f in PERSON_FIELDS))
    )
    for chunk in _chunks(query, "contact__received_at"):
        for row in chunk:
            yield [
                *L.child_columns(row.child, period.end),
                _local(row.contact.received_at),
                L.source_label(row.contact.source),
            ]


# --- List 3 -------------------------------------------------------------------------------------


def _referrals(period: Period) -> QuerySet:
    from casework.models import Episode

    return Episode.objects.filter(referral_date__gte=period.start, referral_date__lte=period.end)


def _activity(child_ids: list[Any], end: datetime.date) -> tuple[dict, dict, dict]:
    """What followed referrals, for these children: assessment subjects, Section 47 dates and
    plan start dates by child."""
    from assessments.models import AssessmentChild
    from casework.models import Plan, Section47

    subjects = _group(
        AssessmentChild.objects.filter(child_id__in=child_ids, assessment__start_date__lte=end)
        .select_related("assessment")
        .only("id", "child_id", "episode_id", "assessment__id", "assessment__start_date"),
        "child_id",
    )
    enquiries = _group(
        Section47.objects.filter(child_id__in=child_ids, start_date__lte=end).only("id", "child_id", "start_date"),
        "child_id",
    )
    plans = _group(
        Plan.objects.filter(child_id__in=child_ids, start_date__lte=end)
        .exclude(status="draft")
        .only("id", "child_id", "start_date"),
        "child_id",
    )
    return subjects, enquiries, plans


def _followed(episode: Any, subjects: dict, enquiries: dict, plans: dict, end: datetime.date) -> bool:
    for subject in subjects.get(episode.child_id, []):
        if subject.episode_id == episode.pk or (
            subject.episode_id is None and _contains(episode, subject.assessment.start_date, end)
        ):
            return True
    if any(_contains(episode, s.start_date, end) for s in enquiries.get(episode.child_id, [])):
        return True
    return any(_contains(episode, p.start_date, end) for p in plans.get(episode.child_id, []))


def list_3(period: Period) -> Iterator[list[Any]]:
    from casework.models import Episode

    query = _referrals(period).select_related("child", "case__team", "case__allocated_worker")
    for chunk in _chunks(query, "referral_date"):
        ids = list({e.child_id for e in chunk})
        earlier = _group(
            Episode.objects.filter(
                child_id__in=ids, referral_date__gte=one_year_before(period.start), referral_date__lte=period.end
            ).only("id", "child_id", "referral_date"),
            "child_id",
        )
        subjects, enquiries, plans = _activity(ids, period.end)
        for episode in chunk:
            since = one_year_before(episode.referral_date)
            count = sum(
                1
                for other in earlier.get(episode.child_id, [])
                if other.pk != episode.pk and since <= other.referral_date < episode.referral_date
            )
            nfa = _closed_by(episode, period.end) is not None and not _followed(
                episode, subjects, enquiries, plans, period.end
            )
            yield [
                *L.child_columns(episode.child, period.end),
                episode.referral_date,
                L.source_label(episode.referral_source),
                L.yes_no(nfa),
                count,
                _team(episode.case),
                _worker(episode.case),
            ]


# --- List 4 -------------------------------------------------------------------------------------


def _assessment_subjects(period: Period) -> QuerySet:
    from assessments.models import AssessmentChild

    return AssessmentChild.objects.filter(assessment__start_date__lte=period.end).filter(
        Q(assessment__authorised_at__isnull=True) | Q(assessment__authorised_at__gte=period.start_at)
    )


def _authorised_on(assessment: Any, end: datetime.date) -> datetime.date | None:
    if assessment.status != "authorised":
        return None
    day = _local(assessment.authorised_at)
    return day if day is not None and day <= end else None


def list_4(period: Period) -> Iterator[list[Any]]:
    query = (
        _assessment_subjects(period)
        .select_related("child", "assessment", "assessment__case__team", "assessment__case__allocated_worker")
        .defer(*NARRATIVE)
    )
    for chunk in _chunks(query, "assessment__start_date"):
        visits = _seen_visits(list({s.child_id for s in chunk}), period)
        for subject in chunk:
            assessment = subject.assessment
            authorised = _authorised_on(assessment, period.end)
            until = authorised or period.end
            seen = any(assessment.start_date <= v.day <= until for v in visits.get(subject.child_id, []))
            yield [
                *L.child_columns(subject.child, period.end),
                L.disability_label(subject.child.disabilities),
                assessment.start_date,
                L.yes_no(seen),
                authorised,
                L.yes_no(subject.requires_support) if authorised else "",
                _team(assessment.case),
                _worker(assessment.case),
            ]


# --- List 5 -------------------------------------------------------------------------------------


def _enquiries(period: Period) -> QuerySet:
    from casework.models import Section47

    return Section47.objects.filter(
        Q(strategy_discussion__date__gte=period.start, strategy_discussion__date__lte=period.end)
    )


def _s47_start(s47: Any) -> datetime.date:
    return s47.strategy_discussion.date if s47.strategy_discussion_id else s47.start_date


def list_5(period: Period) -> Iterator[list[Any]]:
    from casework.models import ConferenceOutcome, Section47

    query = _enquiries(period).select_related("child", "strategy_discussion", "case__team", "case__allocated_worker")
    for chunk in _chunks(query, "strategy_discussion__date"):
        ids = list({s.child_id for s in chunk})
        all_enquiries = _group(
            Section47.objects.filter(child_id__in=ids)
            .select_related("strategy_discussion")
            .only("id", "child_id", "start_date", "strategy_discussion__id", "strategy_discussion__date"),
            "child_id",
        )
        initials = _group(
            ConferenceOutcome.objects.filter(
                child_id__in=ids, conference__kind="initial", conference__date__lte=period.end
            )
            .select_related("conference")
            .only("id", "child_id", "decision", "conference__id", "conference__date", "conference__kind")
            .order_by("conference__date", "conference__created_at"),
            "child_id",
        )
        for s47 in chunk:
            start = _s47_start(s47)
            later = sorted(_s47_start(o) for o in all_enquiries.get(s47.child_id, []) if _s47_start(o) > start)
            following = later[0] if later else None
            outcome = None
            if s47.outcome != "no_icpc":
                outcome = next(
                    (
                        o
                        for o in initials.get(s47.child_id, [])
                        if o.conference.date >= start and (following is None or o.conference.date < following)
                    ),
                    None,
                )
            concluded = bool(s47.outcome) and s47.completed_date is not None and s47.completed_date <= period.end
            unnecessary = L.yes_no(s47.outcome == "no_icpc") if concluded or outcome is not None else ""
            s47_count = sum(1 for o in all_enquiries.get(s47.child_id, []) if _s47_start(o) in period)
            icpc_count = len({o.conference_id for o in initials.get(s47.child_id, []) if o.conference.date in period})
            yield [
                *L.child_columns(s47.child, period.end),
                L.disability_label(s47.child.disabilities),
                start,
                unnecessary,
                outcome.conference.date if outcome is not None else None,
                L.yes_no(outcome.decision == "cp_plan") if outcome is not None else "",
                s47_count,
                icpc_count,
                _team(s47.case),
                _worker(s47.case),
            ]


# --- List 6 -------------------------------------------------------------------------------------


def _cin_episodes(period: Period) -> QuerySet:
    from casework.models import Episode

    return Episode.objects.filter(
        Q(referral_date__lte=period.end)
        & (~Q(status="closed") | Q(closure_date__isnull=True) | Q(closure_date__gte=period.start))
    )


def _in_force(plan: Any, end: datetime.date) -> bool:
    ended = plan.end_date if plan.status == "ended" else None
    return plan.start_date is not None and plan.start_date <= end and (ended is None or ended > end)


def list_6(period: Period) -> Iterator[list[Any]]:
    from assessments.models import AssessmentChild
    from casework.models import Plan

    query = _cin_episodes(period).select_related("child", "case__team", "case__allocated_worker")
    end = period.end
    for chunk in _chunks(query, "referral_date"):
        ids = list({e.child_id for e in chunk})
        visits = _seen_visits(ids, period)
        plans = _group(
            Plan.objects.filter(child_id__in=ids, start_date__lte=end)
            .exclude(status="draft")
            .only("id", "child_id", "kind", "status", "start_date", "end_date", "authorised_at"),
            "child_id",
        )
        subjects = _group(
            AssessmentChild.objects.filter(child_id__in=ids, assessment__start_date__lte=end)
            .select_related("assessment")
            .only(
                "id",
                "child_id",
                "episode_id",
                "assessment__id",
                "assessment__status",
                "assessment__start_date",
                "assessment__authorised_at",
            ),
            "child_id",
        )
        for episode in chunk:
            closed = _closed_by(episode, end)
            seen = [v.day for v in visits.get(episode.child_id, [])]
            mine = [p for p in plans.get(episode.child_id, []) if _contains(episode, p.start_date, end)]
            if closed is not None:
                status = L.CASE_STATUS_CLOSED
            elif any(p.kind == "cp" and _in_force(p, end) for p in mine):
                status = L.CASE_STATUS_CPP
            elif any(p.kind == "cin" and p.authorised_at is not None and _in_force(p, end) for p in mine):
                status = L.CASE_STATUS_CIN
            elif any(
                (
                    s.episode_id == episode.pk
                    or (s.episode_id is None and _contains(episode, s.assessment.start_date, end))
                )
                and _authorised_on(s.assessment, end) is None
                for s in subjects.get(episode.child_id, [])
            ):
                status = L.CASE_STATUS_ASSESSMENT
            else:
                status = ""
            yield [
                *L.child_columns(episode.child, end),
                L.disability_label(episode.child.disabilities),
                episode.referral_date,
                L.primary_need_label(episode.primary_need),
                seen[-1] if seen else None,
                closed,
                L.closure_reason_label(episode.closure_reason) if closed else "",
                status,
                _team(episode.case),
                _worker(episode.case),
            ]


# --- List 7 -------------------------------------------------------------------------------------


def _cp_plans(period: Period) -> QuerySet:
    from casework.models import Plan

    return (
        Plan.objects.filter(kind="cp", start_date__isnull=False, start_date__lte=period.end)
        .exclude(status="draft")
        .exclude(status="ended", end_date__lt=period.start)
    )


def list_7(period: Period) -> Iterator[list[Any]]:
    from casework.models import ConferenceOutcome, Plan

    end = period.end
    query = _cp_plans(period).select_related("child", "case__team", "case__allocated_worker")
    for chunk in _chunks(query, "start_date"):
        ids = list({p.child_id for p in chunk})
        visits = _seen_visits(ids, period)
        all_plans = _group(
            Plan.objects.filter(child_id__in=ids, kind="cp", start_date__isnull=False)
            .exclude(status="draft")
            .only("id", "child_id", "start_date", "created_at"),
            "child_id",
        )
        reviews = _group(
            ConferenceOutcome.objects.filter(
                plan_id__in=[p.pk for p in chunk], conference__kind="review", conference__date__lte=end
            )
            .select_related("conference")
            .only("id", "plan_id", "conference__id", "conference__date"),
            "plan_id",
        )
        for plan in chunk:
            ended = plan.end_date if plan.status == "ended" and plan.end_date and plan.end_date <= end else None
            until = ended or end
            statutory = [
                v for v in visits.get(plan.child_id, []) if v.visit.statutory and plan.start_date <= v.day <= until
            ]
            last = statutory[-1] if statutory else None
            alone = ""
            if last is not None and last.seen_alone in ("yes", "no"):
                alone = L.yes_no(last.seen_alone == "yes")
            review_dates = [o.conference.date for o in reviews.get(plan.pk, [])]
            previous = sum(
                1
                for p in all_plans.get(plan.child_id, [])
                if p.pk != plan.pk and (p.start_date, p.created_at) < (plan.start_date, plan.created_at)
            )
            yield [
                *L.child_columns(plan.child, end),
                L.disability_label(plan.child.disabilities),
                plan.start_date,
                L.category_label(plan.initial_category),
                L.category_label(plan.latest_category or plan.initial_category),
                last.day if last is not None else None,
                alone,
                max(review_dates) if review_dates else None,
                ended,
                "",  # EPO / police protection: not held (labels.NOT_HELD_COLUMNS)
                previous + (plan.child.previous_cp_plans_elsewhere or 0),
                _team(plan.case),
                _worker(plan.case),
            ]


# --- All lists ----------------------------------------------------------------------------------

BUILDERS = {
    "List 1": (list_1, _contacts),
    "List 3": (list_3, _referrals),
    "List 4": (list_4, _assessment_subjects),
    "List 5": (list_5, _enquiries),
    "List 6": (list_6, _cin_episodes),
    "List 7": (list_7, _cp_plans),
}


def annex_a_total(period: Period) -> int:
    """How many rows the lists will hold (for progress): one count query per list."""
    return sum(count(period).count() for _, count in BUILDERS.values())


def annex_a_rows(sheet: str, period: Period) -> Iterator[list[Any]] | None:
    """The rows of one list, or None for a list held elsewhere."""
    entry = BUILDERS.get(sheet)
    return entry[0](period) if entry is not None else None
