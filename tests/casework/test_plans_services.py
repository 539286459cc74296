"""CIN plans: drafting, authorising (never by the author), reviews with progress per goal,
ending with a decision record, one open plan per child, and open plans keeping episodes open."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import services
from casework.models import DecisionRecord, Episode, Plan, PlanKind, PlanStatus
from casework.selectors_plans import goal_progress_history, plan_next_review_due, plans_due_for_review
from casework.services import plans
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403
from tests.factories.plans import authorised_plan, draft_plan, review

pytestmark = pytest.mark.django_db


def test_a_worker_drafts_a_plan_and_the_manager_authorises_it(allocated_worker, manager, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    assert plan.status == PlanStatus.DRAFT and plan.goals.count() == 2
    assert not ChronologyEntry.objects.filter(event_kind="plan_started").exists()
    plans.plan_authorise(by=manager, plan=plan)
    assert plan.status == PlanStatus.AUTHORISED and plan.authorised_by == manager
    assert ChronologyEntry.objects.get(event_kind="plan_started").person == siblings["ava"]


def test_the_author_cannot_authorise_their_own_plan(manager, case, siblings):
    plan = draft_plan(manager, case, siblings["ava"])
    with pytest.raises(PermissionDenied, match="another manager"):
        plans.plan_authorise(by=manager, plan=plan)


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "other_team_manager", "front_door_manager"])
def test_only_a_manager_of_the_team_authorises(persona, request, allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    with pytest.raises(PermissionDenied):
        plans.plan_authorise(by=request.getfixturevalue(persona), plan=plan)


def test_authorising_needs_goals_frequency_and_start(allocated_worker, manager, case, siblings):
    plan = plans.plan_create(by=allocated_worker, case=case, child=siblings["ava"], data={}, goals=[])
    with pytest.raises(ValidationError) as error:
        plans.plan_authorise(by=manager, plan=plan)
    assert set(error.value.message_dict) == {"goals", "visiting_frequency_days", "start_date"}
    assert Plan.objects.get().status == PlanStatus.DRAFT


@pytest.mark.parametrize("persona", ["front_door_worker", "performance_officer", "auditor", "other_team_worker"])
def test_those_who_do_not_hold_the_case_cannot_draft(persona, request, case, siblings):
    with pytest.raises(PermissionDenied):
        draft_plan(request.getfixturevalue(persona), case, siblings["ava"])
    assert not Plan.objects.exists()


def test_progress_history_per_goal(allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    review(allocated_worker, plan, 40, [2, 3])
    review(allocated_worker, plan, 20, [5, 4])
    review(allocated_worker, plan, 1, [8])
    first, second = plan.goals.all()
    history = goal_progress_history(plan=plan)
    assert [r.progress for r in history[first.pk]] == [2, 5, 8]
    assert [r.progress for r in history[second.pk]] == [3, 4]
    entry = ChronologyEntry.objects.filter(event_kind="plan_review").order_by("occurred_on").first()
    assert entry.summary == "Child in need plan reviewed: goal 1: 2/10; goal 2: 3/10"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"date": timezone.localdate() - datetime.timedelta(days=400)}, "date"),
        ({"summary": " "}, "summary"),
        ({"progress": 11}, "goal_progress"),
        ({"twice": True}, "goal_progress"),
    ],
)
def test_review_validation(change, field, allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    goal = plan.goals.first()
    rows = [{"goal": str(goal.pk), "progress": change.get("progress", 5)}]
    if change.get("twice"):
        rows.append({"goal": str(goal.pk), "progress": 6})
    with pytest.raises(ValidationError) as error:
        plans.plan_review(
            by=allocated_worker,
            plan=plan,
            date=change.get("date", timezone.localdate()),
            attendees=[],
            summary=change.get("summary", "Fine"),
            goal_progress=rows,
        )
    assert field in error.value.message_dict
    assert not plan.reviews.exists()


def test_a_draft_is_not_reviewed_and_a_cp_plan_is_refused(allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    with pytest.raises(ValidationError, match="authorised"):
        review(allocated_worker, plan, 1, [5])
    Plan.objects.filter(pk=plan.pk).update(kind=PlanKind.CP, status=PlanStatus.AUTHORISED)
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="core groups"):
        review(allocated_worker, plan, 1, [5])


def test_a_child_cannot_have_a_cin_and_a_cp_plan_open_at_once(allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    Plan.objects.filter(pk=plan.pk).update(kind=PlanKind.CP)
    with pytest.raises(ValidationError, match="child protection plan"):
        draft_plan(allocated_worker, case, siblings["ava"])
    assert Plan.objects.count() == 1
    draft_plan(allocated_worker, case, siblings["sam"])  # his sister's plan is not his


def test_an_open_plan_blocks_closing_the_episode(allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    episode = Episode.objects.get(child=siblings["ava"])
    closure = {
        "closure_date": timezone.localdate(),
        "closure_reason": "RC8",
        "closure_summary": "Better",
        "step_down": "early_help",
    }
    with pytest.raises(ValidationError, match="Child in need plan"):
        services.episode_close(by=manager, episode=episode, closure=closure)
    plans.plan_end(by=manager, plan=plan, end_date=timezone.localdate(), reason="Goals met", kind="step_down")
    services.episode_close(by=manager, episode=episode, closure=closure)
    episode.refresh_from_db()
    assert episode.status == "closed"


def test_ending_a_plan_records_a_decision_and_a_chronology_entry(allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    with pytest.raises(ValidationError) as error:
        plans.plan_end(by=allocated_worker, plan=plan, end_date=None, reason="", kind="nfa")
    assert set(error.value.message_dict) == {"end_date", "reason", "kind"}
    plans.plan_end(by=allocated_worker, plan=plan, end_date=timezone.localdate(), reason="Goals met")
    decision = DecisionRecord.objects.get()
    assert decision.kind == "end_plan" and decision.rationale == "Goals met"
    assert list(decision.children.all()) == [siblings["ava"]]
    assert ChronologyEntry.objects.filter(event_kind="plan_ended", person=siblings["ava"]).exists()
    assert Plan.objects.get().status == PlanStatus.ENDED


def test_next_review_due_and_plans_due_for_review(allocated_worker, manager, case, north, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"], start_days_ago=80)
    assert plan_next_review_due(plan) == plan.start_date + datetime.timedelta(weeks=12)
    assert [p.pk for p in plans_due_for_review(team_ids=[north.pk])] == [plan.pk]
    review(allocated_worker, plan, 1, [5])
    assert plans_due_for_review(team_ids=[north.pk]) == []


def test_only_drafts_change_and_stale_versions_are_refused(allocated_worker, manager, case, siblings):
    from casework.core.versioning import StaleVersion

    plan = draft_plan(allocated_worker, case, siblings["ava"])
    with pytest.raises(StaleVersion):
        plans.plan_update(by=allocated_worker, plan=plan, data={}, expected_version=plan.version + 5)
    goals = [{"id": str(plan.goals.first().pk), "description": "Changed", "help_provided": ""}]
    plans.plan_update(by=allocated_worker, plan=plan, data={}, goals=goals, expected_version=plan.version)
    assert list(plan.goals.values_list("description", flat=True)) == ["Changed"]
    plans.plan_authorise(by=manager, plan=plan)
    with pytest.raises(ValidationError, match="draft"):
        plans.plan_update(by=allocated_worker, plan=plan, data={}, expected_version=plan.version)
