"""The ``annex_a`` (XLSX) and ``annex_a_csv`` (ZIP of CSV) export jobs: parameters, who may request
and download them (PERMISSIONS.md: performance officers; auditors read and download; others 403),
progress, and the files read back: sheets, published headings, value labels, real dates, the lists
held elsewhere, the Notes sheet."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from casework.core import exports
from casework.core.exports import export_kind, export_kinds_to_start, export_request, export_run
from casework.core.models import AccessLog, ExportJob, ExportStatus, Role
from performance.annex_a import exports as annex_exports
from performance.annex_a import labels as L
from tests.factories import UserFactory
from tests.performance.test_annex_a_lists import authority  # noqa: F401  (fixture)

D = datetime.date
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
PARAMS = {"year_end": "2026-03-31"}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.LA_CODE = "201"


def run(job: ExportJob) -> ExportJob:
    export_run(job.pk, job.run_id)
    job.refresh_from_db()
    return job


def content(job: ExportJob) -> bytes:
    with default_storage.open(job.file.name, "rb") as handle:
        return handle.read()


def workbook(job: ExportJob) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content(job)))


def sheet_rows(book: openpyxl.Workbook, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


# --- The kinds and their parameters ---------------------------------------------------------------


def test_the_kinds_are_registered_as_authority_wide_returns():
    xlsx, zipped = export_kind("annex_a"), export_kind("annex_a_csv")
    assert xlsx.label == "Ofsted Annex A (XLSX)"
    assert zipped.label == "Ofsted Annex A (CSV)"
    assert xlsx.authority_wide and zipped.authority_wide
    assert xlsx.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert zipped.content_type == "application/zip"


def test_the_generic_start_button_does_not_offer_them(performance_officer):
    kinds = [k.kind for k in export_kinds_to_start(user=performance_officer)]
    assert "annex_a" not in kinds and "annex_a_csv" not in kinds


@pytest.mark.parametrize(
    ("kind", "parameters", "field", "message"),
    [
        ("annex_a", {}, "year_end", "Enter the last day"),
        ("annex_a", {"year_end": "31/03/2026"}, "year_end", "Enter the last day"),
        ("annex_a", {"year_end": "2026-11-30"}, "year_end", "cannot end in the future"),
        ("annex_a", {"year_end": "2026-03-31", "team": "x"}, "team", "no such parameter"),
        ("annex_a", {"year_end": "2026-03-31", "format": "csv"}, "format", "annex_a_csv"),
        ("annex_a", {"year_end": "2026-03-31", "format": "pdf"}, "format", "xlsx or csv"),
        ("annex_a_csv", {"year_end": "2026-03-31", "format": "xlsx"}, "format", "no such parameter"),
    ],
)
def test_parameters_are_checked(performance_officer, kind, parameters, field, message):
    with pytest.raises(ValidationError) as raised:
        export_request(by=performance_officer, kind=kind, parameters=parameters)
    assert message in " ".join(raised.value.message_dict[field])


def test_any_past_day_or_today_may_end_the_period(performance_officer):
    for year_end in ("2026-11-29", "2025-06-15"):
        job = export_request(
            by=performance_officer, kind="annex_a", parameters={"year_end": year_end, "format": "xlsx"}
        )
        assert job.parameters == {"year_end": year_end}


@pytest.mark.parametrize("persona", ["auditor", "manager", "allocated_worker", "front_door_worker"])
@pytest.mark.parametrize("kind", ["annex_a", "annex_a_csv"])
def test_only_performance_officers_may_request_it(request, persona, kind):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        export_request(by=user, kind=kind, parameters=PARAMS)
    assert not annex_exports.may_request_annex_a(user)


@pytest.mark.parametrize("persona", ["auditor", "allocated_worker"])
def test_the_api_refuses_other_roles_with_403(api_as, request, persona):
    response = api_as(request.getfixturevalue(persona)).post(
        "/api/v1/exports/", {"kind": "annex_a", **PARAMS}, format="json"
    )
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_the_api_takes_the_year_end(api_as, performance_officer):
    response = api_as(performance_officer).post("/api/v1/exports/", {"kind": "annex_a", **PARAMS}, format="json")
    assert response.status_code == 202
    assert ExportJob.objects.get().parameters == PARAMS


# --- The workbook ---------------------------------------------------------------------------------


def test_the_workbook_has_every_list_with_the_published_headings(monkeypatch, authority, performance_officer):  # noqa: F811
    reported: list[int] = []
    real = exports._report_progress

    def spy(job_id, run_id, percent):
        reported.append(percent)
        real(job_id, run_id, percent)

    monkeypatch.setattr(exports, "_report_progress", spy)
    monkeypatch.setattr(annex_exports, "PROGRESS_EVERY", 1)
    job = run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS))
    assert job.status == ExportStatus.DONE, job.error
    assert reported == sorted(reported) and len(set(reported)) >= 3
    assert job.filename == "annex-a-201-2026-03-31.xlsx"

    book = workbook(job)
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)] + ["Notes"]
    for name in L.SHEETS:
        assert sheet_rows(book, name)[0] == L.HEADINGS[name]
    # Hand-counted rows (tests/performance/test_annex_a_lists.py).
    counts = {
        name: len(sheet_rows(book, name)) - 1 for name in ("List 1", "List 3", "List 4", "List 5", "List 6", "List 7")
    }
    assert counts == {"List 1": 5, "List 3": 3, "List 4": 2, "List 5": 2, "List 6": 4, "List 7": 1}
    assert AccessLog.objects.filter(action="export", what__contains="Annex A").count() == 1


def test_published_heading_strings(authority, performance_officer):  # noqa: F811
    book = workbook(run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS)))
    assert sheet_rows(book, "List 1")[0] == (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    )
    assert sheet_rows(book, "List 3")[0][5:] == (
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    )
    assert sheet_rows(book, "List 6")[0][11] == "Case Status"
    assert sheet_rows(book, "List 7")[0][13] == (
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
    )


def test_cells_are_real_dates_and_lettered_labels(authority, performance_officer):  # noqa: F811
    book = workbook(run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS)))
    first = book["List 1"]
    assert first["A2"].value == "A1"
    assert first["B2"].value == "a) Male"
    assert first["C2"].value == "a) WBRI"
    assert first["D2"].is_date and first["D2"].value.date() == D(2015, 6, 1)
    assert first["E2"].value == 10
    assert first["F2"].is_date and first["F2"].value.date() == D(2025, 5, 1)
    assert first["G2"].value == "e) 2A: Schools"
    referrals = {r[0]: r for r in sheet_rows(book, "List 3")[1:]}
    assert referrals["A1"][7:9] == ("a) Yes", 1)
    (plan,) = sheet_rows(book, "List 7")[1:]
    assert plan[7:11] == ("a) Neglect", "d) Emotional abuse", datetime.datetime(2026, 3, 20), "b) No")


def test_lists_held_elsewhere_have_their_headings_and_a_note(authority, performance_officer):  # noqa: F811
    book = workbook(run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS)))
    for name in ("List 2", "List 8", "List 9", "List 10", "List 11"):
        rows = sheet_rows(book, name)
        assert rows[0] == L.HEADINGS[name]
        assert len(rows) == 2
        assert "held elsewhere" in rows[1][0]


def test_the_notes_sheet_names_the_blank_columns(authority, performance_officer):  # noqa: F811
    book = workbook(run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS)))
    notes = sheet_rows(book, "Notes")
    assert notes[0] == ("List", "Column", "Note")
    named = {(r[0], r[1]) for r in notes[1:]}
    assert ("List 6", "Case Status") in named
    assert (
        "List 7",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    ) in named
    assert {r[0] for r in notes if r[1] == "(whole list)"} == {"List 2", "List 8", "List 9", "List 10", "List 11"}
    assert "1 April 2025 to 31 March 2026" in notes[1][2]
    six = next(r for r in notes if r[:2] == ("List 6", "Case Status"))
    assert "a) Looked after child" in six[2]


# --- The CSV files --------------------------------------------------------------------------------


def test_the_csv_zip_has_one_file_per_list_with_the_same_headings(authority, performance_officer):  # noqa: F811
    job = run(export_request(by=performance_officer, kind="annex_a_csv", parameters=PARAMS))
    assert job.status == ExportStatus.DONE, job.error
    assert job.filename == "annex-a-201-2026-03-31.zip"
    archive = zipfile.ZipFile(io.BytesIO(content(job)))
    assert archive.namelist() == [f"Annex A List {n}.csv" for n in range(1, 12)] + ["Annex A Notes.csv"]
    for name in L.SHEETS:
        raw = archive.read(f"Annex A {name}.csv")
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert tuple(rows[0]) == L.HEADINGS[name]
    contacts = list(csv.reader(io.StringIO(archive.read("Annex A List 1.csv").decode("utf-8-sig"))))
    assert len(contacts) == 1 + 5
    assert contacts[1] == ["A1", "a) Male", "a) WBRI", "2015-06-01", "10", "2025-05-01", "e) 2A: Schools"]
    eight = list(csv.reader(io.StringIO(archive.read("Annex A List 8.csv").decode("utf-8-sig"))))
    assert "held elsewhere" in eight[1][0]


# --- Downloading ----------------------------------------------------------------------------------


def test_auditors_and_other_officers_download_it_others_cannot(
    client,
    authority,  # noqa: F811
    performance_officer,
    auditor,
    manager,
    allocated_worker,
):
    job = run(export_request(by=performance_officer, kind="annex_a", parameters=PARAMS))
    for user in (performance_officer, auditor, UserFactory(role=Role.PERFORMANCE_OFFICER)):
        client.force_login(user)
        response = client.get(f"/exports/{job.pk}/download/")
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert book.sheetnames[0] == "List 1"
    for user in (manager, allocated_worker):
        client.force_login(user)
        assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert AccessLog.objects.filter(action="download").count() == 3


def test_a_job_whose_requester_is_no_longer_a_performance_officer_is_not_made(performance_officer):
    job = export_request(by=performance_officer, kind="annex_a", parameters=PARAMS)
    performance_officer.role = Role.AUDITOR
    performance_officer.save()
    job = run(job)
    assert job.status == ExportStatus.FAILED
    assert job.error == exports.RIGHTS_LOST
    assert not job.file


# --- The form's view (performance.annex_a.views; its URL is added by the page's owner) -------------


def post(rf, user, data):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from performance.annex_a.views import annex_a_start

    request = rf.post("/performance/annex-a/", data)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return annex_a_start(request)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"year_end": "2026-03-31"}, "annex_a"),
        ({"year_end-day": "31", "year_end-month": "3", "year_end-year": "2026", "format": "xlsx"}, "annex_a"),
        ({"year_end": "2026-03-31", "format": "csv"}, "annex_a_csv"),
    ],
)
def test_the_form_starts_the_job_in_the_chosen_format(rf, performance_officer, data, kind):
    response = post(rf, performance_officer, data)
    job = ExportJob.objects.get()
    assert (job.kind, job.parameters) == (kind, PARAMS)
    assert response.status_code == 302
    assert str(job.pk) in response["Location"]


@pytest.mark.parametrize(
    "data",
    [
        {"year_end-day": "31", "year_end-month": "", "year_end-year": "2026"},
        {"year_end": "2027-01-01"},
        {"year_end": "2026-03-31", "format": "pdf"},
    ],
)
def test_the_form_shows_errors(rf, performance_officer, data):
    assert post(rf, performance_officer, data).status_code == 400
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "manager"])
def test_the_form_refuses_other_roles(rf, request, persona):
    with pytest.raises(PermissionDenied):
        post(rf, request.getfixturevalue(persona), {"year_end": "2026-03-31"})
