"""Supervision pages: a manager's workers, a worker's history, the agenda (what changed since the
last supervision, in a fixed number of queries), recording a session (GET, invalid POST, valid
POST), reading a record (private notes for the two people only) and acknowledging it; the
manager's oversight on the child's record (never the private notes); My work; other team 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.core.models import AccessLog
from casework.models import Action, Episode, Supervision
from casework.services import cases as case_services
from chronology.models import ChronologyEntry
from tests.casework.pages_cases_helpers import body, closure_service_data, date_data, new_case
from tests.factories.supervision import DECISION, PRIVATE, RATIONALE, REFLECTION, supervision_of


@pytest.fixture
def smith(front_door_worker, north, manager, allocated_worker):
    return new_case(front_door_worker, north, "Smith", children=2, manager=manager, worker=allocated_worker)


@pytest.fixture
def record(manager, allocated_worker, smith):
    return supervision_of(manager, allocated_worker, case=smith, action="Visit Ava alone at school")


def agenda_url(worker) -> str:
    return reverse("casework:supervision_agenda", kwargs={"worker_id": worker.pk})


def new_url(worker) -> str:
    return reverse("casework:supervision_new", kwargs={"worker_id": worker.pk})


def detail_url(record) -> str:
    return reverse("casework:supervision_detail", kwargs={"supervision_id": record.pk})


def ack_url(record) -> str:
    return reverse("casework:supervision_acknowledge", kwargs={"supervision_id": record.pk})


def form_data(case, worker, **overrides):
    key = f"c{case.pk.hex}"
    data = {
        **date_data("date", timezone.localdate()),
        "private_notes": PRIVATE,
        f"{key}_reflection": REFLECTION,
        f"{key}_decision": DECISION,
        f"{key}_rationale": RATIONALE,
        f"{key}_a0_action": "Visit Ava alone at school",
        f"{key}_a0_owner": str(worker.pk),
        **date_data(f"{key}_a0_due", timezone.localdate() + datetime.timedelta(days=10)),
    }
    data.update(overrides)
    return data


# --- Home and history ----------------------------------------------------------------------------


def test_manager_sees_their_workers(client, manager, allocated_worker, colleague, other_team_worker):
    client.force_login(manager)
    page = body(client.get(reverse("casework:supervision_home")))
    assert "Sam Okafor" in page and "Jo Lewis" in page and "Dani Clarke" not in page


def test_worker_home_is_their_own_history(client, allocated_worker, record):
    client.force_login(allocated_worker)
    response = client.get(reverse("casework:supervision_home"), follow=True)
    assert "Your supervision" in body(response) and detail_url(record) in body(response)


@pytest.mark.parametrize(
    "persona,status",
    [
        ("manager", 200),
        ("allocated_worker", 200),
        ("auditor", 200),
        ("colleague", 403),
        ("performance_officer", 403),
        ("front_door_manager", 404),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
    ],
)
def test_worker_history_by_persona(request, client, persona, status, allocated_worker, record):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("casework:supervision_worker", kwargs={"worker_id": allocated_worker.pk})
    assert client.get(url).status_code == status


# --- The agenda -------------------------------------------------------------------------------------


def test_agenda_shows_what_changed_since_last_supervision(
    client, front_door_worker, north, manager, allocated_worker, smith
):
    earlier = timezone.localdate() - datetime.timedelta(days=20)
    supervision_of(manager, allocated_worker, case=smith, action="Call the school", date=earlier)
    ava = Episode.objects.get(case=smith, child__first_name="Ava")
    case_services.episode_close(by=allocated_worker, episode=ava, closure=closure_service_data())
    client.force_login(manager)
    page = body(client.get(agenda_url(allocated_worker)))
    assert "Changes since the last supervision on" in page
    assert "Call the school" in page and "due" in page
    assert "Closures awaiting a decision" in page and "Ava Smith: closure requested" in page
    assert "new entr" in page
    assert "govuk-tag--red" not in page
    assert PRIVATE not in page


@pytest.mark.parametrize(
    "persona,status",
    [
        ("manager", 200),
        ("allocated_worker", 200),
        ("colleague", 403),
        ("auditor", 403),
        ("performance_officer", 403),
        ("other_team_manager", 404),
        ("front_door_manager", 404),
        ("other_team_worker", 404),
    ],
)
def test_agenda_by_persona(request, client, persona, status, allocated_worker, smith):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(agenda_url(allocated_worker)).status_code == status


def test_agenda_is_access_logged(client, manager, allocated_worker, smith):
    client.force_login(manager)
    client.get(agenda_url(allocated_worker))
    rows = AccessLog.objects.filter(user=manager, what="Supervision agenda")
    assert {r.person.first_name for r in rows} == {"Ava", "Sam"}


def _agenda_queries(client, manager, worker, django_assert_max_num_queries, limit):
    client.force_login(manager)
    client.get(agenda_url(worker))  # warm the session and caches
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(agenda_url(worker))
    assert response.status_code == 200
    return len(captured)


def test_agenda_runs_the_same_queries_for_3_or_30_cases(
    client, front_door_worker, north, manager, allocated_worker, django_assert_max_num_queries
):
    cases = [new_case(front_door_worker, north, f"Few{n}", manager=manager, worker=allocated_worker) for n in range(3)]
    for case in cases:
        supervision_of(manager, allocated_worker, case=case, action="Ring", date=timezone.localdate())
    few = _agenda_queries(client, manager, allocated_worker, django_assert_max_num_queries, 40)
    for n in range(27):
        case = new_case(front_door_worker, north, f"Many{n}", manager=manager, worker=allocated_worker)
        supervision_of(manager, allocated_worker, case=case, action="Ring", date=timezone.localdate())
    many = _agenda_queries(client, manager, allocated_worker, django_assert_max_num_queries, 40)
    assert many == few


# --- Recording a session ----------------------------------------------------------------------------


def test_record_form_is_prefilled_with_the_agenda_cases(client, manager, allocated_worker, smith):
    client.force_login(manager)
    response = client.get(new_url(allocated_worker))
    assert response.status_code == 200
    page = body(response)
    assert "Smith family" in page and f"c{smith.pk.hex}_decision" in page and "Private notes" in page


def test_record_form_only_the_chosen_case(client, front_door_worker, north, manager, allocated_worker, smith):
    other = new_case(front_door_worker, north, "Jones", manager=manager, worker=allocated_worker)
    client.force_login(manager)
    page = body(client.get(new_url(allocated_worker) + f"?case={other.pk}"))
    assert "Jones family" in page and "Smith family" not in page


def test_invalid_post_shows_errors_and_saves_nothing(client, manager, allocated_worker, smith):
    client.force_login(manager)
    key = f"c{smith.pk.hex}"
    response = client.post(new_url(allocated_worker), form_data(smith, allocated_worker, **{f"{key}_rationale": ""}))
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page and "Enter the rationale" in page
    assert not Supervision.objects.exists() and not Action.objects.exists()


def test_action_due_in_the_past_is_an_error_on_its_field(client, manager, allocated_worker, smith):
    client.force_login(manager)
    key = f"c{smith.pk.hex}"
    past = date_data(f"{key}_a0_due", timezone.localdate() - datetime.timedelta(days=1))
    response = client.post(new_url(allocated_worker), form_data(smith, allocated_worker, **past))
    assert response.status_code == 400
    assert f"{key}_a0_due" in body(response) and "govuk-error-summary" in body(response)
    assert not Supervision.objects.exists()


def test_valid_post_records_supervision_and_the_action(client, manager, allocated_worker, smith):
    client.force_login(manager)
    response = client.post(new_url(allocated_worker), form_data(smith, allocated_worker))
    record = Supervision.objects.get()
    assert response.status_code == 302 and response.url == detail_url(record)
    assert record.private_notes == PRIVATE and record.discussions.get().decision == DECISION
    action = Action.objects.get()
    assert action.owner == allocated_worker and action.source == "supervision"


def test_a_case_left_empty_was_not_discussed(client, front_door_worker, north, manager, allocated_worker, smith):
    new_case(front_door_worker, north, "Jones", manager=manager, worker=allocated_worker)
    client.force_login(manager)
    client.post(new_url(allocated_worker), form_data(smith, allocated_worker))
    assert [d.case for d in Supervision.objects.get().discussions.all()] == [smith]


@pytest.mark.parametrize(
    "persona,status",
    [
        ("allocated_worker", 403),
        ("colleague", 403),
        ("performance_officer", 403),
        ("auditor", 403),
        ("front_door_manager", 404),
        ("other_team_manager", 404),
        ("other_team_worker", 404),
    ],
)
def test_only_the_workers_manager_records_supervision(request, client, persona, status, allocated_worker, smith):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(new_url(allocated_worker)).status_code == status
    assert client.post(new_url(allocated_worker), form_data(smith, allocated_worker)).status_code == status
    assert not Supervision.objects.exists()


# --- Reading and acknowledging -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "allocated_worker"])
def test_the_two_people_read_the_private_notes(request, client, persona, record):
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(detail_url(record)))
    assert PRIVATE in page and DECISION in page and RATIONALE in page and "Visit Ava alone at school" in page


def test_auditor_reads_the_record_without_private_notes(client, auditor, record):
    client.force_login(auditor)
    response = client.get(detail_url(record))
    assert response.status_code == 200
    assert DECISION in body(response) and PRIVATE not in body(response) and "Private notes" not in body(response)


@pytest.mark.parametrize(
    "persona,status",
    [("colleague", 403), ("performance_officer", 403), ("other_team_manager", 404), ("other_team_worker", 404)],
)
def test_others_cannot_read_the_record(request, client, persona, status, record):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(detail_url(record))
    assert response.status_code == status and PRIVATE not in body(response)


def test_reading_the_record_is_access_logged_without_private_notes(client, manager, record):
    client.force_login(manager)
    client.get(detail_url(record))
    assert AccessLog.objects.filter(user=manager, what="Supervision record").count() == 2
    assert not any(PRIVATE in r.what + r.path for r in AccessLog.objects.all())


def test_the_supervisee_acknowledges_with_a_comment(client, allocated_worker, record):
    client.force_login(allocated_worker)
    assert "Read and acknowledge" in body(client.get(detail_url(record)))
    assert client.get(ack_url(record)).status_code == 200
    response = client.post(ack_url(record), {"comment": "Agreed, thank you"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.acknowledged_at and record.supervisee_comment == "Agreed, thank you"
    again = client.post(ack_url(record), {"comment": "Again"})
    assert again.status_code == 302
    record.refresh_from_db()
    assert record.supervisee_comment == "Agreed, thank you"


@pytest.mark.parametrize(
    "persona,status", [("manager", 403), ("colleague", 403), ("auditor", 403), ("other_team_worker", 404)]
)
def test_nobody_else_acknowledges(request, client, persona, status, record):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(ack_url(record), {"comment": "x"}).status_code == status
    record.refresh_from_db()
    assert record.acknowledged_at is None


def test_my_work_lists_records_to_acknowledge(client, allocated_worker, record):
    client.force_login(allocated_worker)
    page = body(client.get(reverse("casework:my_work")))
    assert "Supervision records to acknowledge" in page and detail_url(record) in page
    client.post(ack_url(record), {"comment": ""})
    page = body(client.get(reverse("casework:my_work")))
    assert "No supervision record is waiting for you" in page


def test_menu_has_supervision_for_managers_and_workers(client, manager, performance_officer):
    client.force_login(manager)
    assert reverse("casework:supervision_home") in body(client.get(reverse("casework:my_work")))
    client.force_login(performance_officer)
    assert reverse("casework:supervision_home") not in body(client.get(reverse("casework:my_work")))


# --- The manager's oversight on the child's record -----------------------------------------------------


def person_url(child) -> str:
    return reverse("families:person_detail", kwargs={"person_id": child.pk})


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager", "auditor"])
def test_oversight_on_the_childs_record_without_private_notes(request, client, persona, record, smith):
    ava = Episode.objects.get(case=smith, child__first_name="Ava").child
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(person_url(ava)))
    assert "Management oversight" in page and DECISION in page and RATIONALE in page
    assert PRIVATE not in page and REFLECTION not in page


def test_oversight_is_not_shown_to_performance_officers(client, performance_officer, record, smith):
    ava = Episode.objects.get(case=smith, child__first_name="Ava").child
    client.force_login(performance_officer)
    page = body(client.get(person_url(ava)))
    # The chronology card shows event summaries to every reader; the oversight card (with the
    # rationale, which is narrative) is not shown to them.
    assert 'id="oversight"' not in page and RATIONALE not in page and PRIVATE not in page


def test_other_team_gets_404_for_the_childs_record(client, other_team_worker, record, smith):
    ava = Episode.objects.get(case=smith, child__first_name="Ava").child
    client.force_login(other_team_worker)
    assert client.get(person_url(ava)).status_code == 404


def test_private_notes_never_in_the_chronology_page(client, manager, record, smith):
    ava = Episode.objects.get(case=smith, child__first_name="Ava").child
    client.force_login(manager)
    page = body(client.get(reverse("chronology:person_chronology", kwargs={"person_id": ava.pk})))
    assert f"Management oversight: {DECISION}" in page and PRIVATE not in page
    assert not ChronologyEntry.objects.filter(summary__contains=PRIVATE).exists()


def test_the_record_form_restores_the_managers_draft_and_discards_it_once_saved(
    client, manager, allocated_worker, smith
):
    from casework.core.drafts import draft_get, draft_save

    key = f"c{smith.pk.hex}"
    record_key = f"worker-{allocated_worker.pk}"
    draft_save(user=manager, form_key="supervision", record_key=record_key, data={f"{key}_decision": "Half typed"})
    client.force_login(manager)
    page = body(client.get(new_url(allocated_worker)))
    assert "We restored what you typed" in page and "Half typed" in page and "data-autosave" in page
    client.post(new_url(allocated_worker), form_data(smith, allocated_worker))
    assert Supervision.objects.exists()
    assert draft_get(user=manager, form_key="supervision", record_key=record_key) is None


def test_agenda_shows_plan_progress_since_the_last_supervision(client, manager, allocated_worker, smith):
    from casework.models import GoalProgress, Plan, PlanGoal, PlanReview

    ava = Episode.objects.get(case=smith, child__first_name="Ava").child
    supervision_of(manager, allocated_worker, case=smith, date=timezone.localdate() - datetime.timedelta(days=30))
    plan = Plan.objects.create(case=smith, child=ava, created_by=allocated_worker, start_date=timezone.localdate())
    goal = PlanGoal.objects.create(plan=plan, description="Ava has breakfast every school day")
    old = timezone.localdate() - datetime.timedelta(days=60)
    GoalProgress.objects.create(goal=goal, date=old, progress=2)  # before the last supervision
    review = PlanReview.objects.create(plan=plan, date=timezone.localdate(), summary="Better", recorded_by=manager)
    GoalProgress.objects.create(goal=goal, review=review, date=timezone.localdate(), progress=6)
    client.force_login(manager)
    page = body(client.get(agenda_url(allocated_worker)))
    assert "Plan progress" in page and "Ava has breakfast every school day: 6 out of 10" in page
    assert "2 out of 10" not in page
