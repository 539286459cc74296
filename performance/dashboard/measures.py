"""The dashboard's measures: one function per measure, each returning a ``Table``.

Principles 4, 6 and 7 of DESIGN.md: timeliness is shown against the time frame that was agreed,
beside the national measures, with the recorded reasons; and quality beside it. Nothing is typed
for the dashboard: every number is read from the practice record.

Period
    ``Period(start, end)``: two dates, both included, as London dates (DESIGN.md "Time zone"). A
    time (a visit, a contact, an authorisation) is in the period when its London date is.

Scope
    ``team=None`` is the whole authority. For one team, a record belongs to the team that holds its
    case now (``Case.team``: a case transferred in brings its history with it); contacts belong to
    the front-door team that recorded them (``Contact.team``); supervision to the team's social
    workers; caseloads to the team's open cases.

Definitions
    - Assessment timeliness: assessments authorised in the period. Within the agreed time frame
      when the London date of authorisation is on or before the agreed due date; "no time frame
      agreed" when none was agreed. National measure: authorised within 45 working days of the
      earliest referral date of the assessed children's episodes (day 0 the referral date).
    - Longer ones: took longer than the agreed time frame, or (with none agreed) than 45 working
      days; grouped by ``delay_reason_category`` ("Not recorded" when blank). The words
      (``delay_reason``) only for a team's managers (``delay_reason_words``).
    - Initial conferences: one per child at an initial conference held in the period; within when
      the conference was on or before the child's Section 47 ``icpc_target_date`` (15 working days
      after the latest strategy discussion), or 15 working days after the enquiry's start if the
      target was not recorded. The enquiry is the child's latest one started on or before the
      conference date.
    - Seen: finished visits in the period, one row per child per visit. Seen means seen in person:
      telephone and video calls never count. Seen alone rate: "yes" out of "yes" and "no" among
      children seen in person; not applicable (a baby, a child who cannot communicate alone) left
      out.
    - No access: finished visits with outcome "no access". Child's words: completed finished
      visits with the child's words recorded, out of completed finished visits.
    - Statutory visits within frequency (casework/selectors_visits_due.py): each statutory
      in-person visit in the period where the child was seen, for a child on an authorised plan
      with a visiting frequency, is within when it is on or before the frequency's working days
      after the child's previous seen statutory visit (or the plan's start, whichever is later).
    - CIN plans reviewed on time: reviews in the period of CIN plans with a review frequency, on
      time when within the frequency (weeks) of the previous review or the plan's start; and plans
      open at the end of the period whose review was due by then and not held.
    - Supervision: active social workers of the team (of any team, for the authority) with at least
      one supervision in the period.
    - Re-referrals: referrals (episodes) with a referral date in the period; a re-referral is one
      within 12 months of the same child's previous referral (casework.selectors).
    - Contacts: received in the period, by source and decision (one per contact); by child's age
      at the London date received, and the decision for that child.
    - Caseloads: open cases now, and children on them with an open episode, per allocated worker.

Queries
    Each measure costs a fixed number of queries however many records there are.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from casework.core.chronology import london_date
from casework.core.working_days import add_working_days, working_days_between

NATIONAL_ASSESSMENT_DAYS = 45
NATIONAL_ICPC_DAYS = 15
AGE_BANDS = ["Unborn", "0 to 4", "5 to 9", "10 to 12", "13 to 15", "16 to 17", "18 or over", "Not known"]
NO_DECISION = "No decision yet"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_before(self) -> datetime.datetime:
        """The first moment after the period (London)."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))

    def times(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start_at, f"{field_name}__lt": self.end_before})

    def dates(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Chart:
    """How to draw a table: the label column, the value columns (series), and a reference line."""

    value_columns: list[int] = field(default_factory=lambda: [1])
    stacked: bool = False  # one bar per row, in patterned parts (the series), else one bar per series
    percent: bool = False  # the values are "NN%" cells, drawn on a 0 to 100 scale
    threshold: float | None = None  # the authority's reference line (a per cent when ``percent``)


@dataclass
class Table:
    name: str
    title: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def numeric(self) -> list[bool]:
        """Per column: every cell a number (or a per cent, or "-"), so it is right-aligned."""
        return [
            index > 0
            and bool(self.rows)
            and all(
                isinstance(row[index], int) or str(row[index]).endswith("%") or row[index] == "-" for row in self.rows
            )
            for index in range(len(self.columns))
        ]

    def value(self, row_label: str, column: str) -> Any:
        """The cell of the row labelled ``row_label`` (first column) under ``column``: for tests."""
        index = self.columns.index(column)
        for row in self.rows:
            if row[0] == row_label:
                return row[index]
        raise KeyError(row_label)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _case_scope(team: Any, prefix: str = "case__") -> Q:
    return Q(**{f"{prefix}team": team}) if team is not None else Q()


# --- Timeliness -----------------------------------------------------------------------------------


def _authorised_assessments(period: Period, team: Any) -> list[dict[str, Any]]:
    """Assessments authorised in the period, with the earliest referral of their children's episodes
    (two queries)."""
    from assessments.models import Assessment, AssessmentChild, AssessmentStatus

    rows = list(
        Assessment.objects.filter(period.times("authorised_at"), _case_scope(team), status=AssessmentStatus.AUTHORISED)
        .order_by("authorised_at")
        .values("id", "authorised_at", "due_date", "timeframe_agreed_at", "delay_reason_category", "delay_reason")
    )
    referrals: dict[Any, datetime.date] = {}
    subjects = AssessmentChild.objects.filter(
        assessment_id__in=[r["id"] for r in rows], episode__isnull=False
    ).values_list("assessment_id", "episode__referral_date")
    for assessment_id, referral_date in subjects:
        referrals[assessment_id] = min(referral_date, referrals.get(assessment_id, referral_date))
    for row in rows:
        row["authorised_on"] = london_date(row["authorised_at"])
        row["referral_date"] = referrals.get(row["id"])
        agreed = row["timeframe_agreed_at"] is not None and row["due_date"] is not None
        row["agreed"] = agreed
        row["within_agreed"] = agreed and row["authorised_on"] <= row["due_date"]
        if row["referral_date"] is None:
            row["within_national"] = None
        else:
            days = working_days_between(row["referral_date"], row["authorised_on"])
            row["within_national"] = days <= NATIONAL_ASSESSMENT_DAYS
        row["longer"] = (agreed and not row["within_agreed"]) or (not agreed and row["within_national"] is False)
    return rows


def assessment_timeliness(period: Period, team: Any = None) -> Table:
    rows = _authorised_assessments(period, team)
    total = len(rows)
    agreed_within = sum(1 for r in rows if r["within_agreed"])
    agreed_longer = sum(1 for r in rows if r["agreed"] and not r["within_agreed"])
    no_agreed = sum(1 for r in rows if not r["agreed"])
    nat_within = sum(1 for r in rows if r["within_national"] is True)
    nat_longer = sum(1 for r in rows if r["within_national"] is False)
    nat_unknown = sum(1 for r in rows if r["within_national"] is None)
    return Table(
        name="assessment_timeliness",
        title="Assessments: the time frame agreed, and 45 working days",
        caption="Assessments authorised in the period",
        columns=["Measured against", "Within", "Longer", "Not known", "Total", "Within (per cent)"],
        rows=[
            ["The time frame agreed", agreed_within, agreed_longer, no_agreed, total, percent(agreed_within, total)],
            ["45 working days from referral", nat_within, nat_longer, nat_unknown, total, percent(nat_within, total)],
        ],
        chart=Chart(value_columns=[1, 2, 3], stacked=True),
        notes=[
            '"Not known" against the time frame agreed: no time frame was agreed. Against 45 working days: '
            "no referral is recorded for the assessed children.",
            "An assessment is measured to the day it was authorised.",
        ],
    )


def delay_reasons(period: Period, team: Any = None) -> Table:
    from assessments.models import DelayReason

    rows = [r for r in _authorised_assessments(period, team) if r["longer"]]
    counts = Counter(r["delay_reason_category"] for r in rows)
    labels = [(code, str(label)) for code, label in DelayReason.choices] + [("", "Not recorded")]
    return Table(
        name="delay_reasons",
        title="Why assessments took longer",
        caption="Assessments authorised in the period that took longer, by the reason recorded",
        columns=["Reason recorded", "Assessments"],
        rows=[[label, counts.get(code, 0)] for code, label in labels],
        chart=Chart(),
        notes=["Longer: after the time frame agreed or, where none was agreed, after 45 working days from referral."],
    )


def delay_reason_words(period: Period, team: Any) -> Table:
    """The recorded words for each longer assessment: only ever for a team's managers."""
    from assessments.models import DelayReason

    labels = dict(DelayReason.choices)
    rows = [r for r in _authorised_assessments(period, team) if r["longer"]]
    return Table(
        name="delay_reason_words",
        title="The reasons in the team's words",
        caption="What was recorded about each assessment that took longer",
        columns=["Authorised on", "Reason recorded", "In the worker's words"],
        rows=[
            [
                r["authorised_on"].isoformat(),
                str(labels.get(r["delay_reason_category"], "Not recorded")),
                r["delay_reason"] or "(no words recorded)",
            ]
            for r in rows
        ],
    )


def icpc_timeliness(period: Period, team: Any = None) -> Table:
    from casework.models import ConferenceKind, ConferenceOutcome, Section47

    outcomes = list(
        ConferenceOutcome.objects.filter(
            period.dates("conference__date"),
            _case_scope(team, "conference__case__"),
            conference__kind=ConferenceKind.INITIAL,
        ).values_list("child_id", "conference__date")
    )
    enquiries: dict[Any, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for child_id, start, target in (
        Section47.objects.filter(child_id__in={c for c, _ in outcomes}, start_date__lte=period.end)
        .order_by("start_date", "created_at")
        .values_list("child_id", "start_date", "icpc_target_date")
    ):
        enquiries[child_id].append((start, target))
    within = later = unknown = 0
    for child_id, held_on in outcomes:
        started = [e for e in enquiries.get(child_id, []) if e[0] <= held_on]
        if not started:
            unknown += 1
            continue
        start, target = started[-1]
        if held_on <= (target or add_working_days(start, NATIONAL_ICPC_DAYS)):
            within += 1
        else:
            later += 1
    total = within + later + unknown
    return Table(
        name="icpc_timeliness",
        title="Initial child protection conferences: 15 working days",
        caption="Children at an initial child protection conference held in the period",
        columns=["Held", "Children", "Per cent"],
        rows=[
            ["Within 15 working days of the strategy discussion", within, percent(within, total)],
            ["Later than 15 working days", later, percent(later, total)],
            ["No Section 47 enquiry recorded", unknown, percent(unknown, total)],
        ],
        chart=Chart(),
    )


# --- Quality --------------------------------------------------------------------------------------


def children_seen(period: Period, team: Any = None, *, threshold: float | None = None) -> Table:
    from casework.models import REMOTE_KINDS, RecordStatus, SeenAlone, VisitChild

    rows = VisitChild.objects.filter(
        period.times("visit__occurred_at"), _case_scope(team, "visit__case__"), visit__status=RecordStatus.FINISHED
    )
    in_person = Q(seen=True) & ~Q(visit__kind__in=list(REMOTE_KINDS))
    counts = rows.aggregate(
        n_total=Count("id"),
        n_seen=Count("id", filter=in_person),
        alone_yes=Count("id", filter=in_person & Q(seen_alone=SeenAlone.YES)),
        alone_no=Count("id", filter=in_person & Q(seen_alone=SeenAlone.NO)),
        alone_na=Count("id", filter=in_person & Q(seen_alone=SeenAlone.NOT_APPLICABLE)),
    )
    counts["total"], counts["seen"] = counts["n_total"], counts["n_seen"]
    asked = counts["alone_yes"] + counts["alone_no"]
    return Table(
        name="children_seen",
        title="Children seen, and seen alone",
        caption="Children on visits finished in the period (a child on one visit counts once)",
        columns=["Measure", "Children", "Out of", "Per cent"],
        rows=[
            ["Seen in person", counts["seen"], counts["total"], percent(counts["seen"], counts["total"])],
            ["Seen alone (not applicable left out)", counts["alone_yes"], asked, percent(counts["alone_yes"], asked)],
            [
                "Seen alone: not applicable",
                counts["alone_na"],
                counts["seen"],
                percent(counts["alone_na"], counts["seen"]),
            ],
        ],
        chart=Chart(value_columns=[3], percent=True, threshold=threshold),
        notes=["Telephone and video calls never count as seen."],
    )


def visit_quality(period: Period, team: Any = None) -> Table:
    from casework.models import RecordStatus, Visit, VisitOutcome

    visits = Visit.objects.filter(period.times("occurred_at"), _case_scope(team), status=RecordStatus.FINISHED)
    completed = Q(outcome=VisitOutcome.COMPLETED)
    counts = visits.aggregate(
        total=Count("id"),
        n_no_access=Count("id", filter=Q(outcome=VisitOutcome.NO_ACCESS)),
        n_completed=Count("id", filter=completed),
        n_words=Count("id", filter=completed & ~Q(childs_words="")),
    )
    counts = {"total": counts["total"], **{k[2:]: v for k, v in counts.items() if k.startswith("n_")}}
    return Table(
        name="visit_quality",
        title="Visits: no access, and the child's words",
        caption="Visits finished in the period",
        columns=["Measure", "Visits", "Out of", "Per cent"],
        rows=[
            ["No access", counts["no_access"], counts["total"], percent(counts["no_access"], counts["total"])],
            [
                "The child's words recorded (completed visits)",
                counts["words"],
                counts["completed"],
                percent(counts["words"], counts["completed"]),
            ],
        ],
        chart=Chart(value_columns=[1, 2]),
    )


def statutory_visits(period: Period, team: Any = None, *, threshold: float | None = None) -> Table:
    from casework.models import REMOTE_KINDS, Plan, RecordStatus, VisitChild

    plans = list(
        Plan.objects.filter(
            _case_scope(team),
            authorised_at__isnull=False,
            start_date__isnull=False,
            start_date__lte=period.end,
            visiting_frequency_days__gt=0,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .values_list("child_id", "start_date", "end_date", "visiting_frequency_days")
    )
    seen_rows = (
        VisitChild.objects.filter(
            child_id__in={p[0] for p in plans},
            seen=True,
            visit__statutory=True,
            visit__status=RecordStatus.FINISHED,
            visit__occurred_at__lt=period.end_before,
        )
        .exclude(visit__kind__in=list(REMOTE_KINDS))
        .order_by("visit__occurred_at")
        .values_list("child_id", "visit__occurred_at")
    )
    seen_on: dict[Any, list[datetime.date]] = defaultdict(list)
    for child_id, occurred_at in seen_rows:
        seen_on[child_id].append(london_date(occurred_at))
    within = later = 0
    counted: set[tuple[Any, int]] = set()  # a visit on the day one plan ends and the next starts counts once
    for child_id, start, end, frequency in plans:
        days = seen_on.get(child_id, [])
        for i, day in enumerate(days):
            if day not in period or day < start or (end is not None and day > end) or (child_id, i) in counted:
                continue
            counted.add((child_id, i))
            before = [d for d in days[:i] if d >= start]
            base = max(before[-1], start) if before else start
            if day <= add_working_days(base, frequency):
                within += 1
            else:
                later += 1
    total = within + later
    return Table(
        name="statutory_visits",
        title="Statutory visits within the plan's visiting frequency",
        caption="Statutory visits in the period where a child on a plan was seen in person",
        columns=["Visit made", "Visits", "Per cent"],
        rows=[
            ["Within the plan's frequency", within, percent(within, total)],
            ["Later than the plan's frequency", later, percent(later, total)],
        ],
        chart=Chart(value_columns=[2], percent=True, threshold=threshold),
        notes=["Counted from the child's previous seen statutory visit, or the plan's start."],
    )


def _add_weeks(day: datetime.date, weeks: int) -> datetime.date:
    return day + datetime.timedelta(weeks=weeks)


def plan_reviews(period: Period, team: Any = None, *, threshold: float | None = None) -> Table:
    from casework.models import Plan, PlanKind, PlanReview

    plans = list(
        Plan.objects.filter(
            _case_scope(team),
            kind=PlanKind.CIN,
            authorised_at__isnull=False,
            start_date__isnull=False,
            start_date__lte=period.end,
            review_frequency_weeks__gt=0,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .values_list("id", "start_date", "end_date", "review_frequency_weeks")
    )
    reviews: dict[Any, list[datetime.date]] = defaultdict(list)
    for plan_id, day in (
        PlanReview.objects.filter(plan_id__in=[p[0] for p in plans], date__lte=period.end)
        .order_by("date")
        .values_list("plan_id", "date")
    ):
        reviews[plan_id].append(day)
    on_time = late = overdue = 0
    for plan_id, start, end, weeks in plans:
        previous = start
        for day in reviews.get(plan_id, []):
            if day in period:
                if day <= _add_weeks(previous, weeks):
                    on_time += 1
                else:
                    late += 1
            previous = max(previous, day)
        if (end is None or end > period.end) and _add_weeks(previous, weeks) < period.end:
            overdue += 1
    held = on_time + late
    return Table(
        name="plan_reviews",
        title="Child in need plans reviewed on time",
        caption="Reviews of child in need plans held in the period",
        columns=["Review", "Plans", "Per cent of reviews held"],
        rows=[
            ["Held on time", on_time, percent(on_time, held)],
            ["Held later than the plan's review frequency", late, percent(late, held)],
            ["Due by the end of the period and not held", overdue, "-"],
        ],
        chart=Chart(value_columns=[2], percent=True, threshold=threshold),
    )


def supervision_held(period: Period, team: Any = None, *, threshold: float | None = None) -> Table:
    from casework.core.models import Role, User
    from casework.models import Supervision

    workers = User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
    workers = workers.filter(teams=team) if team is not None else workers.filter(teams__isnull=False)
    supervised = Supervision.objects.filter(period.dates("date"), supervisee_id__in=workers.values("id"))
    counts = {
        "workers": workers.values("id").distinct().count(),
        "supervised": supervised.values("supervisee_id").distinct().count(),
        "sessions": supervised.count(),
    }
    return Table(
        name="supervision_held",
        title="Supervision held",
        caption="Social workers supervised in the period",
        columns=["Measure", "Number", "Out of", "Per cent"],
        rows=[
            [
                "Social workers supervised",
                counts["supervised"],
                counts["workers"],
                percent(counts["supervised"], counts["workers"]),
            ],
            ["Supervision sessions", counts["sessions"], "-", "-"],
        ],
        chart=Chart(value_columns=[3], percent=True, threshold=threshold),
    )


def rereferrals(period: Period, team: Any = None, *, threshold: float | None = None) -> Table:
    from casework.models import Episode
    from casework.selectors import episodes_rereferral_ids

    episodes = list(
        Episode.objects.filter(period.dates("referral_date"), _case_scope(team)).only("id", "child_id", "referral_date")
    )
    again = len(episodes_rereferral_ids(episodes))
    total = len(episodes)
    return Table(
        name="rereferrals",
        title="Re-referrals within 12 months",
        caption="Referrals in the period",
        columns=["Referrals", "Number", "Per cent"],
        rows=[
            ["Re-referral within 12 months of the child's previous referral", again, percent(again, total)],
            ["First referral in 12 months", total - again, percent(total - again, total)],
        ],
        chart=Chart(value_columns=[2], percent=True, threshold=threshold),
    )


def _decision_columns() -> list[tuple[str, str]]:
    from casework.models import Decision

    return [(code, str(label)) for code, label in Decision.choices] + [("", NO_DECISION)]


def contacts_by_source(period: Period, team: Any = None) -> Table:
    from casework.core.codes import REFERRAL_SOURCE
    from casework.models import Contact

    decisions = _decision_columns()
    cells: dict[tuple[str, str], int] = Counter()
    anonymous: Counter[str] = Counter()
    scope = Q(team=team) if team is not None else Q()
    for source, decision, is_anonymous, n in (
        Contact.objects.filter(period.times("received_at"), scope)
        .values_list("source", "decision", "anonymous")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(source, decision)] += n
        if is_anonymous:
            anonymous[decision] += n
    rows = []
    for code, label in REFERRAL_SOURCE:
        counts = [cells[(code, d)] for d, _ in decisions]
        rows.append([label, *counts, sum(counts)])
    counts = [anonymous[d] for d, _ in decisions]
    rows.append(["Referrer asked not to be named (any source)", *counts, sum(counts)])
    totals = [sum(cells[(c, d)] for c, _ in REFERRAL_SOURCE) for d, _ in decisions]
    rows.append(["All contacts", *totals, sum(totals)])
    return Table(
        name="contacts_by_source",
        title="Contacts by source and decision",
        caption="Contacts received in the period, by who made them and what was decided",
        columns=["Source", *[label for _, label in decisions], "Total"],
        rows=rows,
        chart=Chart(value_columns=list(range(1, len(decisions) + 1)), stacked=True),
        notes=["Team: contacts recorded by the front-door team."],
    )


def age_band(born: datetime.date | None, expected: datetime.date | None, on: datetime.date) -> str:
    if born is None or born > on:
        return "Unborn" if (expected is not None or born is not None) else "Not known"
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for top, label in ((4, "0 to 4"), (9, "5 to 9"), (12, "10 to 12"), (15, "13 to 15"), (17, "16 to 17")):
        if years <= top:
            return label
    return "18 or over"


def contacts_by_age(period: Period, team: Any = None) -> Table:
    from casework.models import ContactChild

    decisions = _decision_columns()
    scope = Q(contact__team=team) if team is not None else Q()
    cells: Counter[tuple[str, str]] = Counter()
    for received_at, outcome, decision, born, expected in ContactChild.objects.filter(
        period.times("contact__received_at"), scope
    ).values_list(
        "contact__received_at",
        "outcome",
        "contact__decision",
        "child__date_of_birth",
        "child__expected_date_of_birth",
    ):
        cells[(age_band(born, expected, london_date(received_at)), outcome or decision)] += 1
    rows = []
    for band in AGE_BANDS:
        counts = [cells[(band, d)] for d, _ in decisions]
        if band in ("18 or over", "Not known") and not sum(counts):
            continue
        rows.append([band, *counts, sum(counts)])
    return Table(
        name="contacts_by_age",
        title="Contacts by the child's age",
        caption="Children on contacts received in the period, by age on the day and the decision for them",
        columns=["Age", *[label for _, label in decisions], "Total"],
        rows=rows,
        chart=Chart(value_columns=list(range(1, len(decisions) + 1)), stacked=True),
    )


def caseloads(period: Period | None = None, team: Any = None) -> Table:
    from casework.models import Case, CaseStatus, EpisodeStatus

    rows = (
        Case.objects.filter(_case_scope(team, ""), status=CaseStatus.OPEN)
        .values("allocated_worker__first_name", "allocated_worker__last_name", "allocated_worker_id")
        .annotate(
            cases=Count("id", distinct=True),
            children=Count("episodes__child", filter=~Q(episodes__status=EpisodeStatus.CLOSED), distinct=True),
        )
        .order_by("allocated_worker__last_name", "allocated_worker__first_name")
    )
    table_rows = []
    unallocated = None
    for row in rows:
        if row["allocated_worker_id"] is None:
            unallocated = ["Not allocated", row["cases"], row["children"]]
            continue
        name = f"{row['allocated_worker__first_name']} {row['allocated_worker__last_name']}".strip()
        table_rows.append([name, row["cases"], row["children"]])
    if unallocated:
        table_rows.append(unallocated)
    return Table(
        name="caseloads",
        title="Caseloads",
        caption="Open cases and the children on them, per allocated worker, today",
        columns=["Worker", "Open cases", "Children"],
        rows=table_rows,
        chart=Chart(value_columns=[1, 2]),
        notes=["Caseloads are as they stand today, whatever the period chosen."],
    )


# name -> (function, the threshold setting's key when it takes one)
MEASURES = [
    ("assessment_timeliness", assessment_timeliness),
    ("delay_reasons", delay_reasons),
    ("icpc_timeliness", icpc_timeliness),
    ("children_seen", children_seen),
    ("visit_quality", visit_quality),
    ("statutory_visits", statutory_visits),
    ("plan_reviews", plan_reviews),
    ("supervision_held", supervision_held),
    ("rereferrals", rereferrals),
    ("contacts_by_source", contacts_by_source),
    ("contacts_by_age", contacts_by_age),
    ("caseloads", caseloads),
]
TABLE_NAMES = [name for name, _ in MEASURES] + ["delay_reason_words"]
THRESHOLD_MEASURES = {
    "children_seen",
    "statutory_visits",
    "plan_reviews",
    "supervision_held",
    "rereferrals",
}


def dashboard_tables(
    period: Period, team: Any = None, *, words: bool = False, thresholds: dict | None = None
) -> list[Table]:
    """Every table, in the page's order; the reasons' words only when ``words`` (a team's manager)."""
    thresholds = thresholds or {}
    tables = []
    for name, function in MEASURES:
        kwargs = {"threshold": thresholds[name]} if name in THRESHOLD_MEASURES and name in thresholds else {}
        tables.append(function(period, team, **kwargs))
        if name == "delay_reasons" and words and team is not None:
            tables.append(delay_reason_words(period, team))
    return tables
