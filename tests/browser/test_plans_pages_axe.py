"""Journey: a worker drafts Ava's CIN plan (adding a second goal), the manager authorises it and
records a review; the plan page shows the progress. Every page visited passes axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.models import Plan
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import new_case

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def type_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_worker_drafts_manager_authorises_and_reviews(
    page, live_server, front_door_worker, north, manager, allocated_worker
):
    # Given Ava's case is held by North
    case = new_case(front_door_worker, north, "Smith", children=1)
    main = page.locator("main")

    # When the worker drafts a CIN plan with two goals from the case page
    sign_in(page, allocated_worker)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    axe_check(page, name="case page with plans")
    page.get_by_role("button", name="Draft a CIN plan").click()
    axe_check(page, name="draft a plan")
    type_date(page, "Start date", timezone.localdate())
    page.get_by_label("Visiting frequency").fill("20")
    page.get_by_label("What needs to change").first.fill("Food at home every day")
    page.get_by_role("button", name="Add another goal").click()
    page.get_by_text("Goal 2").wait_for()
    page.get_by_label("What needs to change").nth(1).fill("Ava goes to school every day")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("The plan is drafted").wait_for()
    axe_check(page, name="draft plan page")
    plan = Plan.objects.get()
    assert plan.goals.count() == 2
    sign_out(page)

    # Then the manager authorises it and records a review with progress
    sign_in(page, manager)
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("button", name="Authorise the plan").click()
    page.get_by_role("heading", name="Authorise the plan").wait_for()
    axe_check(page, name="authorise the plan")
    page.get_by_role("button", name="Authorise the plan").click()
    page.get_by_text("The plan is authorised").wait_for()
    page.get_by_role("button", name="Record a review").click()
    axe_check(page, name="record a review")
    type_date(page, "Date of the review", timezone.localdate())
    page.get_by_label("Summary").fill("Food bank in place")
    page.get_by_role("group", name="Goal 1: Food at home every day").get_by_label("7").check()
    page.get_by_role("button", name="Record the review").click()
    page.get_by_text("The review is recorded").wait_for()
    assert "Goal 1: 7 out of 10" in main.inner_text()
    axe_check(page, name="plan page with a review")
