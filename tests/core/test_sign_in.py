"""Signing in and out, locking after repeated failures, and signing out idle sessions."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.core.demo import DEMO_PASSWORD, DEMO_USERS
from casework.core.middleware import LAST_ACTIVITY_KEY
from tests.factories.core import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("core:sign_in"), {"username": username, "password": password})


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_every_demo_role_can_sign_in_and_lands_on_my_work(client, username):
    call_command("seed_demo", stdout=io.StringIO())
    response = sign_in(client, username, DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("casework:my_work")
    page = client.get(response.url)
    assert page.status_code == 200
    assert "My work" in page.content.decode()


def test_wrong_password_shows_an_error_and_signs_nobody_in(client, allocated_worker):
    response = sign_in(client, allocated_worker.username, "not-the-password")
    assert response.status_code == 400
    assert "Enter a correct username and password" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_locks_after_the_configured_number_of_failures(client, allocated_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, allocated_worker.username, "wrong-password")
    response = sign_in(client, allocated_worker.username, TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "This account is locked" in body
    assert f"{settings.AXES_FAILURE_LIMIT} times" in body
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_locked_by_one_accounts_failures(client, allocated_worker, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, allocated_worker.username, "wrong-password")
    response = sign_in(client, colleague.username, TEST_PASSWORD)
    assert response.status_code == 302


def test_unauthenticated_page_redirects_to_sign_in(client):
    response = client.get(reverse("casework:my_work"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign_in"))
    assert "next=/" in response.url


def test_unauthenticated_api_request_gets_401(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_sign_in_page_and_healthz_need_no_sign_in(client):
    assert client.get(reverse("core:sign_in")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_next_parameter_is_followed_only_within_the_site(client, allocated_worker):
    response = client.post(
        reverse("core:sign_in") + "?next=https://evil.example.com/",
        {"username": allocated_worker.username, "password": TEST_PASSWORD},
    )
    assert response.url == reverse("casework:my_work")


def test_sign_out_ends_the_session(client, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(reverse("core:sign_out"))
    assert response.status_code == 302
    assert client.get(reverse("casework:my_work")).status_code == 302


def test_idle_session_is_signed_out_with_a_notice(client, allocated_worker, settings):
    client.force_login(allocated_worker)
    assert client.get(reverse("casework:my_work")).status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("casework:my_work"))
    assert response.status_code == 302
    assert "timeout=1" in response.url
    notice = client.get(response.url).content.decode()
    assert "You were signed out because you had not done anything" in notice
    assert client.get(reverse("casework:my_work")).status_code == 302  # really signed out


def test_activity_within_the_limit_keeps_the_session(client, allocated_worker, settings):
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - settings.SESSION_IDLE_MINUTES * 60 + 60
    session.save()
    assert client.post(reverse("core:keepalive")).status_code == 204
    assert client.get(reverse("casework:my_work")).status_code == 200


def test_pages_warn_before_the_session_expires(client, allocated_worker, settings):
    client.force_login(allocated_worker)
    body = client.get(reverse("casework:my_work")).content.decode()
    assert f'data-session-idle-seconds="{settings.SESSION_IDLE_MINUTES * 60}"' in body
    assert "You will be signed out soon" in body
