"""The child's record page (families) shows their episodes and decisions through the core's
registry of record parts, without families importing the case domain."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services
from casework.core import record_parts
from casework.models import Case
from tests.casework.pages_cases_helpers import body, closure_service_data, episode_of, new_case, refer
from tests.families.pages_helpers import person

pytestmark = pytest.mark.django_db


def record_url(person) -> str:
    return reverse("families:person_detail", kwargs={"person_id": person.pk})


def child_with_episodes(count: int, front_door_worker, north, manager, surname: str):
    """A child referred `count` times; every episode but the last closed."""
    case = new_case(front_door_worker, north, surname, received_days_ago=300)
    child = case.episodes.get().child
    for n in range(1, count):
        services.episode_close(by=manager, episode=episode_of(child), closure=closure_service_data())
        refer(front_door_worker, north, [child], case.family, received_days_ago=300 - n * 100)
    return child


def test_the_childs_record_shows_current_and_past_episodes_with_case_team_and_worker(
    client, front_door_worker, north, manager, allocated_worker
):
    child = child_with_episodes(2, front_door_worker, north, manager, "Khan")
    case = Case.objects.get(status="open")
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    client.force_login(allocated_worker)
    page = body(client.get(record_url(child)))
    assert 'id="episodes-title">Episodes</h2>' in page
    assert "Current" in page and "Past" in page
    assert reverse("casework:case_detail", kwargs={"case_id": case.pk}) in page
    assert "Case held by North" in page and "Worker: Sam Okafor" in page
    assert "Referral, no further action" in page  # the past episode closed with no assessment
    assert "A re-referral, within 12 months of an earlier one" in page


def test_a_person_with_no_episode_shows_no_episodes_part(client, allocated_worker):
    someone = person(allocated_worker, "Lee", "Smith")
    client.force_login(allocated_worker)
    page = body(client.get(record_url(someone)))
    assert "Episodes" not in page and "Decisions" not in page


def test_the_record_page_runs_the_same_queries_for_one_or_three_episodes(
    client, front_door_worker, north, manager, allocated_worker, django_assert_num_queries
):
    one = child_with_episodes(1, front_door_worker, north, manager, "Ali")
    three = child_with_episodes(3, front_door_worker, north, manager, "Begum")
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    with CaptureQueriesContext(connection) as first:
        assert client.get(record_url(one)).status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(record_url(three)).status_code == 200


def test_record_parts_show_only_the_parts_that_return_something(rf, allocated_worker):
    calls = []

    def nothing(request, person):
        calls.append(person)
        return None

    def something(request, person):
        return {"value": 1}

    record_parts.register_record_part("test-nothing", 1, "casework/cases/_record_episodes.html", nothing)
    record_parts.register_record_part("test-something", 2, "casework/cases/_record_decisions.html", something)
    try:
        request = rf.get("/")
        request.user = allocated_worker
        someone = person(allocated_worker, "Lee", "Smith")
        parts = [p for p in record_parts.record_parts_for(request, someone) if p.name.startswith("test-")]
        assert [p.name for p in parts] == ["test-something"] and parts[0].context == {"value": 1}
        assert len(calls) == 1
    finally:
        record_parts.unregister_record_part("test-nothing")
        record_parts.unregister_record_part("test-something")


def test_the_other_team_cannot_reach_the_parts(client, front_door_worker, north, manager, other_team_worker):
    child = child_with_episodes(1, front_door_worker, north, manager, "Cole")
    client.force_login(other_team_worker)
    assert client.get(record_url(child)).status_code == 404
