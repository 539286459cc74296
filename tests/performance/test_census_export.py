"""The ``cin_census`` export job: parameters, who may request and download it (PERMISSIONS.md
"CIN census": performance officers yes, auditors read and download, others 403), progress, the
file, the access log and the serial number."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from casework.core import exports
from casework.core.exports import export_kind, export_kinds_to_start, export_request, export_run
from casework.core.models import AccessLog, ExportJob, ExportStatus, Role
from performance.census import exports as census_exports
from tests.factories import UserFactory
from tests.performance.test_census_derive import build, london  # noqa: F401  (fixture)

D = datetime.date
pytestmark = pytest.mark.django_db


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


@pytest.fixture
def history(build):  # noqa: F811
    """Three children in the year ending 31 March 2026, one on a restricted record."""
    for n in range(3):
        child = build.child(restricted=n == 2, la_child_id=f"R{n}")
        episode = build.episode(child, D(2025, 5, 1 + n))
        build.assessment(episode, D(2025, 5, 5), authorised=london(D(2025, 6, 1)), factors=["3B"])
    return build


def test_the_kind_is_registered_as_an_authority_wide_return():
    entry = export_kind("cin_census")
    assert entry is not None
    assert entry.label == "Children in Need census (XML)"
    assert entry.authority_wide is True
    assert entry.content_type.startswith("application/xml")


def test_the_generic_start_button_does_not_offer_it(performance_officer):
    assert "cin_census" not in [k.kind for k in export_kinds_to_start(user=performance_officer)]


@time_machine.travel(datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({}, "31 March"),
        ({"year_end": "not a date"}, "31 March"),
        ({"year_end": "2026-03-30"}, "31 March"),
        ({"year_end": "2028-03-31"}, "one year"),
        ({"year_end": "2026-03-31", "team": "x"}, "no such parameter"),
    ],
)
def test_year_end_must_be_a_31_march_not_more_than_a_year_ahead(performance_officer, parameters, message):
    with pytest.raises(ValidationError) as raised:
        export_request(by=performance_officer, kind="cin_census", parameters=parameters)
    errors = raised.value.message_dict
    assert any(message in text for texts in errors.values() for text in texts)
    assert "year_end" in errors or "team" in errors


@time_machine.travel(datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC))
def test_next_years_census_may_be_asked_for(performance_officer):
    job = export_request(by=performance_officer, kind="cin_census", parameters={"year_end": "2027-03-31"})
    assert job.parameters == {"year_end": "2027-03-31"}
    assert census_exports.census_year_ends()[0] == D(2027, 3, 31)


@pytest.mark.parametrize("persona", ["auditor", "manager", "allocated_worker", "front_door_worker"])
def test_only_performance_officers_may_request_it(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        export_request(by=user, kind="cin_census", parameters={"year_end": "2026-03-31"})
    assert not census_exports.may_request_census(user)


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("manager", 403), ("allocated_worker", 403)])
def test_the_api_refuses_other_roles(api_as, request, persona, status):
    client = api_as(request.getfixturevalue(persona))
    response = client.post("/api/v1/exports/", {"kind": "cin_census", "year_end": "2026-03-31"}, format="json")
    assert response.status_code == status
    assert not ExportJob.objects.exists()


def test_the_api_takes_the_year_end(api_as, performance_officer):
    response = api_as(performance_officer).post(
        "/api/v1/exports/", {"kind": "cin_census", "year_end": "2026-03-31"}, format="json"
    )
    assert response.status_code == 202
    assert ExportJob.objects.get().parameters == {"year_end": "2026-03-31"}
    bad = api_as(performance_officer).post("/api/v1/exports/", {"kind": "cin_census"}, format="json")
    assert bad.status_code == 400


def test_the_job_reports_progress_and_its_file_is_the_census_xml(monkeypatch, history, performance_officer):
    reported: list[int] = []
    real = exports._report_progress

    def spy(job_id, run_id, percent):
        reported.append(percent)
        real(job_id, run_id, percent)

    monkeypatch.setattr(exports, "_report_progress", spy)
    monkeypatch.setattr(census_exports, "PROGRESS_EVERY", 1)
    job = run(export_request(by=performance_officer, kind="cin_census", parameters={"year_end": "2026-03-31"}))
    assert job.status == ExportStatus.DONE, job.error
    assert job.progress == 100
    assert reported == sorted(reported) and len(set(reported)) >= 3  # several steps, never backwards
    assert job.filename == "cin-census-201-2026.xml"
    assert job.content_type.startswith("application/xml")
    root = ET.fromstring(content(job))
    assert root.tag == "Message"
    assert [c.text for c in root.iter("LAchildID")] == ["R0", "R1", "R2"]  # the restricted child too
    assert root.find("Header/Source/LEA").text == "201"
    assert AccessLog.objects.filter(action="export", what__contains="census").count() == 1


def test_each_export_has_a_higher_serial_number(history, performance_officer):
    serials = []
    for _ in range(2):
        job = run(export_request(by=performance_officer, kind="cin_census", parameters={"year_end": "2026-03-31"}))
        serials.append(int(ET.fromstring(content(job)).find("Header/Source/SerialNo").text))
    assert serials[1] > serials[0]


def test_auditors_and_other_officers_download_the_officers_job_others_cannot(
    client, history, performance_officer, auditor, manager, allocated_worker
):
    job = run(export_request(by=performance_officer, kind="cin_census", parameters={"year_end": "2026-03-31"}))
    for user in (performance_officer, auditor, UserFactory(role=Role.PERFORMANCE_OFFICER)):
        client.force_login(user)
        response = client.get(f"/exports/{job.pk}/download/")
        assert response.status_code == 200
        assert ET.fromstring(b"".join(response.streaming_content)).tag == "Message"
    for user in (manager, allocated_worker):
        client.force_login(user)
        assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert AccessLog.objects.filter(action="download").count() == 3


def test_a_job_whose_requester_is_no_longer_a_performance_officer_is_not_made(history, performance_officer):
    job = export_request(by=performance_officer, kind="cin_census", parameters={"year_end": "2026-03-31"})
    performance_officer.role = Role.AUDITOR
    performance_officer.save()
    job = run(job)
    assert job.status == ExportStatus.FAILED
    assert job.error == exports.RIGHTS_LOST
    assert not job.file
