"""The census derived from the record (performance.census.derive): who is in it, and each value.

Records are written directly (fixed dates in the year ending 31 March 2026), so each test states
exactly the history it derives from. ``Build`` is shared with the XML and export tests.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Assessment, AssessmentChild
from casework.models import (
    Case,
    Conference,
    ConferenceOutcome,
    Episode,
    Plan,
    Section47,
    StrategyDiscussion,
)
from families.models import Family, Person
from families.validators import upn_check_letter
from performance.census.derive import census_children, census_children_count, census_header
from tests.factories import TeamFactory, UserFactory

D = datetime.date
YEAR_END = D(2026, 3, 31)
_numbers = itertools.count(1)


def london(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def a_upn(serial: int) -> str:
    body = f"201{serial:08d}0"
    return (upn_check_letter("A" + body) or "A") + body


class Build:
    """Write a child's history straight into the database."""

    def __init__(self) -> None:
        self.team = TeamFactory(name=f"Census team {next(_numbers)}")
        self.worker = UserFactory(teams=[self.team])

    def child(self, **fields: Any) -> Person:
        n = next(_numbers)
        data = {
            "first_name": f"Child{n}",
            "last_name": "Census",
            "la_child_id": f"C{n:06d}",
            "date_of_birth": D(2015, 6, 1),
            "sex": "F",
            "ethnicity": "WBRI",
            "disabilities": ["NONE"],
        }
        data.update(fields)
        if "expected_date_of_birth" in fields and "date_of_birth" not in fields:
            data["date_of_birth"] = None
        return Person.objects.create(**data)

    def case(self) -> Case:
        family = Family.objects.create(name=f"Family {next(_numbers)}")
        return Case.objects.create(family=family, team=self.team)

    def episode(
        self,
        child: Person,
        referral: datetime.date,
        *,
        closed: datetime.date | None = None,
        reason: str = "",
        case: Case | None = None,
        need: str = "N1",
        source: str = "2A",
    ) -> Episode:
        return Episode.objects.create(
            case=case or self.case(),
            child=child,
            referral_date=referral,
            referral_source=source,
            primary_need=need,
            status="closed" if closed else "open",
            closure_date=closed,
            closure_reason=reason or ("RC7" if closed else ""),
        )

    def assessment(
        self,
        episode: Episode,
        start: datetime.date,
        *,
        authorised: datetime.datetime | None = None,
        factors: list[str] | None = None,
        name_episode: bool = True,
        review: datetime.date | None = None,
    ) -> Assessment:
        from tests.factories.assessments import bundled_template

        assessment = Assessment.objects.create(
            case=episode.case,
            template=bundled_template(),
            start_date=start,
            internal_review_date=review,
            status="authorised" if authorised else "draft",
            authorised_at=authorised,
            created_by=self.worker,
        )
        AssessmentChild.objects.create(
            assessment=assessment,
            child=episode.child,
            episode=episode if name_episode else None,
            factors=factors or [],
        )
        return assessment

    def cin_plan(
        self, episode: Episode, start: datetime.date, *, end: datetime.date | None = None, draft: bool = False
    ) -> Plan:
        return Plan.objects.create(
            case=episode.case,
            child=episode.child,
            kind="cin",
            status="draft" if draft else ("ended" if end else "authorised"),
            start_date=start,
            end_date=end,
            created_by=self.worker,
            authorised_at=None if draft else london(start),
        )

    def s47(
        self,
        episode: Episode,
        start: datetime.date,
        *,
        outcome: str = "",
        completed: datetime.date | None = None,
        target: datetime.date | None = None,
    ) -> Section47:
        discussion = StrategyDiscussion.objects.create(
            case=episode.case,
            episode=episode,
            date=start,
            information="Shared",
            decision="s47",
            recorded_by=self.worker,
        )
        discussion.children.set([episode.child])
        return Section47.objects.create(
            case=episode.case,
            child=episode.child,
            strategy_discussion=discussion,
            start_date=start,
            icpc_target_date=target,
            outcome=outcome,
            completed_date=completed,
            recorded_by=self.worker,
        )

    def conference(
        self,
        episode: Episode,
        day: datetime.date,
        *,
        kind: str = "initial",
        decision: str = "cp_plan",
        category: str = "NEG",
        plan: Plan | None = None,
    ) -> ConferenceOutcome:
        conference = Conference.objects.create(
            case=episode.case, kind=kind, date=day, chair="Chair", recorded_by=self.worker
        )
        return ConferenceOutcome.objects.create(
            conference=conference, child=episode.child, decision=decision, category=category, plan=plan
        )

    def cp_plan(
        self,
        episode: Episode,
        start: datetime.date,
        *,
        end: datetime.date | None = None,
        initial: str = "NEG",
        latest: str = "",
        conference: str | None = "initial",
    ) -> Plan:
        plan = Plan.objects.create(
            case=episode.case,
            child=episode.child,
            kind="cp",
            status="ended" if end else "authorised",
            start_date=start,
            end_date=end,
            initial_category=initial,
            latest_category=latest or initial,
            created_by=self.worker,
            authorised_at=london(start),
        )
        if conference:
            self.conference(episode, start, kind=conference, category=initial, plan=plan)
        return plan

    def review(self, plan: Plan, episode: Episode, day: datetime.date, *, end: bool = False) -> None:
        self.conference(
            episode, day, kind="review", decision="end_plan" if end else "continue_plan", category="", plan=plan
        )


