"""CIN plan pages: the plan with progress over time, drafting with "add another goal",
authorising (never one's own), reviews, ending, actions; the case page, the child's record and
the team page; other team 404 everywhere; query counts constant."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.core.models import AccessLog
from casework.models import Action, DecisionRecord, Plan, PlanStatus
from tests.casework.api_support import *  # noqa: F403
from tests.factories.plans import authorised_plan, draft_plan, review

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs=kwargs)


def day(prefix: str, date=None) -> dict[str, str]:
    date = date or timezone.localdate()
    return {f"{prefix}-day": str(date.day), f"{prefix}-month": str(date.month), f"{prefix}-year": str(date.year)}


def goals(*rows: tuple[str, str]) -> dict[str, str]:
    data = {"goals-TOTAL_FORMS": str(len(rows)), "goals-INITIAL_FORMS": "0"}
    for n, (description, help_provided) in enumerate(rows):
        data |= {f"goals-{n}-id": "", f"goals-{n}-description": description, f"goals-{n}-help_provided": help_provided}
    return data


@pytest.fixture
def plan(allocated_worker, manager, case, siblings):
    p = authorised_plan(allocated_worker, manager, case, siblings["ava"])
    review(allocated_worker, p, 30, [2, 3])
    review(allocated_worker, p, 2, [6, 5])
    return p


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager", "front_door_worker", "auditor"])
def test_the_plan_page_shows_progress_over_time(persona, request, client, plan):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("plan_detail", plan_id=plan.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Goal 1: 6 out of 10" in text and "Progress at each review" in text and "Next review due" in text
    assert AccessLog.objects.filter(person=plan.child, what="Plan").exists()


def test_other_team_gets_404_on_every_plan_page(client, other_team_manager, plan, case):
    client.force_login(other_team_manager)
    for name in ("plan_detail", "plan_edit", "plan_authorise", "plan_review_new", "plan_end"):
        assert client.get(url(name, plan_id=plan.pk)).status_code == 404, name
    assert client.post(url("plan_action_add", plan_id=plan.pk)).status_code == 404
    assert client.get(url("plan_new", case_id=case.pk)).status_code == 404


def test_draft_a_plan_with_another_goal(client, allocated_worker, case, siblings):
    client.force_login(allocated_worker)
    assert client.get(url("plan_new", case_id=case.pk)).status_code == 200
    base = {"child": str(siblings["ava"].pk), **day("start_date"), "visiting_frequency_days": "20"}
    added = client.post(url("plan_new", case_id=case.pk), {**base, **goals(("Food at home", "")), "add_goal": "1"})
    assert added.status_code == 200 and "Goal 2" in added.content.decode() and not Plan.objects.exists()
    bad = client.post(url("plan_new", case_id=case.pk), {**base, "visiting_frequency_days": "x", **goals()})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    assert not Plan.objects.exists()
    response = client.post(
        url("plan_new", case_id=case.pk), {**base, **goals(("Food at home", "Food bank"), ("School", ""))}
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.goals.count() == 2 and plan.status == PlanStatus.DRAFT
    assert plan.start_date == timezone.localdate() and plan.visiting_frequency_days == 20


@pytest.mark.parametrize("persona", ["front_door_worker", "auditor", "performance_officer"])
def test_readers_cannot_draft(persona, request, client, case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("plan_new", case_id=case.pk)).status_code in (403, 404)


def test_the_author_cannot_authorise_but_another_manager_can(client, manager, allocated_worker, case, siblings):
    own = draft_plan(manager, case, siblings["ava"])
    client.force_login(manager)
    assert client.get(url("plan_authorise", plan_id=own.pk)).status_code == 403
    client.force_login(allocated_worker)
    assert client.get(url("plan_authorise", plan_id=own.pk)).status_code == 403
    other = draft_plan(allocated_worker, case, siblings["sam"])
    client.force_login(manager)
    assert client.get(url("plan_authorise", plan_id=other.pk)).status_code == 200
    response = client.post(url("plan_authorise", plan_id=other.pk), {"version": other.version})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == PlanStatus.AUTHORISED


def test_record_a_review(client, allocated_worker, plan):
    client.force_login(allocated_worker)
    assert client.get(url("plan_review_new", plan_id=plan.pk)).status_code == 200
    first = plan.goals.first()
    bad = client.post(url("plan_review_new", plan_id=plan.pk), {**day("date"), "summary": ""})
    assert bad.status_code == 400 and plan.reviews.count() == 2
    data = {**day("date"), "summary": "Better", "attendees": "Mum\nTeacher", f"goal_{first.pk}": "9"}
    assert client.post(url("plan_review_new", plan_id=plan.pk), data).status_code == 302
    latest = plan.reviews.order_by("-recorded_at").first()
    assert latest.attendees == ["Mum", "Teacher"] and latest.progress.get().progress == 9


def test_end_a_plan_with_a_decision(client, allocated_worker, plan):
    client.force_login(allocated_worker)
    assert client.post(url("plan_end", plan_id=plan.pk), {"kind": "step_down"}).status_code == 400
    data = {"kind": "step_down", **day("end_date"), "reason": "Goals met", "version": plan.version}
    assert client.post(url("plan_end", plan_id=plan.pk), data).status_code == 302
    assert DecisionRecord.objects.get().kind == "step_down"


def test_add_an_action_from_the_plan(client, allocated_worker, colleague, plan):
    client.force_login(allocated_worker)
    bad = client.post(url("plan_action_add", plan_id=plan.pk), {"action": ""})
    assert bad.status_code == 400 and not Action.objects.exists()
    data = {"action": "Book the review", "owner": str(colleague.pk), **day("due_date")}
    assert client.post(url("plan_action_add", plan_id=plan.pk), data).status_code == 302
    action = Action.objects.get()
    assert action.plan == plan and action.source == "plan" and action.owner == colleague


def test_case_page_glance_and_team_page_show_the_plan(client, manager, plan, case, north):
    client.force_login(manager)
    assert "Child in need plan for Ava" in client.get(url("case_detail", case_id=case.pk)).content.decode()
    record = client.get(reverse("families:person_detail", kwargs={"person_id": plan.child_id})).content.decode()
    assert 'id="plan"' in record and "6 out of 10" in record
    Plan.objects.filter(pk=plan.pk).update(review_frequency_weeks=1)
    team = client.get(url("team_caseload", team_id=north.pk)).content.decode()
    assert "Plans due for review" in team and "Ava Smith" in team


def test_plan_page_queries_do_not_grow_with_goals_and_reviews(
    client, manager, allocated_worker, case, siblings, django_assert_max_num_queries
):
    small = authorised_plan(allocated_worker, manager, case, siblings["ava"], goals=1)
    review(allocated_worker, small, 5, [3])
    big = authorised_plan(allocated_worker, manager, case, siblings["sam"], goals=6)
    for days in (40, 30, 20, 10, 5):
        review(allocated_worker, big, days, [days % 10] * 6)
    client.force_login(manager)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("plan_detail", plan_id=small.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("plan_detail", plan_id=big.pk)).status_code == 200


def test_performance_officer_sees_the_structure_not_the_words(client, performance_officer, plan):
    client.force_login(performance_officer)
    text = client.get(url("plan_detail", plan_id=plan.pk)).content.decode()
    assert "Goal 1: 6 out of 10" in text and "Help 1" not in text and "Going well" not in text


def test_the_demo_has_plans_with_reviews_and_a_draft_and_is_idempotent():
    from casework.core.demo import seed_demo

    seed_demo()
    seed_demo()
    cin = Plan.objects.filter(kind="cin")  # the child protection demo adds CP plans
    assert sorted(cin.values_list("status", flat=True)) == ["authorised", "draft"]
    tobi = cin.get(status="authorised")
    assert tobi.reviews.count() == 3
    assert [p.progress for p in tobi.goals.first().progress_history.all()] == [3, 6, 8]
