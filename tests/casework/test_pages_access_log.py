"""Reading a child's access log (PERMISSIONS.md): the holding team's manager and auditors see who
viewed the record and files, when, what and from where; newest first, paginated, filterable by
who viewed; everyone else who may open the child gets 403, anyone who may not, 404."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def ava(front_door_worker, school_contact, north, siblings, manager, allocated_worker):
    """Ava, referred to North and allocated to Sam (the front door keeps read)."""
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    services.case_allocate(by=manager, case=Case.objects.get(), worker=allocated_worker)
    return siblings["ava"]


def log_url(person, **params) -> str:
    url = reverse("casework:person_access_log", kwargs={"person_id": person.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def record_url(person) -> str:
    return reverse("families:person_detail", kwargs={"person_id": person.pk})


def past_views(person, user, count, *, what="Person record", start=None):
    start = start or timezone.now() - datetime.timedelta(days=30)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            person=person,
            what=f"{what} {n}",
            at=start + datetime.timedelta(minutes=n),
            path="/people/x/",
            method="GET",
            client_address="10.0.0.1",
        )
        for n in range(count)
    )


def test_the_holding_teams_manager_sees_who_viewed_the_record(client, ava, allocated_worker, manager):
    client.force_login(allocated_worker)
    client.get(record_url(ava), REMOTE_ADDR="192.0.2.44")
    client.force_login(manager)
    response = client.get(log_url(ava))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam Okafor" in page and "Social worker" in page
    assert "Viewed: Person record" in page
    assert "192.0.2.44" in page
    assert record_url(ava) in page


def shown(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"Viewed: Person record (\d+)", page)]


def test_newest_first_a_page_at_a_time(client, ava, manager, colleague):
    past_views(ava, colleague, 120)
    client.force_login(manager)
    first = client.get(log_url(ava)).content.decode()
    assert shown(first) == list(range(119, 69, -1))
    assert "Showing 1 to 50 of 120" in first and log_url(ava, page=2) in first
    # The manager's own first look is logged too (newest), so page 3 holds the 21 oldest.
    assert shown(client.get(log_url(ava, page=3)).content.decode()) == list(range(20, -1, -1))


def test_filtered_by_who_viewed(client, ava, manager, colleague, allocated_worker):
    past_views(ava, colleague, 3, what="Colleague looked")
    past_views(ava, allocated_worker, 2, what="Worker looked")
    client.force_login(manager)
    page = client.get(log_url(ava, viewer=colleague.pk)).content.decode()
    assert page.count("Colleague looked") == 3 and "Worker looked" not in page
    assert "Jo Lewis (Social worker)" in page  # in the filter's list
    everyone = client.get(log_url(ava)).content.decode()
    assert "Worker looked" in everyone and "Colleague looked" in everyone


def test_an_unknown_viewer_in_the_filter_is_a_clear_error_not_a_500(client, ava, manager):
    client.force_login(manager)
    response = client.get(log_url(ava, viewer="not-a-person"))
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_reading_the_access_log_is_itself_logged(client, ava, auditor):
    client.force_login(auditor)
    assert client.get(log_url(ava)).status_code == 200
    assert AccessLog.objects.filter(person=ava, user=auditor, what="Access log").count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 200),
    ],
)
def test_who_may_read_a_childs_access_log(client, ava, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(log_url(ava)).status_code == status


def test_a_receiving_teams_manager_reads_the_child_but_not_the_log_until_it_holds_the_case(
    client, ava, manager, other_team_manager, south
):
    case = Case.objects.get()
    services.case_transfer_propose(by=manager, case=case, team=south, summary="The family moved south")
    client.force_login(other_team_manager)
    assert client.get(log_url(ava)).status_code == 403
    client.force_login(manager)
    assert client.get(log_url(ava)).status_code == 200
    case.refresh_from_db()
    services.case_transfer_accept(by=other_team_manager, case=case)
    assert client.get(log_url(ava)).status_code == 403  # North keeps read, no longer holds the case
    client.force_login(other_team_manager)
    assert client.get(log_url(ava)).status_code == 200


def test_a_restricted_childs_log_is_404_for_auditors_and_open_to_the_holding_manager(client, ava, manager, auditor):
    from tests.families.pages_helpers import restrict

    restrict(ava, by=manager)
    client.force_login(auditor)
    assert client.get(log_url(ava)).status_code == 404
    client.force_login(manager)
    assert client.get(log_url(ava)).status_code == 200


def test_the_access_log_page_runs_the_same_queries_for_5_or_50_rows(
    client, ava, manager, colleague, django_assert_num_queries
):
    client.force_login(manager)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    past_views(ava, colleague, 5, start=timezone.now() - datetime.timedelta(days=60))
    with CaptureQueriesContext(connection) as five:
        assert client.get(log_url(ava)).status_code == 200
    past_views(ava, colleague, 44)
    with django_assert_num_queries(len(five.captured_queries)):
        assert client.get(log_url(ava)).status_code == 200
