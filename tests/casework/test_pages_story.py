"""The child's own story (My story): entries newest first and attributed, files checked by content
before anything is stored, files served only through a checked, logged view with safe headers."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.core.uploads import check_upload
from casework.models import StoryEntry
from casework.services import visits

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64
PDF = b"%PDF-1.4 my drawing"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the real media root."""
    root = tmp_path / "media"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def ava(front_door_worker, school_contact, north, siblings):
    """Ava, referred to North (North holds her case; the front door keeps read)."""
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return siblings["ava"]


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def story_url(person) -> str:
    return reverse("casework:story", kwargs={"person_id": person.pk})


def add_url(person) -> str:
    return reverse("casework:story_add", kwargs={"person_id": person.pk})


def file_url(entry) -> str:
    return reverse("casework:story_file", kwargs={"entry_id": entry.pk})


def entry_form(**overrides):
    today = timezone.localdate()
    data = {
        "kind": "words",
        "title": "What I want",
        "text": "I want to stay at my school.",
        "made_by": "child",
        "helper": "",
        "occurred_on-day": str(today.day),
        "occurred_on-month": str(today.month),
        "occurred_on-year": str(today.year),
    }
    data.update(overrides)
    return data


def add_entry(by, child, *, kind="words", title="My words", attributed_to="Ava", content=None, name="f.png", **kw):
    upload = (
        check_upload(SimpleUploadedFile(name, content), allowed=("image", "audio", "video", "pdf")) if content else None
    )
    return visits.story_add(
        by=by,
        child=child,
        kind=kind,
        title=title,
        attributed_to=attributed_to,
        occurred_on=kw.pop("occurred_on", None),
        text=kw.pop("text", "I like drawing"),
        upload=upload,
    )


# --- Reading the story -------------------------------------------------------------------------


def test_the_story_shows_entries_newest_first_with_who_wrote_them(client, ava, allocated_worker):
    today = timezone.localdate()
    add_entry(allocated_worker, ava, title="Last summer", occurred_on=today - datetime.timedelta(days=200))
    drawing = add_entry(
        allocated_worker, ava, kind="drawing", title="My house", attributed_to="Ava, with Sam Okafor", content=PNG
    )
    client.force_login(allocated_worker)
    response = client.get(story_url(ava))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("My house") < page.index("Last summer")
    assert "Drawn with Ava by Sam Okafor" in page
    assert "Written by Ava" in page
    assert f'<img src="{file_url(drawing)}"' in page
    assert reverse("families:person_detail", kwargs={"person_id": ava.pk}) in page
    assert AccessLog.objects.filter(person=ava, user=allocated_worker, what="My story", action="view").exists()


def test_recordings_play_in_the_page_through_the_checked_file_view(client, ava, allocated_worker):
    audio = add_entry(allocated_worker, ava, kind="audio", title="My song", content=MP3, name="song.mp3")
    video = add_entry(allocated_worker, ava, kind="video", title="My day", content=MP4, name="day.mp4")
    client.force_login(allocated_worker)
    page = client.get(story_url(ava)).content.decode()
    assert f'<audio controls preload="none" src="{file_url(audio)}"' in page
    assert f'<video controls preload="none" width="480" src="{file_url(video)}"' in page


