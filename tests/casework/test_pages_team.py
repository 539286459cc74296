"""The team's caseload page: open cases grouped by worker (counts shown plainly, never ranked),
transfers in and out, closures awaiting a decision; read by members, managers and
authority-wide roles; 404 for everyone else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services
from casework.core.models import AccessLog
from tests.casework.pages_cases_helpers import body, closure_service_data, new_case

pytestmark = pytest.mark.django_db


def team_url(team) -> str:
    return reverse("casework:team_caseload", kwargs={"team_id": team.pk})


def case_url(case) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.pk})


@pytest.mark.parametrize(
    "persona,status",
    [
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("performance_officer", 200),
        ("auditor", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("front_door_worker", 404),
    ],
)
def test_who_may_read_a_teams_caseload(client, request, north, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(team_url(north)).status_code == status


def test_cases_are_grouped_by_worker_in_name_order_with_plain_counts(
    client, front_door_worker, north, south, manager, allocated_worker, colleague, other_team_manager
):
    # Sam Okafor holds three cases, Jo Lewis one: the page still lists Jo first (by name, no ranking).
    okafor = [
        new_case(front_door_worker, north, name, manager=manager, worker=allocated_worker)
        for name in ("Jones", "Brown", "Patel")
    ]
    lewis = new_case(front_door_worker, north, "Green", children=2, manager=manager, worker=colleague)
    unallocated = new_case(front_door_worker, north, "Wood")
    services.episode_close(by=allocated_worker, episode=okafor[0].episodes.get(), closure=closure_service_data())
    services.case_transfer_propose(by=manager, case=okafor[1], team=south, summary="Moving south.")
    incoming = new_case(front_door_worker, south, "Hall")
    services.case_transfer_propose(by=other_team_manager, case=incoming, team=north, summary="Moving north.")

    client.force_login(colleague)
    page = body(client.get(team_url(north)))
    assert page.index("Jo Lewis") < page.index("Sam Okafor") < page.index("Priya Shah")
    assert "(1 case, 2 children)" in page and "(3 cases, 3 children)" in page and "(0 cases, 0 children)" in page
    assert "Not allocated" in page and case_url(unallocated) in page
    for case in [*okafor, lewis]:
        assert case_url(case) in page
    transfers = page[page.index('id="transfers-title"') :]
    assert "Brown family</a> to South" in transfers
    assert "Hall family</a> from South" in transfers
    closures = page[page.index('id="closures-title"') :]
    assert "Ava Jones" in closures
    assert "Accept or decline" not in page  # only the team's manager decides
    logged = AccessLog.objects.filter(user=colleague, what="Caseload of North").count()
    assert logged >= 6

    client.force_login(manager)
    page = body(client.get(team_url(north)))
    assert reverse("casework:case_transfer_decide", kwargs={"case_id": incoming.pk}) in page
    assert reverse("casework:episode_closure_decide", kwargs={"episode_id": okafor[0].episodes.get().pk}) in page


def test_a_restricted_child_is_not_named_to_those_who_may_not_open_the_record(
    client, front_door_worker, north, manager, colleague, allocated_worker
):
    from tests.families.pages_helpers import restrict

    case = new_case(front_door_worker, north, "Fox", manager=manager, worker=allocated_worker)
    child = case.episodes.get().child
    restrict(child, by=manager)
    client.force_login(colleague)
    page = body(client.get(team_url(north)))
    assert "Ava Fox" not in page and "Restricted record" in page
    client.force_login(allocated_worker)
    assert "Ava Fox" in body(client.get(team_url(north)))


def test_empty_team_says_so(client, north, manager):
    client.force_login(manager)
    page = body(client.get(team_url(north)))
    assert "0 open cases" in page and "Every open case is allocated." in page and "None." in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_caseload_runs_the_same_queries_for_2_or_20_cases(
    client, front_door_worker, north, south, manager, allocated_worker, colleague, django_assert_num_queries
):
    def add(start, n):
        for i in range(start, start + n):
            worker = allocated_worker if i % 2 else colleague
            case = new_case(front_door_worker, north, f"Family{i}", children=2, manager=manager, worker=worker)
            if i % 3 == 0:
                services.episode_close(by=worker, episode=case.episodes.first(), closure=closure_service_data())
            if i % 4 == 0:
                services.case_transfer_propose(by=manager, case=case, team=south, summary="Moving.")

    add(0, 2)
    client.force_login(manager)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    expected = _count(client, team_url(north))
    add(2, 18)
    with django_assert_num_queries(expected):
        page = body(client.get(team_url(north)))
    assert page.count('href="/cases/') >= 20
