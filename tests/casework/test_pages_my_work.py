"""My work: a worker's allocated cases and closure requests; a manager's decisions, transfers and
unallocated cases; honest empty states; sections registered by other parts of the product."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import my_work, services
from casework.core.models import AccessLog
from tests.casework.pages_cases_helpers import body, closure_service_data, episode_of, new_case

pytestmark = pytest.mark.django_db

MY_WORK = reverse("casework:my_work")


def case_url(case) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.pk})


def test_a_worker_sees_their_allocated_cases_with_each_child(
    client, front_door_worker, north, manager, allocated_worker, colleague
):
    mine = new_case(front_door_worker, north, "Jones", children=2, manager=manager, worker=allocated_worker)
    theirs = new_case(front_door_worker, north, "Brown", manager=manager, worker=colleague)
    unallocated = new_case(front_door_worker, north, "Green")
    client.force_login(allocated_worker)
    page = body(client.get(MY_WORK))
    assert case_url(mine) in page and case_url(theirs) not in page and case_url(unallocated) not in page
    for episode in mine.episodes.select_related("child"):
        assert reverse("families:person_detail", kwargs={"person_id": episode.child_id}) in page
        assert episode.child.full_name in page
    assert "Ava Jones" in page and "years old" in page and ">Open</strong>" in page
    assert "Closures awaiting your decision" not in page and "Transfers to your team" not in page
    assert "No closure you asked for is waiting for a manager." in page
    logged = set(AccessLog.objects.filter(user=allocated_worker, what="My work").values_list("person_id", flat=True))
    assert logged == set(mine.episodes.values_list("child_id", flat=True))


def test_a_worker_sees_the_closures_they_asked_for(client, front_door_worker, north, manager, allocated_worker):
    case = new_case(front_door_worker, north, "Jones", children=2, manager=manager, worker=allocated_worker)
    ava = case.episodes.get(child__first_name="Ava")
    services.episode_close(by=allocated_worker, episode=ava, closure=closure_service_data())
    client.force_login(allocated_worker)
    page = body(client.get(MY_WORK))
    assert "Closures you asked for" in page
    assert reverse("casework:episode_detail", kwargs={"episode_id": ava.pk}) in page
    assert "Case closed after assessment, no further action (RC8)" in page


def test_honest_empty_states(client, allocated_worker, performance_officer):
    client.force_login(allocated_worker)
    page = body(client.get(MY_WORK))
    assert "Nothing is allocated to you at present" in page
    assert reverse("casework:team_caseload", kwargs={"team_id": allocated_worker.teams.get().pk}) in page
    client.force_login(performance_officer)
    page = body(client.get(MY_WORK))
    assert "Nothing is waiting for you here" in page and "allocated to you" not in page


def test_a_manager_sees_closures_transfers_and_unallocated_cases(
    client, front_door_worker, north, south, manager, allocated_worker, other_team_manager
):
    requested = new_case(front_door_worker, north, "Jones", manager=manager, worker=allocated_worker)
    episode = episode_of(requested.episodes.get().child)
    services.episode_close(by=allocated_worker, episode=episode, closure=closure_service_data())
    unallocated = new_case(front_door_worker, north, "Green")
    moving = new_case(front_door_worker, north, "Brown", manager=manager, worker=allocated_worker)
    services.case_transfer_propose(by=manager, case=moving, team=south, summary="Moving south.")

    client.force_login(manager)
    page = body(client.get(MY_WORK))
    assert "Closures awaiting your decision" in page
    assert reverse("casework:episode_closure_decide", kwargs={"episode_id": episode.pk}) in page
    assert "Cases in your team not allocated to a worker" in page and case_url(unallocated) in page
    assert "No transfer to your team is waiting for a decision." in page
    assert "Closures you asked for" not in page  # a manager closes directly

    client.force_login(other_team_manager)
    page = body(client.get(MY_WORK))
    assert "Transfers to your team awaiting a decision" in page
    assert reverse("casework:case_transfer_decide", kwargs={"case_id": moving.pk}) in page
    assert "No closure request is waiting for your decision." in page


def test_a_managers_own_request_is_not_theirs_to_decide(client, front_door_worker, north, manager):
    case = new_case(front_door_worker, north, "Jones")
    episode = case.episodes.get()
    type(episode).objects.filter(pk=episode.pk).update(status="closure_requested", closure_requested_by=manager)
    client.force_login(manager)
    page = body(client.get(MY_WORK))
    assert reverse("casework:episode_closure_decide", kwargs={"episode_id": episode.pk}) not in page
    assert "Closures you asked for" in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_my_work_runs_the_same_queries_for_2_or_20_cases(
    client, front_door_worker, north, manager, allocated_worker, django_assert_num_queries
):
    def add(n, start):
        for i in range(start, start + n):
            case = new_case(
                front_door_worker, north, f"Family{i}", children=2, manager=manager, worker=allocated_worker
            )
            if i % 2:
                services.episode_close(
                    by=allocated_worker, episode=case.episodes.first(), closure=closure_service_data()
                )
            new_case(front_door_worker, north, f"Unallocated{i}")

    add(2, 0)
    for user in (allocated_worker, manager):
        client.force_login(user)
        client.get(MY_WORK)  # the session's first request does its own set-up
    client.force_login(allocated_worker)
    worker_queries = _count(client, MY_WORK)
    client.force_login(manager)
    manager_queries = _count(client, MY_WORK)
    add(18, 2)
    client.force_login(allocated_worker)
    with django_assert_num_queries(worker_queries):
        page = body(client.get(MY_WORK))
    assert page.count("/cases/") >= 20
    client.force_login(manager)
    with django_assert_num_queries(manager_queries):
        client.get(MY_WORK)


def test_other_parts_of_the_product_add_sections(client, allocated_worker):
    """A section is a template and a function; None leaves it out (a worker has no transfers
    to decide, so the borrowed template below shows only because the test registers it)."""
    template = "casework/cases/_my_work_transfers_to_decide.html"
    my_work.register_section(60, "test-section", template, lambda request: {"cases": []})
    my_work.register_section(61, "test-hidden", "casework/cases/_my_work_teams.html", lambda request: None)
    try:
        client.force_login(allocated_worker)
        page = body(client.get(MY_WORK))
        assert "No transfer to your team is waiting for a decision." in page
        assert page.index("Children and families allocated to you") < page.index("Transfers to your team")
        assert [s.name for s in my_work.sections_for(_request(allocated_worker))][-1] == "test-section"
    finally:
        my_work.unregister_section("test-section")
        my_work.unregister_section("test-hidden")


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get(MY_WORK)
    request.user = user
    return request
