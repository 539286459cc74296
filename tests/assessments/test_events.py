"""Assessment steps and agreed time frames in the chronology: one entry per step (each child's and
the family's chronology), idempotent, and rebuilt by `rebuild_chronology`."""

from __future__ import annotations

import pytest

from assessments import events, services
from assessments.models import Assessment
from casework.core.chronology import rebuilders
from chronology.models import ChronologyEntry
from chronology.selectors import entries_for_family, entries_for_person
from tests.factories.assessments import *  # noqa: F403
from tests.factories.assessments import authorised, due_in, start

pytestmark = pytest.mark.django_db


def test_steps_reach_each_child_and_the_family(allocated_worker, manager, case, siblings, template):
    assessment = start(allocated_worker, case, [siblings["ava"], siblings["sam"]], due_date=due_in(20))
    services.assessment_agree_timeframe(user=manager, assessment=assessment, expected_version=1)
    authorised(Assessment.objects.get(pk=assessment.pk), allocated_worker, manager)
    expected = {
        "assessment_started",
        "assessment_timeframe_agreed",
        "assessment_submitted",
        "assessment_authorised",
    }
    for child in (siblings["ava"], siblings["sam"]):
        kinds = set(entries_for_person(person_id=child.pk).values_list("event_kind", flat=True))
        assert expected <= kinds
    family_kinds = entries_for_family(family_id=case.family_id, member_ids=[]).values_list("event_kind", flat=True)
    assert expected <= set(family_kinds)
    authorised_entry = ChronologyEntry.objects.get(event_kind="assessment_authorised")
    assert (
        authorised_entry.curation.significance == "significant" and manager.get_full_name() in authorised_entry.summary
    )


def test_rebuild_restores_the_entries_without_duplicates(allocated_worker, manager, assessment):
    authorised(assessment, allocated_worker, manager)
    before = sorted(ChronologyEntry.objects.filter(category="assessment").values_list("event_kind", "occurred_on"))
    assert "assessments" in rebuilders()
    assert events.rebuild() == 3
    assert (
        sorted(ChronologyEntry.objects.filter(category="assessment").values_list("event_kind", "occurred_on")) == before
    )
    ChronologyEntry.objects.filter(category="assessment").delete()
    events.rebuild()
    assert (
        sorted(ChronologyEntry.objects.filter(category="assessment").values_list("event_kind", "occurred_on")) == before
    )
