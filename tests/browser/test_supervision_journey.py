"""Journey: the manager opens the supervision agenda for a worker, records a decision with its
rationale and an action; the worker signs in, sees the action on My work and acknowledges the
supervision record. Every page visited passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from casework.models import Action, Supervision
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import new_case

pytestmark = pytest.mark.django_db(transaction=True)

DETAIL_PAGE = re.compile(r".*/supervision/[0-9a-f-]{36}/$")
DECISION = "Keep the child in need plan; see Ava alone at school"
RATIONALE = "Ava speaks more freely at school"
PRIVATE = "Workload is heavy this month"
ACTION = "Visit Ava alone at school"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def test_manager_records_supervision_worker_sees_action_and_acknowledges(
    page, front_door_worker, north, manager, allocated_worker
):
    # Given the Smith case in North, allocated to Sam Okafor
    case = new_case(front_door_worker, north, "Smith", children=2, manager=manager, worker=allocated_worker)
    main = page.locator("main")

    # When the manager opens Supervision, then Sam Okafor's agenda
    sign_in(page, manager)
    page.get_by_role("link", name="Supervision", exact=True).first.click()
    page.get_by_role("heading", name="Supervision").first.wait_for()
    axe_check(page, name="manager's supervision home")
    page.get_by_role("link", name="Agenda for Sam Okafor").click()
    page.get_by_role("heading", name="Supervision agenda: Sam Okafor").wait_for()
    assert "Smith family" in main.inner_text() and "new entr" in main.inner_text()
    axe_check(page, name="supervision agenda")

    # And records a decision with its rationale and an action for the worker
    page.get_by_role("button", name="Record supervision", exact=True).first.click()
    page.get_by_role("heading", name="Record supervision: Sam Okafor").wait_for()
    axe_check(page, name="record supervision form")
    key = f"c{case.pk.hex}"
    page.fill("#private_notes", PRIVATE)
    page.fill(f"#{key}_decision", DECISION)
    page.fill(f"#{key}_rationale", RATIONALE)
    page.fill(f"#{key}_a0_action", ACTION)
    page.select_option(f"#{key}_a0_owner", str(allocated_worker.pk))
    due = timezone.localdate() + datetime.timedelta(days=10)
    page.fill(f"#{key}_a0_due-day", str(due.day))
    page.fill(f"#{key}_a0_due-month", str(due.month))
    page.fill(f"#{key}_a0_due-year", str(due.year))
    page.get_by_role("button", name="Record supervision").click()
    page.wait_for_url(DETAIL_PAGE)

    # Then the record shows the decision, the rationale, the action and the private notes
    text = main.inner_text()
    assert DECISION in text and RATIONALE in text and ACTION in text and PRIVATE in text
    assert Action.objects.get().owner == allocated_worker
    axe_check(page, name="supervision record (manager)")
    sign_out(page)

    # When the worker signs in, they see the action on My work and the record to acknowledge
    sign_in(page, allocated_worker)
    assert "Your actions" in main.inner_text() and ACTION in main.inner_text()
    assert "Supervision records to acknowledge" in main.inner_text()
    axe_check(page, name="worker's My work")
    page.get_by_role("link", name=re.compile(r"Supervision on .* with Priya Shah")).click()
    page.wait_for_url(DETAIL_PAGE)
    assert PRIVATE in main.inner_text()
    axe_check(page, name="supervision record (worker)")

    # And acknowledges it with a comment
    page.get_by_role("button", name="Read and acknowledge").click()
    page.get_by_role("heading", name="Acknowledge your supervision record").wait_for()
    axe_check(page, name="acknowledge")
    page.fill("#comment", "Agreed; I will visit next week")
    page.get_by_role("button", name="Acknowledge").click()
    page.wait_for_url(DETAIL_PAGE)
    assert "You have acknowledged the supervision record" in main.inner_text()
    assert "Agreed; I will visit next week" in main.inner_text()
    axe_check(page, name="supervision record, acknowledged")
    record = Supervision.objects.get()
    assert record.acknowledged_at is not None
    assert not page.console_errors
