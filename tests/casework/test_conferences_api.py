"""/api/v1/conferences/, /api/v1/core-groups/ and CP plans on /api/v1/plans/: recording, field
errors (400, nothing saved), PATCH of the record (never the decisions), CP plans read with their
categories and reviews (core groups and review conferences), POST of a CP plan refused, a CIN
plan with a category refused; other team 404; every persona of PERMISSIONS.md."""

from __future__ import annotations

import pytest

from casework.models import Conference, CoreGroup, Plan
from tests.casework.api_support import *  # noqa: F403
from tests.casework.api_support import call
from tests.factories.conferences import conference, core_group, cp_plan, days_ago, with_goals
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db

CONFERENCES, CORE_GROUPS, PLANS = "/api/v1/conferences/", "/api/v1/core-groups/", "/api/v1/plans/"


def body(case, child, **extra):
    return {
        "case": str(case.pk),
        "kind": "initial",
        "date": days_ago(2).isoformat(),
        "chair": "Jo Chair",
        "attendees": ["Mum"],
        "child_participation": "Ava's letter was read out.",
        "outcomes": [{"child": str(child.pk), "decision": "cp_plan", "category": "NEG"}],
    } | extra


@pytest.fixture
def plan(allocated_worker, case, siblings):
    p = with_goals(cp_plan(allocated_worker, case, siblings["ava"]))
    core_group(allocated_worker, p, 10, [3, 5])
    return p


def test_record_an_initial_conference(api_as, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(10))
    response = call(api_as, allocated_worker, "post", CONFERENCES, body(case, ava))
    assert response.status_code == 201, response.json()
    data = response.json()
    plan = Plan.objects.get(child=ava)
    assert data["outcomes"] == [{"child": str(ava.pk), "decision": "cp_plan", "category": "NEG", "plan": str(plan.pk)}]
    assert data["child_participation"] == "Ava's letter was read out." and data["version"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"outcomes": [{"decision": "cp_plan", "category": ""}]}, "outcomes"),
        ({"chair": ""}, "chair"),
        ({"date": days_ago(-1).isoformat()}, "date"),
        ({"date": days_ago(20).isoformat()}, "date"),  # before the strategy discussion
        ({"kind": "review"}, "outcomes"),
    ],
)
def test_bad_conferences_get_field_errors_and_nothing_is_saved(change, field, api_as, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(10))
    if "outcomes" in change:
        change = {"outcomes": [{"child": str(ava.pk), **change["outcomes"][0]}]}
    response = call(api_as, allocated_worker, "post", CONFERENCES, body(case, ava, **change))
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Conference.objects.exists() and not Plan.objects.exists()


def test_patch_corrects_the_record_but_not_the_decisions(api_as, allocated_worker, plan):
    conf = Conference.objects.get()
    url = f"{CONFERENCES}{conf.pk}/"
    assert call(api_as, allocated_worker, "patch", url, {"chair": "New chair"}).status_code == 409
    response = call(
        api_as, allocated_worker, "patch", url, {"chair": "New chair", "version": 1, "outcomes": [{"decision": "x"}]}
    )
    assert response.status_code == 200 and response.json()["chair"] == "New chair"
    assert response.json()["outcomes"][0]["decision"] == "cp_plan"


def test_cp_plans_read_with_categories_and_reviews(api_as, allocated_worker, case, plan, siblings):
    conference(allocated_worker, case, [(siblings["ava"], "continue_plan", "EMO")], kind="review", date=days_ago(1))
    data = call(api_as, allocated_worker, "get", f"{PLANS}{plan.pk}/").json()
    assert (data["kind"], data["initial_category"], data["latest_category"]) == ("cp", "NEG", "EMO")
    assert data["next_visit_due"] and data["next_review_due"] is None
    assert [r["kind"] for r in data["reviews"]] == ["review_conference", "core_group"]
    assert data["reviews"][1]["goal_progress"][0]["progress"] == 3


def test_a_cp_plan_cannot_be_posted_and_a_cin_plan_has_no_category(api_as, allocated_worker, case, siblings):
    base = {"case": str(case.pk), "child": str(siblings["ava"].pk)}
    response = call(api_as, allocated_worker, "post", PLANS, base | {"kind": "cp"})
    assert response.status_code == 400 and "started by a conference" in response.json()["kind"][0]
    response = call(api_as, allocated_worker, "post", PLANS, base | {"initial_category": "NEG"})
    assert response.status_code == 400 and "initial_category" in response.json()
    assert not Plan.objects.exists()