def census(year_end: datetime.date = YEAR_END, **kwargs: Any) -> dict[str, Any]:
    return {c.la_child_id: c for c in census_children(year_end, **kwargs)}


@pytest.fixture
def build(db) -> Build:
    return Build()


# --- Who is in the census -------------------------------------------------------------------------


def test_children_with_an_episode_open_in_the_year_are_in_it_others_are_not(build):
    inside = build.child()
    build.episode(inside, D(2025, 5, 1))
    from_before = build.child()
    build.episode(from_before, D(2024, 1, 10), closed=D(2025, 4, 1))
    closed_before = build.child()
    build.episode(closed_before, D(2024, 1, 10), closed=D(2025, 3, 31))
    after = build.child()
    build.episode(after, D(2026, 4, 1))
    no_episode = build.child()

    found = census()
    assert set(found) == {inside.la_child_id, from_before.la_child_id}
    assert no_episode.la_child_id not in found
    assert census_children_count(YEAR_END) == 2


def test_a_child_with_two_episodes_in_the_year_has_two_cindetails(build):
    child = build.child()
    first = build.episode(child, D(2025, 4, 10), closed=D(2025, 7, 1), reason="RC7")
    second = build.episode(child, D(2025, 11, 3))
    episodes = census()[child.la_child_id].episodes
    assert [e.episode_id for e in episodes] == [first.pk, second.pk]
    assert episodes[0].closure_date == D(2025, 7, 1) and episodes[0].reason_for_closure == "RC7"
    assert episodes[1].closure_date is None and episodes[1].reason_for_closure == ""


def test_restricted_child_is_included_without_a_name(build):
    child = build.child(restricted=True, first_name="Secret")
    build.episode(child, D(2025, 6, 1))
    found = census()[child.la_child_id]
    assert found.restricted is True
    assert "Secret" not in found.name


def test_a_contact_at_half_past_midnight_bst_on_1_april_falls_in_the_new_year(build, front_door_worker, north):
    from casework import services
    from families import services as family_services

    child = family_services.person_create(
        by=front_door_worker,
        data={"first_name": "Late", "last_name": "Night", "date_of_birth": D(2018, 2, 2), "sex": "M"},
    )
    received = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST on 1 April
    contact = services.contact_record(
        by=front_door_worker,
        children=[child],
        data={
            "received_at": received,
            "source": "6",
            "referrer_name": "PC Jones",
            "referrer_agency": "Police",
            "anonymous": False,
            "concerns": "Found alone at night.",
            "parents_aware": True,
            "consent": "given",
            "consent_reason": "",
        },
    )
    services.contact_decide(by=front_door_worker, contact=contact, decision="referral", reason="Assess", team=north)
    episode = Episode.objects.get(child=child)
    assert episode.referral_date == D(2026, 4, 1)
    assert child.la_child_id not in census(D(2026, 3, 31))
    assert census(D(2027, 3, 31))[child.la_child_id].episodes[0].referral_date == D(2026, 4, 1)


