"""/api/v1/plans/: drafting, authorising (never by the author), reviews, ending, for the personas of PERMISSIONS.md."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.models import Plan, PlanStatus
from tests.casework.api_support import *  # noqa: F403
from tests.casework.api_support import call
from tests.factories.plans import authorised_plan, draft_plan

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"


def body(case, child, **extra):
    return {
        "case": str(case.pk),
        "child": str(child.pk),
        "start_date": timezone.localdate().isoformat(),
        "visiting_frequency_days": 20,
        "goals": [{"description": "Food at home", "help_provided": "Food bank"}],
        **extra,
    }


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 201),
        ("colleague", 201),
        ("manager", 201),
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_draft_a_plan(persona, code, request, api_as, case, siblings):
    response = call(api_as, request.getfixturevalue(persona), "post", PLANS, body(case, siblings["ava"]))
    assert response.status_code == code, response.content
    assert Plan.objects.exists() == (code == 201)


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 200),
        ("front_door_manager", 403),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_authorise(persona, code, request, api_as, allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    response = call(api_as, request.getfixturevalue(persona), "post", f"{PLANS}{plan.pk}/authorise/")
    assert response.status_code == code, response.content
    plan.refresh_from_db()
    assert (plan.status == PlanStatus.AUTHORISED) == (code == 200)


def test_the_manager_who_drafted_it_gets_403(api_as, manager, case, siblings):
    plan = draft_plan(manager, case, siblings["ava"])
    response = call(api_as, manager, "post", f"{PLANS}{plan.pk}/authorise/")
    assert response.status_code == 403
    assert "another manager" in response.json()["detail"]


def test_review_with_progress_then_read(api_as, allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    goal = plan.goals.first()
    review = {
        "date": timezone.localdate().isoformat(),
        "attendees": ["Mum"],
        "summary": "Better",
        "goal_progress": [{"goal": str(goal.pk), "progress": 7}],
    }
    response = call(api_as, allocated_worker, "post", f"{PLANS}{plan.pk}/reviews/", review)
    assert response.status_code == 201, response.content
    data = call(api_as, manager, "get", f"{PLANS}{plan.pk}/").json()
    assert data["goals"][0]["progress"] == 7 and data["reviews"][0]["goal_progress"][0]["progress"] == 7
    assert data["next_review_due"] and data["next_visit_due"]
    bad = {**review, "goal_progress": [{"goal": str(goal.pk), "progress": 12}]}
    assert call(api_as, allocated_worker, "post", f"{PLANS}{plan.pk}/reviews/", bad).status_code == 400
    assert call(api_as, manager, "post", f"{PLANS}{plan.pk}/reviews/", {**review, "summary": ""}).status_code == 400


def test_performance_officer_reads_structure_not_narrative(
    api_as, performance_officer, allocated_worker, case, siblings
):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    data = call(api_as, performance_officer, "get", f"{PLANS}{plan.pk}/").json()
    assert data["status"] == "draft" and data["goals"][0]["description"] is None


@pytest.mark.parametrize("persona", ["other_team_worker", "other_team_manager"])
def test_other_team_gets_404_on_every_endpoint(persona, request, api_as, allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    user = request.getfixturevalue(persona)
    assert call(api_as, user, "get", f"{PLANS}{plan.pk}/").status_code == 404
    assert call(api_as, user, "patch", f"{PLANS}{plan.pk}/", {"version": plan.version}).status_code == 404
    for action in ("authorise", "reviews", "end"):
        assert call(api_as, user, "post", f"{PLANS}{plan.pk}/{action}/").status_code == 404
    assert call(api_as, user, "get", PLANS).json()["results"] == []


def test_patch_a_draft_and_end_it(api_as, allocated_worker, case, siblings):
    plan = draft_plan(allocated_worker, case, siblings["ava"])
    patch = {"version": plan.version, "visiting_frequency_days": 10}
    assert call(api_as, allocated_worker, "patch", f"{PLANS}{plan.pk}/", patch).json()["visiting_frequency_days"] == 10
    assert call(api_as, allocated_worker, "patch", f"{PLANS}{plan.pk}/", patch).status_code == 409
    end = {"end_date": timezone.localdate().isoformat(), "reason": "Not needed", "kind": "step_down"}
    response = call(api_as, allocated_worker, "post", f"{PLANS}{plan.pk}/end/", end)
    assert response.status_code == 200 and response.json()["status"] == "ended"


def test_list_queries_do_not_grow(api_as, allocated_worker, manager, case, siblings, django_assert_max_num_queries):
    authorised_plan(allocated_worker, manager, case, siblings["ava"])
    draft_plan(allocated_worker, case, siblings["sam"])
    with django_assert_max_num_queries(20):
        response = call(api_as, manager, "get", PLANS)
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 201),
        ("colleague", 201),
        ("manager", 201),
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_record_a_review(persona, code, request, api_as, allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    review = {"date": timezone.localdate().isoformat(), "summary": "Better", "attendees": ["Mum"]}
    response = call(api_as, request.getfixturevalue(persona), "post", f"{PLANS}{plan.pk}/reviews/", review)
    assert response.status_code == code, response.content
    assert plan.reviews.exists() == (code == 201)
