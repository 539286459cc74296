"""Documents: a versioned repository per child and per family. Files are checked by content
before anything is stored; replacing keeps every old version downloadable with its SHA-256; every
page and download is written to the access log."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import services
from casework.core.models import AccessLog
from casework.core.uploads import check_upload
from casework.models import Document, DocumentVersion
from casework.services import visits

pytestmark = pytest.mark.django_db

PDF1 = b"%PDF-1.4 the school report, first draft"
PDF2 = b"%PDF-1.4 the school report, signed"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
    """Ava, referred to North (North holds her case and her family; the front door keeps read)."""
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return siblings["ava"]


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def list_url(person) -> str:
    return reverse("casework:person_documents", kwargs={"person_id": person.pk})


def upload_url(person) -> str:
    return reverse("casework:person_document_upload", kwargs={"person_id": person.pk})


def detail_url(document) -> str:
    return reverse("casework:document_detail", kwargs={"document_id": document.pk})


def replace_url(document) -> str:
    return reverse("casework:document_replace", kwargs={"document_id": document.pk})


def download_url(document, number=1) -> str:
    return reverse("casework:document_download", kwargs={"document_id": document.pk, "number": number})


def upload_form(content=PDF1, name="report.pdf", **overrides):
    data = {"title": "School report", "category": "education", "note": "", "file": SimpleUploadedFile(name, content)}
    data.update(overrides)
    return data


def a_document(by, *, person=None, family=None, title="School report", content=PDF1):
    upload = check_upload(SimpleUploadedFile("report.pdf", content), allowed=("pdf",))
    return visits.document_upload(by=by, title=title, category="education", upload=upload, person=person, family=family)


# --- Uploading ---------------------------------------------------------------------------------


def test_a_pdf_uploaded_through_the_page_is_stored_with_its_sha256(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    assert client.get(upload_url(ava)).status_code == 200
    response = client.post(upload_url(ava), upload_form(note="From Mill Lane Primary"))
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(document)
    version = document.versions.get()
    assert version.number == 1 and version.sha256 == hashlib.sha256(PDF1).hexdigest()
    assert version.uploaded_by == allocated_worker and version.content_type == "application/pdf"
    assert len(stored_files(media)) == 1
    page = client.get(list_url(ava)).content.decode()
    assert "School report" in page and "Education" in page and version.sha256[:12] in page
    assert "Sam Okafor" in page
    assert reverse("families:person_detail", kwargs={"person_id": ava.pk}) in page


def test_a_photo_may_be_a_document(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(upload_url(ava), upload_form(PNG, "bruise.png", category="photo", title="Photo"))
    assert response.status_code == 302
    assert Document.objects.get().versions.get().content_type == "image/png"


def test_an_invalid_upload_form_shows_errors_and_stores_nothing(client, ava, allocated_worker, media):
    client.force_login(allocated_worker)
    response = client.post(upload_url(ava), upload_form(title="", category=""))
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "Give the document a title" in page and "Choose a category" in page
    assert not Document.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "photo.png", "Programs are not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "plan.svg", "SVG drawings"),
        (b"<html><body><script>alert(1)</script></body></html>", "letter.pdf", "Web pages are not accepted"),
    ],
)
def test_dangerous_files_are_refused_by_content_and_nothing_is_stored(
    client, ava, allocated_worker, media, content, name, message
):
    client.force_login(allocated_worker)
    response = client.post(upload_url(ava), upload_form(content, name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_and_nothing_is_stored(client, ava, allocated_worker, media, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(allocated_worker)
    response = client.post(upload_url(ava), upload_form(PDF1 + b" " * (1024 * 1024)))
    assert response.status_code == 400
    assert "must be smaller than 1 MB" in response.content.decode()
    assert not Document.objects.exists() and stored_files(media) == []


# --- Versions ------------------------------------------------------------------------------------


def test_replacing_keeps_version_1_downloadable_with_its_sha256(client, ava, allocated_worker, colleague, media):
    document = a_document(allocated_worker, person=ava)
    client.force_login(colleague)
    assert client.get(replace_url(document)).status_code == 200
    response = client.post(
        replace_url(document), {"file": SimpleUploadedFile("signed.pdf", PDF2), "note": "Signed copy", "version": 1}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(document)
    v2, v1 = document.versions.all()
    assert (v2.number, v2.uploaded_by, v2.note) == (2, colleague, "Signed copy")
    page = client.get(detail_url(document)).content.decode()
    assert download_url(document, 1) in page and download_url(document, 2) in page
    sha1 = hashlib.sha256(PDF1).hexdigest()
    assert sha1[:16] in page and hashlib.sha256(PDF2).hexdigest()[:16] in page
    old = client.get(download_url(document, 1))
    assert old.status_code == 200 and b"".join(old.streaming_content) == PDF1
    assert hashlib.sha256(PDF1).hexdigest() == v1.sha256
    assert len(stored_files(media)) == 2
    listed = client.get(list_url(ava)).content.decode()
    assert v2.sha256[:12] in listed and sha1[:12] not in listed  # the list shows the current version


def test_a_download_is_an_attachment_with_safe_headers(client, ava, allocated_worker):
    document = a_document(allocated_worker, person=ava)
    client.force_login(allocated_worker)
    response = client.get(download_url(document))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(download_url(document, 7)).status_code == 404


def test_a_replacement_refused_by_content_keeps_the_document_as_it_was(client, ava, allocated_worker, media):
    document = a_document(allocated_worker, person=ava)
    client.force_login(allocated_worker)
    response = client.post(
        replace_url(document), {"file": SimpleUploadedFile("new.pdf", b"MZ\x90\x00" + b"\x00" * 60), "version": 1}
    )
    assert response.status_code == 400 and "Programs are not accepted" in response.content.decode()
    document.refresh_from_db()
    assert document.version == 1 and document.versions.count() == 1 and len(stored_files(media)) == 1


def test_a_replacement_started_before_someone_elses_says_so_and_adds_nothing(client, ava, allocated_worker, colleague):
    document = a_document(allocated_worker, person=ava)
    upload = check_upload(SimpleUploadedFile("other.pdf", PDF2), allowed=("pdf",))
    visits.document_replace(by=colleague, document=document, upload=upload, expected_version=1)
    client.force_login(allocated_worker)
    response = client.post(replace_url(document), {"file": SimpleUploadedFile("mine.pdf", PDF1), "version": 1})
    assert response.status_code == 409
    assert "Someone else added a version" in response.content.decode()
    assert document.versions.count() == 2


# --- Families ------------------------------------------------------------------------------------


def test_a_familys_documents(client, ava, siblings, allocated_worker):
    family = siblings["family"]
    client.force_login(allocated_worker)
    family_page = client.get(reverse("families:family_detail", kwargs={"family_id": family.pk})).content.decode()
    family_list = reverse("casework:family_documents", kwargs={"family_id": family.pk})
    assert family_list in family_page
    upload = reverse("casework:family_document_upload", kwargs={"family_id": family.pk})
    assert client.post(upload, upload_form(title="Family agreement", category="consent")).status_code == 302
    document = Document.objects.get()
    assert document.family == family and document.person is None
    page = client.get(family_list).content.decode()
    assert "Family agreement" in page and reverse("families:family_detail", kwargs={"family_id": family.pk}) in page
    logged = AccessLog.objects.filter(family=family, user=allocated_worker, what="Family documents")
    assert logged.exists()
    assert client.get(download_url(document)).status_code == 200
    assert AccessLog.objects.filter(family=family, action="download").exists()


# --- The access log ------------------------------------------------------------------------------


def test_every_view_and_download_is_in_the_access_log(client, ava, allocated_worker, auditor):
    document = a_document(allocated_worker, person=ava)
    client.force_login(auditor)
    client.get(list_url(ava))
    client.get(detail_url(document))
    client.get(download_url(document))
    rows = list(AccessLog.objects.filter(person=ava, user=auditor).order_by("id").values_list("action", "what"))
    assert rows == [
        ("view", "Documents"),
        ("view", "Document: School report"),
        ("download", "Document: School report, version 1"),
    ]


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_team_worker", "other_team_manager"])
def test_another_team_gets_404_for_every_document_page_and_file(
    client, ava, siblings, allocated_worker, persona, request
):
    document = a_document(allocated_worker, person=ava)
    family = siblings["family"]
    client.force_login(request.getfixturevalue(persona))
    for url in (
        list_url(ava),
        upload_url(ava),
        detail_url(document),
        replace_url(document),
        download_url(document),
        reverse("casework:family_documents", kwargs={"family_id": family.pk}),
        reverse("casework:family_document_upload", kwargs={"family_id": family.pk}),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(upload_url(ava), upload_form()).status_code == 404
    assert (
        client.post(replace_url(document), {"file": SimpleUploadedFile("x.pdf", PDF2), "version": 1}).status_code == 404
    )
    assert Document.objects.count() == 1 and DocumentVersion.objects.count() == 1


def test_performance_officers_never_see_documents(client, ava, allocated_worker, performance_officer):
    document = a_document(allocated_worker, person=ava)
    client.force_login(performance_officer)
    for url in (list_url(ava), detail_url(document), download_url(document), upload_url(ava)):
        assert client.get(url).status_code == 403, url


def test_auditors_read_and_download_but_cannot_upload_or_replace(client, ava, allocated_worker, auditor):
    document = a_document(allocated_worker, person=ava)
    client.force_login(auditor)
    assert client.get(list_url(ava)).status_code == 200
    assert client.get(download_url(document)).status_code == 200
    assert replace_url(document) not in client.get(detail_url(document)).content.decode()
    assert client.post(upload_url(ava), upload_form()).status_code == 403
    assert (
        client.post(replace_url(document), {"file": SimpleUploadedFile("x.pdf", PDF2), "version": 1}).status_code == 403
    )
    assert DocumentVersion.objects.count() == 1


def test_the_front_door_cannot_upload_even_while_holding_write(client, school_contact, siblings, front_door_worker):
    ava = siblings["ava"]  # the contact is not decided: the front door holds write
    client.force_login(front_door_worker)
    assert client.get(list_url(ava)).status_code == 200
    assert client.post(upload_url(ava), upload_form()).status_code == 403
    assert not Document.objects.exists()


# --- Queries -----------------------------------------------------------------------------------


def test_the_documents_page_runs_the_same_queries_for_5_or_50_documents(
    client, ava, allocated_worker, django_assert_num_queries
):
    def fill(count):
        DocumentVersion.objects.all().delete()
        Document.objects.all().delete()
        documents = Document.objects.bulk_create(
            Document(person=ava, title=f"Report {n}", category="report", created_by=allocated_worker)
            for n in range(count)
        )
        DocumentVersion.objects.bulk_create(
            DocumentVersion(
                document=d,
                number=number,
                file=f"documents/r{n}-{number}.pdf",
                file_name=f"r{n}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="a" * 64,
                uploaded_by=allocated_worker,
            )
            for n, d in enumerate(documents)
            for number in (1, 2)
        )

    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    fill(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(list_url(ava)).status_code == 200
    fill(50)
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(list_url(ava))
    assert response.content.decode().count('<tr class="govuk-table__row">') == 51  # a heading row and 50


def test_a_file_missing_from_storage_is_a_404_not_a_500(client, ava, allocated_worker, media):
    document = a_document(allocated_worker, person=ava)
    for path in stored_files(media):
        path.unlink()
    client.force_login(allocated_worker)
    assert client.get(download_url(document)).status_code == 404
