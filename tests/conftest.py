"""Shared fixtures: the personas of PERMISSIONS.md, and the rules for tests that need services.

Personas (every later test uses these, like healthchecks' alice/bob/charlie):

- ``front_door_worker`` / ``front_door_manager``: team Front Door (kind ``front_door``).
- ``allocated_worker``: social worker in team North; allocated to the case in case tests.
- ``colleague``: another social worker in North (the team holds the case together).
- ``manager``: team manager of North.
- ``other_team_worker`` / ``other_team_manager``: team South, which never held the case.
- ``performance_officer``: authority-wide returns and reports (structured fields only).
- ``auditor``: authority-wide read-only quality assurance.

Tests marked ``postgres`` or ``redis``, and browser tests, are skipped when the service is
missing, except when ``CASEWORK_REQUIRE_ALL=1`` (CI), where a missing service is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection

from casework.core.models import Role, TeamKind
from tests.factories import TeamFactory, UserFactory

REQUIRE_ALL = os.environ.get("CASEWORK_REQUIRE_ALL") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) a test whose service is not available."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"Required by CI but unavailable: {reason}")
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        need(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("poppler"):
        need(bool(shutil.which("pdftotext") and shutil.which("pdftoppm")), "needs poppler-utils (pdftotext, pdftoppm)")


# --- Teams ------------------------------------------------------------------------------


@pytest.fixture
def front_door_team(db):
    return TeamFactory(name="Front Door", kind=TeamKind.FRONT_DOOR)


@pytest.fixture
def north(db):
    return TeamFactory(name="North", kind=TeamKind.LONG_TERM)


@pytest.fixture
def south(db):
    return TeamFactory(name="South", kind=TeamKind.ASSESSMENT)


# --- Personas ---------------------------------------------------------------------------


@pytest.fixture
def front_door_worker(front_door_team):
    return UserFactory(
        username="fd.worker", first_name="Alex", last_name="Morgan", role=Role.SOCIAL_WORKER, teams=[front_door_team]
    )


@pytest.fixture
def front_door_manager(front_door_team):
    return UserFactory(
        username="fd.manager", first_name="Chris", last_name="Evans", role=Role.TEAM_MANAGER, teams=[front_door_team]
    )


@pytest.fixture
def allocated_worker(north):
    return UserFactory(
        username="north.worker", first_name="Sam", last_name="Okafor", role=Role.SOCIAL_WORKER, teams=[north]
    )


@pytest.fixture
def colleague(north):
    return UserFactory(
        username="north.colleague", first_name="Jo", last_name="Lewis", role=Role.SOCIAL_WORKER, teams=[north]
    )


@pytest.fixture
def manager(north):
    return UserFactory(
        username="north.manager", first_name="Priya", last_name="Shah", role=Role.TEAM_MANAGER, teams=[north]
    )


@pytest.fixture
def other_team_worker(south):
    return UserFactory(
        username="south.worker", first_name="Dani", last_name="Clarke", role=Role.SOCIAL_WORKER, teams=[south]
    )


@pytest.fixture
def other_team_manager(south):
    return UserFactory(
        username="south.manager", first_name="Ravi", last_name="Patel", role=Role.TEAM_MANAGER, teams=[south]
    )


@pytest.fixture
def performance_officer(db):
    return UserFactory(username="performance", first_name="Morgan", last_name="Reid", role=Role.PERFORMANCE_OFFICER)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", first_name="Kim", last_name="Adebayo", role=Role.AUDITOR)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_as(api_client):
    """Authenticate the API client as a user: ``api_as(manager).get(...)``."""

    def as_user(user):
        api_client.force_authenticate(user=user)
        return api_client

    return as_user


@pytest.fixture(autouse=True)
def _uploaded_files_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploaded files and exports written by any test (the demo's drawings included) go to the
    run's temporary folder, never to var/media."""
    default = settings.STORAGES["default"]
    if "location" in default.get("OPTIONS", {}):
        root = str(tmp_path_factory.getbasetemp() / "media")
        options = {**default["OPTIONS"], "location": root}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
        settings.MEDIA_ROOT = root


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords properly is slow by design; tests need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A reachable Redis for tests that need a real broker (TEST_REDIS_URL)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        need(False, f"needs Redis at {url} (set TEST_REDIS_URL)")
    return url


def database_url_for_subprocess() -> str:
    """The URL of the database this test is using, for a worker or command in a subprocess."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    from urllib.parse import quote

    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(autouse=True)
def _sqlite_access_log_flush(request):
    """The access log refuses DELETE in the database. Between transactional tests PostgreSQL
    empties tables with TRUNCATE (no row triggers fire); SQLite uses DELETE, so there the
    trigger is lifted for that clean-up only, then put back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )
    if not transactional or connection.vendor != "sqlite":
        yield
        return
    request.getfixturevalue("transactional_db")  # so this clean-up runs before the flush
    yield
    from casework.core import db_triggers

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS core_accesslog_no_delete")
        cursor.execute("DELETE FROM core_accesslog")
        cursor.execute(db_triggers.SQLITE_NO_DELETE)
