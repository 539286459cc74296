"""Cases and episodes: allocation, transfer, closure authorised by a manager, decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import services
from casework.core import open_work
from casework.core.models import RecordAccess
from casework.models import Case, Episode
from families.selectors import person_can_write, person_list_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(front_door_worker, school_contact, north):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


def closure(**overrides):
    data = {
        "closure_date": timezone.localdate(),
        "closure_reason": "RC8",
        "closure_summary": "Food bank and school breakfast club in place; Ava says things are better.",
        "step_down": "early_help",
    }
    data.update(overrides)
    return data


def test_no_overlapping_open_episodes_for_a_child(case, siblings):
    episode = Episode.objects.get(child=siblings["ava"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            case=case, child=siblings["ava"], referral_date=episode.referral_date, referral_source="8"
        )


def test_manager_allocates_to_a_worker_in_the_team(case, manager, allocated_worker, colleague, other_team_worker):
    with pytest.raises(PermissionDenied):
        services.case_allocate(by=colleague, case=case, worker=allocated_worker)
    with pytest.raises(ValidationError):
        services.case_allocate(by=manager, case=case, worker=other_team_worker)
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    case.refresh_from_db()
    assert case.allocated_worker == allocated_worker
    assert case.history.first().history_change_reason == f"Allocated to {allocated_worker.display_name}"


def test_allocated_worker_may_open_a_restricted_record(case, manager, allocated_worker, colleague, siblings):
    ava = siblings["ava"]
    from families import services as family_services

    family_services.person_set_restriction(
        by=manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    assert not person_list_for_user(user=allocated_worker).filter(pk=ava.pk).exists()
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    assert person_list_for_user(user=allocated_worker).filter(pk=ava.pk).exists()
    assert not person_list_for_user(user=colleague).filter(pk=ava.pk).exists()


def test_worker_closure_waits_for_a_manager_who_cannot_authorise_their_own(
    case, allocated_worker, manager, siblings, north
):
    ava = Episode.objects.get(child=siblings["ava"])
    services.episode_close(by=allocated_worker, episode=ava, closure=closure())
    ava.refresh_from_db()
    assert ava.status == "closure_requested"
    with pytest.raises(PermissionDenied):
        services.episode_authorise_closure(by=allocated_worker, episode=ava)
    services.episode_authorise_closure(by=manager, episode=ava)
    ava.refresh_from_db()
    assert ava.status == "closed" and ava.closed_by == manager
    sam = Episode.objects.get(child=siblings["sam"])
    assert sam.status == "open"
    assert Case.objects.get().status == "open"


def test_manager_cannot_authorise_their_own_request(case, manager, siblings):
    other_manager_request = Episode.objects.get(child=siblings["ava"])
    other_manager_request.status, other_manager_request.closure_requested_by = "closure_requested", manager
    other_manager_request.save()
    with pytest.raises(PermissionDenied):
        services.episode_authorise_closure(by=manager, episode=other_manager_request)


def test_manager_closes_directly_and_the_case_closes_with_its_last_episode(
    case, manager, siblings, north, allocated_worker
):
    for child in (siblings["ava"], siblings["sam"]):
        services.episode_close(by=manager, episode=Episode.objects.get(child=child), closure=closure())
    case.refresh_from_db()
    assert case.status == "closed"
    assert not person_can_write(user=allocated_worker, person=siblings["ava"])
    assert person_list_for_user(user=allocated_worker).filter(pk=siblings["ava"].pk).exists()


def test_closure_is_refused_while_there_is_open_work(case, manager, siblings):
    ava = Episode.objects.get(child=siblings["ava"])
    open_work.register_open_work("test-assessment", lambda person_id=None, episode=None: ["Assessment (test)"])
    try:
        with pytest.raises(ValidationError) as error:
            services.episode_close(by=manager, episode=ava, closure=closure())
        assert "Assessment (test)" in str(error.value)
    finally:
        open_work.unregister_open_work("test-assessment")
    ava.refresh_from_db()
    assert ava.status == "open"


def test_closure_needs_a_reason_code_and_a_summary(case, manager, siblings):
    ava = Episode.objects.get(child=siblings["ava"])
    with pytest.raises(ValidationError) as error:
        services.episode_close(by=manager, episode=ava, closure=closure(closure_reason="RC99", closure_summary=""))
    assert {"closure_reason", "closure_summary"} <= set(error.value.message_dict)


def test_declined_closure_reopens_with_the_reason(case, allocated_worker, manager, siblings):
    ava = Episode.objects.get(child=siblings["ava"])
    services.episode_close(by=allocated_worker, episode=ava, closure=closure())
    services.episode_decline_closure(by=manager, episode=ava, reason="Wait for the review meeting")
    ava.refresh_from_db()
    assert ava.status == "open" and ava.closure_declined_reason == "Wait for the review meeting"


def test_transfer_pending_then_accepted_moves_access_and_keeps_read(
    case, manager, other_team_manager, south, north, siblings, other_team_worker
):
    services.case_transfer_propose(by=manager, case=case, team=south, summary="Family moved to the south")
    assert person_list_for_user(user=other_team_worker).filter(pk=siblings["ava"].pk).exists()
    assert not person_can_write(user=other_team_worker, person=siblings["ava"])
    with pytest.raises(PermissionDenied):
        services.case_transfer_accept(by=manager, case=case)
    services.case_transfer_accept(by=other_team_manager, case=case)
    case.refresh_from_db()
    assert case.team == south and case.pending_transfer_to is None
    assert person_can_write(user=other_team_worker, person=siblings["ava"])
    north_rows = RecordAccess.objects.current().filter(team=north, person=siblings["ava"])
    assert [r.level for r in north_rows] == ["read"]


def test_declined_transfer_leaves_access_as_it_was(
    case, manager, other_team_manager, south, siblings, other_team_worker, allocated_worker
):
    before = set(RecordAccess.objects.current().values_list("team_id", "person_id", "family_id", "level"))
    services.case_transfer_propose(by=manager, case=case, team=south, summary="Family moved")
    services.case_transfer_decline(by=other_team_manager, case=case, reason="They moved back")
    after = set(RecordAccess.objects.current().values_list("team_id", "person_id", "family_id", "level"))
    assert after == before
    assert not person_list_for_user(user=other_team_worker).filter(pk=siblings["ava"].pk).exists()


def test_decision_record_with_options_and_rationale(case, allocated_worker, manager, siblings):
    record = services.decision_record(
        by=allocated_worker,
        case=case,
        children=[siblings["sam"]],
        kind="step_down",
        decision="Step down to early help",
        options_considered="CIN plan; early help",
        rationale="Needs met with family support",
        agreed_by=manager,
    )
    assert list(record.children.all()) == [siblings["sam"]]
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            by=allocated_worker, case=case, children=[siblings["sam"]], kind="other", decision="x", rationale=""
        )
    assert "rationale" in error.value.message_dict


def test_primary_need_changes_keep_history(case, allocated_worker, siblings):
    ava = Episode.objects.get(child=siblings["ava"])
    services.episode_set_primary_need(by=allocated_worker, episode=ava, primary_need="N4", expected_version=1)
    services.episode_set_primary_need(by=allocated_worker, episode=ava, primary_need="N1", expected_version=2)
    assert [h.primary_need for h in ava.history.all()[:2]] == ["N1", "N4"]
