"""A synthetic local authority for the CIN census: several hundred children with varied journeys.

``build_synthetic_authority`` writes the records the census reads (people, families, cases,
episodes, assessments, plans, strategy discussions, Section 47 enquiries, conferences) straight
into the database with ``bulk_create``: fast enough for the 10,000-child benchmark. It keeps the
invariants the services keep: one open case per family, episodes one per child per referral and
at most one open, at most one open plan per child, a CP plan started by an initial conference on
the day of the conference and ended by a review conference, closures only once every assessment is
authorised and every Section 47 finished, RC2 only with a date of death, RC8/RC9 only after an
assessment, ``referral_nfa`` (closed with no assessment) episodes with nothing under them.

Every journey is built so the census of the year ending ``year_end`` is valid against the DfE rules
(shared/returns.md section 1): weekday conferences, Section 47 targets 15 working days after the
strategy discussion, UPNs with valid check letters and a recognised LA code. History rows
(django-simple-history) and access grants are not written: nothing in the census reads them.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter
from typing import Any

from django.utils import timezone

from casework.core.codes import DISABILITY, ETHNICITY, REFERRAL_SOURCE
from casework.core.models import Role, Team, TeamKind, User
from casework.core.working_days import add_working_days
from families.validators import upn_check_letter

D = datetime.date
DAY = datetime.timedelta(days=1)

# Codes used in the journeys (valid in the 2025-26 and 2026-27 specifications).
ETHNICITIES = [code for code, _ in ETHNICITY]
DISABILITIES = [code for code, _ in DISABILITY if code != "NONE"]
SOURCES = [code for code, _ in REFERRAL_SOURCE]
NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]
FACTORS = [
    "1B", "2B", "3A", "3B", "3C", "4A", "4B", "5B", "6A", "6B", "7A", "8B", "9A", "10A", "11A", "12A",
    "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "22A", "23A", "24A",
]  # fmt: skip
CATEGORIES = ["NEG", "NEG", "EMO", "PHY", "SAB", "MUL"]
YEAR_END = D(2026, 3, 31)
UPN_LA = "201"  # characters 2-4 of a UPN: a recognised DfE LA code (CINV rule 1530)

# Journeys, in the order children are given them (the list repeats; "siblings" makes two children);
# every kind appears at least once from 32 children up. The special children (unborn, two episodes,
# death, ...) come first.
JOURNEYS = [
    "unborn",
    "two_episodes",
    "died",
    "previous_plan",
    "cp_from_before",
    "transfer",
    "restricted",
    "siblings",
    "adopted",
    "to_adults",
    "moved_away",
    "cao",
    "sgo",
    "nfa",
    "nfa",
    "nfa",
    "assessed_nfa",
    "assessed_early_help",
    "assessing",
    "cin_plan_open",
    "cin_plan_closed",
    "s47_no_conference",
    "s47_conference_no_plan",
    "cp_open",
    "cp_ended_step_down",
    "cp_ended_closed",
    "from_before_open",
    "nfa",
    "assessed_nfa",
    "cin_plan_open",
    "cp_open",
]


def _weekday(d: datetime.date) -> datetime.date:
    while d.weekday() >= 5:
        d += DAY
    return d


def _noon(d: datetime.date) -> datetime.datetime:
    """Midday London time on a date (so the London date of the datetime is that date)."""
    return timezone.make_aware(datetime.datetime(d.year, d.month, d.day, 12, 0))


def make_upn(serial: int, la: str = UPN_LA) -> str:
    """A permanent UPN with a valid check letter: check letter, LA code, 9 digits from ``serial``."""
    body = f"{la}{serial % 10**9:09d}"
    return upn_check_letter("A" + body) + body


class _Builder:
    def __init__(self, *, year_end: datetime.date, seed: int, prefix: str) -> None:
        self.rng = random.Random(seed)
        self.year_end = year_end
        self.year_start = D(year_end.year - 1, 4, 1)
        self.prefix = prefix
        self.counts: Counter[str] = Counter()
        self.rows: dict[str, list[Any]] = {
            k: []
            for k in (
                "person",
                "family",
                "membership",
                "case",
                "episode",
                "assessment",
                "assessment_child",
                "plan",
                "strategy",
                "strategy_child",
                "section47",
                "conference",
                "outcome",
            )
        }
        self.upn_serial = self.rng.randrange(10**8) * 7

    # --- people, users, template -----------------------------------------------------------

    def setup(self) -> None:
        from assessments.models import AssessmentTemplate, TemplateStatus

        self.teams = [
            Team.objects.get_or_create(name=f"Census {name}", defaults={"kind": TeamKind.LONG_TERM})[0]
            for name in ("North", "South")
        ]
        self.worker, _ = User.objects.get_or_create(
            username="census-synthetic-worker", defaults={"role": Role.SOCIAL_WORKER, "first_name": "Sam"}
        )
        self.manager, _ = User.objects.get_or_create(
            username="census-synthetic-manager", defaults={"role": Role.TEAM_MANAGER, "first_name": "Alex"}
        )
        self.template, _ = AssessmentTemplate.objects.get_or_create(
            key="census-synthetic",
            version=1,
            defaults={"name": "Synthetic assessment", "status": TemplateStatus.PUBLISHED, "sections": []},
        )

    def rand_date(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def person(self, n: int, journey: str, **extra: Any) -> Any:
        from families.models import Person

        rng = self.rng
        age = rng.choice([0, 1, 3, 5, 7, 9, 11, 12, 13, 14, 15, 16])
        dob = self.rand_date(D(self.year_start.year - age - 1, 1, 1), D(self.year_start.year - age, 12, 31))
        dob = min(dob, self.year_start - 40 * DAY)
        disabilities = ["NONE"] if rng.random() < 0.8 else sorted(rng.sample(DISABILITIES, rng.choice([1, 1, 2])))
        fields: dict[str, Any] = {
            "first_name": rng.choice(["Amy", "Ben", "Cara", "Dev", "Ella", "Finn", "Gia", "Hari", "Isla", "Jo"]),
            "last_name": f"Synthetic{n}",
            "date_of_birth": dob,
            "sex": rng.choice("MF"),
            "ethnicity": rng.choice(ETHNICITIES),
            "disabilities": disabilities,
            "la_child_id": f"{self.prefix}{n:06d}",
        }
        roll = rng.random()
        if roll < 0.75:
            self.upn_serial += 1
            fields["upn"] = make_upn(self.upn_serial)
            if rng.random() < 0.05:
                self.upn_serial += 1
                fields["former_upn"] = make_upn(self.upn_serial)
        elif age < 5:
            fields["upn_unknown"] = "UN1"  # under school age
        else:
            fields["upn_unknown"] = rng.choice(["UN2", "UN3", "UN4", "UN5", "UN6"])
        fields.update(extra)
        person = Person(**fields)
        self.rows["person"].append(person)
        self.counts["children"] += 1
        if person.upn:
            self.counts["with_upn"] += 1
        if person.upn_unknown:
            self.counts[f"upn_unknown_{person.upn_unknown}"] += 1
        return person

    def case(self, child: Any, team: Any, *, opened: datetime.date, closed: datetime.date | None) -> Any:
        from casework.models import Case, CaseStatus
        from families.models import Family, FamilyMembership, MemberRole

        family = getattr(child, "_synthetic_family", None)
        if family is None:
            family = Family(name=f"{child.last_name} family")
            self.rows["family"].append(family)
            self.rows["membership"].append(
                FamilyMembership(
                    family=family, person=child, role=MemberRole.CHILD, is_subject=True, joined=opened - 30 * DAY
                )
            )
            child._synthetic_family = family
        case = Case(
            family=family,
            team=team,
            allocated_worker=self.worker,
            allocated_at=_noon(opened),
            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
            closed_at=_noon(closed) if closed else None,
        )
        self.rows["case"].append(case)
        return case

    # --- episode pieces --------------------------------------------------------------------

    def episode(
        self,
        child: Any,
        case: Any,
        referral: datetime.date,
        *,
        closure: datetime.date | None = None,
        reason: str = "",
        need: str | None = None,
        step_down: str = "",
    ) -> Any:
        from casework.models import Episode, EpisodeStatus

        episode = Episode(
            case=case,
            child=child,
            referral_date=referral,
            referral_source=self.rng.choice(SOURCES),
            primary_need=self.rng.choice(NEEDS) if need is None else need,
            status=EpisodeStatus.CLOSED if closure else EpisodeStatus.OPEN,
            closure_date=closure,
            closure_reason=reason,
            closure_summary="Closed" if closure else "",
            step_down=step_down or ("none" if closure else ""),
            closed_by=self.manager if closure else None,
            closed_at=_noon(closure) if closure else None,
        )
        self.rows["episode"].append(episode)
        self.counts["episodes"] += 1
        if reason:
            self.counts[f"closed_{reason}"] += 1
        return episode

    def assessment(
        self,
        episode: Any,
        start: datetime.date,
        *,
        authorised: datetime.date | None,
        factors: list[str] | None = None,
        review: bool = False,
    ) -> Any:
        from assessments.models import Assessment, AssessmentChild, AssessmentStatus

        if factors is None and authorised:
            factors = sorted(self.rng.sample(FACTORS, self.rng.choice([1, 2, 3])))
        internal_review = None
        if review and authorised and (authorised - start).days > 10:
            internal_review = start + datetime.timedelta(days=(authorised - start).days // 2)
        assessment = Assessment(
            case=episode.case,
            template=self.template,
            status=AssessmentStatus.AUTHORISED if authorised else AssessmentStatus.DRAFT,
            start_date=start,
            internal_review_date=internal_review,
            due_date=start + 45 * DAY,
            created_by=self.worker,
            submitted_by=self.worker if authorised else None,
            submitted_at=_noon(authorised) if authorised else None,
            authorised_by=self.manager if authorised else None,
            authorised_at=_noon(authorised) if authorised else None,
        )
        self.rows["assessment"].append(assessment)
        self.rows["assessment_child"].append(
            AssessmentChild(
                assessment=assessment,
                child=episode.child,
                episode=episode,
                factors=factors or [],
                requires_support=bool(authorised) and factors != ["21"],
            )
        )
        key = "assessments_in_progress" if not authorised else "assessments_authorised"
        self.counts[key] += 1
        if authorised and factors == ["21"]:
            self.counts["assessments_no_factors"] += 1
        if internal_review:
            self.counts["assessments_with_internal_review"] += 1
        return assessment

    def plan(
        self,
        episode: Any,
        kind: str,
        start: datetime.date,
        end: datetime.date | None,
        *,
        category: str = "",
        latest: str = "",
    ) -> Any:
        from casework.models import Plan, PlanStatus

        plan = Plan(
            case=episode.case,
            child=episode.child,
            kind=kind,
            status=PlanStatus.ENDED if end else PlanStatus.AUTHORISED,
            start_date=start,
            end_date=end,
            end_reason="Plan ended" if end else "",
            initial_category=category,
            latest_category=latest or category,
            visiting_frequency_days=10 if kind == "cp" else 20,
            created_by=self.worker,
            authorised_by=self.manager,
            authorised_at=_noon(start),
            ended_by=self.manager if end else None,
        )
        self.rows["plan"].append(plan)
        self.counts[f"{kind}_plans"] += 1
        return plan

    def section47(
        self, episode: Any, start: datetime.date, *, conference: bool, finished: bool = True
    ) -> tuple[Any, datetime.date | None]:
        """A strategy discussion starting a Section 47 enquiry; with ``conference`` an initial
        conference on a weekday within the 15-working-day target. Returns (enquiry, ICPC date)."""
        from casework.models import Section47, StrategyDiscussion
        from casework.models.protection import S47Outcome, StrategyDecision

        start = _weekday(start)
        strategy = StrategyDiscussion(
            case=episode.case,
            episode=episode,
            date=start,
            agencies=["police", "health"],
            information="Concerns shared",
            decision=StrategyDecision.S47,
            recorded_by=self.worker,
        )
        self.rows["strategy"].append(strategy)
        self.rows["strategy_child"].append((strategy, episode.child))
        target = add_working_days(start, 15)
        icpc = None
        outcome = ""
        completed = None
        if finished:
            if conference:
                icpc = _weekday(start + datetime.timedelta(days=self.rng.randrange(8, 19)))
                if icpc > target:
                    icpc = target
                outcome, completed = S47Outcome.ICPC, icpc
            else:
                outcome, completed = S47Outcome.NO_ICPC, start + 7 * DAY
        enquiry = Section47(
            case=episode.case,
            child=episode.child,
            strategy_discussion=strategy,
            start_date=start,
            icpc_target_date=target,
            outcome=outcome,
            completed_date=completed,
            findings="Findings" if finished else "",
            recorded_by=self.worker,
        )
        self.rows["section47"].append(enquiry)
        self.counts["section47_with_conference" if icpc else "section47_without_conference"] += 1
        return enquiry, icpc

    def conference(self, episode: Any, kind: str, date: datetime.date, decision: str, plan: Any = None, cat=""):
        from casework.models import Conference, ConferenceOutcome

        conference = Conference(
            case=episode.case, kind=kind, date=date, chair="Chair", summary="Conference", recorded_by=self.worker
        )
        self.rows["conference"].append(conference)
        self.rows["outcome"].append(
            ConferenceOutcome(conference=conference, child=episode.child, decision=decision, category=cat, plan=plan)
        )
        self.counts[f"conferences_{kind}"] += 1
        return conference

    def cp_plan(self, episode: Any, icpc: datetime.date, *, end: datetime.date | None, reviews: int) -> Any:
        """An initial conference starting a CP plan on ``icpc``; review conferences every ~3 months
        (the last one ending the plan when ``end`` is given: ``end`` is moved to that review)."""
        category = self.rng.choice(CATEGORIES)
        latest = category if self.rng.random() < 0.7 else self.rng.choice(CATEGORIES)
        review_dates = []
        d = icpc
        limit = min(end or self.year_end, self.year_end)
        for i in range(reviews):
            d = _weekday(d + datetime.timedelta(days=84 if i == 0 else 160))
            if d > limit:
                break
            review_dates.append(d)
        if end is not None:
            end = review_dates[-1] if review_dates else _weekday(icpc + 60 * DAY)
            if not review_dates:
                review_dates.append(end)
        plan = self.plan(episode, "cp", icpc, end, category=category, latest=latest)
        self.conference(episode, "initial", icpc, "cp_plan", plan, category)
        for i, rd in enumerate(review_dates):
            ending = end is not None and i == len(review_dates) - 1
            self.conference(episode, "review", rd, "end_plan" if ending else "continue_plan", plan, latest)
        self.counts["cp_reviews"] += len(review_dates) - (1 if end is not None else 0)
        return plan, end

    def born_before(self, child: Any, referral: datetime.date) -> None:
        """Referred before the year: make sure the child was born well before the referral."""
        if child.date_of_birth and child.date_of_birth > referral - 60 * DAY:
            child.date_of_birth = referral - datetime.timedelta(days=self.rng.randrange(400, 4000))

    # --- journeys ----------------------------------------------------------------------------

    def siblings(self, n: int) -> None:
        """Two children of one family referred together: one assessment about both (each child
        with their own factors), one strategy discussion starting a Section 47 enquiry for each,
        one initial conference deciding a CP plan for the elder and none for the younger, who
        then has a CIN plan."""
        from assessments.models import AssessmentChild
        from casework.models import ConferenceOutcome, Section47
        from casework.models.protection import S47Outcome
        from families.models import FamilyMembership, MemberRole

        ys, ye = self.year_start, self.year_end
        team = self.teams[n % 2]
        self.counts["journey_siblings"] += 2
        elder = self.person(n, "siblings")
        younger = self.person(n + 1, "siblings", last_name=elder.last_name)
        r = self.rand_date(ys, ye - 200 * DAY)
        case = self.case(elder, team, opened=r, closed=None)
        younger._synthetic_family = elder._synthetic_family
        self.rows["membership"].append(
            FamilyMembership(
                family=elder._synthetic_family,
                person=younger,
                role=MemberRole.CHILD,
                is_subject=True,
                joined=r - 30 * DAY,
            )
        )
        ep_elder = self.episode(elder, case, r, need="N1")
        ep_younger = self.episode(younger, case, r, need="N1")
        done = r + 25 * DAY
        assessment = self.assessment(ep_elder, r + DAY, authorised=done)
        self.rows["assessment_child"].append(
            AssessmentChild(
                assessment=assessment,
                child=younger,
                episode=ep_younger,
                position=1,
                factors=sorted(self.rng.sample(FACTORS, 2)),
                requires_support=True,
            )
        )
        enquiry, icpc = self.section47(ep_elder, r + 2 * DAY, conference=True)
        self.rows["strategy_child"].append((enquiry.strategy_discussion, younger))
        self.rows["section47"].append(
            Section47(
                case=case,
                child=younger,
                strategy_discussion=enquiry.strategy_discussion,
                start_date=enquiry.start_date,
                icpc_target_date=enquiry.icpc_target_date,
                outcome=S47Outcome.ICPC,
                completed_date=icpc,
                findings="Findings",
                recorded_by=self.worker,
            )
        )
        self.counts["section47_with_conference"] += 1
        first = len(self.rows["conference"])
        self.cp_plan(ep_elder, icpc, end=None, reviews=2)
        initial = self.rows["conference"][first]
        self.rows["outcome"].append(ConferenceOutcome(conference=initial, child=younger, decision="no_plan"))
        self.plan(ep_younger, "cin", icpc + DAY, None)
        self.counts["sibling_groups"] += 1

    def child(self, n: int, journey: str) -> None:
        rng = self.rng
        ys, ye = self.year_start, self.year_end
        team = self.teams[n % 2]
        self.counts[f"journey_{journey}"] += 1

        if journey == "unborn":
            expected = ye + datetime.timedelta(days=rng.randrange(20, 120))
            child = self.person(
                n,
                journey,
                date_of_birth=None,
                expected_date_of_birth=expected,
                sex="U",
                upn=None,
                disabilities=["NONE"],
            )
            child.upn_unknown = ""
            referral = self.rand_date(max(ys, expected - 200 * DAY), ye - 60 * DAY)
            case = self.case(child, team, opened=referral, closed=None)
            ep = self.episode(child, case, referral, need="N1")
            done = referral + 30 * DAY
            self.assessment(ep, referral + 2 * DAY, authorised=done)
            self.plan(ep, "cin", done + DAY, None)
            self.counts["unborn"] += 1
            return

        restricted = journey == "restricted"
        child = self.person(n, journey, restricted=restricted)
        if restricted:
            self.counts["restricted"] += 1

        if journey == "two_episodes":
            r1 = self.rand_date(ys, ys + 60 * DAY)
            case1 = self.case(child, team, opened=r1, closed=r1 + 5 * DAY)
            self.episode(child, case1, r1, closure=r1 + 5 * DAY, reason="RC7", need="")
            r2 = self.rand_date(r1 + 90 * DAY, ye - 90 * DAY)
            case2 = self.case(child, team, opened=r2, closed=None)
            ep2 = self.episode(child, case2, r2)
            self.assessment(ep2, r2 + DAY, authorised=r2 + 35 * DAY)
            self.plan(ep2, "cin", r2 + 36 * DAY, None)
            self.counts["two_episodes_in_year"] += 1
            self.counts["referral_nfa"] += 1
            return

        if journey == "previous_plan":
            # An earlier episode (closed two years before) with a CP plan, then a new one this year.
            r0 = D(ys.year - 2, 5, 6)
            self.born_before(child, r0)
            case0 = self.case(child, team, opened=r0, closed=r0 + 300 * DAY)
            ep0 = self.episode(child, case0, r0, closure=r0 + 300 * DAY, reason="RC7")
            self.counts["closed_RC7"] -= 1  # not in this year's census
            self.assessment(ep0, r0 + DAY, authorised=r0 + 30 * DAY)
            _, icpc0 = self.section47(ep0, r0 + 2 * DAY, conference=True)
            self.cp_plan(ep0, icpc0, end=r0 + 200 * DAY, reviews=2)
            r = self.rand_date(ys + 10 * DAY, ys + 150 * DAY)
            case = self.case(child, team, opened=r, closed=None)
            ep = self.episode(child, case, r, need="N1")
            self.assessment(ep, r + DAY, authorised=r + 25 * DAY)
            _, icpc = self.section47(ep, r + 3 * DAY, conference=True)
            self.cp_plan(ep, icpc, end=None, reviews=2)
            self.counts["with_previous_plan"] += 1
            return

        if journey == "cp_from_before":
            # Referred the year before; CP plan from before the year, reviewed in the year, still open.
            r = D(ys.year - 1, 11, 3)
            self.born_before(child, r)
            case = self.case(child, team, opened=r, closed=None)
            ep = self.episode(child, case, r, need="N1")
            self.assessment(ep, r + DAY, authorised=r + 20 * DAY)
            _, icpc = self.section47(ep, r + 2 * DAY, conference=True)
            self.cp_plan(ep, icpc, end=None, reviews=3)
            return

        if journey == "from_before_open":
            # Referred two years before; an assessment and a CIN plan from before the year: half are
            # still open, half end the plan and close in the year.
            r = D(ys.year - 2, rng.randrange(4, 12), rng.randrange(1, 28))
            self.born_before(child, r)
            closure = self.rand_date(ys + 10 * DAY, ye - 10 * DAY) if rng.random() < 0.5 else None
            case = self.case(child, team, opened=r, closed=closure)
            ep = self.episode(child, case, r, closure=closure, reason="RC7" if closure else "")
            self.assessment(ep, r + DAY, authorised=r + 30 * DAY)
            self.plan(ep, "cin", r + 31 * DAY, closure)
            if closure:
                self.counts["closed_in_year_from_before"] += 1
            return

        if journey in ("nfa",):
            r = self.rand_date(ys, ye - 10 * DAY)
            closed = r + rng.randrange(0, 6) * DAY
            if child.upn is None and rng.random() < 0.5:
                child.upn_unknown = "UN7"  # a referral with no further action: every episode NFA
                self.counts["upn_unknown_UN7"] += 1
            case = self.case(child, team, opened=r, closed=closed)
            self.episode(child, case, r, closure=closed, reason="RC7", need=rng.choice(["", "N4", "N9"]))
            self.counts["referral_nfa"] += 1
            return

        if journey in ("assessed_nfa", "assessed_early_help"):
            r = self.rand_date(ys, ye - 60 * DAY)
            done = r + rng.randrange(10, 40) * DAY
            factors = ["21"] if rng.random() < 0.5 else None
            case = self.case(child, team, opened=r, closed=done)
            reason, step = ("RC8", "none") if journey == "assessed_nfa" else ("RC9", "early_help")
            ep = self.episode(child, case, r, closure=done, reason=reason, step_down=step)
            self.assessment(ep, r + DAY, authorised=done, factors=factors, review=True)
            return

        if journey == "assessing":
            # An assessment in progress at the year end (started within its last 45 working days).
            r = self.rand_date(ye - 50 * DAY, ye - 20 * DAY)
            case = self.case(child, team, opened=r, closed=None)
            ep = self.episode(child, case, r)
            self.assessment(ep, r + DAY, authorised=None)
            return

        if journey in ("cin_plan_open", "transfer", "restricted"):
            r = self.rand_date(ys, ye - 90 * DAY)
            done = r + rng.randrange(10, 45) * DAY
            case = self.case(child, team, opened=r, closed=None)
            if journey == "transfer":
                case.team = self.teams[(n + 1) % 2]
                case.transfer_summary = f"Transferred from {team.name}"
                self.counts["transfers"] += 1
            ep = self.episode(child, case, r)
            self.assessment(ep, r + DAY, authorised=done, review=rng.random() < 0.3)
            self.plan(ep, "cin", done + DAY, None)
            return

        if journey in ("cin_plan_closed", "adopted", "to_adults", "moved_away", "cao", "sgo", "died"):
            reason = {
                "cin_plan_closed": "RC7",
                "adopted": "RC1",
                "died": "RC2",
                "cao": "RC3",
                "sgo": "RC4",
                "moved_away": "RC5",
                "to_adults": "RC6",
            }[journey]
            if journey == "to_adults":
                child.date_of_birth = ys - datetime.timedelta(days=17 * 365 + 100)
                child.upn, child.upn_unknown = None, "UN2"
            r = self.rand_date(ys, ye - 150 * DAY)
            done = r + rng.randrange(10, 40) * DAY
            plan_end = done + rng.randrange(40, 90) * DAY
            closure = plan_end + rng.randrange(0, 10) * DAY
            if journey == "died":
                child.date_of_death = closure
                self.counts["died"] += 1
            case = self.case(child, team, opened=r, closed=closure)
            ep = self.episode(child, case, r, closure=closure, reason=reason)
            self.assessment(ep, r + DAY, authorised=done)
            self.plan(ep, "cin", done + DAY, plan_end)
            return

        if journey in ("s47_no_conference", "s47_conference_no_plan"):
            r = self.rand_date(ys, ye - 120 * DAY)
            conference = journey == "s47_conference_no_plan"
            case = self.case(child, team, opened=r, closed=None)
            ep = self.episode(child, case, r, need="N1")
            _, icpc = self.section47(ep, r + DAY, conference=conference)
            if icpc:
                self.conference(ep, "initial", icpc, "no_plan")
            done = r + 30 * DAY
            self.assessment(ep, r + DAY, authorised=done)
            if rng.random() < 0.5:
                ep.closure_date, ep.closure_reason, ep.status = done + 20 * DAY, "RC7", "closed"
                ep.closed_by, ep.closed_at, ep.closure_summary, ep.step_down = (
                    self.manager,
                    _noon(done + 20 * DAY),
                    "Closed",
                    "universal",
                )
                case.status, case.closed_at = "closed", _noon(done + 20 * DAY)
                self.counts["closed_RC7"] += 1
            else:
                self.plan(ep, "cin", done + DAY, None)
            return

        if journey in ("cp_open", "cp_ended_step_down", "cp_ended_closed"):
            r = self.rand_date(ys, ye - 250 * DAY if journey != "cp_open" else ye - 40 * DAY)
            case = self.case(child, team, opened=r, closed=None)
            ep = self.episode(child, case, r, need="N1")
            # Some start on a CIN plan and step up to child protection.
            step_up = journey == "cp_open" and rng.random() < 0.3 and r < ye - 150 * DAY
            s47_start = r + DAY
            done = r + 20 * DAY
            if step_up:
                self.assessment(ep, r + DAY, authorised=done)
                s47_start = done + 30 * DAY
            _, icpc = self.section47(ep, s47_start, conference=True)
            if step_up:
                self.plan(ep, "cin", done + DAY, icpc)
                self.counts["stepped_up"] += 1
            else:
                self.assessment(ep, r + DAY, authorised=max(done, icpc))
            if rng.random() < 0.2:
                child.previous_cp_plans_elsewhere = 1
            end = None if journey == "cp_open" else ye
            _, end = self.cp_plan(ep, icpc, end=end, reviews=2 if journey == "cp_open" else 3)
            if journey == "cp_ended_step_down":
                self.plan(ep, "cin", end, None)
                self.counts["stepped_down"] += 1
            elif journey == "cp_ended_closed":
                closure = end + rng.randrange(0, 20) * DAY
                if closure > ye:
                    closure = end
                ep.closure_date, ep.closure_reason, ep.status = closure, "RC7", "closed"
                ep.closed_by, ep.closed_at, ep.closure_summary, ep.step_down = (
                    self.manager,
                    _noon(closure),
                    "Closed",
                    "universal",
                )
                case.status, case.closed_at = "closed", _noon(closure)
                self.counts["closed_RC7"] += 1
            return

        raise ValueError(f"Unknown journey {journey}")

    # --- writing -----------------------------------------------------------------------------

    def save(self, batch_size: int) -> None:
        from assessments.models import Assessment, AssessmentChild
        from casework.models import Case, Conference, ConferenceOutcome, Episode, Plan, Section47, StrategyDiscussion
        from families.models import Family, FamilyMembership, Person

        rows = self.rows
        for p in rows["person"]:
            p.__dict__.pop("_synthetic_family", None)
        Person.objects.bulk_create(rows["person"], batch_size=batch_size)
        Family.objects.bulk_create(rows["family"], batch_size=batch_size)
        FamilyMembership.objects.bulk_create(rows["membership"], batch_size=batch_size)
        Case.objects.bulk_create(rows["case"], batch_size=batch_size)
        Episode.objects.bulk_create(rows["episode"], batch_size=batch_size)
        Assessment.objects.bulk_create(rows["assessment"], batch_size=batch_size)
        AssessmentChild.objects.bulk_create(rows["assessment_child"], batch_size=batch_size)
        Plan.objects.bulk_create(rows["plan"], batch_size=batch_size)
        StrategyDiscussion.objects.bulk_create(rows["strategy"], batch_size=batch_size)
        through = StrategyDiscussion.children.through
        through.objects.bulk_create(
            [through(strategydiscussion_id=s.pk, person_id=c.pk) for s, c in rows["strategy_child"]],
            batch_size=batch_size,
        )
        Section47.objects.bulk_create(rows["section47"], batch_size=batch_size)
        Conference.objects.bulk_create(rows["conference"], batch_size=batch_size)
        ConferenceOutcome.objects.bulk_create(rows["outcome"], batch_size=batch_size)


def build_synthetic_authority(
    *,
    children: int = 300,
    year_end: datetime.date = YEAR_END,
    seed: int = 1,
    prefix: str | None = None,
    batch_size: int = 1000,
) -> dict[str, Any]:
    """Build ``children`` children with varied journeys around the census year ending ``year_end``.

    Every child has an episode open at some time in the year (every one is in the census).
    ``prefix`` starts each LA child ID (default ``SYN`` and a few random letters, so two builds in
    one database do not collide). Returns counts of what was made, by kind, with the journeys
    (``journey_<name>``) and the closure reasons used in the year (``closed_RC1`` ... ``closed_RC9``),
    plus ``la_child_ids`` (journey name → the LA child ID of the first child given it, e.g.
    unborn, two_episodes, restricted, died, transfer, previous_plan, siblings: the younger).
    """
    if children < 1:
        raise ValueError("children must be at least 1")
    prefix = prefix or f"SYN{uuid.uuid4().hex[:5].upper()}"
    builder = _Builder(year_end=year_end, seed=seed, prefix=prefix)
    builder.setup()
    special: dict[str, str] = {}
    n = k = 0
    while n < children:
        journey = JOURNEYS[k % len(JOURNEYS)]
        k += 1
        if journey == "siblings":
            if n + 2 > children:
                continue
            builder.siblings(n)
            n += 2
        else:
            builder.child(n, journey)
            n += 1
        if journey not in special:
            special[journey] = builder.rows["person"][-1].la_child_id
    builder.save(batch_size)
    counts = {k: v for k, v in sorted(builder.counts.items()) if v}
    counts.update(
        {
            "year_end": year_end,
            "prefix": prefix,
            "la_child_ids": special,
            "cases": len(builder.rows["case"]),
            "assessments": len(builder.rows["assessment"]),
            "plans": len(builder.rows["plan"]),
            "section47s": len(builder.rows["section47"]),
            "conferences": len(builder.rows["conference"]),
        }
    )
    return counts
