"""Journey (Playwright, Debian's Chromium): the worker adds an action from the case page, sees it
on My work with its due date, completes it (a note is required) and the manager sees the team's
actions on the team page. Every page visited passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from casework.models import Action
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import new_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_worker_adds_and_completes_an_action_manager_sees_it_on_the_team_page(
    page,
    front_door_worker,
    north,
    manager,
    allocated_worker,
):
    # Given the worker holds the Smith case
    case = new_case(front_door_worker, north, "Smith", children=2, manager=manager, worker=allocated_worker)
    due = timezone.localdate() + datetime.timedelta(days=4)

    # When they add an action from the case page
    sign_in(page, allocated_worker)
    main = page.locator("main")
    assert "Your actions" in main.inner_text()
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("button", name="Add an action").click()
    page.get_by_role("heading", name="Add an action").wait_for()
    axe_check(page, name="add an action")
    page.get_by_role("button", name="Add the action").click()
    page.locator(".govuk-error-summary").wait_for()
    axe_check(page, name="add an action, with errors")
    page.get_by_label("What needs to be done").fill("Ring the school about attendance")
    page.get_by_label("Who will do it").select_option(label="Sam Okafor (you)")
    page.fill("#due_date-day", str(due.day))
    page.fill("#due_date-month", str(due.month))
    page.fill("#due_date-year", str(due.year))
    page.get_by_label("Ava Smith").check()
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_url(re.compile(r".*/cases/[0-9a-f-]{36}/actions/$"))
    assert "Action added for Sam Okafor" in main.inner_text()
    axe_check(page, name="case actions")

    # Then it is on their My work with its due date
    page.goto("/")
    assert "Ring the school about attendance" in main.inner_text()
    assert f"Due {due.day} {due:%B}" in main.inner_text()

    # When they complete it, first without a note
    page.get_by_role("link", name="Ring the school about attendance").click()
    page.get_by_role("heading", name="Complete this action").wait_for()
    axe_check(page, name="action detail")
    page.get_by_role("button", name="Complete the action").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter what was done" in main.inner_text()
    axe_check(page, name="complete an action, with errors")
    page.get_by_label("What was done").fill("Spoke to the head teacher")
    page.get_by_role("button", name="Complete the action").click()
    page.get_by_text("Action completed").first.wait_for()
    axe_check(page, name="action done")
    assert Action.objects.get().status == "done"

    # And the manager sees the team's open actions on the team page
    Action.objects.create(
        case=case,
        action="Book the family meeting",
        owner=allocated_worker,
        due_date=timezone.localdate(),
        created_by=manager,
    )
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")
    sign_in(page, manager)
    page.goto(f"/teams/{north.pk}/")
    page.get_by_role("heading", name="Actions", exact=True).wait_for()
    assert "Book the family meeting" in main.inner_text() and "Due today" in main.inner_text()
    axe_check(page, name="team page with actions")
