"""The CIN census derived from the practice record (returns.md section 1; issue 13).

Nobody edits the return: every value below is read or derived from the records practitioners keep,
and a wrong value is fixed where it was recorded. The decisions, rule by rule:

Who is in it
    Every child with an episode open at any time in the collection year (referral on or before
    31 March, and not closed before 1 April), restricted records included. Each of the child's
    episodes overlapping the year is one ``CINdetails``, oldest first.

As at the reference date
    The census describes the year as it stood on 31 March, so a return made later leaves out
    what happened after it: an episode closed after 31 March is reported open (no closure date or
    reason), and likewise an assessment authorised, a plan ended, a conference held or a death
    recorded after 31 March is left out; anything that started after 31 March is not reported.
    A child born after 31 March is reported unborn (below). An episode whose closure is still
    waiting for a manager's authorisation is open.

What happened before the year
    Modules that finished before 1 April are left out (CINV rules 8696, 4013, 8715, 8930 refuse
    them): an assessment authorised before the year, a CIN or CP plan ended before it, a Section
    47 enquiry whose conference was held, or that concluded, before it. CP plan review dates are
    those of review conferences held in the year.

Identifiers
    ``UPN`` as recorded. Without a UPN, ``UPNunknown`` as recorded, except ``UN7`` ("referral
    with no further action"), which is derived: it is given when every one of the child's census
    episodes is a referral with no further action (CINV 8772). ``FormerUPN`` as recorded.
    A child not born by 31 March is unborn: no ``PersonBirthDate``, ``ExpectedPersonBirthDate``
    (the expected date, or the date of birth if the child has since been born) and ``Sex`` U
    (CINV 4180/8750). Disabilities are as recorded (none recorded: no ``Disabilities`` element;
    the validation page reports it, rule 8540).

Episodes
    Referral date and source, primary need, closure date and reason as recorded on the episode
    (closure only once the episode is closed). ``ReferralNFA`` is derived, never typed: the
    episode was closed (by 31 March) and nothing followed the referral in it - no assessment was
    started (the definition the API uses, casework.presenters.cases.referral_nfa), and also no
    Section 47 enquiry, no conference, no CIN or CP plan (CINV 8831, 8832 and 4000 refuse any of
    them on an NFA referral).

Which episode a module belongs to
    An assessment belongs to the episode its ``AssessmentChild`` row names; without one, to the
    child's episode whose dates contain its start date. Plans, Section 47 enquiries and
    conferences have no episode of their own: each belongs to the child's episode whose dates
    contain its start (plan start, strategy discussion, conference date). Something outside every
    census episode of the child is not reported.

Assessments
    ``AssessmentActualStartDate`` is the start date; ``AssessmentInternalReviewDate`` as
    recorded; ``AssessmentAuthorisationDate`` is the London date of ``authorised_at`` (only once
    authorised); the child's factors from ``AssessmentChild.factors`` only once authorised (CINV
    8614: factors belong to completed assessments). Every assessment started is reported, drafts
    included: the census counts assessments from their actual start.

CIN plans
    Plans of kind ``cin`` that were authorised (``authorised_at`` set), whether still authorised
    or since ended: start and end dates. A draft, including a draft ended unauthorised when a CP
    plan replaced it, was never a plan and is not reported.

Section 47
    ``S47ActualStartDate`` is the date of the strategy discussion that started the enquiry;
    ``InitialCPCtarget`` as recorded (15 working days after the latest discussion).
    ``DateOfInitialCPC`` is the date of the first initial conference with a decision for this child
    on or after the enquiry's start (and before the child's next enquiry), unless the enquiry
    concluded that no conference was needed. ``ICPCnotRequired`` is 1 when the enquiry concluded
    (by 31 March) with "no conference needed", else 0.

Episode-level DateOfInitialCPC
    CINV 2884 forbids recording a conference at both levels, and 2885/2883 need every CP plan
    starting in the year to match a conference at one of them. So the episode carries the date of
    an initial or transfer-in conference held in the year for the child in that episode that is
    not any Section 47 enquiry's conference (a transfer-in conference, or an initial conference
    with no enquiry on our record); the earliest if there are several. Otherwise it is empty.

CP plans
    Plans of kind ``cp``: start and end dates, initial and latest category;
    ``NumberOfPreviousCPP`` counts this child's CP plans on our record that started before this
    one, plus ``previous_cp_plans_elsewhere``; ``CPPreviewDate`` for each review conference in the
    year that decided on this plan.

Queries
    Children are read in chunks (ordered by LA child ID); each chunk costs a fixed number of
    queries (people, episodes, assessments, plans, Section 47 enquiries, conference decisions),
    however many children and records it holds, and nothing outside the chunk stays in memory.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from performance.census.model import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusHeader,
    CensusSection47,
    census_period,
)

SOFTWARE_CODE = "Casework"
RELEASE_FALLBACK = "0.1.0"  # when the installed package's version cannot be read
SERIAL_COUNTER = "cin_census_serial"
RESTRICTED_NAME = "Restricted record"
# Only the columns the census reads (an assessment's narrative sections are never loaded).
PERSON_FIELDS = (
    "id",
    "la_child_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "ethnicity",
    "disabilities",
    "upn",
    "former_upn",
    "upn_unknown",
    "previous_cp_plans_elsewhere",
    "restricted",
)
EPISODE_FIELDS = (
    "id",
    "case_id",
    "child_id",
    "referral_date",
    "referral_source",
    "primary_need",
    "status",
    "closure_date",
    "closure_reason",
    "opened_at",
)
SUBJECT_FIELDS = (
    "id",
    "child_id",
    "episode_id",
    "factors",
    "assessment__id",
    "assessment__status",
    "assessment__start_date",
    "assessment__internal_review_date",
    "assessment__authorised_at",
    "assessment__created_at",
)
PLAN_FIELDS = (
    "id",
    "child_id",
    "kind",
    "status",
    "start_date",
    "end_date",
    "initial_category",
    "latest_category",
    "authorised_at",
    "created_at",
)
SECTION47_FIELDS = (
    "id",
    "child_id",
    "start_date",
    "icpc_target_date",
    "outcome",
    "completed_date",
    "created_at",
    "strategy_discussion__id",
    "strategy_discussion__date",
)
OUTCOME_FIELDS = (
    "id",
    "child_id",
    "plan_id",
    "decision",
    "conference__id",
    "conference__kind",
    "conference__date",
    "conference__created_at",
)


def software_release() -> str:
    """The project version (pyproject.toml, as installed), or a constant if it cannot be read."""
    import casework

    version = getattr(casework, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as package_version

        return package_version("casework")
    except (ImportError, PackageNotFoundError):  # pragma: no cover - always installed here
        return RELEASE_FALLBACK


def census_header(year_end: datetime.date, *, serial_no: int | None = None) -> CensusHeader:
    """The header of one export. Without ``serial_no`` the persisted counter is advanced: each
    export made gets a new, higher ``SerialNo``."""
    census_period(year_end)  # refuses a date that is not 31 March
    if serial_no is None:
        from casework.core.versioning import counter_next

        serial_no = counter_next(SERIAL_COUNTER)
    return CensusHeader(
        year=year_end.year,
        reference_date=year_end,
        lea=str(settings.LA_CODE),
        software_code=SOFTWARE_CODE,
        release=software_release(),
        serial_no=serial_no,
        generated_at=timezone.localtime().replace(microsecond=0),
    )


def _episodes_in_year(start: datetime.date, end: datetime.date) -> Q:
    """Referred by the year's end and not closed before it began (a closure still waiting for a
    manager's authorisation is not a closure)."""
    return Q(referral_date__lte=end) & (~Q(status="closed") | Q(closure_date__isnull=True) | Q(closure_date__gte=start))