def test_a_cp_plan_patch_changes_its_visiting_frequency_not_its_category(api_as, allocated_worker, plan):
    url = f"{PLANS}{plan.pk}/"
    response = call(api_as, allocated_worker, "patch", url, {"visiting_frequency_days": 5, "version": plan.version})
    assert response.status_code == 200 and response.json()["visiting_frequency_days"] == 5
    plan.refresh_from_db()
    response = call(api_as, allocated_worker, "patch", url, {"latest_category": "PHY", "version": plan.version})
    assert response.status_code == 400 and "latest_category" in response.json()


def test_record_a_core_group(api_as, colleague, plan):
    goal = plan.goals.first()
    payload = {
        "plan": str(plan.pk),
        "date": days_ago(1).isoformat(),
        "attendees": ["Mum"],
        "summary": "Better",
        "goal_progress": [{"goal": str(goal.pk), "progress": 8}],
    }
    response = call(api_as, colleague, "post", CORE_GROUPS, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["goal_progress"] == [{"goal": str(goal.pk), "progress": 8}]
    bad = call(
        api_as,
        colleague,
        "post",
        CORE_GROUPS,
        payload | {"summary": "", "goal_progress": [{"goal": str(goal.pk), "progress": 11}]},
    )
    assert bad.status_code == 400 and CoreGroup.objects.count() == 2


def test_a_core_group_on_a_cin_plan_is_refused(api_as, allocated_worker, manager, case, siblings):
    from tests.factories.plans import authorised_plan

    cin = authorised_plan(allocated_worker, manager, case, siblings["sam"])
    payload = {"plan": str(cin.pk), "date": days_ago(1).isoformat(), "summary": "Met"}
    response = call(api_as, allocated_worker, "post", CORE_GROUPS, payload)
    assert response.status_code == 400 and "plan" in response.json()


def test_other_team_gets_404(api_as, other_team_worker, plan, case, siblings):
    conf, group = Conference.objects.get(), CoreGroup.objects.get()
    assert call(api_as, other_team_worker, "get", f"{CONFERENCES}{conf.pk}/").status_code == 404
    assert call(api_as, other_team_worker, "get", f"{CORE_GROUPS}{group.pk}/").status_code == 404
    assert call(api_as, other_team_worker, "get", CONFERENCES).json()["results"] == []
    assert call(api_as, other_team_worker, "get", CORE_GROUPS).json()["results"] == []
    assert call(api_as, other_team_worker, "patch", f"{CONFERENCES}{conf.pk}/", {"version": 1}).status_code == 404
    assert call(api_as, other_team_worker, "post", CONFERENCES, body(case, siblings["ava"])).status_code == 404
    payload = {"plan": str(plan.pk), "date": days_ago(1).isoformat(), "summary": "x"}
    assert call(api_as, other_team_worker, "post", CORE_GROUPS, payload).status_code == 404


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("front_door_worker", 200, 403),
        ("front_door_manager", 200, 403),
        ("allocated_worker", 200, 201),
        ("colleague", 200, 201),
        ("manager", 200, 201),
        ("other_team_worker", 404, 404),
        ("performance_officer", 200, 403),
        ("auditor", 200, 403),
    ],
)
def test_every_persona(persona, read, write, request, api_as, plan):
    user = request.getfixturevalue(persona)
    conf = Conference.objects.get()
    assert call(api_as, user, "get", f"{CONFERENCES}{conf.pk}/").status_code == read
    payload = {"plan": str(plan.pk), "date": days_ago(1).isoformat(), "summary": "Met"}
    assert call(api_as, user, "post", CORE_GROUPS, payload).status_code == write


def test_the_list_queries_do_not_grow_with_conferences(
    api_as, allocated_worker, case, siblings, django_assert_max_num_queries
):
    cp_plan(allocated_worker, case, siblings["ava"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        call(api_as, allocated_worker, "get", CONFERENCES)
    cp_plan(allocated_worker, case, siblings["sam"])
    conference(allocated_worker, case, [(siblings["ava"], "continue_plan", "")], kind="review", date=days_ago(1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(call(api_as, allocated_worker, "get", CONFERENCES).json()["results"]) == 3