def test_the_story_page_runs_the_same_queries_for_5_or_50_entries(
    client, ava, allocated_worker, django_assert_num_queries
):
    def fill(count):
        StoryEntry.objects.filter(child=ava).delete()
        StoryEntry.objects.bulk_create(
            StoryEntry(
                child=ava,
                kind="words",
                title=f"Entry {n}",
                text="Words",
                attributed_to="Ava",
                occurred_on=timezone.localdate(),
                recorded_by=allocated_worker,
            )
            for n in range(count)
        )

    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    fill(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(story_url(ava)).status_code == 200
    fill(50)
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(story_url(ava))
    assert response.content.decode().count("moj-timeline__item") == 50


# --- Adding to the story -------------------------------------------------------------------------


def test_a_worker_adds_the_childs_words_written_with_them(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    assert client.get(add_url(ava)).status_code == 200
    response = client.post(add_url(ava), entry_form(made_by="with_me"))
    assert response.status_code == 302 and response["Location"] == story_url(ava)
    entry = StoryEntry.objects.get()
    assert entry.attributed_to == "Ava, with Sam Okafor" and entry.text == "I want to stay at my school."
    page = client.get(story_url(ava)).content.decode()
    assert "Written with Ava by Sam Okafor" in page


def test_someone_else_who_helped_must_be_named(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(add_url(ava), entry_form(made_by="with_other"))
    assert response.status_code == 400
    assert "Say who helped them" in response.content.decode()
    response = client.post(add_url(ava), entry_form(made_by="with_other", helper="Ms Patel, class teacher"))
    assert response.status_code == 302
    assert StoryEntry.objects.get().attributed_to == "Ava, with Ms Patel, class teacher"


def test_an_invalid_entry_shows_the_errors_and_saves_nothing(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    response = client.post(add_url(ava), entry_form(title="", text="", **{"occurred_on-year": "3000"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Give the entry a title" in page
    assert "must be today or in the past" in page
    assert not StoryEntry.objects.exists() and stored_files(media) == []


def test_a_photo_is_accepted_and_shown_inline_with_safe_headers(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    photo = SimpleUploadedFile("at the park.png", PNG)
    response = client.post(add_url(ava), entry_form(kind="photo", title="At the park", text="", file=photo))
    assert response.status_code == 302
    entry = StoryEntry.objects.get()
    assert entry.content_type == "image/png" and len(stored_files(media)) == 1
    shown = client.get(file_url(entry))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in shown["Cache-Control"] and "private" in shown["Cache-Control"]
    assert "default-src 'none'" in shown["Content-Security-Policy"] and "sandbox" in shown["Content-Security-Policy"]
    downloaded = client.get(file_url(entry) + "?download=1")
    assert downloaded["Content-Disposition"].startswith("attachment")
    downloads = AccessLog.objects.filter(person=ava, user=allocated_worker, action="download")
    assert downloads.count() == 2 and "At the park" in downloads.first().what


def test_a_drawing_may_be_a_pdf_and_is_always_a_download(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    drawing = SimpleUploadedFile("drawing.pdf", PDF)
    assert client.post(add_url(ava), entry_form(kind="drawing", text="", file=drawing)).status_code == 302
    served = client.get(file_url(StoryEntry.objects.get()))
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "photo.png", "Programs are not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "drawing.svg", "SVG drawings"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "photo.jpg", "Web pages are not accepted"),
    ],
)
def test_dangerous_files_are_refused_by_content_and_nothing_is_stored(
    client, ava, allocated_worker, media, content, name, message
):
    client.force_login(allocated_worker)
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(add_url(ava), entry_form(kind="photo", title="Me", text="", file=upload))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "There is a problem" in page
    assert not StoryEntry.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_and_nothing_is_stored(client, ava, allocated_worker, media, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(allocated_worker)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024))
    response = client.post(add_url(ava), entry_form(kind="photo", text="", file=big))
    assert response.status_code == 400
    assert "must be smaller than 1 MB" in response.content.decode()
    assert not StoryEntry.objects.exists() and stored_files(media) == []


def test_a_recording_is_not_accepted_as_a_photo(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    response = client.post(add_url(ava), entry_form(kind="photo", text="", file=SimpleUploadedFile("me.png", MP3)))
    assert response.status_code == 400 and "Upload a photo or picture" in response.content.decode()
    assert not StoryEntry.objects.exists() and stored_files(media) == []


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_team_worker", "other_team_manager"])
def test_another_team_gets_404_for_the_story_the_form_and_the_files(client, ava, allocated_worker, persona, request):
    entry = add_entry(allocated_worker, ava, kind="photo", title="Me", content=PNG)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(story_url(ava)).status_code == 404
    assert client.get(add_url(ava)).status_code == 404
    assert client.post(add_url(ava), entry_form()).status_code == 404
    assert client.get(file_url(entry)).status_code == 404
    assert StoryEntry.objects.count() == 1


def test_a_restricted_childs_story_is_404_for_the_team_and_auditors(client, ava, allocated_worker, manager, auditor):
    from tests.families.pages_helpers import restrict

    entry = add_entry(allocated_worker, ava, kind="photo", title="Me", content=PNG)
    restrict(ava, by=manager)
    for user in (allocated_worker, auditor):
        client.force_login(user)
        assert client.get(story_url(ava)).status_code == 404
        assert client.get(file_url(entry)).status_code == 404
    client.force_login(manager)
    assert client.get(file_url(entry)).status_code == 200


def test_performance_officers_never_see_the_story(client, ava, allocated_worker, performance_officer):
    entry = add_entry(allocated_worker, ava, kind="photo", title="Me", content=PNG)
    client.force_login(performance_officer)
    assert client.get(story_url(ava)).status_code == 403
    assert client.get(file_url(entry)).status_code == 403
    assert client.get(add_url(ava)).status_code == 403


def test_auditors_read_the_story_but_cannot_add_to_it(client, ava, allocated_worker, auditor):
    add_entry(allocated_worker, ava, title="My words")
    client.force_login(auditor)
    page = client.get(story_url(ava)).content.decode()
    assert "My words" in page and add_url(ava) not in page
    assert client.get(add_url(ava)).status_code == 403
    assert client.post(add_url(ava), entry_form()).status_code == 403
    assert StoryEntry.objects.count() == 1


def test_the_front_door_reads_the_story_but_does_not_add_to_it_even_while_holding_write(
    client, school_contact, siblings, front_door_worker
):
    ava = siblings["ava"]  # the contact is not decided yet: the front door holds write
    client.force_login(front_door_worker)
    assert client.get(story_url(ava)).status_code == 200
    assert add_url(ava) not in client.get(story_url(ava)).content.decode()
    assert client.get(add_url(ava)).status_code == 403
    assert client.post(add_url(ava), entry_form()).status_code == 403
    assert not StoryEntry.objects.exists()


def test_colleagues_and_the_manager_add_to_the_story(client, ava, colleague, manager):
    for n, user in enumerate((colleague, manager)):
        client.force_login(user)
        assert client.post(add_url(ava), entry_form(title=f"Entry {n}")).status_code == 302
    assert StoryEntry.objects.count() == 2


def test_words_with_a_file_attached_ask_what_kind_of_file_it_is(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    response = client.post(add_url(ava), entry_form(file=SimpleUploadedFile("me.png", PNG)))
    assert response.status_code == 400
    assert "choose what kind of file it is" in response.content.decode()
    assert not StoryEntry.objects.exists() and stored_files(media) == []
