"""Seeing the child: the seen rules, drafts and finishing, corrections appended, uploads checked."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework import services
from casework.core.uploads import IMAGE, check_upload
from casework.models import Case, Document, StoryEntry, Visit
from casework.services import visits
from chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(front_door_worker, school_contact, north):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


def seen(child, alone="yes"):
    return {"child": child, "seen": True, "seen_alone": alone}


def test_a_home_visit_with_the_child_seen_alone_and_their_words(case, allocated_worker, siblings):
    visit = visits.visit_create(
        by=allocated_worker,
        case=case,
        data={
            "occurred_at": timezone.now(),
            "kind": "home_visit",
            "statutory": True,
            "childs_words": "I like my new bed",
            "narrative": "Home warm, food in the cupboards.",
        },
        children=[seen(siblings["ava"]), seen(siblings["sam"], "no")],
    )
    visits.visit_finish(by=allocated_worker, visit=visit)
    entry = ChronologyEntry.objects.get(event_kind="visit")
    assert entry.summary == "Statutory home visit: Ava seen alone; Sam seen"


@pytest.mark.parametrize("kind", ["phone", "video"])
def test_phone_and_video_never_count_as_seen(case, allocated_worker, siblings, kind):
    with pytest.raises(ValidationError) as error:
        visits.visit_create(
            by=allocated_worker,
            case=case,
            data={"occurred_at": timezone.now(), "kind": kind},
            children=[seen(siblings["ava"])],
        )
    assert "never counts as seeing Ava" in str(error.value)
    assert not Visit.objects.exists()


def test_not_applicable_is_allowed_for_a_baby(case, allocated_worker, siblings):
    visit = visits.visit_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now()},
        children=[seen(siblings["sam"], "not_applicable")],
    )
    assert visit.visit_children.get().seen_alone == "not_applicable"


def test_a_no_access_visit_is_one_click_and_counts_as_an_attempt(case, allocated_worker, siblings):
    for days in (3, 2, 1):
        visit = visits.visit_create(
            by=allocated_worker,
            case=case,
            data={
                "occurred_at": timezone.now() - datetime.timedelta(days=days),
                "outcome": "no_access",
                "statutory": True,
            },
            children=[{"child": siblings["ava"], "seen": False}],
        )
        visits.visit_finish(by=allocated_worker, visit=visit)
    attempts = Visit.objects.filter(outcome="no_access", status="finished")
    assert attempts.count() == 3
    assert {vc.not_seen_reason for v in attempts for vc in v.visit_children.all()} == {"no_access"}
    assert (
        ChronologyEntry.objects.filter(event_kind="visit")
        .first()
        .summary.startswith("Statutory home visit (no access)")
    )


def test_seen_alone_needs_seen_and_a_reason_when_not_seen(case, allocated_worker, siblings):
    with pytest.raises(ValidationError):
        visits.visit_create(
            by=allocated_worker,
            case=case,
            data={"occurred_at": timezone.now()},
            children=[{"child": siblings["ava"], "seen": False, "seen_alone": "yes"}],
        )
    draft = visits.visit_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now()},
        children=[{"child": siblings["ava"], "seen": False}],
    )
    with pytest.raises(ValidationError) as error:
        visits.visit_finish(by=allocated_worker, visit=draft)
    assert "Say why Ava was not seen" in str(error.value)


def test_a_finished_visit_is_corrected_by_appending(case, allocated_worker, colleague, siblings):
    visit = visits.visit_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now(), "narrative": "Original words"},
        children=[seen(siblings["ava"])],
    )
    visits.visit_finish(by=allocated_worker, visit=visit)
    with pytest.raises(ValidationError):
        visits.visit_update(
            by=allocated_worker, visit=visit, data={"narrative": "Rewritten"}, expected_version=visit.version
        )
    visits.amend(by=colleague, record=visit, text="The visit was on the Tuesday, not the Monday.")
    visit.refresh_from_db()
    assert visit.narrative == "Original words"
    (amendment,) = visits.amendments_for(visit)
    assert amendment.added_by == colleague and "Tuesday" in amendment.text


def test_a_significant_note_reaches_the_chronology(case, allocated_worker):
    routine = visits.note_create(by=allocated_worker, case=case, data={"narrative": "Called school"})
    visits.note_finish(by=allocated_worker, note=routine)
    important = visits.note_create(
        by=allocated_worker,
        case=case,
        data={"narrative": "Police called out overnight", "significant": True, "kind": "phone_call"},
    )
    visits.note_finish(by=allocated_worker, note=important)
    assert ChronologyEntry.objects.filter(event_kind="note").count() == 1


def upload(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "drawing.png", "Programs are not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "drawing.svg", "SVG"),
        (b"<html><body>hi</body></html>", "story.jpg", "Web pages are not accepted"),
        (b"just some text", "notes.pdf", "This type of file is not accepted"),
    ],
)
def test_uploads_are_checked_by_content_not_name(content, name, message):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content, name), allowed=(IMAGE,))
    assert message in str(error.value)


def test_an_oversize_upload_is_refused(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        check_upload(upload(PNG + b"\x00" * (1024 * 1024), "big.png"), allowed=(IMAGE,))
    assert "smaller than 1 MB" in str(error.value)


def test_a_drawing_in_the_childs_story(case, allocated_worker, siblings, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    checked = check_upload(upload(PNG, "my house.png"), allowed=(IMAGE,))
    entry = visits.story_add(
        by=allocated_worker,
        child=siblings["ava"],
        kind="drawing",
        title="My house",
        attributed_to="Ava",
        occurred_on=None,
        upload=checked,
    )
    assert entry.content_type == "image/png" and len(entry.sha256) == 64
    assert StoryEntry.objects.get().file.read() == PNG


def test_document_versions_are_kept(case, allocated_worker, siblings, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    pdf1 = check_upload(upload(b"%PDF-1.4 first", "report.pdf"), allowed=("pdf",))
    document = visits.document_upload(
        by=allocated_worker, title="School report", category="education", upload=pdf1, person=siblings["ava"]
    )
    pdf2 = check_upload(upload(b"%PDF-1.4 second", "report-v2.pdf"), allowed=("pdf",))
    visits.document_replace(by=allocated_worker, document=document, upload=pdf2, expected_version=1)
    versions = list(Document.objects.get().versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].file.read() == b"%PDF-1.4 first"
    assert versions[0].sha256 != versions[1].sha256


def test_summary_is_versioned(case, allocated_worker, colleague, siblings):
    from casework.core.versioning import StaleVersion

    summary = visits.summary_update(
        by=allocated_worker, child=siblings["ava"], text="Doing well at school", expected_version=None
    )
    visits.summary_update(
        by=colleague, child=siblings["ava"], text="Worried about attendance", expected_version=summary.version
    )
    with pytest.raises(StaleVersion):
        visits.summary_update(by=allocated_worker, child=siblings["ava"], text="Mine", expected_version=1)


def test_a_worker_in_another_team_cannot_record(case, other_team_worker, siblings):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        visits.visit_create(
            by=other_team_worker, case=case, data={"occurred_at": timezone.now()}, children=[seen(siblings["ava"])]
        )


def test_the_front_door_never_records_on_a_child_even_while_holding_write(school_contact, front_door_worker, siblings):
    """PERMISSIONS.md: recording visits, notes, story entries and documents is 403 for the front door."""
    from django.core.exceptions import PermissionDenied

    from families.selectors import person_can_write

    ava = siblings["ava"]
    assert person_can_write(user=front_door_worker, person=ava)  # the contact is undecided
    with pytest.raises(PermissionDenied):
        visits.story_add(
            by=front_door_worker, child=ava, kind="words", title="Me", attributed_to="Ava", occurred_on=None, text="Hi"
        )
    assert not StoryEntry.objects.exists()