def census_children_count(year_end: datetime.date) -> int:
    """How many children the census for this year holds (for progress)."""
    from casework.models import Episode

    start, end = census_period(year_end)
    return Episode.objects.filter(_episodes_in_year(start, end)).values("child_id").distinct().count()


def census_children(year_end: datetime.date, *, chunk_size: int = 500) -> Iterator[CensusChild]:
    """Every child with an episode open at any time in the year, with everything under them."""
    from casework.models import Episode
    from families.models import Person

    start, end = census_period(year_end)
    in_year = Episode.objects.filter(_episodes_in_year(start, end), child_id=OuterRef("pk"))
    people = Person.objects.filter(Exists(in_year)).only(*PERSON_FIELDS).order_by("la_child_id")
    last = None
    while True:
        page = people if last is None else people.filter(la_child_id__gt=last)
        chunk = list(page[:chunk_size])
        if not chunk:
            return
        yield from _derive_chunk(chunk, start, end)
        if len(chunk) < chunk_size:
            return
        last = chunk[-1].la_child_id


# --- One chunk ----------------------------------------------------------------------------------


def _contains(episode: Any, day: datetime.date) -> bool:
    closed = episode.closure_date if episode.status == "closed" else None
    return episode.referral_date <= day and (closed is None or day <= closed)


def _episode_on(episodes: list[Any], day: datetime.date | None) -> Any:
    """The child's episode whose dates contain ``day`` (the latest referral if they overlap)."""
    if day is None:
        return None
    found = None
    for episode in episodes:  # oldest first
        if _contains(episode, day):
            found = episode
    return found


