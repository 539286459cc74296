"""/api/v1/cases/: reading, allocation and transfer, for every persona of PERMISSIONS.md."""

from __future__ import annotations

import pytest

from casework import services
from casework.core.models import AccessLog, RecordAccess
from casework.models import Case
from families.selectors import person_can_write, person_list_for_user
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call
from tests.casework.conftest import contact_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/"


def url(case, action: str = "") -> str:
    return f"{URL}{case.pk}/" + (f"{action}/" if action else "")


def access_now() -> set[tuple]:
    return set(RecordAccess.objects.current().values_list("team_id", "person_id", "family_id", "level"))


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 200),
        ("front_door_manager", 200),
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 200),
        ("auditor", 200),
    ],
)
def test_who_may_read_a_case(request, api_as, persona, expected, case, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(case))
    assert response.status_code == expected
    listed = [c["id"] for c in call(api_as, user, "get", URL).json()["results"]]
    assert listed == ([str(case.pk)] if expected == 200 else [])
    if expected == 200:
        body = response.json()
        assert body["family"] == str(siblings["family"].pk) and body["team_name"] == "North"
        assert body["status"] == "open" and body["version"] == 1
        assert {e["child"] for e in body["episodes"]} == {str(siblings["ava"].pk), str(siblings["sam"].pk)}
        logged = AccessLog.objects.filter(user=user)
        assert {row.person_id for row in logged if row.person_id} == {siblings["ava"].pk, siblings["sam"].pk}
        assert logged.filter(family=siblings["family"]).exists()
    else:
        assert not AccessLog.objects.filter(user=user).exists()


def test_cases_are_opened_by_referrals_not_posted(api_as, manager, case, siblings):
    response = call(api_as, manager, "post", URL, {"family": str(siblings["family"].pk)})
    assert response.status_code == 405
    assert call(api_as, manager, "patch", url(case), {"version": 1}).status_code == 405
    assert Case.objects.count() == 1


def test_performance_officers_do_not_read_the_transfer_summary(api_as, manager, performance_officer, case, south):
    services.case_transfer_propose(by=manager, case=case, team=south, summary="Family moved south")
    body = call(api_as, performance_officer, "get", url(case)).json()
    assert body["transfer_summary"] is None and body["pending_transfer_to"] == str(south.pk)
    assert call(api_as, manager, "get", url(case)).json()["transfer_summary"] == "Family moved south"


