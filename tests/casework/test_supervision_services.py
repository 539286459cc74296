"""Supervision services: only a manager of the worker's team records supervision; discussed cases
must be the worker's in that team; actions go to their owners; the oversight reaches each child's
chronology and never the private notes; the supervisee acknowledges once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.models import Action, ActionSource, Supervision, SupervisionDiscussion
from casework.services import supervision as services
from chronology.models import ChronologyEntry
from tests.casework.pages_cases_helpers import new_case
from tests.factories.supervision import DECISION, PRIVATE, RATIONALE, REFLECTION, discussion_for, supervision_of


@pytest.fixture
def smith(front_door_worker, north, manager, allocated_worker):
    """The Smith case (two children) held by North and allocated to the allocated worker."""
    return new_case(front_door_worker, north, "Smith", children=2, manager=manager, worker=allocated_worker)


def test_manager_records_supervision_with_decision_rationale_and_action(manager, allocated_worker, smith):
    record = supervision_of(manager, allocated_worker, case=smith, action="Visit Ava alone at school")

    assert record.supervisor == manager and record.team.name == "North"
    discussion = SupervisionDiscussion.objects.get(supervision=record)
    assert (discussion.decision, discussion.rationale, discussion.reflection) == (DECISION, RATIONALE, REFLECTION)
    action = Action.objects.get()
    assert action.owner == allocated_worker and action.discussion == discussion
    assert action.source == ActionSource.SUPERVISION and action.case == smith


def test_oversight_reaches_each_childs_chronology_without_private_notes_or_reflection(manager, allocated_worker, smith):
    supervision_of(manager, allocated_worker, case=smith)

    entries = ChronologyEntry.objects.filter(event_kind="supervision_decision")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.summary == f"Management oversight: {DECISION}"
    assert entry.detail == RATIONALE
    assert entry.curation.significance == "significant"
    assert {p.first_name for p in entry.people.all()} == {"Ava", "Sam"}
    for row in ChronologyEntry.objects.all():
        assert PRIVATE not in row.summary + row.detail
        assert REFLECTION not in row.summary + row.detail


def test_private_notes_are_not_kept_in_history(manager, allocated_worker, smith):
    record = supervision_of(manager, allocated_worker, case=smith)

    fields = {f.name for f in Supervision.history.model._meta.get_fields()}
    assert "private_notes" not in fields
    assert record.history.count() == 1


@pytest.mark.parametrize(
    "persona",
    ["front_door_worker", "allocated_worker", "colleague", "other_team_worker", "performance_officer", "auditor"],
)
def test_only_a_manager_records_supervision(request, persona, allocated_worker, smith):
    with pytest.raises(PermissionDenied):
        services.supervision_record(
            by=request.getfixturevalue(persona),
            supervisee=allocated_worker,
            date=timezone.localdate(),
            discussions=[discussion_for(smith)],
        )
    assert not Supervision.objects.exists()


@pytest.mark.parametrize("persona", ["other_team_manager", "front_door_manager"])
def test_a_manager_of_another_team_cannot_record_supervision_of_the_worker(request, persona, allocated_worker):
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            by=request.getfixturevalue(persona), supervisee=allocated_worker, date=timezone.localdate()
        )
    assert "supervisee" in error.value.message_dict
    assert not Supervision.objects.exists()


def test_front_door_manager_records_supervision_for_own_team(front_door_manager, front_door_worker):
    record = services.supervision_record(
        by=front_door_manager, supervisee=front_door_worker, date=timezone.localdate(), private_notes="Busy week"
    )
    assert record.team.name == "Front Door"


def test_a_manager_cannot_record_their_own_supervision(manager):
    with pytest.raises(ValidationError):
        services.supervision_record(by=manager, supervisee=manager, date=timezone.localdate())


def test_discussed_case_must_be_the_workers_in_the_team(
    front_door_worker, manager, allocated_worker, colleague, north, south, other_team_manager, smith
):
    colleagues_case = new_case(front_door_worker, north, "Jones", manager=manager, worker=colleague)
    south_case = new_case(front_door_worker, south, "Brown")
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            by=manager,
            supervisee=allocated_worker,
            date=timezone.localdate(),
            discussions=[discussion_for(colleagues_case), discussion_for(south_case), discussion_for(smith)],
        )
    errors = error.value.message_dict
    assert "discussions.0.case" in errors and "discussions.1.case" in errors
    assert "discussions.2.case" not in errors
    assert not Supervision.objects.exists()


def test_missing_decision_rationale_and_bad_action_are_field_errors_and_nothing_is_saved(
    manager, allocated_worker, smith
):
    item = discussion_for(smith, decision="", rationale=" ")
    item["actions"] = [{"action": "", "owner": None, "due_date": timezone.localdate() - datetime.timedelta(days=1)}]
    with pytest.raises(ValidationError) as error:
        services.supervision_record(by=manager, supervisee=allocated_worker, date=None, discussions=[item])
    errors = error.value.message_dict
    for key in (
        "date",
        "discussions.0.decision",
        "discussions.0.rationale",
        "discussions.0.actions.0.action",
        "discussions.0.actions.0.owner",
        "discussions.0.actions.0.due_date",
    ):
        assert key in errors, key
    assert not Supervision.objects.exists() and not Action.objects.exists()


def test_action_owner_outside_the_teams_rolls_everything_back(manager, allocated_worker, other_team_worker, smith):
    item = discussion_for(smith, owner=other_team_worker, action="Call the school")
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            by=manager, supervisee=allocated_worker, date=timezone.localdate(), discussions=[item]
        )
    assert "discussions.0.actions.0.owner" in error.value.message_dict
    assert not Supervision.objects.exists() and not SupervisionDiscussion.objects.exists()
    assert not ChronologyEntry.objects.filter(event_kind="supervision_decision").exists()


def test_supervision_date_cannot_be_in_the_future(manager, allocated_worker):
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            by=manager, supervisee=allocated_worker, date=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert "date" in error.value.message_dict


def test_the_supervisee_acknowledges_once(manager, allocated_worker, smith):
    record = supervision_of(manager, allocated_worker, case=smith)
    services.supervision_acknowledge(by=allocated_worker, supervision=record, comment="Agreed, thank you")
    record.refresh_from_db()
    assert record.acknowledged_at is not None and record.supervisee_comment == "Agreed, thank you"
    with pytest.raises(ValidationError):
        services.supervision_acknowledge(by=allocated_worker, supervision=record, comment="Again")


@pytest.mark.parametrize("persona", ["manager", "colleague", "auditor", "other_team_worker"])
def test_nobody_but_the_supervisee_acknowledges(request, persona, manager, allocated_worker, smith):
    record = supervision_of(manager, allocated_worker, case=smith)
    with pytest.raises(PermissionDenied):
        services.supervision_acknowledge(by=request.getfixturevalue(persona), supervision=record, comment="")
    record.refresh_from_db()
    assert record.acknowledged_at is None


def test_supervisor_updates_before_acknowledgement_and_the_chronology_follows(manager, allocated_worker, smith):
    record = supervision_of(manager, allocated_worker, case=smith)
    discussion = record.discussions.get()
    services.supervision_update(
        by=manager,
        supervision=record,
        expected_version=record.version,
        data={"private_notes": "Updated notes", "discussions": [{"id": discussion.pk, "decision": "Step down"}]},
    )
    assert ChronologyEntry.objects.get(event_kind="supervision_decision").summary == "Management oversight: Step down"
    record.refresh_from_db()
    services.supervision_acknowledge(by=allocated_worker, supervision=record)
    record.refresh_from_db()
    with pytest.raises(ValidationError):
        services.supervision_update(
            by=manager, supervision=record, expected_version=record.version, data={"private_notes": "Later"}
        )


def test_only_the_supervisor_updates(manager, allocated_worker, colleague, smith):
    record = supervision_of(manager, allocated_worker, case=smith)
    for user in (allocated_worker, colleague):
        with pytest.raises(PermissionDenied):
            services.supervision_update(
                by=user, supervision=record, expected_version=record.version, data={"private_notes": "x"}
            )


def test_rebuilding_the_chronology_rerecords_the_oversight(manager, allocated_worker, smith):
    from casework import events_supervision

    supervision_of(manager, allocated_worker, case=smith)
    ChronologyEntry.objects.filter(event_kind="supervision_decision").delete()
    assert events_supervision.rebuild() == 1
    assert ChronologyEntry.objects.get(event_kind="supervision_decision").detail == RATIONALE


def test_demo_has_a_workers_supervision_history(db):
    from casework.core.demo import seed_demo

    seed_demo()
    records = list(Supervision.objects.order_by("date"))
    assert len(records) == 3
    assert [r.acknowledged_at is not None for r in records] == [True, True, False]
    assert all(r.discussions.exists() for r in records)
    assert Action.objects.filter(source=ActionSource.SUPERVISION, status="open").exists()
    seed_demo()  # idempotent
    assert Supervision.objects.count() == 3
