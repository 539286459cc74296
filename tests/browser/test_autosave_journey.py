"""Journey: a worker types a note, their session expires, they sign in again and find the text
they had not saved; saving the form leaves no draft behind. Uses the test-only autosaving form
of tests/support (the real forms arrive with visits, notes and assessments)."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore

from casework.core.drafts import draft_get
from casework.core.middleware import LAST_ACTIVITY_KEY
from casework.core.models import Draft
from tests.browser.conftest import axe_check, sign_in
from tests.factories.core import TEST_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.support.urls")]

FORM = "/test-support/notes/note-7/"
WORDS = "Amira said she likes her new school and wants to see her nan more."


def expire_session(page) -> None:
    """The server-side session has had no request for far longer than the idle limit."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_ACTIVITY_KEY] = time.time() - 24 * 3600
    session.save()


def test_text_typed_before_the_session_expires_is_restored_after_signing_in_again(page, allocated_worker):
    # Given a worker writing a note
    sign_in(page, allocated_worker)
    page.goto(FORM)
    assert page.locator("[data-draft-restored]").count() == 0

    # When they type and stop for a moment
    page.fill("#summary", "School visit")
    page.fill("#note", WORDS)
    status = page.locator("form[data-autosave] [data-autosave-status]")
    status.filter(has_text="Draft saved at").wait_for()

    # Then the draft is kept on the server (never the CSRF token), and the status is announced politely
    assert status.get_attribute("aria-live") == "polite"
    draft = draft_get(user=allocated_worker, form_key="test-note", record_key="note-7")
    assert draft.data["note"] == WORDS
    assert draft.data["summary"] == "School visit"
    assert "csrfmiddlewaretoken" not in draft.data
    assert draft.base_version == 3
    stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert "Amira" not in stored and "School visit" not in stored  # never in browser storage
    axe_check(page, name="form with draft saved")

    # When the session expires while they are away, and the page is next used
    expire_session(page)
    page.reload()

    # Then they are asked to sign in again, and told their typing was kept
    page.wait_for_url("**/sign-in/**")
    assert "anything you were typing was saved as a draft" in page.locator("main").inner_text()
    page.fill("#username", allocated_worker.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button:has-text('Sign in')")

    # And back on the form, the text they had not saved is there, with a banner saying so
    page.wait_for_url(f"**{FORM}")
    banner = page.locator("[data-draft-restored]")
    assert "We restored text you had not saved" in banner.inner_text()
    assert page.input_value("#note") == WORDS
    assert page.input_value("#summary") == "School visit"
    assert page.console_errors == []
    axe_check(page, name="form with restored draft")


def test_saving_the_form_leaves_no_draft_even_if_typing_just_happened(page, allocated_worker):
    # Given a worker whose draft has been autosaved
    sign_in(page, allocated_worker)
    page.goto(FORM)
    page.fill("#summary", "Phone call")
    page.fill("#note", "Spoke to the school nurse.")
    page.locator("[data-autosave-status]").filter(has_text="Draft saved at").wait_for()
    assert Draft.objects.count() == 1

    # When they type a little more and save at once, before the next autosave
    page.fill("#note", "Spoke to the school nurse about Amira's asthma.")
    page.click("button:has-text('Save note')")

    # Then the note is saved and no draft is left behind, nor revived by a late autosave
    page.wait_for_url(f"**{FORM}")
    assert "Note saved" in page.locator(".govuk-notification-banner").first.inner_text()
    page.wait_for_timeout(2500)
    assert Draft.objects.count() == 0
    assert page.locator("[data-draft-restored]").count() == 0
    assert page.console_errors == []


def test_a_draft_is_saved_when_the_page_is_left_before_the_pause(page, allocated_worker):
    # Given a worker typing
    sign_in(page, allocated_worker)
    page.goto(FORM)
    page.fill("#note", "Left in a hurry")

    # When they leave the page straight away (no pause for the autosave)
    page.goto("/")

    # Then what they typed is kept all the same
    deadline = time.time() + 5
    while time.time() < deadline and not Draft.objects.exists():
        time.sleep(0.1)
    assert draft_get(user=allocated_worker, form_key="test-note", record_key="note-7").data["note"] == "Left in a hurry"
