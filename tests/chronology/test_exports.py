"""Chronology exports (CSV, and the court PDF in the Public Law Outline layout) through the core
export jobs, and `rebuild_chronology` keeping what people wrote."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
import tempfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.core.exports import export_request
from casework.core.models import AccessLog, ExportJob, ExportStatus
from chronology import services as chrono_services
from chronology.models import ChronologyEntry, Origin

pytestmark = pytest.mark.django_db


def export_url(person):
    return reverse("chronology:person_export", kwargs={"person_id": person.pk})


@pytest.fixture
def ava(allocated_worker, smith_family):
    ava = smith_family["ava"]
    chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava],
        occurred_on=datetime.date(2019, 3, 9),
        date_precision="month",
        category="police",
        summary="=Police called to the home",
        source_agency="Metropolitan Police",
        significance="critical",
        analysis="First sign of violence at home",
    )
    chrono_services.manual_entry_create(
        by=allocated_worker,
        people=[ava],
        occurred_on=datetime.date(2018, 6, 1),
        date_precision="year",
        date_text="summer 2018",
        category="education",
        summary="Left out: a school trip",
        included=False,
    )
    return ava


def request_export(client, user, person, kind, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(export_url(person), {"kind": kind})
    return response


def download(client, response) -> bytes:
    job = ExportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert job.status == ExportStatus.DONE, job.error
    got = client.get(f"/exports/{job.pk}/download/")
    assert got.status_code == 200
    return b"".join(got.streaming_content)


def test_csv_export_has_every_entry_with_its_columns(client, allocated_worker, ava, django_capture_on_commit_callbacks):
    response = request_export(client, allocated_worker, ava, "chronology_csv", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].startswith("/exports/")
    rows = list(csv.DictReader(io.StringIO(download(client, response).decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "number",
        "date",
        "date_precision",
        "approximate_date",
        "category",
        "event",
        "detail",
        "source",
        "origin",
        "significance",
        "included",
        "analysis",
        "people",
    ]
    police = next(r for r in rows if "Police called" in r["event"])
    assert police["event"] == "'=Police called to the home"  # never run as a spreadsheet formula
    assert (police["date"], police["date_precision"], police["significance"]) == ("2019-03-01", "month", "critical")
    assert police["analysis"] == "First sign of violence at home" and police["category"] == "Police"
    trip = next(r for r in rows if "school trip" in r["event"])
    assert (trip["approximate_date"], trip["included"]) == ("summer 2018", "no")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert len(rows) == ChronologyEntry.objects.filter(people=ava).count()
    assert AccessLog.objects.filter(user=allocated_worker, person=ava, action="export").exists()


def test_court_pdf_has_the_curated_chronology_in_the_plo_layout(
    client, allocated_worker, ava, django_capture_on_commit_callbacks
):
    response = request_export(client, allocated_worker, ava, "chronology_pdf", django_capture_on_commit_callbacks)
    pdf = download(client, response)
    assert pdf.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())
    for heading in ("No.", "Date", "Event", "Source or document reference", "Significance", "Analysis"):
        assert heading in text
    assert "Chronology: Ava Smith" in text
    assert "March 2019" in text and "Metropolitan Police" in text and "Critical" in text
    assert "First sign of violence at home" in text
    assert "school trip" not in text  # left out of the curated chronology


def test_other_team_gets_404_and_performance_officer_403_on_export(
    client, other_team_worker, performance_officer, auditor, ava, django_capture_on_commit_callbacks
):
    for user, status in ((other_team_worker, 404), (performance_officer, 403)):
        response = request_export(client, user, ava, "chronology_csv", django_capture_on_commit_callbacks)
        assert response.status_code == status
    with pytest.raises(Exception):  # noqa: B017  (Http404 through the core's export_request)
        export_request(by=other_team_worker, kind="chronology_pdf", parameters={"person": str(ava.pk)})
    assert not ExportJob.objects.filter(requested_by__in=[other_team_worker, performance_officer]).exists()
    response = request_export(client, auditor, ava, "chronology_csv", django_capture_on_commit_callbacks)
    assert b"Police called" in download(client, response)


def test_an_unknown_export_kind_is_refused_without_a_job(client, allocated_worker, ava):
    client.force_login(allocated_worker)
    response = client.post(export_url(ava), {"kind": "people_csv"}, follow=True)
    assert "Choose the CSV or the court PDF" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_restricted_people_never_appear_in_an_export(
    client, allocated_worker, colleague, manager, smith_family, ava, django_capture_on_commit_callbacks
):
    from families import services

    sam = smith_family["sam"]
    services.relationship_create(by=allocated_worker, from_person=ava, to_person=sam, data={"kind": "sibling"})
    services.person_set_restriction(by=manager, person=sam, restricted=True, restricted_to=[], expected_version=1)
    response = request_export(client, colleague, ava, "chronology_csv", django_capture_on_commit_callbacks)
    content = download(client, response).decode("utf-8-sig")
    assert "Police called" in content and "Sam Smith" not in content


def test_rebuild_re_records_system_entries_and_keeps_curation(allocated_worker, smith_family, ava):
    entry = ChronologyEntry.objects.get(event_kind="membership_started", person=ava)
    chrono_services.entry_curate(
        by=allocated_worker, entry=entry, expected_version=1, significance="critical", analysis="Kept"
    )
    ChronologyEntry.objects.filter(pk=entry.pk).update(summary="Garbled")  # a summary to be fixed
    before = ChronologyEntry.objects.count()
    out = io.StringIO()
    call_command("rebuild_chronology", stdout=out)
    assert "families:" in out.getvalue() and "casework:" in out.getvalue()
    assert ChronologyEntry.objects.count() == before
    entry.refresh_from_db()
    assert entry.summary == "Ava Smith joined the Smith family (a child)"
    assert (entry.curation.significance, entry.curation.analysis) == ("critical", "Kept")
    assert ChronologyEntry.objects.filter(origin=Origin.MANUAL).count() == 2
