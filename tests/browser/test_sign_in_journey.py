"""Journey: a social worker signs in and lands on My work; both pages pass axe."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_signs_in_and_lands_on_my_work(page, allocated_worker):
    # Given the sign-in page
    page.goto("/")
    assert "/sign-in/" in page.url
    axe_check(page, name="sign-in")

    # When the worker signs in
    sign_in(page, allocated_worker)

    # Then they see My work with their name and role in the header
    assert page.locator("h1").inner_text() == "My work"
    assert "Sam Okafor" in page.locator("header").inner_text()
    assert page.locator("body.govuk-frontend-supported").count() == 1  # GOV.UK JS ran under the CSP
    assert page.console_errors == []
    axe_check(page, name="My work")


def test_wrong_password_shows_the_error_summary(page, allocated_worker):
    page.goto("/sign-in/")
    page.fill("#username", allocated_worker.username)
    page.fill("#password", "not-my-password")
    page.click("button:has-text('Sign in')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.inner_text()
    axe_check(page, name="sign-in with error")


def test_signing_out_returns_to_sign_in(page, allocated_worker):
    sign_in(page, allocated_worker)
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/sign-in/")
    page.goto("/")
    assert "/sign-in/" in page.url
