"""Export jobs: the registry, the job's life (queued, running, done or failed, rerun), rights
re-checked when a job runs and when its file is fetched, downloads logged and expiring, the
people_csv kind (structured fields only), and the API (API.md "Exports")."""

from __future__ import annotations

import csv
import io
import itertools
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from casework.core import exports
from casework.core.access import require_role
from casework.core.errors import Conflict
from casework.core.exports import (
    ExportContext,
    ExportError,
    ExportExpired,
    ExportKind,
    export_for_download,
    export_purge_expired,
    export_request,
    export_rerun,
    export_run,
)
from casework.core.models import AccessLog, ExportJob, ExportStatus, Role
from families import exports as people_exports
from families.models import Person, PersonWarning, WarningKind

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    """Files go to a folder of this test's own."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip
    return tmp_path / "media"


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def person(first: str, last: str, **extra) -> Person:
    return Person.objects.create(first_name=first, last_name=last, la_child_id=f"T{next(_numbers):05d}", **extra)


def register(monkeypatch, build, *, kind="test_lines", authority_wide=False, roles=(Role.PERFORMANCE_OFFICER,)):
    """Register a kind for this test only."""

    def check_permission(user, parameters):
        require_role(user, *roles)

    entry = ExportKind(
        kind=kind,
        label=f"Test: {kind}",
        build=build,
        check_permission=check_permission,
        validate_parameters=exports.no_parameters,
        content_type="text/plain; charset=utf-8",
        filename=f"{kind}.txt",
        authority_wide=authority_wide,
    )
    monkeypatch.setitem(exports._registry, kind, entry)
    return entry


def write_lines(context: ExportContext) -> None:
    with context.text() as out:
        for n in range(1, 5):
            out.write(f"line {n}\n")
            context.progress_of(n, 4)


def run(job: ExportJob) -> ExportJob:
    export_run(job.pk, job.run_id)
    job.refresh_from_db()
    return job


def content(job: ExportJob) -> bytes:
    with default_storage.open(job.file.name, "rb") as handle:
        return handle.read()


# --- The job's life -------------------------------------------------------------------------


def test_job_goes_from_queued_through_running_with_progress_to_done(monkeypatch, performance_officer, settings):
    seen = []

    def build(context):
        with context.text() as out:
            for n in range(1, 5):
                out.write(f"line {n}\n")
                context.progress_of(n, 4)
                row = ExportJob.objects.get(pk=context.job.pk)
                seen.append((row.status, row.progress))

    register(monkeypatch, build)
    settings.EXPORT_EXPIRY_HOURS = 6
    job = export_request(by=performance_officer, kind="test_lines", parameters={})
    assert (job.status, job.progress, job.attempts) == (ExportStatus.QUEUED, 0, 0)
    assert job.run_id is not None

    job = run(job)

    assert seen == [("running", 25), ("running", 50), ("running", 75), ("running", 99)]
    assert (job.status, job.progress, job.attempts, job.error) == (ExportStatus.DONE, 100, 1, "")
    assert content(job) == b"line 1\nline 2\nline 3\nline 4\n"
    assert (job.filename, job.content_type) == ("test_lines.txt", "text/plain; charset=utf-8")
    assert job.started_at <= job.finished_at
    assert job.expires_at == job.finished_at + timedelta(hours=6)


def test_the_task_is_sent_after_commit_to_the_configured_queue(
    monkeypatch, performance_officer, settings, django_capture_on_commit_callbacks
):
    register(monkeypatch, write_lines)
    settings.EXPORT_QUEUE = "exports-test"
    sent = []
    from casework.core import tasks

    monkeypatch.setattr(tasks.run_export, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_request(by=performance_officer, kind="test_lines", parameters={})
    assert sent == []  # nothing is sent before the job is committed
    callbacks[0]()
    assert sent == [{"args": [str(job.pk), str(job.run_id)], "queue": "exports-test"}]


def test_a_broker_that_cannot_be_reached_fails_the_job_with_a_reason(
    monkeypatch, performance_officer, django_capture_on_commit_callbacks
):
    register(monkeypatch, write_lines)
    from casework.core import tasks

    def unreachable(**kwargs):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(tasks.run_export, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(by=performance_officer, kind="test_lines", parameters={})
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error == exports.NOT_QUEUED


def test_without_a_broker_the_job_runs_in_process(monkeypatch, performance_officer, django_capture_on_commit_callbacks):
    register(monkeypatch, write_lines)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_request(by=performance_officer, kind="test_lines", parameters={})
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


def test_a_build_that_raises_fails_the_job_with_the_reason_and_no_file(
    monkeypatch, performance_officer, export_storage
):
    def build(context):
        context.progress(40)
        raise ExportError("The census year has not ended yet.")

    register(monkeypatch, build)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    assert job.status == ExportStatus.FAILED
    assert job.error == "The census year has not ended yet."
    assert (job.file.name, job.filename, job.progress) == ("", "", 40)
    assert job.finished_at is not None
    assert stored_files(export_storage) == []


def test_an_unexpected_error_is_reported_in_plain_words(monkeypatch, performance_officer):
    def build(context):
        raise RuntimeError("the disk is full")

    register(monkeypatch, build)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    assert job.status == ExportStatus.FAILED
    assert job.error == "The export could not be finished because of an error: the disk is full."
    assert "Traceback" not in job.error


def test_a_failed_job_is_run_again_to_done(monkeypatch, performance_officer):
    attempts = itertools.count(1)

    def flaky(context):
        if next(attempts) == 1:
            raise ExportError("The records were being changed; try again.")
        write_lines(context)

    register(monkeypatch, flaky)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    assert job.status == ExportStatus.FAILED
    first_run = job.run_id

    job = export_rerun(by=performance_officer, job=job)
    assert (job.status, job.progress, job.error) == (ExportStatus.QUEUED, 0, "")
    assert job.run_id != first_run

    export_run(job.pk, first_run)  # the old run's message, delivered late: ignored
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED

    job = run(job)
    assert (job.status, job.attempts) == (ExportStatus.DONE, 2)
    assert content(job) == b"line 1\nline 2\nline 3\nline 4\n"


def test_a_run_whose_run_id_is_not_current_does_nothing(monkeypatch, performance_officer):
    built = []
    register(monkeypatch, lambda context: built.append(context))
    job = export_request(by=performance_officer, kind="test_lines", parameters={})
    export_run(job.pk, uuid.uuid4())
    job.refresh_from_db()
    assert (job.status, job.attempts, job.started_at) == (ExportStatus.QUEUED, 0, None)
    assert built == []


def test_a_job_already_done_is_not_rebuilt(monkeypatch, performance_officer):
    built = []

    def build(context):
        built.append(1)
        write_lines(context)

    register(monkeypatch, build)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    name = job.file.name
    job = run(job)  # the same message delivered twice
    assert built == [1]
    assert (job.status, job.file.name, job.attempts) == (ExportStatus.DONE, name, 1)


def test_a_run_superseded_while_building_stops_and_leaves_no_file(monkeypatch, performance_officer, export_storage):
    def build(context):
        context.progress(10)
        ExportJob.objects.filter(pk=context.job.pk).update(run_id=uuid.uuid4())  # rerun elsewhere
        context.progress(20)
        raise AssertionError("progress() should have stopped this run")

    register(monkeypatch, build)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    assert (job.status, job.progress, job.error) == (ExportStatus.RUNNING, 10, "")
    assert stored_files(export_storage) == []


def test_a_run_superseded_after_building_deletes_its_file(monkeypatch, performance_officer, export_storage):
    def build(context):
        write_lines(context)
        ExportJob.objects.filter(pk=context.job.pk).update(run_id=uuid.uuid4())

    register(monkeypatch, build)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    assert job.status == ExportStatus.RUNNING
    assert job.file.name == ""
    assert stored_files(export_storage) == []


def test_a_running_job_can_be_rerun_only_once_it_has_gone_quiet(monkeypatch, performance_officer, settings):
    register(monkeypatch, write_lines)
    settings.EXPORT_STALE_MINUTES = 15
    job = export_request(by=performance_officer, kind="test_lines", parameters={})
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=45, progress_at=timezone.now())
    job.refresh_from_db()
    with pytest.raises(Conflict):
        export_rerun(by=performance_officer, job=job)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        job = export_rerun(by=performance_officer, job=job)
    assert (job.status, job.progress) == (ExportStatus.QUEUED, 0)
    assert run(job).status == ExportStatus.DONE


def test_a_done_job_cannot_be_rerun(monkeypatch, performance_officer):
    register(monkeypatch, write_lines)
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    with pytest.raises(Conflict):
        export_rerun(by=performance_officer, job=job)


def test_only_the_requester_may_rerun(monkeypatch, performance_officer):
    from tests.factories import UserFactory

    register(monkeypatch, lambda context: (_ for _ in ()).throw(ExportError("no")))
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    other = UserFactory(role=Role.PERFORMANCE_OFFICER)
    with pytest.raises(PermissionDenied):
        export_rerun(by=other, job=job)


# --- Rights re-checked when the job runs ------------------------------------------------------


def test_a_requester_who_lost_their_role_before_the_run_gets_a_failed_job_and_no_file(
    performance_officer, export_storage
):
    person("Ava", "Stone")
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    performance_officer.role = Role.SOCIAL_WORKER
    performance_officer.save()
    job = run(job)
    assert job.status == ExportStatus.FAILED
    assert job.error == exports.RIGHTS_LOST
    assert stored_files(export_storage) == []
    assert not AccessLog.objects.filter(action="export").exists()


def test_a_requester_whose_account_was_closed_gets_a_failed_job(performance_officer):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    performance_officer.is_active = False
    performance_officer.save()
    assert run(job).error == exports.REQUESTER_INACTIVE


def test_unknown_kind_and_parameters_are_refused_naming_the_field(performance_officer):
    with pytest.raises(ValidationError) as unknown:
        export_request(by=performance_officer, kind="no_such_kind", parameters={})
    assert "kind" in unknown.value.message_dict
    with pytest.raises(ValidationError) as extra:
        export_request(by=performance_officer, kind="people_csv", parameters={"team": "North"})
    assert extra.value.message_dict == {"team": ["This export takes no such parameter."]}
    assert not ExportJob.objects.exists()


def test_people_csv_is_refused_for_a_social_worker(allocated_worker):
    with pytest.raises(PermissionDenied):
        export_request(by=allocated_worker, kind="people_csv", parameters={})
    assert not ExportJob.objects.exists()


# --- Downloads --------------------------------------------------------------------------------


@pytest.fixture
def done_people_csv(performance_officer):
    person("Ava", "Stone")
    return run(export_request(by=performance_officer, kind="people_csv", parameters={}))


def test_the_requester_downloads_the_file_with_safe_headers_and_it_is_logged(
    client, performance_officer, done_people_csv
):
    client.force_login(performance_officer)
    response = client.get(f"/exports/{done_people_csv.pk}/download/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # the test client closes the file at the end
    assert body.decode("utf-8-sig").startswith("id,la_child_id,first_name")
    assert response["Content-Disposition"] == f'attachment; filename="{done_people_csv.filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    row = AccessLog.objects.get(action="download")
    assert (row.user, row.what, row.path) == (
        performance_officer,
        f"Downloaded export: {done_people_csv.filename}",
        f"/exports/{done_people_csv.pk}/download/",
    )


@pytest.mark.parametrize("persona", ["auditor", "manager", "allocated_worker"])
def test_anyone_else_gets_404_for_a_job_that_is_not_an_authority_wide_return(client, request, persona, done_people_csv):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/exports/{done_people_csv.pk}/download/").status_code == 404
    assert client.get(f"/exports/{done_people_csv.pk}/").status_code == 404
    assert not AccessLog.objects.filter(action="download").exists()


def test_another_performance_officer_gets_404_for_someone_elses_people_csv(client, done_people_csv):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.PERFORMANCE_OFFICER))
    assert client.get(f"/exports/{done_people_csv.pk}/download/").status_code == 404


def test_an_authority_wide_return_may_be_downloaded_by_other_performance_officers_and_auditors(
    monkeypatch, client, performance_officer, auditor, manager
):
    from tests.factories import UserFactory

    register(
        monkeypatch,
        write_lines,
        kind="test_return",
        authority_wide=True,
        roles=(Role.PERFORMANCE_OFFICER, Role.AUDITOR),
    )
    job = run(export_request(by=performance_officer, kind="test_return", parameters={}))
    for user in (UserFactory(role=Role.PERFORMANCE_OFFICER), auditor):
        client.force_login(user)
        response = client.get(f"/exports/{job.pk}/download/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"line 1\nline 2\nline 3\nline 4\n"
    client.force_login(manager)
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert AccessLog.objects.filter(action="download").count() == 2


def test_rights_are_checked_again_when_the_file_is_fetched(client, performance_officer, done_people_csv):
    performance_officer.role = Role.TEAM_MANAGER
    performance_officer.save()
    client.force_login(performance_officer)
    assert client.get(f"/exports/{done_people_csv.pk}/download/").status_code == 403
    assert not AccessLog.objects.filter(action="download").exists()


def test_an_expired_file_answers_410(client, performance_officer, done_people_csv):
    with time_machine.travel(done_people_csv.expires_at + timedelta(seconds=1)):
        client.force_login(performance_officer)
        response = client.get(f"/exports/{done_people_csv.pk}/download/")
        assert response.status_code == 410
        assert "This file has expired" in response.content.decode()
        with pytest.raises(ExportExpired):
            export_for_download(user=performance_officer, job_id=done_people_csv.pk)
    assert not AccessLog.objects.filter(action="download").exists()


def test_a_job_that_is_not_done_has_no_file(monkeypatch, client, performance_officer):
    register(monkeypatch, write_lines)
    job = export_request(by=performance_officer, kind="test_lines", parameters={})
    client.force_login(performance_officer)
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_expired_files_are_purged_and_the_job_kept(done_people_csv, export_storage):
    assert export_purge_expired() == 0
    assert export_purge_expired(now=done_people_csv.expires_at) == 1
    done_people_csv.refresh_from_db()
    assert (done_people_csv.status, done_people_csv.file.name) == (ExportStatus.DONE, "")
    assert stored_files(export_storage) == []


# --- people_csv -------------------------------------------------------------------------------


def read_csv(job: ExportJob) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content(job).decode("utf-8-sig"))))


def test_people_csv_holds_exactly_the_structured_columns_and_never_narrative(performance_officer, allocated_worker):
    ava = person(
        "Ava",
        "Stone",
        known_as="Avie",
        date_of_birth="2015-04-01",
        sex="F",
        ethnicity="WBRI",
        disabilities=["HAND", "HEAR"],
        nhs_number="9434765919",
        first_language="English",
        interpreter_needed=True,
        communication_needs="SECRET-COMMS uses Makaton",
        gender_identity="SECRET-GENDER",
        religion="SECRET-RELIGION",
        immigration_status="SECRET-IMMIGRATION",
        aliases=["SECRET-ALIAS"],
        previous_cp_plans_elsewhere=2,
    )
    PersonWarning.objects.create(
        person=ava, kind=WarningKind.VIOLENCE, detail="SECRET-WARNING dog", from_date="2024-01-01"
    )
    person("Ben", "Stone", expected_date_of_birth="2030-01-01", sex="U")

    job = run(export_request(by=performance_officer, kind="people_csv", parameters={}))

    raw = content(job).decode("utf-8-sig")
    assert "SECRET" not in raw
    rows = read_csv(job)
    assert list(rows[0]) == people_exports.COLUMNS
    assert people_exports.COLUMNS == [
        "id", "la_child_id", "first_name", "last_name", "known_as", "date_of_birth", "date_of_birth_estimated",
        "expected_date_of_birth", "date_of_death", "sex", "ethnicity", "disabilities", "nhs_number", "upn",
        "upn_unknown", "first_language", "interpreter_needed", "uasc", "is_child", "previous_cp_plans_elsewhere",
    ]  # fmt: skip
    by_name = {row["first_name"]: row for row in rows}
    assert by_name["Ava"] | {"id": "", "la_child_id": ""} == {
        "id": "", "la_child_id": "", "first_name": "Ava", "last_name": "Stone", "known_as": "Avie",
        "date_of_birth": "2015-04-01", "date_of_birth_estimated": "false", "expected_date_of_birth": "",
        "date_of_death": "", "sex": "F", "ethnicity": "WBRI", "disabilities": "HAND;HEAR",
        "nhs_number": "9434765919", "upn": "", "upn_unknown": "", "first_language": "English",
        "interpreter_needed": "true", "uasc": "false", "is_child": "true", "previous_cp_plans_elsewhere": "2",
    }  # fmt: skip
    assert by_name["Ava"]["id"] == str(ava.pk)
    assert by_name["Ben"]["is_child"] == "true"  # unborn
    assert job.filename == f"people-{timezone.localdate():%Y-%m-%d}.csv"


def test_people_csv_leaves_out_restricted_records_unless_the_officer_is_named(performance_officer):
    person("Open", "Record")
    hidden = person("Hidden", "Record", restricted=True)
    named = person("Named", "Record", restricted=True)
    named.restricted_to.add(performance_officer)

    job = run(export_request(by=performance_officer, kind="people_csv", parameters={}))

    assert sorted(row["first_name"] for row in read_csv(job)) == ["Named", "Open"]
    assert str(hidden.pk) not in content(job).decode()
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.what, log.person) == (performance_officer, "People CSV export: 2 people", None)


def test_people_csv_neutralises_spreadsheet_formulas(performance_officer):
    person('=HYPERLINK("http://x")', "Stone")
    job = run(export_request(by=performance_officer, kind="people_csv", parameters={}))
    assert read_csv(job)[0]["first_name"] == '\'=HYPERLINK("http://x")'


def test_people_csv_streams_in_chunks_and_reports_progress_every_n_rows(monkeypatch, performance_officer):
    for n in range(10):
        person(f"Child{n}", "Stone")
    monkeypatch.setattr(people_exports, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(people_exports, "CHUNK_SIZE", 3)
    reported = []
    original = ExportContext.progress
    monkeypatch.setattr(ExportContext, "progress", lambda self, p: (reported.append(int(p)), original(self, p)))
    job = run(export_request(by=performance_officer, kind="people_csv", parameters={}))
    assert reported == [20, 40, 60, 80, 100]
    assert len(read_csv(job)) == 10
    assert job.progress == 100


def test_people_csv_query_count_does_not_grow_with_people(performance_officer, django_assert_max_num_queries):
    person("First", "Stone")
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    with django_assert_max_num_queries(20) as few:
        export_run(job.pk, job.run_id)
    for n in range(15):
        person(f"Child{n}", "Stone")
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    with django_assert_max_num_queries(len(few.captured_queries)):
        export_run(job.pk, job.run_id)


# --- API --------------------------------------------------------------------------------------


def test_api_post_answers_202_and_get_shows_status_progress_and_download_url(api_as, performance_officer):
    person("Ava", "Stone")
    api = api_as(performance_officer)
    response = api.post("/api/v1/exports/", {"kind": "people_csv"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "kind", "status"}
    assert body["kind"] == "people_csv"
    job = ExportJob.objects.get(pk=body["id"])
    assert body["status"] == job.status

    detail = api.get(f"/api/v1/exports/{job.pk}/").json()
    assert {"id", "kind", "status", "progress", "error", "download_url"} <= set(detail)
    assert detail["download_url"] is None or detail["status"] == "done"
    run(job)
    detail = api.get(f"/api/v1/exports/{job.pk}/").json()
    assert (detail["status"], detail["progress"], detail["error"]) == ("done", 100, "")
    assert detail["download_url"] == f"http://testserver/api/v1/exports/{job.pk}/download/"

    download = api.get(detail["download_url"], HTTP_ACCEPT="text/csv")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode("utf-8-sig").count("\n") == 2
    assert download["Content-Disposition"].startswith("attachment;")
    assert AccessLog.objects.filter(action="download", user=performance_officer).count() == 1


def test_api_bad_kind_or_parameters_answer_400_with_field_errors(api_as, performance_officer):
    api = api_as(performance_officer)
    assert api.post("/api/v1/exports/", {"kind": "nope"}, format="json").json().keys() == {"kind"}
    assert api.post("/api/v1/exports/", {}, format="json").json().keys() == {"kind"}
    extra = api.post("/api/v1/exports/", {"kind": "people_csv", "year_end": "2026-03-31"}, format="json")
    assert (extra.status_code, extra.json()) == (400, {"year_end": ["This export takes no such parameter."]})
    listed = api.post("/api/v1/exports/", [1, 2], format="json")
    assert listed.status_code == 400
    assert not ExportJob.objects.exists()


def test_api_people_csv_is_403_for_a_social_worker(api_as, allocated_worker):
    response = api_as(allocated_worker).post("/api/v1/exports/", {"kind": "people_csv"}, format="json")
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_api_another_users_job_is_404(api_as, done_people_csv, manager):
    api = api_as(manager)
    assert api.get(f"/api/v1/exports/{done_people_csv.pk}/").status_code == 404
    assert api.get(f"/api/v1/exports/{done_people_csv.pk}/download/").status_code == 404
    assert api.post(f"/api/v1/exports/{done_people_csv.pk}/rerun/").status_code == 404
    assert api.get(f"/api/v1/exports/{uuid.uuid4()}/").status_code == 404


def test_api_lists_only_the_users_own_jobs_paginated(api_as, performance_officer, done_people_csv):
    from tests.factories import UserFactory

    other = UserFactory(role=Role.PERFORMANCE_OFFICER)
    export_request(by=other, kind="people_csv", parameters={})
    export_request(by=performance_officer, kind="people_csv", parameters={})
    body = api_as(performance_officer).get("/api/v1/exports/?page_size=1").json()
    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert body["next"] is not None
    assert {r["id"] for r in api_as(performance_officer).get("/api/v1/exports/").json()["results"]} == {
        str(pk) for pk in ExportJob.objects.filter(requested_by=performance_officer).values_list("pk", flat=True)
    }


def test_api_expired_download_is_410_and_rerun_of_a_done_job_is_409(api_as, performance_officer, done_people_csv):
    api = api_as(performance_officer)
    assert api.post(f"/api/v1/exports/{done_people_csv.pk}/rerun/").status_code == 409
    with time_machine.travel(done_people_csv.expires_at + timedelta(minutes=1)):
        assert api.get(f"/api/v1/exports/{done_people_csv.pk}/download/").status_code == 410
        assert api.get(f"/api/v1/exports/{done_people_csv.pk}/").json()["download_url"] is None


def test_api_rerun_of_a_failed_job_answers_202(monkeypatch, api_as, performance_officer):
    register(monkeypatch, lambda context: (_ for _ in ()).throw(ExportError("Not yet.")))
    job = run(export_request(by=performance_officer, kind="test_lines", parameters={}))
    response = api_as(performance_officer).post(f"/api/v1/exports/{job.pk}/rerun/")
    assert response.status_code == 202
    assert response.json()["status"] in ("queued", "failed")  # without a broker it has run again