# --- Identifiers ------------------------------------------------------------------------------------


def test_upn_former_upn_and_upn_unknown_as_recorded(build):
    with_upn = build.child(upn=a_upn(1), former_upn=a_upn(2), upn_unknown="")
    build.episode(with_upn, D(2025, 6, 1))
    without = build.child(upn=None, upn_unknown="UN2")
    build.episode(without, D(2025, 6, 1))
    found = census()
    assert (found[with_upn.la_child_id].upn, found[with_upn.la_child_id].former_upn) == (a_upn(1), a_upn(2))
    assert found[with_upn.la_child_id].upn_unknown == ""
    assert found[without.la_child_id].upn == "" and found[without.la_child_id].upn_unknown == "UN2"


def test_un7_is_derived_when_every_episode_was_a_referral_with_no_further_action(build):
    nfa_only = build.child(upn=None, upn_unknown="UN2")
    build.episode(nfa_only, D(2025, 5, 1), closed=D(2025, 5, 1), reason="RC7")
    build.episode(nfa_only, D(2025, 9, 1), closed=D(2025, 9, 2), reason="RC7")
    one_assessed = build.child(upn=None, upn_unknown="UN2")
    build.episode(one_assessed, D(2025, 5, 1), closed=D(2025, 5, 1))
    assessed = build.episode(one_assessed, D(2025, 9, 1))
    build.assessment(assessed, D(2025, 9, 2))
    with_upn = build.child(upn=a_upn(3))
    build.episode(with_upn, D(2025, 5, 1), closed=D(2025, 5, 1))
    open_episode = build.child(upn=None, upn_unknown="UN2")
    build.episode(open_episode, D(2026, 3, 30))

    found = census()
    assert found[nfa_only.la_child_id].upn_unknown == "UN7"
    assert found[one_assessed.la_child_id].upn_unknown == "UN2"
    assert found[with_upn.la_child_id].upn_unknown == ""
    assert found[open_episode.la_child_id].upn_unknown == "UN2"


def test_unborn_child_has_an_expected_date_of_birth_and_sex_u(build):
    unborn = build.child(expected_date_of_birth=D(2026, 6, 1), sex="F")
    build.episode(unborn, D(2026, 1, 5))
    born_later = build.child(date_of_birth=D(2026, 4, 20), sex="M")
    build.episode(born_later, D(2026, 2, 1))
    found = census()
    child = found[unborn.la_child_id]
    assert (child.birth_date, child.expected_birth_date, child.sex) == (None, D(2026, 6, 1), "U")
    later = found[born_later.la_child_id]
    assert (later.birth_date, later.expected_birth_date, later.sex) == (None, D(2026, 4, 20), "U")


def test_characteristics_and_a_death_after_the_year_is_not_reported(build):
    child = build.child(ethnicity="BAFR", disabilities=["MOB", "LD"], sex="M", date_of_death=D(2026, 5, 1))
    build.episode(child, D(2025, 6, 1))
    died = build.child(date_of_death=D(2026, 1, 9))
    build.episode(died, D(2025, 6, 1), closed=D(2026, 1, 9), reason="RC2")
    found = census()
    c = found[child.la_child_id]
    assert (c.ethnicity, c.disabilities, c.sex, c.death_date) == ("BAFR", ["MOB", "LD"], "M", None)
    assert found[died.la_child_id].death_date == D(2026, 1, 9)


# --- Episodes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"])
def test_closures_with_each_reason_code(build, reason):
    child = build.child(date_of_death=D(2026, 2, 1) if reason == "RC2" else None)
    episode = build.episode(child, D(2025, 6, 1), closed=D(2026, 2, 1), reason=reason, need="N4", source="3A")
    if reason in ("RC8", "RC9"):
        build.assessment(episode, D(2025, 6, 2), authorised=london(D(2025, 7, 1)), factors=["21"])
    e = census()[child.la_child_id].episodes[0]
    assert (e.referral_date, e.referral_source, e.primary_need) == (D(2025, 6, 1), "3A", "N4")
    assert (e.closure_date, e.reason_for_closure) == (D(2026, 2, 1), reason)
    assert e.episode_id == episode.pk and e.case_id == episode.case_id


