"""Conference and core group pages: recording a conference (errors shown, nothing saved; a plan
started), the conference page, the CP plan page (categories, core groups, what is due, previous
plans), recording a core group, changing a CP plan, the child at a glance; other team 404;
who may record; query counts constant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.core.models import AccessLog
from casework.models import Conference, CoreGroup, Plan
from casework.selectors_conferences import plan_review_conference_due
from casework.selectors_plans import plan_next_visit_due
from tests.casework.api_support import *  # noqa: F403
from tests.factories.conferences import conference, core_group, cp_plan, days_ago, with_goals
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs=kwargs)


def day(prefix: str, date) -> dict[str, str]:
    return {f"{prefix}-day": str(date.day), f"{prefix}-month": str(date.month), f"{prefix}-year": str(date.year)}


def uk(date) -> str:
    return f"{date.day} {date:%B %Y}"


@pytest.fixture
def plan(allocated_worker, case, siblings):
    p = with_goals(cp_plan(allocated_worker, case, siblings["ava"]))
    core_group(allocated_worker, p, 20, [2, 4])
    return p


def conference_post(child, **extra) -> dict[str, str]:
    data = {
        "kind": "initial",
        **day("date", days_ago(3)),
        "chair": "Jo Chair",
        "attendees": "Mum\nSchool nurse",
        "parents_participation": "Mum came.",
        "child_participation": "Ava wrote a letter: she wants her room to be warm.",
        "summary": "Neglect.",
        f"decision_{child.pk}": "cp_plan",
        f"category_{child.pk}": "NEG",
    }
    return data | extra


def test_record_an_initial_conference_that_starts_a_plan(client, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(10))
    client.force_login(allocated_worker)
    page = client.get(url("conference_new", case_id=case.pk))
    assert page.status_code == 200 and "Category of abuse for Ava" in page.content.decode()
    response = client.post(url("conference_new", case_id=case.pk), conference_post(ava))
    conf = Conference.objects.get()
    assert response.status_code == 302 and response["Location"] == url("conference_detail", conference_id=conf.pk)
    plan = Plan.objects.get(child=ava)
    assert plan.kind == "cp" and plan.latest_category == "NEG"
    detail = client.get(response["Location"]).content.decode()
    assert "she wants her room to be warm" in detail and "Neglect" in detail
    assert AccessLog.objects.filter(person=ava, what="Conference").exists()


def test_a_plan_without_a_category_shows_the_error_and_saves_nothing(client, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(10))
    client.force_login(allocated_worker)
    response = client.post(url("conference_new", case_id=case.pk), conference_post(ava, **{f"category_{ava.pk}": ""}))
    assert response.status_code == 400
    assert (
        "needs a category of abuse" in response.content.decode() and "govuk-error-summary" in response.content.decode()
    )
    assert not Conference.objects.exists() and not Plan.objects.exists()


def test_a_conference_before_the_strategy_discussion_shows_the_error(client, allocated_worker, case, siblings):
    ava = siblings["ava"]
    discussion(allocated_worker, case, [ava], date=days_ago(2))
    client.force_login(allocated_worker)
    response = client.post(url("conference_new", case_id=case.pk), conference_post(ava))
    assert response.status_code == 400 and "latest strategy discussion" in response.content.decode()
    assert not Conference.objects.exists()


def test_the_cp_plan_page_shows_categories_core_groups_and_what_is_due(client, manager, plan, siblings):
    ava = siblings["ava"]
    ava.previous_cp_plans_elsewhere = 1
    ava.save()
    client.force_login(manager)
    response = client.get(url("plan_detail", plan_id=plan.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Category of abuse over time" in text and "Neglect" in text
    assert "Core group, " in text and "Goal 1: 2 out of 10" in text
    assert "Review conference due" in text and uk(plan_review_conference_due(plan)) in text
    assert "Next visit due" in text and uk(plan_next_visit_due(plan)) in text
    assert "Previous child protection plans" in text and "1 (including 1 elsewhere)" in text
    assert "Record a core group" in text and "Record a review" not in text.replace("Record a review conference", "")


def test_record_a_core_group(client, allocated_worker, plan):
    client.force_login(allocated_worker)
    assert client.get(url("core_group_new", plan_id=plan.pk)).status_code == 200
    bad = client.post(url("core_group_new", plan_id=plan.pk), {**day("date", days_ago(1)), "summary": ""})
    assert bad.status_code == 400 and CoreGroup.objects.count() == 1
    goal = plan.goals.first()
    response = client.post(
        url("core_group_new", plan_id=plan.pk),
        {**day("date", days_ago(1)), "attendees": "Mum", "summary": "Better", f"goal_{goal.pk}": "7"},
    )
    assert response.status_code == 302 and CoreGroup.objects.count() == 2
    assert goal.progress_history.order_by("-date").first().progress == 7


def test_change_a_cp_plan_visiting_frequency(client, allocated_worker, plan):
    client.force_login(allocated_worker)
    assert client.get(url("plan_edit", plan_id=plan.pk)).status_code == 200
    rows = {"goals-TOTAL_FORMS": "1", "goals-INITIAL_FORMS": "0", "goals-0-id": str(plan.goals.first().pk)}
    rows |= {"goals-0-description": "Warm home", "goals-0-help_provided": "Housing officer"}
    response = client.post(
        url("plan_edit", plan_id=plan.pk), {"visiting_frequency_days": "15", "version": plan.version, **rows}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.visiting_frequency_days == 15 and plan.status == "authorised"


def test_the_child_at_a_glance_shows_the_cp_plan(client, allocated_worker, plan):
    client.force_login(allocated_worker)
    text = client.get(reverse("families:person_detail", kwargs={"person_id": plan.child_id})).content.decode()
    assert "Child protection plan" in text and "Review conference due" in text
    assert uk(plan_review_conference_due(plan)) in text and uk(plan_next_visit_due(plan)) in text


def test_other_team_gets_404_on_every_conference_page(client, other_team_manager, plan, case):
    conf = Conference.objects.get()
    client.force_login(other_team_manager)
    assert client.get(url("conference_new", case_id=case.pk)).status_code == 404
    assert client.get(url("conference_detail", conference_id=conf.pk)).status_code == 404
    assert client.get(url("core_group_new", plan_id=plan.pk)).status_code == 404
    assert client.post(url("core_group_new", plan_id=plan.pk), {}).status_code == 404
    assert client.get(url("plan_detail", plan_id=plan.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["front_door_worker", "front_door_manager", "performance_officer", "auditor"])
def test_those_who_do_not_hold_the_case_cannot_record(persona, request, client, plan, case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("conference_new", case_id=case.pk)).status_code in (403, 404)
    assert client.get(url("core_group_new", plan_id=plan.pk)).status_code == 403
    assert CoreGroup.objects.count() == 1


@pytest.mark.parametrize("persona", ["front_door_worker", "auditor"])
def test_readers_see_the_conference(persona, request, client, plan):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("conference_detail", conference_id=Conference.objects.get().pk)).status_code == 200


def test_plan_page_queries_do_not_grow_with_core_groups(
    client, allocated_worker, case, siblings, django_assert_max_num_queries
):
    small = with_goals(cp_plan(allocated_worker, case, siblings["ava"]), 1)
    core_group(allocated_worker, small, 5, [3])
    big = with_goals(cp_plan(allocated_worker, case, siblings["sam"]), 5)
    for days in (25, 20, 15, 10, 5):
        core_group(allocated_worker, big, days, [4] * 5)
    conference(allocated_worker, case, [(siblings["sam"], "continue_plan", "EMO")], kind="review", date=days_ago(2))
    client.force_login(allocated_worker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("plan_detail", plan_id=small.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("plan_detail", plan_id=big.pk)).status_code == 200
