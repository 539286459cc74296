"""Conferences, CP plans and core groups: conferences follow strategy discussions, a plan needs a
category (a CIN plan never has one), a CP plan replaces a CIN plan, previous plans are derived,
review conferences and the first core group fall due, a review conference ends a plan with a
decision record, and open CP plans keep the episode open."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.core.open_work import open_work_for
from casework.models import (
    ConferenceOutcome,
    DecisionRecord,
    Episode,
    GoalProgress,
    Plan,
    PlanKind,
    PlanStatus,
    Section47,
)
from casework.selectors_conferences import (
    plan_category_history,
    plan_first_core_group_due,
    plan_previous_cp_plans,
    plan_review_conference_due,
)
from casework.selectors_plans import plan_next_visit_due
from casework.services import conferences, plans
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403
from tests.factories.conferences import conference, core_group, cp_plan, days_ago, with_goals
from tests.factories.plans import authorised_plan
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db


def test_an_initial_conference_starts_a_cp_plan_with_its_category(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(40))
    conf = conference(allocated_worker, case, [(ava, "cp_plan", "NEG")], date=days_ago(30))
    plan = Plan.objects.get(child=ava)
    assert (plan.kind, plan.status, plan.start_date) == (PlanKind.CP, PlanStatus.AUTHORISED, days_ago(30))
    assert plan.initial_category == plan.latest_category == "NEG"
    assert plan.visiting_frequency_days == conferences.DEFAULT_CP_VISITING_DAYS
    assert ConferenceOutcome.objects.get(conference=conf).plan == plan
    entry = ChronologyEntry.objects.get(event_kind="conference")
    assert entry.person == ava and entry.summary == (
        "Initial child protection conference: child protection plan (neglect)"
    )
    assert ChronologyEntry.objects.filter(event_kind="plan_started", person=ava).exists()
    # The Section 47 enquiry concludes with the conference.
    enquiry = Section47.objects.get(child=ava)
    assert enquiry.outcome == "icpc" and enquiry.completed_date == days_ago(30)


def test_a_conference_before_the_latest_strategy_discussion_is_refused(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(40))
    discussion(allocated_worker, case, [ava], date=days_ago(20))
    with pytest.raises(ValidationError) as error:
        conference(allocated_worker, case, [(ava, "cp_plan", "NEG")], date=days_ago(25))
    assert "strategy discussion" in error.value.message_dict["date"][0]
    assert not Plan.objects.exists()


def test_an_initial_conference_needs_a_strategy_discussion_but_a_transfer_in_does_not(allocated_worker, case, siblings):
    ava = siblings["ava"]
    with pytest.raises(ValidationError) as error:
        conference(allocated_worker, case, [(ava, "cp_plan", "NEG")])
    assert "strategy discussion" in error.value.message_dict["outcomes"][0]
    conference(allocated_worker, case, [(ava, "cp_plan", "PHY")], kind="transfer_in")
    assert Plan.objects.get(child=ava).initial_category == "PHY"


def test_a_plan_without_a_category_is_refused(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(40))
    with pytest.raises(ValidationError) as error:
        conference(allocated_worker, case, [(ava, "cp_plan", "")])
    assert "needs a category of abuse" in error.value.message_dict["outcomes"][0]
    assert not Plan.objects.exists()


def test_a_cin_plan_with_a_category_is_refused(allocated_worker, case, siblings):
    with pytest.raises(ValidationError) as error:
        plans.plan_create(
            by=allocated_worker, case=case, child=siblings["ava"], data={"initial_category": "NEG"}, goals=[]
        )
    assert "no category of abuse" in error.value.message_dict["initial_category"][0]
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("kind", "decision"),
    [("initial", "continue_plan"), ("initial", "end_plan"), ("review", "cp_plan"), ("review", "no_plan")],
)
def test_each_kind_of_conference_takes_its_own_decisions(kind, decision, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(40))
    with pytest.raises(ValidationError) as error:
        conference(allocated_worker, case, [(ava, decision, "NEG" if decision == "cp_plan" else "")], kind=kind)
    assert "outcomes" in error.value.message_dict


def test_a_cp_plan_replaces_the_cin_plan_with_a_decision_record(allocated_worker, manager, case, siblings):
    ava = siblings["ava"]
    cin = authorised_plan(allocated_worker, manager, case, ava)
    plan = cp_plan(allocated_worker, case, ava)
    cin.refresh_from_db()
    assert cin.status == PlanStatus.ENDED and cin.end_date == plan.start_date
    assert cin.end_reason == "Replaced by a child protection plan"
    record = DecisionRecord.objects.get(kind="end_plan")
    assert "replaced by a child protection plan" in record.decision
    # Never both open at once; and a CIN plan cannot be drafted beside the CP plan.
    assert Plan.objects.filter(child=ava).exclude(status=PlanStatus.ENDED).get() == plan
    with pytest.raises(ValidationError, match="child protection plan"):
        plans.plan_create(by=allocated_worker, case=case, child=ava, data={}, goals=[])


def test_a_second_cp_plan_is_refused_while_one_is_open(allocated_worker, case, siblings):
    ava = siblings["ava"]
    cp_plan(allocated_worker, case, ava)
    with pytest.raises(ValidationError, match="already has a child protection plan"):
        conference(allocated_worker, case, [(ava, "cp_plan", "EMO")], kind="transfer_in", date=days_ago(5))


def test_previous_plans_are_derived_from_the_record_and_elsewhere(allocated_worker, case, siblings):
    ava = siblings["ava"]
    ava.previous_cp_plans_elsewhere = 2
    ava.save()
    first = cp_plan(allocated_worker, case, ava, sd_days_ago=300, days_ago_=290)
    assert plan_previous_cp_plans(first) == 2
    conference(allocated_worker, case, [(ava, "end_plan", "")], kind="review", date=days_ago(200))
    second = cp_plan(allocated_worker, case, ava, sd_days_ago=20, days_ago_=10)
    assert plan_previous_cp_plans(second) == 3


def test_review_conferences_are_due_at_3_months_then_every_6(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=datetime.date(2026, 1, 2))
    conference(allocated_worker, case, [(ava, "cp_plan", "NEG")], date=datetime.date(2026, 1, 5))
    plan = Plan.objects.get(child=ava)
    assert plan_review_conference_due(plan) == datetime.date(2026, 4, 5)
    conference(allocated_worker, case, [(ava, "continue_plan", "EMO")], kind="review", date=datetime.date(2026, 3, 31))
    assert plan_review_conference_due(plan) == datetime.date(2026, 9, 30)
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    assert [o.category for o in plan_category_history(plan)] == ["NEG", "EMO"]


def test_the_first_core_group_is_due_within_10_working_days(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=datetime.date(2025, 12, 15))
    # Friday 19 December 2025: Christmas, Boxing Day and New Year's Day are not working days.
    conference(allocated_worker, case, [(ava, "cp_plan", "NEG")], date=datetime.date(2025, 12, 19))
    plan = Plan.objects.get(child=ava)
    assert plan_first_core_group_due(plan) == datetime.date(2026, 1, 7)
    core_group(allocated_worker, plan, 1)
    assert plan_first_core_group_due(plan) is None


def test_next_visit_due_counts_from_the_last_seen_statutory_visit(allocated_worker, case, siblings):
    from casework.core.working_days import add_working_days
    from tests.factories.visits_due import not_seen, seen, visit

    ava = siblings["ava"]
    plan = cp_plan(allocated_worker, case, ava, sd_days_ago=40, days_ago_=30)
    assert plan_next_visit_due(plan) == add_working_days(days_ago(30), 10)  # from the start
    visit(allocated_worker, case, 12, [seen(ava)])
    visit(allocated_worker, case, 5, [not_seen(ava)])  # a no-access visit: an attempt, not seen
    visit(allocated_worker, case, 3, [seen(ava)], statutory=False)
    plan = Plan.objects.get(pk=plan.pk)
    assert plan_next_visit_due(plan) == add_working_days(days_ago(12), 10)


def test_core_groups_record_progress_on_cp_plans_only(allocated_worker, manager, case, siblings):
    plan = with_goals(cp_plan(allocated_worker, case, siblings["ava"]))
    group = core_group(allocated_worker, plan, 5, [3, 6])
    assert sorted(GoalProgress.objects.filter(core_group=group).values_list("progress", flat=True)) == [3, 6]
    assert ChronologyEntry.objects.get(event_kind="core_group").summary == "Core group met: goal 1: 3/10; goal 2: 6/10"
    cin = authorised_plan(allocated_worker, manager, case, siblings["sam"])
    with pytest.raises(ValidationError, match="core groups are for child protection plans"):
        core_group(allocated_worker, cin, 5)
    with pytest.raises(ValidationError) as error:
        conferences.core_group_record(
            by=allocated_worker, plan=plan, date=days_ago(-1), attendees=[], summary="", goal_progress=[]
        )
    assert set(error.value.message_dict) == {"date", "summary"}
    with pytest.raises(ValidationError, match="core groups and review conferences"):
        plans.plan_review(by=allocated_worker, plan=plan, date=days_ago(1), attendees=[], summary="x", goal_progress=[])


def test_a_review_conference_ends_the_plan_with_a_decision_record(allocated_worker, case, siblings):
    ava = siblings["ava"]
    plan = with_goals(cp_plan(allocated_worker, case, ava))
    goal = plan.goals.first()
    with pytest.raises(ValidationError) as error:
        conference(allocated_worker, case, [(ava, "end_plan", "")], kind="review", date=days_ago(1), summary="")
    assert "summary" in error.value.message_dict
    conference(
        allocated_worker,
        case,
        [(ava, "end_plan", "")],
        kind="review",
        date=days_ago(1),
        summary="Home is safe now.",
        goal_progress=[{"goal": str(goal.pk), "progress": 9}],
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDED and plan.end_date == days_ago(1)
    record = DecisionRecord.objects.get(kind="end_plan")
    assert record.rationale == "Home is safe now." and list(record.children.all()) == [ava]
    assert ChronologyEntry.objects.filter(event_kind="plan_ended", person=ava).exists()
    assert GoalProgress.objects.get(conference__isnull=False).progress == 9


def test_an_open_cp_plan_keeps_the_episode_open(allocated_worker, case, siblings):
    cp_plan(allocated_worker, case, siblings["ava"])
    episode = Episode.objects.get(child=siblings["ava"])
    assert any("Child protection plan" in item for item in open_work_for(episode=episode))


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager"])
def test_the_team_holding_the_case_records_conferences(persona, request, case, siblings):
    user = request.getfixturevalue(persona)
    discussion(request.getfixturevalue("allocated_worker"), case, [siblings["ava"]], date=days_ago(40))
    conference(user, case, [(siblings["ava"], "cp_plan", "NEG")])
    assert Plan.objects.filter(kind="cp").count() == 1


@pytest.mark.parametrize(
    "persona",
    ["front_door_worker", "front_door_manager", "other_team_worker", "performance_officer", "auditor"],
)
def test_others_cannot_record_conferences_or_core_groups(persona, request, allocated_worker, case, siblings):
    user = request.getfixturevalue(persona)
    ava = siblings["ava"]
    plan = cp_plan(allocated_worker, case, ava)
    with pytest.raises(PermissionDenied):
        conference(user, case, [(ava, "continue_plan", "")], kind="review", date=timezone.localdate())
    with pytest.raises(PermissionDenied):
        core_group(user, plan, 1)


def test_the_chronology_is_rebuilt_from_conferences_and_core_groups(allocated_worker, case, siblings):
    from casework import events_conferences

    plan = cp_plan(allocated_worker, case, siblings["ava"])
    core_group(allocated_worker, plan, 1)
    ChronologyEntry.objects.filter(event_kind__in=["conference", "core_group"]).delete()
    assert events_conferences.rebuild() == 2
    assert ChronologyEntry.objects.filter(event_kind__in=["conference", "core_group"]).count() == 2


def test_no_plan_starts_nothing_and_concludes_the_enquiry(allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(40))
    conference(allocated_worker, case, [(ava, "no_plan", "")])
    assert not Plan.objects.exists()
    assert ConferenceOutcome.objects.get().decision == "no_plan"
    assert Section47.objects.get(child=ava).completed_date == days_ago(30)