def _group(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _derive_chunk(people: list[Any], start: datetime.date, end: datetime.date) -> Iterator[CensusChild]:
    from assessments.models import AssessmentChild
    from casework.models import ConferenceOutcome, Episode, Plan, Section47

    ids = [p.pk for p in people]
    episodes = _group(
        Episode.objects.filter(_episodes_in_year(start, end), child_id__in=ids)
        .only(*EPISODE_FIELDS)
        .order_by("referral_date", "opened_at"),
        "child_id",
    )
    subjects = _group(
        AssessmentChild.objects.filter(child_id__in=ids, assessment__start_date__lte=end)
        .select_related("assessment")
        .only(*SUBJECT_FIELDS)
        .order_by("assessment__start_date", "assessment__created_at"),
        "child_id",
    )
    plans = _group(
        Plan.objects.filter(child_id__in=ids, start_date__isnull=False)
        .exclude(status="draft")
        .only(*PLAN_FIELDS)
        .order_by("start_date", "created_at"),
        "child_id",
    )
    enquiries = _group(
        Section47.objects.filter(child_id__in=ids)
        .select_related("strategy_discussion")
        .only(*SECTION47_FIELDS)
        .order_by("start_date", "created_at"),
        "child_id",
    )
    outcomes = _group(
        ConferenceOutcome.objects.filter(child_id__in=ids)
        .select_related("conference")
        .only(*OUTCOME_FIELDS)
        .order_by("conference__date", "conference__created_at"),
        "child_id",
    )
    for person in people:
        yield _child(
            person,
            episodes.get(person.pk, []),
            subjects.get(person.pk, []),
            plans.get(person.pk, []),
            enquiries.get(person.pk, []),
            outcomes.get(person.pk, []),
            start,
            end,
        )


def _in_time(day: datetime.date | None, end: datetime.date) -> datetime.date | None:
    """A date as the census sees it on the reference date: anything later has not happened yet."""
    return day if day is not None and day <= end else None


def _child(
    person: Any,
    episodes: list[Any],
    subjects: list[Any],
    plans: list[Any],
    enquiries: list[Any],
    outcomes: list[Any],
    start: datetime.date,
    end: datetime.date,
) -> CensusChild:
    census_episodes = {e.pk: _episode(e, end) for e in episodes}
    activity: set[Any] = set()  # episodes in which anything followed the referral

    for subject in subjects:
        named = subject.episode_id
        episode = (
            census_episodes.get(named)
            if named
            else census_episodes.get(getattr(_episode_on(episodes, subject.assessment.start_date), "pk", None))
        )
        if episode is None:
            continue
        activity.add(episode.episode_id)
        if (item := _assessment(subject, start, end)) is not None:
            episode.assessments.append(item)

    cp_plans = [p for p in plans if p.kind == "cp"]
    for plan in plans:
        episode = census_episodes.get(getattr(_episode_on(episodes, plan.start_date), "pk", None))
        if episode is None:
            continue
        if plan.kind == "cin":
            if plan.authorised_at is None:
                continue
            activity.add(episode.episode_id)
            if (item := _cin_plan(plan, start, end)) is not None:
                episode.cin_plans.append(item)
        else:
            activity.add(episode.episode_id)
            if (item := _cp_plan(person, plan, cp_plans, outcomes, start, end)) is not None:
                episode.cp_plans.append(item)

    initials = [o for o in outcomes if o.conference.kind == "initial"]
    claimed: set[Any] = set()  # conferences that are an enquiry's initial conference
    for index, s47 in enumerate(enquiries):
        s47_start = s47.strategy_discussion.date if s47.strategy_discussion_id else s47.start_date
        following = enquiries[index + 1].start_date if index + 1 < len(enquiries) else None
        conference = None
        if s47.outcome != "no_icpc":
            conference = next(
                (
                    o.conference
                    for o in initials
                    if o.conference.date >= s47_start and (following is None or o.conference.date < following)
                ),
                None,
            )
        if conference is not None:
            claimed.add(conference.pk)
        episode = census_episodes.get(getattr(_episode_on(episodes, s47_start), "pk", None))
        if episode is None:
            continue
        activity.add(episode.episode_id)
        if (item := _section47(s47, s47_start, conference, start, end)) is not None:
            episode.section47s.append(item)

    for outcome in outcomes:
        conference = outcome.conference
        if conference.kind not in ("initial", "transfer_in"):
            continue
        episode = census_episodes.get(getattr(_episode_on(episodes, conference.date), "pk", None))
        if episode is None:
            continue
        activity.add(episode.episode_id)
        if conference.pk in claimed or not (start <= conference.date <= end):
            continue
        if episode.date_of_initial_cpc is None or conference.date < episode.date_of_initial_cpc:
            episode.date_of_initial_cpc = conference.date

    for episode in census_episodes.values():
        episode.referral_nfa = episode.closure_date is not None and episode.episode_id not in activity

    return _identifiers(person, list(census_episodes.values()), end)


def _identifiers(person: Any, episodes: list[CensusEpisode], end: datetime.date) -> CensusChild:
    born = person.date_of_birth if person.date_of_birth and person.date_of_birth <= end else None
    unborn = born is None
    upn = person.upn or ""
    upn_unknown = "" if upn else (person.upn_unknown or "")
    if not upn and episodes and all(e.referral_nfa for e in episodes):
        upn_unknown = "UN7"
    return CensusChild(
        person_id=person.pk,
        la_child_id=person.la_child_id,
        sex="U" if unborn else (person.sex or "U"),
        ethnicity=person.ethnicity or "",
        upn=upn,
        former_upn=person.former_upn or "",
        upn_unknown=upn_unknown,
        birth_date=born,
        expected_birth_date=(person.expected_date_of_birth or person.date_of_birth) if unborn else None,
        death_date=_in_time(person.date_of_death, end),
        disabilities=list(dict.fromkeys(person.disabilities or [])),
        episodes=episodes,
        name=RESTRICTED_NAME if person.restricted else person.full_name,
        restricted=person.restricted,
    )


def _episode(episode: Any, end: datetime.date) -> CensusEpisode:
    closed = episode.status == "closed" and episode.closure_date is not None and episode.closure_date <= end
    return CensusEpisode(
        episode_id=episode.pk,
        case_id=episode.case_id,
        referral_date=episode.referral_date,
        referral_source=episode.referral_source or "",
        primary_need=episode.primary_need or "",
        closure_date=episode.closure_date if closed else None,
        reason_for_closure=(episode.closure_reason or "") if closed else "",
    )


def _assessment(subject: Any, start: datetime.date, end: datetime.date) -> CensusAssessment | None:
    assessment = subject.assessment
    authorised = None
    if assessment.status == "authorised" and assessment.authorised_at is not None:
        authorised = timezone.localdate(assessment.authorised_at)
    if authorised is not None and authorised < start:
        return None  # completed before the year
    authorised = _in_time(authorised, end)
    return CensusAssessment(
        assessment_id=assessment.pk,
        start_date=assessment.start_date,
        internal_review_date=_in_time(assessment.internal_review_date, end),
        authorisation_date=authorised,
        factors=list(dict.fromkeys(subject.factors or [])) if authorised else [],
    )


def _cin_plan(plan: Any, start: datetime.date, end: datetime.date) -> CensusCINPlan | None:
    ended = plan.end_date if plan.status == "ended" else None
    if plan.start_date > end or (ended is not None and ended < start):
        return None
    return CensusCINPlan(plan_id=plan.pk, start_date=plan.start_date, end_date=_in_time(ended, end))


def _cp_plan(
    person: Any, plan: Any, cp_plans: list[Any], outcomes: list[Any], start: datetime.date, end: datetime.date
) -> CensusCPPlan | None:
    ended = plan.end_date if plan.status == "ended" else None
    if plan.start_date > end or (ended is not None and ended < start):
        return None
    earlier = sum(
        1 for p in cp_plans if p.pk != plan.pk and (p.start_date, p.created_at) < (plan.start_date, plan.created_at)
    )
    reviews = sorted(
        {
            o.conference.date
            for o in outcomes
            if o.plan_id == plan.pk and o.conference.kind == "review" and start <= o.conference.date <= end
        }
    )
    return CensusCPPlan(
        plan_id=plan.pk,
        start_date=plan.start_date,
        end_date=_in_time(ended, end),
        initial_category=plan.initial_category or "",
        latest_category=plan.latest_category or plan.initial_category or "",
        number_of_previous_cpp=earlier + (person.previous_cp_plans_elsewhere or 0),
        review_dates=reviews,
    )


def _section47(
    s47: Any, s47_start: datetime.date, conference: Any, start: datetime.date, end: datetime.date
) -> CensusSection47 | None:
    if s47_start > end:
        return None
    icpc = conference.date if conference is not None else None
    not_required = s47.outcome == "no_icpc" and s47.completed_date is not None
    finished = icpc if icpc is not None else s47.completed_date
    if finished is not None and finished < start:
        return None  # concluded before the year
    return CensusSection47(
        section47_id=s47.pk,
        start_date=s47_start,
        icpc_target=s47.icpc_target_date,
        date_of_initial_cpc=_in_time(icpc, end),
        icpc_not_required=not_required and s47.completed_date <= end,
        conference_id=conference.pk if conference is not None and icpc <= end else None,
    )
