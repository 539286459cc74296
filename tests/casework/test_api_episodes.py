"""/api/v1/episodes/: reading, primary need, and closure authorised by a manager."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casework import registries, services
from casework.core.models import AccessLog, Role
from casework.core.open_work import open_work_registered
from casework.models import Case, Episode
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call, closure_body
from tests.casework.conftest import contact_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/episodes/"


def url(episode, action: str = "") -> str:
    return f"{URL}{episode.pk}/" + (f"{action}/" if action else "")


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
def test_who_may_read_an_episode(request, api_as, persona, expected, ava_episode, siblings, case):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(ava_episode))
    assert response.status_code == expected
    listed = call(api_as, user, "get", URL).json()["results"]
    assert len(listed) == (2 if expected == 200 else 0)
    if expected == 200:
        body = response.json()
        assert body["case"] == str(case.pk) and body["child"] == str(siblings["ava"].pk)
        assert body["contact"] == str(ava_episode.contact_id) and body["referral_source"] == "2A"
        assert body["status"] == "open" and body["primary_need"] is None and body["referral_nfa"] is False
        assert AccessLog.objects.filter(user=user, person=siblings["ava"]).exists()
    else:
        assert not AccessLog.objects.filter(user=user).exists()


def test_list_filters(api_as, manager, ava_episode, sam_episode, case, siblings):
    def ids(query: str) -> set[str]:
        response = call(api_as, manager, "get", f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return {e["id"] for e in response.json()["results"]}

    assert ids(f"child={siblings['ava'].pk}") == {str(ava_episode.pk)}
    assert ids(f"case={case.pk}") == {str(ava_episode.pk), str(sam_episode.pk)}
    assert ids("status=closed") == set()
    assert ids("status=open") == {str(ava_episode.pk), str(sam_episode.pk)}
    assert call(api_as, manager, "get", f"{URL}?status=shut").status_code == 400


def test_list_query_count_does_not_grow_with_episodes(
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


def test_performance_officers_do_not_read_the_closure_summary(api_as, manager, performance_officer, ava_episode):
    services.episode_close(
        by=manager,
        episode=ava_episode,
        closure={**closure_body(), "closure_date": timezone.localdate()},
    )
    body = call(api_as, performance_officer, "get", url(ava_episode)).json()
    assert body["closure_summary"] is None and body["closure_reason"] == "RC8" and body["status"] == "closed"


# --- Primary need ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_set_the_primary_need(request, api_as, persona, expected, ava_episode):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "patch", url(ava_episode), {"primary_need": "N1", "version": 1})
    assert response.status_code == expected
    assert (Episode.objects.get(pk=ava_episode.pk).primary_need == "N1") == (expected == 200)


def test_primary_need_with_its_version(api_as, allocated_worker, ava_episode):
    response = call(api_as, allocated_worker, "patch", url(ava_episode), {"primary_need": "N4", "version": 1})
    assert response.json()["primary_need"] == "N4" and response.json()["version"] == 2
    stale = call(api_as, allocated_worker, "patch", url(ava_episode), {"primary_need": "N1", "version": 1})
    assert stale.status_code == 409
    missing = call(api_as, allocated_worker, "patch", url(ava_episode), {"primary_need": "N1"})
    assert missing.status_code == 409
    bad = call(api_as, allocated_worker, "patch", url(ava_episode), {"primary_need": "N99", "version": 2})
    assert bad.status_code == 400 and "primary_need" in bad.json()
    ava_episode.refresh_from_db()
    assert ava_episode.primary_need == "N4"
    row = ava_episode.history.first()
    assert row.history_user == allocated_worker and row.history_change_reason == "Primary need N4"


# --- Closure -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected, status",
    [
        ("front_door_worker", 403, "open"),
        ("front_door_manager", 403, "open"),
        ("allocated_worker", 200, "closure_requested"),
        ("colleague", 200, "closure_requested"),
        ("manager", 200, "closed"),
        ("other_team_worker", 404, "open"),
        ("other_team_manager", 404, "open"),
        ("performance_officer", 403, "open"),
        ("auditor", 403, "open"),
    ],
)
def test_who_may_request_or_make_a_closure(request, api_as, persona, expected, status, ava_episode):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(ava_episode, "close"), closure_body())
    assert response.status_code == expected
    assert Episode.objects.get(pk=ava_episode.pk).status == status


def test_a_workers_closure_waits_for_a_manager(api_as, allocated_worker, manager, ava_episode, sam_episode, case):
    response = call(api_as, allocated_worker, "post", url(ava_episode, "close"), closure_body())
    body = response.json()
    assert body["status"] == "closure_requested" and body["closure_requested_by"] == str(allocated_worker.pk)
    assert call(api_as, allocated_worker, "post", url(ava_episode, "authorise_closure")).status_code == 403
    response = call(api_as, manager, "post", url(ava_episode, "authorise_closure"))
    assert response.status_code == 200
    assert response.json()["status"] == "closed" and response.json()["closed_by"] == str(manager.pk)
    assert response.json()["referral_nfa"] is True
    row = Episode.objects.get(pk=ava_episode.pk).history.first()
    assert row.history_user == manager and row.history_change_reason == "Closed (RC8)"
    assert Case.objects.get().status == "open"  # Sam's episode is still open


def test_the_case_closes_with_its_last_episode(api_as, manager, allocated_worker, ava_episode, sam_episode, case):
    for episode in (ava_episode, sam_episode):
        assert call(api_as, manager, "post", url(episode, "close"), closure_body()).status_code == 200
    body = call(api_as, allocated_worker, "get", f"/api/v1/cases/{case.pk}/").json()
    assert body["status"] == "closed"
    refused = call(api_as, allocated_worker, "post", url(ava_episode, "close"), closure_body())
    assert refused.status_code == 403  # the team keeps read access only


@pytest.fixture
def requested(allocated_worker, ava_episode) -> Episode:
    services.episode_close(
        by=allocated_worker, episode=ava_episode, closure={**closure_body(), "closure_date": timezone.localdate()}
    )
    ava_episode.refresh_from_db()
    return ava_episode


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
@pytest.mark.parametrize("action, outcome", [("authorise_closure", "closed"), ("decline_closure", "open")])
def test_who_may_authorise_or_decline_a_closure(request, api_as, persona, expected, action, outcome, requested):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(requested, action), {"reason": "Wait for the review"})
    assert response.status_code == expected
    status = Episode.objects.get(pk=requested.pk).status
    assert status == (outcome if expected == 200 else "closure_requested")


def test_a_manager_cannot_authorise_or_decline_their_own_request(api_as, manager, north, ava_episode):
    Episode.objects.filter(pk=ava_episode.pk).update(
        status="closure_requested",
        closure_requested_by=manager,
        closure_reason="RC8",
        closure_summary="Done",
        closure_date=timezone.localdate(),
    )
    for action in ("authorise_closure", "decline_closure"):
        response = call(api_as, manager, "post", url(ava_episode, action), {"reason": "x"})
        assert response.status_code == 403, action
    deputy = UserFactory(username="north.deputy", role=Role.TEAM_MANAGER, teams=[north])
    assert call(api_as, deputy, "post", url(ava_episode, "authorise_closure")).status_code == 200


def test_a_declined_closure_reopens_with_the_reason(api_as, manager, requested):
    no_reason = call(api_as, manager, "post", url(requested, "decline_closure"), {"reason": " "})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    response = call(api_as, manager, "post", url(requested, "decline_closure"), {"reason": "Wait for the review"})
    body = response.json()
    assert body["status"] == "open" and body["closure_declined_reason"] == "Wait for the review"
    assert body["closure_reason"] is None and body["closure_date"] is None


def test_nothing_to_authorise_is_a_bad_request(api_as, manager, ava_episode):
    assert call(api_as, manager, "post", url(ava_episode, "authorise_closure")).status_code == 400


def test_closure_is_refused_while_there_is_open_work(api_as, manager, allocated_worker, ava_episode):
    def open_assessment(*, person_id=None, episode=None):
        return ["Assessment started 3 March 2026"]

    with open_work_registered("test-assessment", open_assessment):
        response = call(api_as, manager, "post", url(ava_episode, "close"), closure_body())
        assert response.status_code == 400
        assert "Assessment started 3 March 2026" in str(response.json()["non_field_errors"])
        assert call(api_as, allocated_worker, "post", url(ava_episode, "close"), closure_body()).status_code == 400
    assert Episode.objects.get(pk=ava_episode.pk).status == "open"


def test_open_work_found_after_a_request_stops_the_authorisation(api_as, manager, requested):
    with open_work_registered("test-plan", lambda *, person_id=None, episode=None: ["CIN plan"]):
        response = call(api_as, manager, "post", url(requested, "authorise_closure"))
    assert response.status_code == 400
    assert Episode.objects.get(pk=requested.pk).status == "closure_requested"


def test_closure_input_is_checked_and_nothing_is_written(api_as, manager, ava_episode):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = call(
        api_as,
        manager,
        "post",
        url(ava_episode, "close"),
        closure_body(closure_date=tomorrow, closure_summary="", closure_reason="RC99"),
    )
    assert response.status_code == 400
    assert "closure_reason" in response.json()
    response = call(
        api_as, manager, "post", url(ava_episode, "close"), closure_body(closure_date=tomorrow, closure_summary="")
    )
    assert {"closure_date", "closure_summary"} <= set(response.json())
    stale = call(api_as, manager, "post", url(ava_episode, "close"), closure_body(version=9))
    assert stale.status_code == 409
    assert Episode.objects.get(pk=ava_episode.pk).status == "open"


def test_referral_nfa_is_derived_from_whether_an_assessment_started(api_as, manager, ava_episode, sam_episode):
    for episode in (ava_episode, sam_episode):
        call(api_as, manager, "post", url(episode, "close"), closure_body())

    def assessed(episodes):
        return {e.pk for e in episodes if e.pk == ava_episode.pk}

    flags = {e["id"]: e["referral_nfa"] for e in call(api_as, manager, "get", URL).json()["results"]}
    assert flags == {str(ava_episode.pk): True, str(sam_episode.pk): True}
    registries.register_assessment_probe(assessed, name="test-assessed")
    try:
        assert registries.episode_had_assessment(ava_episode) is True
        flags = {e["id"]: e["referral_nfa"] for e in call(api_as, manager, "get", URL).json()["results"]}
        assert flags == {str(ava_episode.pk): False, str(sam_episode.pk): True}
    finally:
        registries.unregister_assessment_probe(name="test-assessed")
    assert registries.episode_had_assessment(ava_episode) is False


def test_other_team_gets_404_on_every_episode_endpoint(api_as, other_team_manager, other_team_worker, requested):
    for user in (other_team_manager, other_team_worker):
        for method, action, body in [
            ("get", "", None),
            ("patch", "", {"primary_need": "N1", "version": requested.version}),
            ("post", "close", closure_body()),
            ("post", "authorise_closure", None),
            ("post", "decline_closure", {"reason": "x"}),
        ]:
            response = call(api_as, user, method, url(requested, action), body)
            assert response.status_code == 404, (user, action)
    assert Episode.objects.get(pk=requested.pk).status == "closure_requested"
