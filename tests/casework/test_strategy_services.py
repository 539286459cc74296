"""Strategy discussions and Section 47 enquiries: working-day conference targets across bank
holidays, the target moving with a later discussion, what each decision starts, completion,
open enquiries keeping the episode open, chronology entries, who may record."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import services
from casework.core.open_work import open_work_for
from casework.models import Episode, Section47, StrategyDiscussion
from casework.services import strategy
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("held", "target", "why"),
    [
        ("2024-12-20", "2025-01-15", "Christmas, Boxing Day and New Year's Day are not counted"),
        ("2025-04-14", "2025-05-08", "Good Friday, Easter Monday and the early May bank holiday"),
        ("2025-03-08", "2025-03-28", "a discussion on a Saturday: day 1 is the Monday"),
        ("2025-03-07", "2025-03-28", "the Friday before: the same target as the Saturday"),
        ("2022-05-27", "2022-06-21", "the Platinum Jubilee holidays, 2 and 3 June 2022"),
        ("2022-09-16", "2022-10-10", "the State Funeral, 19 September 2022"),
        ("2023-05-05", "2023-05-30", "the Coronation, 8 May 2023, and the spring bank holiday"),
    ],
)
def test_the_initial_conference_is_due_15_working_days_after_the_discussion(
    held, target, why, allocated_worker, case, siblings
):
    discussion(allocated_worker, case, [siblings["ava"]], date=D(held))
    s47 = Section47.objects.get()
    assert (s47.start_date, s47.icpc_target_date) == (D(held), D(target)), why


def test_one_discussion_starts_an_enquiry_per_child(allocated_worker, case, siblings):
    held = D("2026-03-02")
    d = discussion(allocated_worker, case, [siblings["ava"], siblings["sam"]], date=held)
    assert {s.child for s in d.section47s.all()} == {siblings["ava"], siblings["sam"]}
    assert all(s.start_date == held and s.completed_date is None for s in d.section47s.all())


def test_a_later_discussion_moves_the_target_and_keeps_the_start(allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"))
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-09"), decision="no_s47")
    s47 = Section47.objects.get()
    assert s47.start_date == D("2026-03-02")
    assert s47.icpc_target_date == D("2026-03-30")  # 15 working days after 9 March, not 2 March (23 March)
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-16"))
    s47.refresh_from_db()
    assert Section47.objects.count() == 1 and s47.icpc_target_date == D("2026-04-08")  # over Easter 2026


def test_an_earlier_discussion_recorded_late_does_not_move_the_target(allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-09"))
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"), decision="no_s47")
    assert Section47.objects.get().icpc_target_date == D("2026-03-30")


def test_no_s47_starts_nothing(allocated_worker, case, siblings):
    d = discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"), decision="no_s47")
    assert not Section47.objects.exists() and d.children.get() == siblings["ava"]


def test_immediate_protection_also_starts_an_enquiry(allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["sam"]], date=D("2026-03-02"), decision="immediate_protection")
    assert Section47.objects.get().child == siblings["sam"]


def test_completing_an_enquiry_and_starting_another(allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"))
    s47 = Section47.objects.get()
    with pytest.raises(ValidationError) as error:
        strategy.section47_complete(
            by=allocated_worker, s47=s47, outcome="maybe", completed_date=D("2026-03-01"), findings=""
        )
    assert set(error.value.message_dict) == {"outcome", "completed_date", "findings"}
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="today or earlier"):
        strategy.section47_complete(by=allocated_worker, s47=s47, outcome="icpc", completed_date=future, findings="x")
    strategy.section47_complete(
        by=allocated_worker, s47=s47, outcome="icpc", completed_date=D("2026-03-10"), findings="Harm substantiated"
    )
    s47.refresh_from_db()
    assert (s47.outcome, s47.completed_date) == ("icpc", D("2026-03-10"))
    with pytest.raises(ValidationError, match="already complete"):
        strategy.section47_complete(by=allocated_worker, s47=s47, outcome="icpc", completed_date=D("2026-03-10"))
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-05-04"))
    assert Section47.objects.filter(completed_date=None).get().start_date == D("2026-05-04")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": None}, "date"),
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"decision": "perhaps"}, "decision"),
        ({"information": " "}, "information"),
        ({"reasoning": ""}, "reasoning"),
        ({"agencies": []}, "agencies"),
        ({"agencies": "police"}, "agencies"),
        ({"children": []}, "children"),
    ],
)
def test_a_discussion_must_say_what_happened(change, field, allocated_worker, case, siblings):
    data = {
        "children": [siblings["ava"]],
        "date": D("2026-03-02"),
        "agencies": ["Police"],
        "information": "Bruise",
        "decision": "s47",
        "reasoning": "Significant harm",
        **change,
    }
    with pytest.raises(ValidationError) as error:
        strategy.strategy_discussion_record(by=allocated_worker, case=case, **data)
    assert field in error.value.message_dict
    assert not StrategyDiscussion.objects.exists() and not Section47.objects.exists()


def test_a_child_without_an_open_episode_in_the_case_is_refused(allocated_worker, teenager, case, siblings):
    with pytest.raises(ValidationError, match="no open episode"):
        discussion(allocated_worker, case, [teenager], date=D("2026-03-02"))
    assert not StrategyDiscussion.objects.exists()


def test_correcting_the_date_moves_the_start_and_the_target(allocated_worker, case, siblings):
    d = discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"))
    strategy.strategy_discussion_update(
        by=allocated_worker, discussion=d, data={"date": D("2026-03-03")}, expected_version=d.version
    )
    s47 = Section47.objects.get()
    assert (s47.start_date, s47.icpc_target_date) == (D("2026-03-03"), D("2026-03-24"))
    with pytest.raises(ValidationError, match="record a new discussion"):
        strategy.strategy_discussion_update(
            by=allocated_worker, discussion=d, data={"decision": "no_s47"}, expected_version=d.version
        )


def test_an_open_enquiry_blocks_closing_the_episode(allocated_worker, manager, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=D("2026-03-02"))
    episode = Episode.objects.get(child=siblings["ava"])
    assert open_work_for(episode=episode) == ["the Section 47 enquiry started 2 March 2026"]
    closure = {
        "closure_date": timezone.localdate(),
        "closure_reason": "RC8",
        "closure_summary": "Better",
        "step_down": "early_help",
    }
    with pytest.raises(ValidationError, match="Section 47 enquiry"):
        services.episode_close(by=manager, episode=episode, closure=closure)
    strategy.section47_complete(
        by=manager, s47=Section47.objects.get(), outcome="no_icpc", completed_date=D("2026-03-10"), findings="No harm"
    )
    services.episode_close(by=manager, episode=episode, closure=closure)
    episode.refresh_from_db()
    assert episode.status == "closed"


def test_chronology_entries_for_each_step(allocated_worker, case, siblings):
    d = discussion(allocated_worker, case, [siblings["ava"], siblings["sam"]], date=D("2026-03-02"))
    entry = ChronologyEntry.objects.get(event_kind="strategy_discussion")
    assert set(entry.people.all()) == {siblings["ava"], siblings["sam"]}
    assert entry.summary == "Strategy discussion (Police, Health): start a section 47 enquiry"
    assert ChronologyEntry.objects.filter(event_kind="s47_started").count() == 2
    s47 = d.section47s.get(child=siblings["ava"])
    strategy.section47_complete(
        by=allocated_worker, s47=s47, outcome="icpc", completed_date=D("2026-03-10"), findings="Harm"
    )
    done = ChronologyEntry.objects.get(event_kind="s47_completed")
    assert done.person == siblings["ava"] and done.occurred_on == D("2026-03-10")


@pytest.mark.parametrize(
    "persona",
    [
        "front_door_worker",
        "front_door_manager",
        "other_team_worker",
        "other_team_manager",
        "performance_officer",
        "auditor",
    ],
)
def test_only_the_team_holding_the_case_records(persona, request, case, siblings):
    with pytest.raises(PermissionDenied):
        discussion(request.getfixturevalue(persona), case, [siblings["ava"]], date=D("2026-03-02"))
    assert not StrategyDiscussion.objects.exists()


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager"])
def test_the_team_holding_the_case_records(persona, request, case, siblings):
    discussion(request.getfixturevalue(persona), case, [siblings["ava"]], date=D("2026-03-02"))
    assert Section47.objects.count() == 1
