"""The access log: one row per child per request, append-only in the database itself."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from casework.core.access_log import log_access
from casework.core.models import AccessLog
from families import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(allocated_worker):
    return services.person_create(
        by=allocated_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"},
    )


def test_one_row_per_child_per_request(rf, allocated_worker, child):
    request = rf.get("/people/x/", REMOTE_ADDR="10.1.2.3")
    request.user = allocated_worker
    log_access(request, what="Person record", people=[child])
    log_access(request, what="Person record again", people=[child, child])
    rows = AccessLog.objects.filter(person=child)
    assert rows.count() == 1
    row = rows.get()
    assert (row.user, row.action, row.client_address, row.path) == (allocated_worker, "view", "10.1.2.3", "/people/x/")


@pytest.mark.parametrize("statement", ["UPDATE core_accesslog SET what = 'tampered'", "DELETE FROM core_accesslog"])
def test_the_database_refuses_changes_to_the_log(rf, allocated_worker, child, statement):
    request = rf.get("/")
    request.user = allocated_worker
    log_access(request, what="Person record", people=[child])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessLog.objects.get(person=child).what == "Person record"


def test_the_orm_cannot_bypass_it_either(rf, allocated_worker, child):
    request = rf.get("/")
    request.user = allocated_worker
    log_access(request, what="Person record", people=[child])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


@pytest.mark.postgres
def test_postgres_trigger_is_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'core_accesslog_append_only'")
        assert cursor.fetchone() == ("core_accesslog_append_only",)
