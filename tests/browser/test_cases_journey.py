"""Journey: the manager allocates a case of two siblings; the worker asks to close one sibling's
episode with a closure summary; the manager authorises it; the other sibling's episode stays
open. Every page visited passes axe."""

from __future__ import annotations

import re

import pytest

from casework import services
from casework.models import Case, Episode
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import allocate, closure_service_data, new_case

pytestmark = pytest.mark.django_db(transaction=True)

CASE_PAGE = re.compile(r".*/cases/[0-9a-f-]{36}/(#.*)?$")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def test_manager_allocates_worker_asks_to_close_one_sibling_manager_authorises(
    page, front_door_worker, north, manager, allocated_worker
):
    # Given the front door referred Ava and Sam Smith to North, not yet allocated
    case = new_case(front_door_worker, north, "Smith", children=2)
    ava, sam = (case.episodes.get(child__first_name=name).child for name in ("Ava", "Sam"))

    # When the manager opens the case from My work and allocates it to Sam Okafor
    sign_in(page, manager)
    main = page.locator("main")
    assert "Cases in your team not allocated to a worker" in main.inner_text()
    axe_check(page, name="manager's My work")
    page.get_by_role("link", name="Smith family").first.click()
    page.wait_for_url(CASE_PAGE)
    assert "Not allocated" in main.inner_text()
    axe_check(page, name="case page, unallocated")
    page.get_by_role("link", name="Allocate a worker").click()
    page.get_by_text("Who is the allocated worker?").wait_for()
    axe_check(page, name="allocate the case")
    page.get_by_label("Sam Okafor (social worker)").check()
    page.get_by_role("button", name="Allocate").click()
    page.wait_for_url(CASE_PAGE)
    assert "The case is allocated to Sam Okafor" in main.inner_text()
    axe_check(page, name="case page, allocated")
    sign_out(page)

    # When the worker finds the case in My work and asks to close Ava's episode with a summary
    sign_in(page, allocated_worker)
    assert "Ava Smith" in main.inner_text() and "Sam Smith" in main.inner_text()
    axe_check(page, name="worker's My work")
    page.get_by_role("link", name="Smith family").first.click()
    page.wait_for_url(CASE_PAGE)
    page.get_by_role("button", name="Request closure for Ava Smith").click()
    page.get_by_role("heading", name="Request closure for Ava Smith").wait_for()
    axe_check(page, name="request closure")
    page.get_by_role("button", name="Send for authorisation").click()  # nothing filled in yet
    page.get_by_text("There is a problem").wait_for()
    axe_check(page, name="request closure, with errors")
    page.get_by_label("RC8: Case closed after assessment, no further action").check()
    page.get_by_label("What changed for the child").fill("Breakfast club and a food bank referral are in place.")
    page.get_by_label("The child's view").fill("Ava says there is food at home and she likes breakfast club.")
    page.get_by_label("Where support goes next").fill("Early help, through the school's family support worker.")
    page.get_by_label("Early help", exact=True).check()
    page.get_by_role("button", name="Send for authorisation").click()
    page.wait_for_url(CASE_PAGE)
    assert "sent to a manager to authorise" in main.inner_text()
    assert "Waiting for a manager of North" in main.inner_text()
    axe_check(page, name="case page, closure requested")
    sign_out(page)

    # Then the manager sees the request in My work and authorises it
    sign_in(page, manager)
    assert "Closures awaiting your decision" in main.inner_text()
    page.get_by_role("link", name="Ava Smith").first.click()
    page.get_by_role("heading", name="Closure of Ava Smith's episode").wait_for()
    assert "Ava says there is food at home" in main.inner_text()
    axe_check(page, name="authorise the closure")
    page.get_by_label("Authorise: close the episode").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(CASE_PAGE)
    assert "Ava Smith's episode closed" in main.inner_text()
    axe_check(page, name="case page, one episode closed")

    # And Sam's episode stays open, as does the case
    assert Episode.objects.get(child=ava).status == "closed"
    assert Episode.objects.get(child=sam).status == "open"
    assert Case.objects.get().status == "open"
    sam_card = page.locator(f"#episode-{Episode.objects.get(child=sam).pk}")
    assert "Open" in sam_card.inner_text()
    # The form sent empty answers 400 on purpose (its errors shown); nothing else went wrong.
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_the_other_case_pages_pass_axe(
    page, front_door_worker, north, south, manager, allocated_worker, other_team_manager
):
    # Given an allocated case with a closed episode and a decision
    case = new_case(front_door_worker, north, "Smith", children=2)
    allocate(case, manager, allocated_worker)
    ava, sam = (case.episodes.get(child__first_name=name) for name in ("Ava", "Sam"))
    services.episode_close(by=manager, episode=ava, closure=closure_service_data())
    services.decision_record(
        by=allocated_worker,
        case=case,
        children=[ava.child],
        kind="closure",
        decision="Close Ava's episode.",
        rationale="Her needs are met.",
        agreed_by=manager,
    )

    # When the manager visits each page about it, then every page passes axe
    sign_in(page, manager)
    for path, name in (
        (f"/teams/{north.pk}/", "team caseload"),
        (f"/cases/{case.pk}/", "case page with a closed episode and a decision"),
        (f"/episodes/{ava.pk}/", "episode page"),
        (f"/episodes/{sam.pk}/primary-need/", "primary need"),
        (f"/episodes/{sam.pk}/close/", "close directly"),
        (f"/cases/{case.pk}/decisions/new/", "record a decision"),
        (f"/cases/{case.pk}/transfer/", "propose a transfer"),
        (f"/people/{ava.child_id}/", "child's record with episodes and decisions"),
    ):
        page.goto(path)
        axe_check(page, name=name)
    page.goto(f"/cases/{case.pk}/transfer/")
    page.select_option("#team", label="South")
    page.get_by_label("Transfer summary").fill("The family moved to Southby.")
    page.get_by_role("button", name="Propose the transfer").click()
    page.wait_for_url(CASE_PAGE)
    axe_check(page, name="case page with a transfer proposed")
    sign_out(page)

    # And the receiving manager's pages pass too
    sign_in(page, other_team_manager)
    axe_check(page, name="receiving manager's My work")
    page.get_by_role("link", name="Smith family").click()
    page.get_by_role("heading", name="Accept or decline the transfer").wait_for()
    axe_check(page, name="accept or decline the transfer")
    assert page.console_errors == []
