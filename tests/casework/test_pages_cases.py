"""The case page and its actions: allocation, transfer, closure (a worker's request waits for a
manager), primary need, decisions; who sees what and who may act (PERMISSIONS.md)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import registries, services
from casework.core.models import AccessLog, RecordAccess
from casework.core.open_work import open_work_registered
from casework.models import Case, DecisionRecord, Episode
from families.selectors import person_can_write, person_list_for_user
from tests.casework.pages_cases_helpers import (
    body,
    closure_form,
    closure_service_data,
    date_data,
    episode_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(front_door_worker, school_contact, north):
    """The Smith siblings, Ava and Sam, referred to North by the front door."""
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


@pytest.fixture
def allocated(case, manager, allocated_worker):
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    case.refresh_from_db()
    return case


def case_url(case: Case, name: str = "case_detail") -> str:
    return reverse(f"casework:{name}", kwargs={"case_id": case.pk})


def episode_url(episode: Episode, name: str) -> str:
    return reverse(f"casework:{name}", kwargs={"episode_id": episode.pk})


def all_urls(case: Case, episode: Episode) -> list[str]:
    return [
        case_url(case),
        case_url(case, "case_allocate"),
        case_url(case, "case_transfer"),
        case_url(case, "case_transfer_decide"),
        case_url(case, "decision_add"),
        episode_url(episode, "episode_detail"),
        episode_url(episode, "episode_close"),
        episode_url(episode, "episode_closure_decide"),
        episode_url(episode, "episode_primary_need"),
    ]


# --- The case page ------------------------------------------------------------------------------


def test_case_page_shows_the_family_the_team_the_worker_and_each_childs_episode(
    client, allocated, allocated_worker, siblings
):
    client.force_login(allocated_worker)
    response = client.get(case_url(allocated))
    page = body(response)
    assert response.status_code == 200
    assert "Smith family" in page and "North" in page and "Sam Okafor" in page
    assert reverse("families:family_detail", kwargs={"family_id": siblings["family"].pk}) in page
    for child in (siblings["ava"], siblings["sam"]):
        assert reverse("families:person_detail", kwargs={"person_id": child.pk}) in page
        assert f'id="episode-{episode_of(child).pk}"' in page
    assert "from schools" in page
    assert "Primary need" in page and "Not recorded yet" in page
    logged = set(
        AccessLog.objects.filter(user=allocated_worker, what="Case", person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    assert logged == {siblings["ava"].pk, siblings["sam"].pk}


def test_actions_are_shown_only_to_those_who_may_take_them(client, allocated, allocated_worker, manager):
    client.force_login(allocated_worker)
    page = body(client.get(case_url(allocated)))
    assert "Request closure" in page and case_url(allocated, "case_allocate") not in page
    assert case_url(allocated, "case_transfer") not in page
    client.force_login(manager)
    page = body(client.get(case_url(allocated)))
    assert "Close this episode" in page
    assert case_url(allocated, "case_allocate") in page and case_url(allocated, "case_transfer") in page


def test_other_team_gets_404_on_every_page(client, allocated, siblings, other_team_worker, other_team_manager):
    episode = episode_of(siblings["ava"])
    for user in (other_team_worker, other_team_manager):
        client.force_login(user)
        for url in all_urls(allocated, episode):
            assert client.get(url).status_code == 404, url
        for url in all_urls(allocated, episode)[1:]:
            if url != episode_url(episode, "episode_detail"):  # pages only read answer 405 to a POST
                assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("persona", ["performance_officer", "auditor"])
def test_authority_wide_roles_read_the_case_but_get_403_on_actions(client, request, allocated, siblings, persona):
    ava = episode_of(siblings["ava"])
    services.episode_close(by=request.getfixturevalue("allocated_worker"), episode=ava, closure=closure_service_data())
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(case_url(allocated)))
    assert "Ava Smith" in page and "Closure requested" in page
    assert "Request closure" not in page and "Authorise or decline" not in page
    assert ("Things are better at home." in page) is (persona == "auditor")
    for url in all_urls(allocated, ava)[1:]:
        if "transfer/decision" in url or url.endswith(f"{ava.pk}/"):
            continue
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert client.get(episode_url(ava, "episode_detail")).status_code == 200


# --- Allocation ---------------------------------------------------------------------------------


def test_manager_allocates_the_case_to_a_worker_of_the_team(client, case, manager, allocated_worker, colleague):
    client.force_login(manager)
    page = body(client.get(case_url(case, "case_allocate")))
    assert "Sam Okafor" in page and "Jo Lewis" in page
    response = client.post(case_url(case, "case_allocate"), {"version": case.version})
    assert response.status_code == 400 and "There is a problem" in body(response)
    assert Case.objects.get().allocated_worker is None
    response = client.post(case_url(case, "case_allocate"), {"worker": allocated_worker.pk, "version": case.version})
    assert response.status_code == 302 and response["Location"] == case_url(case)
    assert Case.objects.get().allocated_worker == allocated_worker


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "front_door_worker"])
def test_only_the_manager_may_allocate(client, request, case, persona, allocated_worker):
    client.force_login(request.getfixturevalue(persona))
    url = case_url(case, "case_allocate")
    assert client.get(url).status_code == 403
    assert client.post(url, {"worker": allocated_worker.pk, "version": case.version}).status_code == 403
    assert Case.objects.get().allocated_worker is None


def test_a_stale_allocation_shows_both_and_saves_nothing(client, case, manager, allocated_worker, colleague):
    services.case_allocate(by=manager, case=Case.objects.get(), worker=colleague)
    client.force_login(manager)
    response = client.post(case_url(case, "case_allocate"), {"worker": allocated_worker.pk, "version": 1})
    assert response.status_code == 409
    page = body(response)
    assert "Someone else changed this" in page and "Jo Lewis" in page and "Sam Okafor" in page
    assert Case.objects.get().allocated_worker == colleague


# --- Transfer -----------------------------------------------------------------------------------


def test_manager_proposes_a_transfer_and_the_receiving_team_reads_the_case(
    client, allocated, manager, south, other_team_worker
):
    client.force_login(manager)
    url = case_url(allocated, "case_transfer")
    assert client.get(url).status_code == 200
    response = client.post(url, {"team": south.pk, "summary": "  "})
    assert response.status_code == 400 and "Write the transfer summary" in body(response)
    assert Case.objects.get().pending_transfer_to is None
    response = client.post(url, {"team": south.pk, "summary": "Moving to Southby next week."})
    assert response.status_code == 302
    assert Case.objects.get().pending_transfer_to == south
    client.force_login(other_team_worker)
    page = body(client.get(case_url(allocated)))
    assert "Moving to Southby next week." in page and "Accept or decline" not in page


@pytest.fixture
def proposed(allocated, manager, south):
    return services.case_transfer_propose(by=manager, case=allocated, team=south, summary="Moving to Southby.")


def current_access() -> set[tuple]:
    return set(RecordAccess.objects.current().values_list("team_id", "person_id", "family_id", "level"))


def test_a_declined_transfer_leaves_access_as_it_was(
    client, allocated, south, siblings, other_team_manager, other_team_worker, allocated_worker, manager
):
    before = current_access()
    services.case_transfer_propose(by=manager, case=allocated, team=south, summary="Moving to Southby.")
    assert current_access() != before
    url = case_url(allocated, "case_transfer_decide")
    client.force_login(manager)
    assert client.get(url).status_code == 403
    client.force_login(other_team_manager)
    assert "Moving to Southby." in body(client.get(url))
    response = client.post(url, {"decision": "decline", "reason": ""})
    assert response.status_code == 400 and "Say why the transfer is declined" in body(response)
    assert Case.objects.get().pending_transfer_to == south
    response = client.post(url, {"decision": "decline", "reason": "We have no capacity this month."})
    assert response.status_code == 302 and response["Location"] == reverse("casework:my_work")
    case = Case.objects.get()
    assert case.pending_transfer_to is None and case.team.name == "North"
    assert current_access() == before
    client.force_login(other_team_worker)
    assert client.get(case_url(case)).status_code == 404
    assert person_can_write(user=allocated_worker, person=siblings["ava"])


def test_an_accepted_transfer_moves_write_access_and_keeps_read_for_the_former_team(
    client, proposed, siblings, other_team_manager, other_team_worker, allocated_worker
):
    client.force_login(other_team_manager)
    response = client.post(case_url(proposed, "case_transfer_decide"), {"decision": "accept", "reason": ""})
    assert response.status_code == 302 and response["Location"] == case_url(proposed)
    case = Case.objects.get()
    assert case.team.name == "South" and case.allocated_worker is None
    assert person_can_write(user=other_team_worker, person=siblings["ava"])
    assert not person_can_write(user=allocated_worker, person=siblings["ava"])
    assert person_list_for_user(user=allocated_worker).filter(pk=siblings["ava"].pk).exists()
    client.force_login(allocated_worker)
    assert client.get(case_url(case)).status_code == 200
    assert client.get(episode_url(episode_of(siblings["ava"]), "episode_close")).status_code == 403


# --- Closure ------------------------------------------------------------------------------------


def test_a_workers_closure_waits_for_a_manager_who_authorises_it(
    client, allocated, siblings, allocated_worker, manager
):
    ava, sam = episode_of(siblings["ava"]), episode_of(siblings["sam"])
    client.force_login(allocated_worker)
    url = episode_url(ava, "episode_close")
    page = body(client.get(url))
    assert "Request closure for Ava Smith" in page and "RC8: Case closed after assessment" in page
    response = client.post(url, closure_form(closure_reason="", changed="", version=ava.version))
    assert response.status_code == 400
    page = body(response)
    assert "There is a problem" in page and "Say what changed for the child" in page
    assert Episode.objects.get(pk=ava.pk).status == "open"
    response = client.post(url, closure_form(version=ava.version))
    assert response.status_code == 302
    ava.refresh_from_db()
    assert ava.status == "closure_requested" and ava.closure_requested_by == allocated_worker
    assert "The child's view: Ava says there is food at home now" in ava.closure_summary
    assert "Waiting for a manager of North" in body(client.get(case_url(allocated)))
    assert client.get(episode_url(ava, "episode_closure_decide")).status_code == 403

    client.force_login(manager)
    decide = episode_url(ava, "episode_closure_decide")
    assert "Ava says there is food at home now" in body(client.get(decide))
    response = client.post(decide, {"decision": "decline", "reason": ""})
    assert response.status_code == 400 and "Say why the closure is declined" in body(response)
    response = client.post(decide, {"decision": "authorise"})
    assert response.status_code == 302
    ava.refresh_from_db()
    sam.refresh_from_db()
    assert ava.status == "closed" and ava.closed_by == manager
    assert sam.status == "open"
    assert Case.objects.get().status == "open"


def test_a_manager_cannot_authorise_their_own_request(client, allocated, siblings, manager):
    ava = episode_of(siblings["ava"])
    Episode.objects.filter(pk=ava.pk).update(status="closure_requested", closure_requested_by=manager)
    client.force_login(manager)
    url = episode_url(ava, "episode_closure_decide")
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "authorise"}).status_code == 403
    assert Episode.objects.get(pk=ava.pk).status == "closure_requested"
    assert "another manager of the team decides it" in body(client.get(case_url(allocated)))


def test_a_manager_closes_directly(client, allocated, siblings, manager):
    ava = episode_of(siblings["ava"])
    client.force_login(manager)
    url = episode_url(ava, "episode_close")
    assert "Close Ava Smith&#39;s episode" in body(client.get(url))
    assert client.post(url, closure_form(version=ava.version)).status_code == 302
    ava.refresh_from_db()
    assert ava.status == "closed" and ava.closed_by == manager


def test_a_declined_closure_keeps_the_episode_open_with_the_reason(
    client, allocated, siblings, allocated_worker, manager
):
    ava = episode_of(siblings["ava"])
    services.episode_close(by=allocated_worker, episode=ava, closure=closure_service_data())
    client.force_login(manager)
    response = client.post(
        episode_url(ava, "episode_closure_decide"), {"decision": "decline", "reason": "Visit Ava at home first."}
    )
    assert response.status_code == 302
    ava.refresh_from_db()
    assert ava.status == "open" and ava.closure_declined_reason == "Visit Ava at home first."
    assert "Declined: Visit Ava at home first." in body(client.get(case_url(allocated)))


def _assessment_open(person_id=None, episode=None):
    return ["Assessment started 3 March 2026"]


def test_closure_is_refused_while_there_is_open_work(client, allocated, siblings, manager, allocated_worker):
    ava = episode_of(siblings["ava"])
    with open_work_registered("test-assessment", _assessment_open):
        client.force_login(allocated_worker)
        url = episode_url(ava, "episode_close")
        assert "Finish or end first: Assessment started 3 March 2026" in body(client.get(url))
        response = client.post(url, closure_form(version=ava.version))
        assert response.status_code == 400
        assert "Finish or end first: Assessment started 3 March 2026." in body(response)
        assert Episode.objects.get(pk=ava.pk).status == "open"
    services.episode_close(by=allocated_worker, episode=ava, closure=closure_service_data())
    with open_work_registered("test-assessment", _assessment_open):
        client.force_login(manager)
        response = client.post(episode_url(ava, "episode_closure_decide"), {"decision": "authorise"})
        assert response.status_code == 400 and "Finish or end first" in body(response)
        assert Episode.objects.get(pk=ava.pk).status == "closure_requested"


def test_a_stale_closure_is_not_saved(client, allocated, siblings, allocated_worker, manager):
    ava = episode_of(siblings["ava"])
    services.episode_set_primary_need(by=manager, episode=ava, primary_need="N4", expected_version=ava.version)
    client.force_login(allocated_worker)
    response = client.post(episode_url(ava, "episode_close"), closure_form(version=1))
    assert response.status_code == 409 and "Someone else changed this" in body(response)
    assert Episode.objects.get(pk=ava.pk).status == "open"


def test_referral_nfa_is_derived_from_the_record(client, allocated, siblings, manager):
    ava = episode_of(siblings["ava"])
    services.episode_close(by=manager, episode=ava, closure=closure_service_data())
    client.force_login(manager)
    page = body(client.get(case_url(allocated)))
    assert "Referral, no further action" in page and "closed with no assessment started" in page

    def probe(episodes):
        return {e.pk for e in episodes if e.pk == ava.pk}

    registries.register_assessment_probe(probe, name="test-probe")
    try:
        assert "Referral, no further action" not in body(client.get(case_url(allocated)))
    finally:
        registries.unregister_assessment_probe(name="test-probe")


def test_a_rereferral_is_noted_neutrally(client, front_door_worker, north, manager, allocated_worker):
    from tests.casework.pages_cases_helpers import new_case, refer

    first = new_case(front_door_worker, north, "Khan", received_days_ago=100)
    child = first.episodes.get().child
    services.episode_close(by=manager, episode=episode_of(child), closure=closure_service_data())
    refer(front_door_worker, north, [child], first.family)
    second = Case.objects.get(family=first.family, status="open")
    client.force_login(allocated_worker)
    page = body(client.get(case_url(second)))
    assert "A re-referral: Ava was referred within 12 months of an earlier referral." in page
    assert "govuk-tag--red" not in page


# --- Primary need -------------------------------------------------------------------------------


def test_primary_need_is_set_and_changed_with_history(client, allocated, siblings, allocated_worker):
    ava = episode_of(siblings["ava"])
    url = episode_url(ava, "episode_primary_need")
    client.force_login(allocated_worker)
    assert "N1: Abuse, neglect and exploitation" in body(client.get(url))
    response = client.post(url, {"version": ava.version})
    assert response.status_code == 400 and "Choose a primary need code" in body(response)
    assert client.post(url, {"primary_need": "N4", "version": ava.version}).status_code == 302
    ava.refresh_from_db()
    assert client.post(url, {"primary_need": "N1", "version": ava.version}).status_code == 302
    ava.refresh_from_db()
    assert ava.primary_need == "N1"
    reasons = list(ava.history.values_list("history_change_reason", flat=True))
    assert "Primary need N4" in reasons and "Primary need N1" in reasons
    page = body(client.get(episode_url(ava, "episode_detail")))
    assert "Primary need N4" in page and "Primary need N1" in page
    response = client.post(url, {"primary_need": "N7", "version": 1})
    assert response.status_code == 409
    assert Episode.objects.get(pk=ava.pk).primary_need == "N1"


# --- Decisions ----------------------------------------------------------------------------------


def decision_form(children, **overrides):
    today = timezone.localdate()
    data = {
        "kind": "closure",
        "children": [str(c.pk) for c in children],
        "decision": "Close Ava's episode; Sam's stays open.",
        "options_considered": "Close both; keep both open.",
        "rationale": "Ava's needs are met by school; Sam still needs support.",
        "agreed_by": "",
        **date_data("date", today),
    }
    data.update(overrides)
    return data


def test_a_decision_is_recorded_with_options_rationale_and_who_agreed(
    client, allocated, siblings, allocated_worker, manager
):
    client.force_login(allocated_worker)
    url = case_url(allocated, "decision_add")
    page = body(client.get(url))
    assert "Ava Smith" in page and "Priya Shah" in page
    response = client.post(url, decision_form([siblings["ava"]], rationale=""))
    assert response.status_code == 400 and "Give the rationale" in body(response)
    assert not DecisionRecord.objects.exists()
    response = client.post(url, decision_form([siblings["ava"]], agreed_by=str(manager.pk)))
    assert response.status_code == 302
    record = DecisionRecord.objects.get()
    assert list(record.children.all()) == [siblings["ava"]] and record.agreed_by == manager
    page = body(client.get(case_url(allocated)))
    assert "Close both; keep both open." in page and "Ava&#39;s needs are met by school" in page
    record_page = body(client.get(reverse("families:person_detail", kwargs={"person_id": siblings["ava"].pk})))
    assert "Decisions" in record_page and "Close both; keep both open." in record_page


def test_performance_officer_cannot_record_a_decision(client, allocated, siblings, performance_officer):
    client.force_login(performance_officer)
    assert client.post(case_url(allocated, "decision_add"), decision_form([siblings["ava"]])).status_code == 403
    assert not DecisionRecord.objects.exists()