def test_an_episode_whose_closure_waits_for_authorisation_is_reported_open(build):
    child = build.child()
    episode = build.episode(child, D(2025, 1, 6), closed=D(2025, 3, 20), reason="RC7")
    Episode.objects.filter(pk=episode.pk).update(status="closure_requested")
    e = census()[child.la_child_id].episodes[0]
    assert (e.closure_date, e.reason_for_closure, e.referral_nfa) == (None, "", False)


def test_an_episode_closed_after_the_year_is_reported_open(build):
    child = build.child()
    build.episode(child, D(2025, 6, 1), closed=D(2026, 4, 2), reason="RC7")
    e = census()[child.la_child_id].episodes[0]
    assert (e.closure_date, e.reason_for_closure, e.referral_nfa) == (None, "", False)


def test_referral_nfa_is_derived(build):
    child = build.child()
    nfa = build.episode(child, D(2025, 4, 20), closed=D(2025, 4, 20))
    assessed = build.episode(child, D(2025, 6, 1), closed=D(2025, 8, 1), reason="RC8")
    build.assessment(assessed, D(2025, 6, 2), authorised=london(D(2025, 7, 1)), factors=["21"])
    s47_only = build.episode(child, D(2025, 9, 1), closed=D(2025, 10, 1))
    build.s47(s47_only, D(2025, 9, 2), outcome="no_icpc", completed=D(2025, 9, 20))
    still_open = build.episode(child, D(2026, 1, 5))
    flags = {e.episode_id: e.referral_nfa for e in census()[child.la_child_id].episodes}
    assert flags == {nfa.pk: True, assessed.pk: False, s47_only.pk: False, still_open.pk: False}


# --- Assessments ------------------------------------------------------------------------------------


def test_assessment_dates_and_factors_only_once_authorised(build):
    child = build.child()
    episode = build.episode(child, D(2025, 5, 1))
    done = build.assessment(
        episode,
        D(2025, 5, 2),
        authorised=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC),  # 00:30 BST on 1 July
        factors=["3B", "4B", "3B"],
        review=D(2025, 6, 1),
    )
    draft = build.assessment(episode, D(2025, 12, 1), factors=["16A"])
    items = {a.assessment_id: a for a in census()[child.la_child_id].episodes[0].assessments}
    assert items[done.pk].authorisation_date == D(2025, 7, 1)
    assert items[done.pk].factors == ["3B", "4B"]
    assert items[done.pk].internal_review_date == D(2025, 6, 1)
    assert items[draft.pk].authorisation_date is None and items[draft.pk].factors == []


def test_assessment_belongs_to_the_episode_it_names_else_by_its_start_date(build):
    child = build.child()
    first = build.episode(child, D(2025, 4, 5), closed=D(2025, 8, 1), reason="RC8")
    second = build.episode(child, D(2025, 9, 1))
    named = build.assessment(first, D(2025, 9, 5), authorised=london(D(2025, 7, 1)))  # names the first
    by_date = build.assessment(second, D(2025, 9, 10), name_episode=False)
    found = {e.episode_id: [a.assessment_id for a in e.assessments] for e in census()[child.la_child_id].episodes}
    assert found == {first.pk: [named.pk], second.pk: [by_date.pk]}


def test_assessment_authorised_before_the_year_or_after_it(build):
    child = build.child()
    episode = build.episode(child, D(2024, 11, 1))
    before = build.assessment(episode, D(2024, 11, 2), authorised=london(D(2025, 1, 10)), factors=["1B"])
    after = build.assessment(episode, D(2026, 3, 1), authorised=london(D(2026, 4, 10)), factors=["1B"])
    items = {a.assessment_id: a for a in census()[child.la_child_id].episodes[0].assessments}
    assert before.pk not in items
    assert (items[after.pk].authorisation_date, items[after.pk].factors) == (None, [])


# --- Plans ------------------------------------------------------------------------------------------