def test_a_restricted_child_is_left_out_of_the_case_for_those_who_may_not_open_it(
    api_as, manager, colleague, case, siblings
):
    from families import services as family_services

    ava = siblings["ava"]
    family_services.person_set_restriction(
        by=manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    body = call(api_as, colleague, "get", url(case)).json()
    assert [e["child"] for e in body["episodes"]] == [str(siblings["sam"].pk)]
    assert not AccessLog.objects.filter(user=colleague, person=ava).exists()


def test_list_filters(api_as, manager, case, north, south, siblings):
    def ids(query: str) -> list[str]:
        response = call(api_as, manager, "get", f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [c["id"] for c in response.json()["results"]]

    assert ids("status=open") == [str(case.pk)]
    assert ids("status=closed") == []
    assert ids(f"team={north.pk}") == [str(case.pk)]
    assert ids(f"team={south.pk}") == []
    assert ids(f"family={siblings['family'].pk}") == [str(case.pk)]
    assert call(api_as, manager, "get", f"{URL}?status=maybe").status_code == 400


def test_list_query_count_does_not_grow_with_cases(
    api_as, manager, front_door_worker, north, django_assert_max_num_queries
):
    from tests.families.conftest import make_person

    def refer(n: int) -> None:
        for i in range(n):
            child = make_person(front_door_worker, "Child", f"Number{i}")
            contact = services.contact_record(by=front_door_worker, children=[child], data=contact_data())
            services.contact_decide(by=front_door_worker, contact=contact, decision="referral", reason="x", team=north)

    refer(1)
    client = api_as(manager)
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    refer(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 6


# --- Allocation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_allocate(request, api_as, persona, expected, case, allocated_worker):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(case, "allocate"), {"worker": str(allocated_worker.pk)})
    assert response.status_code == expected
    case.refresh_from_db()
    assert (case.allocated_worker == allocated_worker) == (expected == 200)


def test_allocation_records_who_and_why(api_as, manager, allocated_worker, case):
    response = call(api_as, manager, "post", url(case, "allocate"), {"worker": str(allocated_worker.pk)})
    assert response.json()["allocated_worker"] == str(allocated_worker.pk)
    assert response.json()["allocated_worker_name"] == "Sam Okafor"
    assert response.json()["version"] == 2
    row = Case.objects.get().history.first()
    assert row.history_user == manager
    assert row.history_change_reason == "Allocated to Sam Okafor"


def test_allocation_needs_a_worker_in_the_team_and_a_fresh_version(
    api_as, manager, allocated_worker, other_team_worker, case
):
    wrong = call(api_as, manager, "post", url(case, "allocate"), {"worker": str(other_team_worker.pk)})
    assert wrong.status_code == 400 and "worker" in wrong.json()
    unknown = call(api_as, manager, "post", url(case, "allocate"), {"worker": str(case.pk)})
    assert unknown.status_code == 400 and "worker" in unknown.json()
    stale = call(api_as, manager, "post", url(case, "allocate"), {"worker": str(allocated_worker.pk), "version": 7})
    assert stale.status_code == 409
    assert Case.objects.get().allocated_worker is None and Case.objects.get().version == 1


# --- Transfer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_propose_a_transfer(request, api_as, persona, expected, case, south):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(case, "transfer"), {"team": str(south.pk), "summary": "Moved"})
    assert response.status_code == expected
    case.refresh_from_db()
    assert (case.pending_transfer_to == south) == (expected == 200)
    if expected == 200:
        assert response.json()["pending_transfer_to"] == str(south.pk)
        assert response.json()["transfer_summary"] == "Moved"
        row = case.history.first()
        assert row.history_user == user and row.history_change_reason == "Transfer to South proposed"


def test_a_transfer_needs_a_summary_and_another_team(api_as, manager, case, north, south):
    no_summary = call(api_as, manager, "post", url(case, "transfer"), {"team": str(south.pk), "summary": " "})
    assert no_summary.status_code == 400 and "summary" in no_summary.json()
    same = call(api_as, manager, "post", url(case, "transfer"), {"team": str(north.pk), "summary": "x"})
    assert same.status_code == 400 and "team" in same.json()
    unknown = call(api_as, manager, "post", url(case, "transfer"), {"team": str(case.pk), "summary": "x"})
    assert unknown.status_code == 400 and "team" in unknown.json()
    assert Case.objects.get().pending_transfer_to is None


@pytest.fixture
def pending(manager, case, south) -> Case:
    services.case_transfer_propose(by=manager, case=case, team=south, summary="The family moved to the south")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 403),
        ("other_team_worker", 403),
        ("other_team_manager", 200),
        ("east_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
@pytest.mark.parametrize("action", ["accept_transfer", "decline_transfer"])
def test_who_may_accept_or_decline_a_transfer(request, api_as, persona, expected, action, pending, south):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(pending, action), {"reason": "Not ours yet"})
    assert response.status_code == expected
    pending.refresh_from_db()
    assert (pending.pending_transfer_to is None) == (expected == 200)
    if expected == 200:
        assert pending.team == (south if action == "accept_transfer" else pending.team)


def test_the_receiving_manager_sees_a_pending_transfer(api_as, other_team_manager, other_team_worker, pending):
    assert call(api_as, other_team_manager, "get", url(pending)).status_code == 200
    listed = call(api_as, other_team_manager, "get", URL).json()["results"]
    assert [c["id"] for c in listed] == [str(pending.pk)]


def test_accepted_transfer_moves_access_and_keeps_read_for_the_former_team(
    api_as, other_team_manager, other_team_worker, allocated_worker, manager, pending, south, north, siblings
):
    ava = siblings["ava"]
    assert not person_can_write(user=other_team_worker, person=ava)
    response = call(api_as, other_team_manager, "post", url(pending, "accept_transfer"))
    assert response.status_code == 200
    body = response.json()
    assert body["team"] == str(south.pk) and body["pending_transfer_to"] is None and body["allocated_worker"] is None
    assert person_can_write(user=other_team_worker, person=ava)
    assert not person_can_write(user=allocated_worker, person=ava)
    assert person_list_for_user(user=allocated_worker).filter(pk=ava.pk).exists()
    assert call(api_as, allocated_worker, "get", url(pending)).status_code == 200  # read kept
    assert (
        call(api_as, manager, "post", url(pending, "allocate"), {"worker": str(allocated_worker.pk)}).status_code == 403
    )
    row = Case.objects.get().history.first()
    assert row.history_user == other_team_manager
    assert row.history_change_reason == "Transferred from North to South"


def test_declined_transfer_leaves_access_as_it_was(api_as, manager, other_team_manager, other_team_worker, case, south):
    before = access_now()
    call(api_as, manager, "post", url(case, "transfer"), {"team": str(south.pk), "summary": "Moved"})
    assert call(api_as, other_team_worker, "get", url(case)).status_code == 200
    no_reason = call(api_as, other_team_manager, "post", url(case, "decline_transfer"), {"reason": ""})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    response = call(api_as, other_team_manager, "post", url(case, "decline_transfer"), {"reason": "They moved back"})
    assert response.status_code == 200
    assert access_now() == before
    assert call(api_as, other_team_worker, "get", url(case)).status_code == 404
    assert call(api_as, other_team_manager, "get", url(case)).status_code == 404
    row = Case.objects.get().history.first()
    assert row.history_user == other_team_manager
    assert row.history_change_reason == "Transfer to South declined: They moved back"


def test_accept_without_a_pending_transfer_is_a_bad_request_for_a_manager(api_as, manager, case):
    response = call(api_as, manager, "post", url(case, "accept_transfer"))
    assert response.status_code == 400


def test_other_team_gets_404_on_every_case_endpoint(api_as, other_team_manager, other_team_worker, case, south):
    for user in (other_team_manager, other_team_worker):
        for method, action, body in [
            ("get", "", None),
            ("post", "allocate", {"worker": str(user.pk)}),
            ("post", "transfer", {"team": str(south.pk), "summary": "x"}),
            ("post", "accept_transfer", None),
            ("post", "decline_transfer", {"reason": "x"}),
        ]:
            response = call(api_as, user, method, url(case, action), body)
            assert response.status_code == 404, (user, action)
    assert call(api_as, other_team_manager, "get", f"{URL}?team={case.team_id}").json()["count"] == 0


def test_a_long_decline_reason_is_kept_whole_in_the_chronology(api_as, other_team_manager, pending):
    from chronology.models import ChronologyEntry

    reason = "We cannot take the family yet: " + "the new address is not confirmed. " * 10
    response = call(api_as, other_team_manager, "post", url(pending, "decline_transfer"), {"reason": reason})
    assert response.status_code == 200
    assert len(Case.objects.get().history.first().history_change_reason) == 100
    assert ChronologyEntry.objects.get(event_kind="transfer_declined").detail == reason.strip()
