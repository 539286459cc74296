"""Drafts: what someone types is kept on the server, per user, per form, per record; only its
author ever sees it; old drafts are purged (DESIGN.md principle 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.core.drafts import (
    DRAFT_MAX_BYTES,
    DraftTooLarge,
    draft_discard,
    draft_get,
    draft_initial,
    draft_purge,
    draft_save,
)
from casework.core.errors import DomainError
from casework.core.middleware import LAST_ACTIVITY_KEY
from casework.core.models import Draft

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NOTE = {"summary": "Home visit", "note": "Saw Amira at home; she showed me her room."}


def save(user, data=None, *, form_key="visit", record_key="visit-1", base_version=None):
    return draft_save(
        user=user,
        form_key=form_key,
        record_key=record_key,
        data=NOTE if data is None else data,
        base_version=base_version,
    )


# --- The service -----------------------------------------------------------------------------


def test_a_draft_is_kept_and_given_back_to_its_author(allocated_worker):
    save(allocated_worker, base_version=4)
    draft = draft_get(user=allocated_worker, form_key="visit", record_key="visit-1")
    assert draft.data == NOTE
    assert draft.base_version == 4


def test_saving_again_replaces_the_draft(allocated_worker):
    save(allocated_worker)
    save(allocated_worker, {"summary": "Home visit", "note": "Saw Amira alone."})
    assert Draft.objects.count() == 1
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1").data["note"] == "Saw Amira alone."


def test_a_draft_belongs_to_one_form_and_one_record(allocated_worker):
    save(allocated_worker, record_key="visit-1")
    save(allocated_worker, {"note": "Another visit"}, record_key="visit-2")
    save(allocated_worker, {"note": "A new note"}, form_key="note", record_key="")
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-2").data == {"note": "Another visit"}
    assert draft_get(user=allocated_worker, form_key="note", record_key="").data == {"note": "A new note"}
    assert draft_get(user=allocated_worker, form_key="note", record_key="visit-1") is None


def test_another_user_never_sees_a_draft(allocated_worker, colleague, manager, rf):
    save(allocated_worker)
    for other in (colleague, manager):
        assert draft_get(user=other, form_key="visit", record_key="visit-1") is None
        request = rf.get("/")
        request.user = other
        assert draft_initial(request, "visit", "visit-1") == {}
    request = rf.get("/")
    request.user = allocated_worker
    assert draft_initial(request, "visit", "visit-1") == NOTE


def test_two_users_keep_separate_drafts_of_the_same_form(allocated_worker, colleague):
    save(allocated_worker, {"note": "Sam's words"})
    save(colleague, {"note": "Jo's words"})
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1").data == {"note": "Sam's words"}
    assert draft_get(user=colleague, form_key="visit", record_key="visit-1").data == {"note": "Jo's words"}
    assert draft_discard(user=colleague, form_key="visit", record_key="visit-1") is True
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1") is not None


def test_a_draft_with_nothing_typed_is_discarded(allocated_worker):
    save(allocated_worker)
    assert save(allocated_worker, {"summary": "  ", "note": "", "needs": []}) is None
    assert Draft.objects.count() == 0


def test_the_csrf_token_and_passwords_are_never_kept(allocated_worker):
    save(allocated_worker, {**NOTE, "csrfmiddlewaretoken": "abc", "password": "x", "new_password1": "y"})
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1").data == NOTE


def test_lists_are_kept_for_multiple_choices(allocated_worker):
    save(allocated_worker, {"factors": ["2A", "3A"], "note": "x"})
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1").data["factors"] == ["2A", "3A"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"form_key": ""}, "form_key"),
        ({"form_key": "visit form"}, "form_key"),
        ({"form_key": "v" * 101}, "form_key"),
        ({"record_key": "../etc"}, "record_key"),
        ({"data": ["not", "a", "mapping"]}, "data"),
        ({"data": {"note": 3}}, "data"),
        ({"data": {"note": {"nested": "x"}}}, "data"),
        ({"data": {f"f{i}": "x" for i in range(301)}}, "data"),
        ({"base_version": -1}, "base_version"),
        ({"base_version": "3"}, "base_version"),
    ],
)
def test_malformed_drafts_are_refused(allocated_worker, changes, field):
    arguments = {"user": allocated_worker, "form_key": "visit", "record_key": "visit-1", "data": NOTE, **changes}
    with pytest.raises(DomainError) as error:
        draft_save(**arguments)
    assert error.value.field == field
    assert Draft.objects.count() == 0


def test_a_draft_larger_than_the_limit_is_refused(allocated_worker):
    with pytest.raises(DraftTooLarge):
        save(allocated_worker, {"note": "x" * (DRAFT_MAX_BYTES + 1)})


def test_drafts_need_a_signed_in_user():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        save(AnonymousUser())
    assert draft_get(user=AnonymousUser(), form_key="visit", record_key="visit-1") is None


def test_drafts_are_never_in_history_tables():
    assert not hasattr(Draft, "history")
    assert not any(model.__name__ == "HistoricalDraft" for model in apps.get_models())


# --- Purging ---------------------------------------------------------------------------------


def test_drafts_older_than_draft_max_age_days_are_purged_and_recent_ones_kept(allocated_worker, colleague, settings):
    settings.DRAFT_MAX_AGE_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        save(allocated_worker)
    with time_machine.travel(start + timedelta(days=20), tick=False):
        save(colleague)
    with time_machine.travel(start + timedelta(days=30, minutes=1), tick=False):
        assert draft_purge() == 1
    assert list(Draft.objects.values_list("user", flat=True)) == [colleague.pk]


def test_saving_again_keeps_a_draft_fresh(allocated_worker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        save(allocated_worker)
    with time_machine.travel(start + timedelta(days=25), tick=False):
        save(allocated_worker, {"note": "still typing"})
    with time_machine.travel(start + timedelta(days=40), tick=False):
        assert draft_purge() == 0
        assert draft_purge(older_than=timedelta(days=10)) == 1


def test_purge_drafts_command(allocated_worker, capsys):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=31), tick=False):
        save(allocated_worker)
    save(allocated_worker, {"note": "today"}, record_key="visit-2")
    call_command("purge_drafts")
    assert "Deleted 1 draft older than 30 days." in capsys.readouterr().out
    call_command("purge_drafts", "--days", "0")
    assert Draft.objects.count() == 0


def test_celery_beat_purges_drafts_daily():
    from casework.celery import app

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "core.purge_drafts")
    assert entry["schedule"] == 86400.0
    from casework.core.tasks import purge_drafts

    assert purge_drafts.name == "core.purge_drafts"


def test_draft_max_age_days_comes_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DRAFT_MAX_AGE_DAYS)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "casework.settings", "DRAFT_MAX_AGE_DAYS": "7"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "7", result.stderr
    env.pop("DRAFT_MAX_AGE_DAYS")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "30", result.stderr


# --- The endpoint ----------------------------------------------------------------------------

SAVE_URL = "/drafts/save/"


def post_draft(client, fields=None, **meta):
    body = {"draft_form_key": "visit", "draft_record_key": "visit-1", **meta, **(NOTE if fields is None else fields)}
    return client.post(SAVE_URL, body)


def test_the_endpoint_keeps_the_posted_fields(client, allocated_worker):
    assert reverse("core:draft_save") == SAVE_URL
    client.force_login(allocated_worker)
    response = post_draft(client, {**NOTE, "factors": ["2A", "3A"], "csrfmiddlewaretoken": "t"}, draft_base_version="5")
    assert response.status_code == 204
    draft = draft_get(user=allocated_worker, form_key="visit", record_key="visit-1")
    assert draft.data == {**NOTE, "factors": ["2A", "3A"]}
    assert draft.base_version == 5


def test_the_endpoint_refuses_an_unauthenticated_request(client):
    response = post_draft(client)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("core:sign_in"))
    assert Draft.objects.count() == 0


def test_the_endpoint_is_csrf_protected(allocated_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(allocated_worker)
    assert post_draft(client).status_code == 403
    assert Draft.objects.count() == 0
    client.get(reverse("casework:my_work"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(SAVE_URL, {"draft_form_key": "visit", **NOTE}, headers={"X-CSRFToken": token})
    assert response.status_code == 204


@pytest.mark.parametrize(
    ("meta", "fields"),
    [
        ({"draft_form_key": ""}, None),
        ({"draft_form_key": "<script>"}, None),
        ({"draft_record_key": "a b"}, None),
        ({"draft_base_version": "three"}, None),
        ({"draft_base_version": "-1"}, None),
        ({}, {f"f{i}": "x" for i in range(301)}),
    ],
)
def test_the_endpoint_answers_400_to_bad_input(client, allocated_worker, meta, fields):
    client.force_login(allocated_worker)
    response = post_draft(client, fields, **meta)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Draft.objects.count() == 0


def test_the_endpoint_answers_400_to_too_many_fields_rather_than_failing(client, allocated_worker):
    client.force_login(allocated_worker)
    response = post_draft(client, {f"f{i}": "x" for i in range(1200)})
    assert response.status_code == 400


def test_the_endpoint_refuses_a_draft_that_is_too_large(client, allocated_worker):
    client.force_login(allocated_worker)
    assert post_draft(client, {"note": "x" * (DRAFT_MAX_BYTES + 10)}).status_code == 413
    assert post_draft(client, {"note": "x" * (DRAFT_MAX_BYTES * 3 + 10)}).status_code == 413
    assert Draft.objects.count() == 0


def test_the_endpoint_only_accepts_post(client, allocated_worker):
    client.force_login(allocated_worker)
    assert client.get(SAVE_URL).status_code == 405


def test_saving_a_draft_counts_as_activity(client, allocated_worker):
    client.force_login(allocated_worker)
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 20 * 60
    session.save()
    assert post_draft(client).status_code == 204
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 60


def test_one_can_read_ones_own_draft_as_json_and_nobody_elses(client, allocated_worker, colleague):
    save(allocated_worker, base_version=2)
    client.force_login(allocated_worker)
    url = reverse("core:draft_detail") + "?form_key=visit&record_key=visit-1"
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["data"] == NOTE
    assert response.json()["base_version"] == 2
    assert "no-store" in response.headers["Cache-Control"]
    client.force_login(colleague)
    response = client.get(url)
    assert response.status_code == 404
    assert "Amira" not in response.content.decode()


def test_discarding_a_draft_from_the_banner(client, allocated_worker, colleague):
    save(allocated_worker)
    save(colleague)
    client.force_login(allocated_worker)
    url = reverse("core:draft_discard")
    response = client.post(url, {"form_key": "visit", "record_key": "visit-1", "next": "/people/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/people/"
    assert draft_get(user=allocated_worker, form_key="visit", record_key="visit-1") is None
    assert draft_get(user=colleague, form_key="visit", record_key="visit-1") is not None
    response = client.post(url, {"form_key": "visit", "record_key": "visit-1", "next": "https://evil.example/"})
    assert response.headers["Location"] == reverse("casework:my_work")


# --- A page whose form autosaves (tests/support) ------------------------------------------------

FORM_URL = "/test-support/notes/note-1/"


@pytest.mark.urls("tests.support.urls")
def test_a_form_without_a_draft_autosaves_and_shows_no_banner(client, allocated_worker):
    client.force_login(allocated_worker)
    body = client.get(FORM_URL).content.decode()
    assert 'data-autosave="test-note"' in body
    assert 'data-autosave-record="note-1"' in body
    assert f'data-autosave-url="{SAVE_URL}"' in body
    assert 'data-autosave-version="3"' in body
    assert "data-autosave-restored" not in body
    assert "We restored text you had not saved" not in body


@pytest.mark.urls("tests.support.urls")
def test_the_form_is_prefilled_from_ones_own_draft_with_a_banner(client, allocated_worker):
    data = {**NOTE, "seen_on-day": "3", "seen_on-month": "3", "seen_on-year": "2026", "version": "3"}
    save(allocated_worker, data, form_key="test-note", record_key="note-1", base_version=3)
    client.force_login(allocated_worker)
    body = client.get(FORM_URL).content.decode()
    assert "We restored text you had not saved" in body
    assert "Saw Amira at home; she showed me her room." in body
    assert 'value="Home visit"' in body
    assert 'name="seen_on-year" type="text" value="2026"' in body  # a GOV.UK date, box by box
    assert "data-autosave-restored" in body
    assert "The record has been changed since" not in body
    assert reverse("core:draft_discard") in body


@pytest.mark.urls("tests.support.urls")
def test_another_user_opening_the_form_sees_nothing_of_the_draft(client, allocated_worker, colleague):
    save(allocated_worker, form_key="test-note", record_key="note-1")
    client.force_login(colleague)
    body = client.get(FORM_URL).content.decode()
    assert "We restored text you had not saved" not in body
    assert "Amira" not in body


@pytest.mark.urls("tests.support.urls")
def test_a_draft_begun_from_an_older_version_says_the_record_has_changed(client, allocated_worker):
    save(allocated_worker, {**NOTE, "version": "2"}, form_key="test-note", record_key="note-1", base_version=2)
    client.force_login(allocated_worker)
    body = client.get(FORM_URL).content.decode()
    assert "The record has been changed since your draft began" in body
    assert 'name="version" value="2"' in body  # so saving meets the "Someone else changed this" check
    assert 'data-autosave-version="2"' in body


@pytest.mark.urls("tests.support.urls")
def test_saving_the_form_discards_the_draft(client, allocated_worker):
    save(allocated_worker, form_key="test-note", record_key="note-1")
    client.force_login(allocated_worker)
    response = client.post(FORM_URL, {**NOTE, "version": "3"})
    assert response.status_code == 302
    assert draft_get(user=allocated_worker, form_key="test-note", record_key="note-1") is None
    assert "We restored text" not in client.get(FORM_URL).content.decode()


@pytest.mark.urls("tests.support.urls")
def test_an_invalid_submission_keeps_the_draft_and_shows_the_errors(client, allocated_worker):
    save(allocated_worker, form_key="test-note", record_key="note-1")
    client.force_login(allocated_worker)
    response = client.post(FORM_URL, {"summary": "", "note": "half a thought"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "half a thought" in body  # what was posted, not the draft
    assert "We restored text" not in body
    assert draft_get(user=allocated_worker, form_key="test-note", record_key="note-1") is not None
