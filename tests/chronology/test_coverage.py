"""Every event of the issues built so far is in the chronology without anyone typing it again:
recorded by the service that owns it, once (recording it again updates, never duplicates), with
a summary a family could read."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import events as case_events
from casework import services as case_services
from casework.core.uploads import check_upload
from casework.models import CaseNote, ContactChild, DocumentVersion, Episode, StoryEntry
from casework.services import visits
from chronology.models import ChronologyEntry
from families import events as family_events
from families import services as family_services
from families.models import FamilyAddress, FamilyMembership, PersonWarning, Relationship

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime.date.today


@pytest.fixture
def world(settings, case, finished_visit, front_door_worker, front_door_manager, allocated_worker, manager, siblings):
    """One of every event: families, the front door, cases and episodes, visits, story, documents."""
    ava, sam, family = siblings["ava"], siblings["sam"], siblings["family"]
    dad = family_services.person_create(
        by=allocated_worker,
        data={"first_name": "Lee", "last_name": "Smith", "date_of_birth": datetime.date(1988, 2, 2), "sex": "M"},
    )
    rel = family_services.relationship_create(
        by=allocated_worker,
        from_person=dad,
        to_person=ava,
        data={"kind": "parent", "start_date": datetime.date(2016, 5, 1)},
    )
    family_services.relationship_end(by=allocated_worker, relationship=rel, end_date=datetime.date(2022, 1, 1))
    family_services.warning_add(
        by=allocated_worker,
        person=ava,
        kind="animal",
        detail="Dog",
        from_date=datetime.date(2021, 1, 1),
        to_date=datetime.date(2021, 6, 1),
    )
    family.refresh_from_db()
    family_services.family_change_address(
        by=allocated_worker,
        family=family,
        address={"line1": "2 New Road", "postcode": "N2 2BB", "confidential": True},
        moved_on=timezone.localdate(),
        expected_version=family.version,
    )
    family_services.membership_add(
        by=allocated_worker, family=family, person=dad, role="adult", is_subject=False, joined=datetime.date(2020, 1, 1)
    )
    family_services.membership_end(by=allocated_worker, family=family, person=dad, left=timezone.localdate())
    note = visits.note_create(
        by=allocated_worker, case=case, data={"kind": "case_note", "narrative": "Mum rang", "significant": True}
    )
    visits.note_finish(by=allocated_worker, note=note)
    visits.story_add(
        by=allocated_worker, child=ava, kind="words", title="My house", attributed_to="Ava", occurred_on=None, text="Hi"
    )
    upload = check_upload(SimpleUploadedFile("report.pdf", PDF), allowed=("pdf",))
    visits.document_upload(by=allocated_worker, title="School report", category="education", upload=upload, person=ava)
    case_services.decision_record(
        by=allocated_worker,
        case=case,
        children=[ava, sam],
        kind="other",
        decision="Refer to the parenting programme",
        options_considered="Programme; no change",
        rationale="Parents asked for help",
        agreed_by=manager,
    )
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    second = case_services.contact_record(
        by=front_door_worker,
        children=[ava],
        family=family,
        data={
            "received_at": timezone.now() - datetime.timedelta(hours=1),
            "source": "5A",
            "referrer_name": "PC Jones",
            "referrer_agency": "Police",
            "anonymous": False,
            "concerns": "Shouting heard",
            "parents_aware": True,
            "consent": "given",
            "consent_reason": "",
        },
    )
    case_services.contact_decide(
        by=front_door_worker, contact=second, decision="referral", reason="Already open: link", team=case.team
    )
    case_services.contact_endorse(by=front_door_manager, contact=second)
    closure = {"closure_date": timezone.localdate(), "closure_reason": "RC8", "closure_summary": "Better at home."}
    case_services.episode_close(by=manager, episode=Episode.objects.get(child=sam), closure=closure)
    return {"ava": ava, "sam": sam, "family": family, "dad": dad, "second": second}


def finished_visit_of(world):
    from casework.models import Visit

    return Visit.objects.get()


# kind -> (how to record it again, its source, a summary it must read as)
EVENTS = {
    "relationship_started": (
        family_events.record_relationship,
        lambda w: Relationship.objects.get(from_person=w["dad"]),
        "Relationship recorded: Lee Smith was Ava Smith's parent",
    ),
    "relationship_ended": (
        family_events.record_relationship,
        lambda w: Relationship.objects.get(from_person=w["dad"]),
        "Relationship ended: Lee Smith was Ava Smith's parent",
    ),
    "membership_started": (
        family_events.record_membership,
        lambda w: FamilyMembership.objects.get(person=w["dad"]),
        "Lee Smith joined the Smith family (an adult)",
    ),
    "membership_ended": (
        family_events.record_membership,
        lambda w: FamilyMembership.objects.get(person=w["dad"]),
        "Lee Smith left the Smith family (an adult)",
    ),
    "warning_added": (
        family_events.record_warning,
        lambda w: PersonWarning.objects.get(),
        "Warning added for Ava Smith: Animals",
    ),
    "warning_ended": (
        family_events.record_warning,
        lambda w: PersonWarning.objects.get(),
        "Warning ended for Ava Smith: Animals",
    ),
    "family_moved": (
        family_events.record_move,
        lambda w: FamilyAddress.objects.get(line1="2 New Road"),
        "Smith family moved to a confidential address",
    ),
    "contact_received": (
        case_events.record_contact_received,
        lambda w: w["second"],
        "Contact received about Ava Smith from",
    ),
    "contact_decided": (
        case_events.record_contact_decided,
        lambda w: w["second"],
        "Contact decided: referral to children's social care",
    ),
    "contact_linked": (
        case_events.record_contact_linked,
        lambda w: ContactChild.objects.get(contact=w["second"]),
        "Contact linked to Ava Smith's open episode (not a new referral)",
    ),
    "contact_endorsed": (
        case_events.record_contact_endorsed,
        lambda w: w["second"],
        "Front-door decision (referral to children's social care) endorsed by",
    ),
    "episode_opened": (
        case_events.record_episode_opened,
        lambda w: Episode.objects.get(child=w["sam"]),
        "Referral accepted: Sam Smith's episode opened, held by North",
    ),
    "episode_closed": (
        case_events.record_episode_closed,
        lambda w: Episode.objects.get(child=w["sam"]),
        "Sam Smith's episode closed:",
    ),
    "decision": (
        case_events.record_decision,
        lambda w: __import__("casework.models", fromlist=["DecisionRecord"]).DecisionRecord.objects.get(),
        "Decision (other): Refer to the parenting programme",
    ),
    "visit": (case_events.record_visit, finished_visit_of, "Statutory home visit: Ava seen alone; Sam seen"),
    "note": (case_events.record_note, lambda w: CaseNote.objects.get(), "recorded (marked significant)"),
    "story": (case_events.record_story, lambda w: StoryEntry.objects.get(), "My story: words \u201cMy house\u201d"),
    "document": (
        case_events.record_document,
        lambda w: DocumentVersion.objects.get(),
        "Document added: School report (education)",
    ),
}


def entries_of(kind, source):
    return [e for e in ChronologyEntry.objects.filter(event_kind=kind) if e.source_id == str(source.pk)]


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_each_event_is_recorded_once_and_recording_it_again_keeps_one(world, kind):
    record, source_of, words = EVENTS[kind]
    source = source_of(world)
    [entry] = entries_of(kind, source)
    assert words in entry.summary
    assert "None" not in entry.summary and "_" not in entry.summary  # read by a family, not a machine
    record(source, None)
    assert len(entries_of(kind, source)) == 1
    assert ChronologyEntry.objects.get(pk=entry.pk).summary == entry.summary


def test_every_covered_kind_was_recorded_by_its_service(world):
    recorded = set(ChronologyEntry.objects.values_list("event_kind", flat=True))
    assert set(EVENTS) <= recorded


def test_a_confidential_address_never_appears_in_a_summary_or_detail(world):
    for entry in ChronologyEntry.objects.all():
        assert "2 New Road" not in entry.summary + entry.detail
        assert "N2 2BB" not in entry.summary + entry.detail