def test_cin_plan_dates_authorised_or_ended_not_drafts(build):
    child = build.child()
    episode = build.episode(child, D(2024, 6, 1))
    build.cin_plan(episode, D(2024, 7, 1), end=D(2025, 3, 1))  # ended before the year
    ended = build.cin_plan(episode, D(2025, 5, 1), end=D(2025, 9, 1))
    current = build.cin_plan(episode, D(2025, 10, 1))
    build.cin_plan(build.episode(build.child(), D(2025, 5, 1)), D(2025, 6, 1), draft=True)
    plans = census()[child.la_child_id].episodes[0].cin_plans
    assert [(p.plan_id, p.start_date, p.end_date) for p in plans] == [
        (ended.pk, D(2025, 5, 1), D(2025, 9, 1)),
        (current.pk, D(2025, 10, 1), None),
    ]
    drafted = next(c for c in census().values() if c.la_child_id != child.la_child_id)
    assert drafted.episodes[0].cin_plans == []


def test_cp_plan_with_reviews_and_previous_plans(build):
    child = build.child(previous_cp_plans_elsewhere=2)
    old_episode = build.episode(child, D(2022, 1, 1), closed=D(2023, 1, 1))
    build.cp_plan(old_episode, D(2022, 2, 1), end=D(2022, 12, 1))
    episode = build.episode(child, D(2025, 4, 2))
    build.s47(episode, D(2025, 4, 3), outcome="icpc", completed=D(2025, 4, 24), target=D(2025, 4, 25))
    plan = build.cp_plan(episode, D(2025, 4, 24), initial="NEG", latest="EMO")
    build.review(plan, episode, D(2025, 7, 15))
    build.review(plan, episode, D(2026, 1, 13))
    build.review(plan, episode, D(2026, 4, 14))  # after the year
    cp = census()[child.la_child_id].episodes[-1].cp_plans
    assert len(cp) == 1
    p = cp[0]
    assert (p.start_date, p.end_date, p.initial_category, p.latest_category) == (D(2025, 4, 24), None, "NEG", "EMO")
    assert p.number_of_previous_cpp == 3  # one on our record, two elsewhere
    assert p.review_dates == [D(2025, 7, 15), D(2026, 1, 13)]


def test_cp_plan_ended_after_the_year_is_reported_open(build):
    child = build.child()
    episode = build.episode(child, D(2025, 4, 2))
    plan = build.cp_plan(episode, D(2025, 6, 3), end=D(2026, 5, 1), conference="transfer_in")
    build.review(plan, episode, D(2026, 5, 1), end=True)
    p = census()[child.la_child_id].episodes[0].cp_plans[0]
    assert p.end_date is None and p.number_of_previous_cpp == 0


# --- Section 47 and conferences ---------------------------------------------------------------------


def test_s47_with_a_conference(build):
    child = build.child()
    episode = build.episode(child, D(2025, 5, 1))
    s47 = build.s47(episode, D(2025, 5, 5), outcome="icpc", completed=D(2025, 5, 23), target=D(2025, 5, 27))
    plan = build.cp_plan(episode, D(2025, 5, 23))
    e = census()[child.la_child_id].episodes[0]
    assert len(e.section47s) == 1
    s = e.section47s[0]
    assert (s.section47_id, s.start_date, s.icpc_target, s.date_of_initial_cpc) == (
        s47.pk,
        D(2025, 5, 5),
        D(2025, 5, 27),
        D(2025, 5, 23),
    )
    assert s.icpc_not_required is False and s.conference_id is not None
    assert e.date_of_initial_cpc is None  # recorded once, at the S47 level (CINV 2884)
    assert e.cp_plans[0].plan_id == plan.pk and e.cp_plans[0].start_date == s.date_of_initial_cpc


def test_s47_without_a_conference(build):
    child = build.child()
    episode = build.episode(child, D(2025, 5, 1))
    build.s47(episode, D(2025, 5, 5), outcome="no_icpc", completed=D(2025, 5, 20), target=D(2025, 5, 27))
    open_s47 = build.child()
    open_episode = build.episode(open_s47, D(2026, 3, 2))
    build.s47(open_episode, D(2026, 3, 3), target=D(2026, 3, 24))
    found = census()
    s = found[child.la_child_id].episodes[0].section47s[0]
    assert (s.date_of_initial_cpc, s.icpc_not_required, s.conference_id) == (None, True, None)
    o = found[open_s47.la_child_id].episodes[0].section47s[0]
    assert (o.date_of_initial_cpc, o.icpc_not_required) == (None, False)


