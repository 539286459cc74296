"""Journeys: a worker records a home visit where the child was seen alone, in the child's own
words, finishes it and finds it on the visit, the case page and the child's chronology; and a
worker writing a long case note loses their session, signs in again and finds the text. Every
page visited passes axe."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore

from casework.core.drafts import draft_get
from casework.core.middleware import LAST_ACTIVITY_KEY
from casework.models import Visit
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import new_case
from tests.factories.core import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

VISIT_PAGE = re.compile(r".*/visits/[0-9a-f-]{36}/$")
CASE_PAGE = re.compile(r".*/cases/[0-9a-f-]{36}/(#.*)?$")
WORDS = "I like my new bed and I want to see my nan on Saturdays."


def expire_session(page) -> None:
    """The server-side session has had no request for far longer than the idle limit."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_ACTIVITY_KEY] = time.time() - 24 * 3600
    session.save()


def test_worker_records_a_home_visit_with_the_child_seen_alone_and_their_words(
    page, front_door_worker, north, manager, allocated_worker
):
    # Given a case of one child, Ava Jones, allocated to Sam Okafor
    case = new_case(front_door_worker, north, "Jones", children=1, manager=manager, worker=allocated_worker)
    ava = case.episodes.get().child
    main = page.locator("main")

    # When the worker opens the case and chooses to record a visit
    sign_in(page, allocated_worker)
    page.goto(f"/cases/{case.pk}/")
    assert "No visits or notes recorded yet." in main.inner_text()
    page.get_by_role("button", name="Record a visit").click()
    page.get_by_role("heading", name="Record a visit").wait_for()
    axe_check(page, name="record a visit")

    # And finishes it with nothing filled in
    page.get_by_role("button", name="Finish visit").click()
    page.get_by_text("There is a problem").wait_for()
    axe_check(page, name="record a visit, with errors")

    # And fills in a statutory home visit where Ava was seen alone, with her own words
    page.fill("#occurred_time", "9:30am")
    page.get_by_label("Home visit").check()
    page.get_by_label("This was a statutory visit").check()
    page.locator(f"input[name='seen_{ava.pk.hex}'][value='yes']").check()
    page.locator(f"input[name='seen_alone_{ava.pk.hex}'][value='yes']").check()
    page.fill("#narrative", "The home was warm; Ava showed me her room.")
    page.fill("#childs_words", WORDS)
    page.get_by_role("button", name="Finish visit").click()

    # Then the visit is finished and shows everything, with a way to add a correction
    page.wait_for_url(VISIT_PAGE)
    text = main.inner_text()
    assert "The visit is finished" in text and "Ava Jones: Seen alone" in text and WORDS in text
    assert Visit.objects.get().status == "finished"
    axe_check(page, name="the finished visit")

    # And it is on the case page
    page.get_by_role("link", name="Visits and notes").first.click()
    page.get_by_role("heading", name="Visits and notes").wait_for()
    assert "Ava Jones: Seen alone" in main.inner_text()
    axe_check(page, name="visits and notes")
    page.goto(f"/cases/{case.pk}/")
    assert "Statutory home visit" in main.inner_text() and "Ava Jones: Seen alone" in main.inner_text()
    axe_check(page, name="case page with a visit")

    # And in Ava's chronology, through the API in the same session
    response = page.request.get(f"/api/v1/people/{ava.pk}/chronology/")
    assert response.ok
    assert "Ava seen alone" in response.text()
    assert [e for e in page.console_errors if "status of 400" not in e] == []  # the form's own 400


def test_a_long_case_note_comes_back_after_the_session_expires(
    page, front_door_worker, north, manager, allocated_worker
):
    # Given a worker writing a long case note
    case = new_case(front_door_worker, north, "Jones", children=1, manager=manager, worker=allocated_worker)
    sign_in(page, allocated_worker)
    page.goto(f"/cases/{case.pk}/notes/new/")
    axe_check(page, name="add a case note")
    words = "Phoned the school nurse about the asthma plan; she will send it by Friday. " * 30
    page.fill("#narrative", words)
    page.locator("[data-autosave-status]").filter(has_text="Draft saved at").wait_for()
    assert draft_get(user=allocated_worker, form_key="note", record_key=f"case-{case.pk}").data["narrative"] == words

    # When the session expires and the page is next used
    expire_session(page)
    page.reload()
    page.wait_for_url("**/sign-in/**")
    page.fill("#username", allocated_worker.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button:has-text('Sign in')")

    # Then back on the note form, the text is there with a notice saying so
    page.wait_for_url(f"**/cases/{case.pk}/notes/new/")
    assert "We restored what you typed on" in page.locator("[data-draft-restored]").inner_text()
    assert page.input_value("#narrative") == words
    axe_check(page, name="case note with a restored draft")

    # And finishing it keeps the note and leaves no draft
    page.get_by_role("button", name="Finish note").click()
    page.get_by_text("The note is finished").wait_for()
    assert draft_get(user=allocated_worker, form_key="note", record_key=f"case-{case.pk}") is None
    assert page.console_errors == []
