"""The chronology mechanism: one entry per event, curation kept apart, families events wired in."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from casework.core.chronology import chronology_record
from chronology import services as chrono_services
from chronology.models import ChronologyCuration, ChronologyEntry
from families import services

pytestmark = pytest.mark.django_db


def entries(kind):
    return ChronologyEntry.objects.filter(event_kind=kind)


def test_recording_the_same_event_twice_updates_one_entry(smith_family, allocated_worker):
    membership = smith_family["family"].memberships.get(person=smith_family["ava"])
    before = entries("membership_started").filter(source_id=str(membership.pk)).count()
    for summary in ("first words", "second words"):
        chronology_record(
            source=membership,
            kind="membership_started",
            summary=summary,
            when=datetime.date(2020, 1, 1),
            category="family",
            person=smith_family["ava"],
        )
    found = entries("membership_started").filter(source_id=str(membership.pk))
    assert before == 1
    assert found.count() == 1
    assert found.get().summary == "second words"


def test_curation_survives_re_recording(smith_family, allocated_worker):
    entry = entries("membership_started").filter(person=smith_family["ava"]).get()
    chrono_services.entry_curate(
        by=allocated_worker,
        entry=entry,
        expected_version=1,
        significance="critical",
        analysis="Ava joined after the move from the refuge.",
    )
    membership = smith_family["family"].memberships.get(person=smith_family["ava"])
    chronology_record(
        source=membership,
        kind="membership_started",
        summary="re-recorded",
        when=membership.joined,
        category="family",
        person=smith_family["ava"],
        significance="routine",
    )
    curation = ChronologyCuration.objects.get(entry=entry)
    assert curation.significance == "critical"
    assert curation.analysis == "Ava joined after the move from the refuge."
    entry.refresh_from_db()
    assert entry.summary == "re-recorded"


def test_families_events_appear_without_retyping(smith_family, allocated_worker):
    ava, mum, family = smith_family["ava"], smith_family["mum"], smith_family["family"]
    rel = services.relationship_create(
        by=allocated_worker,
        from_person=mum,
        to_person=ava,
        data={"kind": "parent", "parental_responsibility": True, "start_date": datetime.date(2015, 5, 1)},
    )
    assert entries("relationship_started").get(source_id=str(rel.pk)).summary == (
        "Relationship recorded: Kerry Smith is Ava Smith's parent and holds parental responsibility"
    )
    services.relationship_end(by=allocated_worker, relationship=rel, end_date=datetime.date(2024, 2, 1))
    assert entries("relationship_ended").filter(source_id=str(rel.pk)).count() == 1

    warning = services.warning_add(by=allocated_worker, person=mum, kind="violence", detail="Threatened a visitor")
    assert entries("warning_added").get(source_id=str(warning.pk)).curation.significance == "significant"
    services.warning_update(
        by=allocated_worker,
        warning=warning,
        changes={"to_date": datetime.date.today()},
        expected_version=warning.version,
    )
    assert entries("warning_ended").filter(source_id=str(warning.pk)).count() == 1

    services.membership_end(by=allocated_worker, family=family, person=mum)
    assert entries("membership_ended").filter(person=mum).count() == 1
    assert set(entries("membership_started").filter(family=family).values_list("person__first_name", flat=True)) == {
        "Ava",
        "Sam",
        "Kerry",
    }


def test_a_move_to_a_confidential_address_never_names_it(smith_family, allocated_worker):
    family = smith_family["family"]
    services.family_change_address(
        by=allocated_worker,
        family=family,
        expected_version=family.version,
        address={"line1": "Refuge, 9 Secret Road", "postcode": "S1 9ZZ", "confidential": True},
        moved_on=datetime.date.today(),
    )
    move = entries("family_moved").get()
    assert "Secret" not in move.summary and "S1 9ZZ" not in move.summary
    assert move.summary == "Smith family moved to a confidential address"


def test_rebuild_keeps_curation_and_does_not_duplicate(smith_family, allocated_worker):
    entry = entries("membership_started").filter(person=smith_family["sam"]).get()
    chrono_services.entry_curate(
        by=allocated_worker,
        entry=entry,
        expected_version=1,
        included=False,
        analysis="Not relevant to the court bundle",
    )
    total = ChronologyEntry.objects.count()
    ChronologyEntry.objects.filter(pk=entry.pk).update(summary="damaged by a bad import")
    out = io.StringIO()
    call_command("rebuild_chronology", stdout=out)
    assert "families:" in out.getvalue()
    assert ChronologyEntry.objects.count() == total
    entry.refresh_from_db()
    assert entry.summary == "Sam Smith joined the Smith family (a child)"
    assert entry.curation.included is False
    assert entry.curation.analysis == "Not relevant to the court bundle"


def test_manual_entries_with_approximate_dates_sort_by_their_period(smith_family, allocated_worker):
    ava = smith_family["ava"]
    summer = chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava],
        occurred_on=datetime.date(2019, 7, 15),
        date_precision="month",
        date_text="summer 2019",
        category="police",
        summary="Police called to a disturbance",
        source_agency="Police",
    )
    year = chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava],
        occurred_on=datetime.date(2018, 9, 3),
        date_precision="year",
        category="education",
        summary="Excluded from nursery",
    )
    assert summer.occurred_on == datetime.date(2019, 7, 1)
    assert year.occurred_on == datetime.date(2018, 1, 1)
    from chronology.selectors import entries_for_person

    ordered = [e.summary for e in entries_for_person(person_id=ava.id)]
    assert ordered.index("Excluded from nursery") < ordered.index("Police called to a disturbance")


def test_manual_entry_refuses_a_future_date_and_an_empty_summary(smith_family, allocated_worker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        chrono_services.manual_entry_create(
            by=allocated_worker,
            people=[smith_family["ava"]],
            occurred_on=datetime.date.today() + datetime.timedelta(days=3),
            category="police",
            summary=" ",
        )
    assert set(error.value.message_dict) == {"occurred_on", "summary"}
    assert not ChronologyEntry.objects.filter(origin="manual").exists()


def test_system_entry_facts_cannot_be_rewritten(smith_family, allocated_worker):
    from django.core.exceptions import ValidationError

    entry = entries("membership_started").filter(person=smith_family["ava"]).get()
    with pytest.raises(ValidationError):
        chrono_services.entry_curate(
            by=allocated_worker, entry=entry, expected_version=1, facts={"summary": "something else"}
        )
    entry.refresh_from_db()
    assert entry.summary == "Ava Smith joined the Smith family (a child)"