def test_s47_start_is_the_strategy_discussion_date(build):
    child = build.child()
    episode = build.episode(child, D(2025, 5, 1))
    s47 = build.s47(episode, D(2025, 5, 5))
    StrategyDiscussion.objects.filter(pk=s47.strategy_discussion_id).update(date=D(2025, 5, 6))
    assert census()[child.la_child_id].episodes[0].section47s[0].start_date == D(2025, 5, 6)


def test_conference_without_an_enquiry_is_recorded_at_episode_level(build):
    child = build.child()
    episode = build.episode(child, D(2025, 5, 1))
    build.cp_plan(episode, D(2025, 6, 10), conference="transfer_in")
    e = census()[child.la_child_id].episodes[0]
    assert e.section47s == [] and e.date_of_initial_cpc == D(2025, 6, 10)
    assert e.cp_plans[0].start_date == D(2025, 6, 10)


def test_s47_concluded_before_the_year_is_left_out(build):
    child = build.child()
    episode = build.episode(child, D(2025, 1, 6))
    build.s47(episode, D(2025, 1, 7), outcome="no_icpc", completed=D(2025, 2, 1))
    build.s47(episode, D(2025, 3, 3), outcome="icpc", completed=D(2025, 3, 24))
    build.conference(episode, D(2025, 3, 24), decision="no_plan", category="")
    assert census()[child.la_child_id].episodes[0].section47s == []


# --- Header and queries -----------------------------------------------------------------------------


def test_header(db, settings):
    settings.LA_CODE = "201"
    first = census_header(YEAR_END)
    second = census_header(YEAR_END)
    assert (first.year, first.reference_date, first.lea, first.software_code) == (2026, YEAR_END, "201", "Casework")
    assert first.release == importlib.metadata.version("casework")
    assert second.serial_no > first.serial_no
    assert census_header(YEAR_END, serial_no=7).serial_no == 7
    with pytest.raises(ValueError):
        census_header(D(2026, 4, 1))


def _queries_for(count: int, build: Build, chunk_size: int) -> int:
    for _ in range(count):
        child = build.child()
        episode = build.episode(child, D(2025, 5, 1))
        build.assessment(episode, D(2025, 5, 2), authorised=london(D(2025, 6, 1)), factors=["1B"])
        build.s47(episode, D(2025, 6, 2), outcome="icpc", completed=D(2025, 6, 20))
        plan = build.cp_plan(episode, D(2025, 6, 20))
        build.review(plan, episode, D(2025, 9, 1))
        other = build.child(expected_date_of_birth=D(2026, 5, 1), restricted=True, upn=None)
        build.episode(other, D(2025, 4, 7), closed=D(2025, 4, 7))
        later = build.episode(other, D(2025, 8, 1))
        build.cin_plan(later, D(2025, 8, 20), end=D(2025, 10, 1))
        build.cp_plan(later, D(2025, 10, 1), conference="transfer_in")
    with CaptureQueriesContext(connection) as queries:
        children = list(census_children(YEAR_END, chunk_size=chunk_size))
    assert all(c.episodes[0].cp_plans[0].review_dates for c in children if len(c.episodes) == 1)
    assert all(c.episodes[1].date_of_initial_cpc for c in children if len(c.episodes) == 2)
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_children(build):
    few = _queries_for(3, build, chunk_size=500)
    many = _queries_for(9, build, chunk_size=500)  # 24 children now, still one chunk
    assert many == few


def test_one_set_of_queries_per_chunk(build):
    per_chunk = _queries_for(2, build, chunk_size=4)  # 4 children: one full chunk, then an empty page
    three_chunks = _queries_for(4, build, chunk_size=4)  # 12 children: three full chunks, then an empty page
    assert three_chunks - per_chunk == 2 * (per_chunk - 1)


def test_children_are_read_a_chunk_at_a_time(build):
    for n in range(5):
        build.episode(build.child(), D(2025, 5, 1 + n))
    children = census_children(YEAR_END, chunk_size=2)
    with CaptureQueriesContext(connection) as queries:
        first = next(children)
    assert len(queries) == 6  # the first chunk's people, episodes, assessments, plans, enquiries, conferences
    assert first.la_child_id == min(p.la_child_id for p in Person.objects.all())
    assert len([first, *children]) == 5
