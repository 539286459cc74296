"""Export pages: the job page (progress polled by htmx, Refresh without JavaScript, Download when
done, the reason and Try again when failed) and the Performance page that starts exports."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from casework.core import exports
from casework.core.exports import ExportError, export_request, export_run
from casework.core.middleware import LAST_ACTIVITY_KEY
from casework.core.models import ExportJob, ExportStatus
from casework.core.navigation import items_for
from tests.core.test_exports import register, write_lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip


def page(client, user, path: str):
    client.force_login(user)
    response = client.get(path)
    return response, response.content.decode()


def test_a_queued_job_shows_a_progress_bar_polled_by_htmx_and_a_refresh_link(client, performance_officer):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=45)
    response, html = page(client, performance_officer, f"/exports/{job.pk}/")
    assert response.status_code == 200
    assert "People: structured fields (CSV)" in html
    assert '<progress id="export-progress" class="cw-progress" max="100" value="45">' in html
    assert "45% done" in html
    assert f'hx-get="/exports/{job.pk}/status/" hx-trigger="every 2s"' in html
    assert """hx-headers='{"X-Casework-Passive": "1"}'""" in html
    assert re.search(rf'<a class="govuk-link" href="/exports/{job.pk}/">Refresh', html)
    assert "Try again" not in html


def test_the_status_fragment_stops_polling_when_done_and_offers_the_download(client, performance_officer):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    export_run(job.pk, job.run_id)
    job.refresh_from_db()
    response, html = page(client, performance_officer, f"/exports/{job.pk}/status/")
    assert response.status_code == 200
    assert "hx-trigger" not in html
    assert html.lstrip().startswith('<div id="export-status"')
    assert f'href="/exports/{job.pk}/download/">Download {job.filename}</a>' in html
    assert "<html" not in html


def test_polling_does_not_count_as_activity(client, performance_officer):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    client.force_login(performance_officer)
    client.get("/performance/")
    before = client.session[LAST_ACTIVITY_KEY]
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        client.get(f"/exports/{job.pk}/status/", HTTP_X_CASEWORK_PASSIVE="1")
    assert client.session[LAST_ACTIVITY_KEY] == before


def test_a_failed_job_shows_the_reason_and_try_again_runs_it_again(
    monkeypatch, client, performance_officer, django_capture_on_commit_callbacks
):
    register(monkeypatch, lambda context: (_ for _ in ()).throw(ExportError("The census year has not ended.")))
    job = export_request(by=performance_officer, kind="test_lines", parameters={})
    export_run(job.pk, job.run_id)
    response, html = page(client, performance_officer, f"/exports/{job.pk}/")
    assert "The census year has not ended." in html
    assert f'action="/exports/{job.pk}/rerun/"' in html
    assert "Try again" in html

    register(monkeypatch, write_lines)  # fixed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/exports/{job.pk}/rerun/")
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


def test_try_again_on_a_done_job_changes_nothing(client, performance_officer):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    export_run(job.pk, job.run_id)
    run_id = ExportJob.objects.get(pk=job.pk).run_id
    client.force_login(performance_officer)
    response = client.post(f"/exports/{job.pk}/rerun/", follow=True)
    assert "can be tried again only if it failed" in response.content.decode()
    assert ExportJob.objects.get(pk=job.pk).run_id == run_id


def test_a_stale_running_job_offers_try_again(client, performance_officer, settings):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    long_ago = timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=30, progress_at=long_ago)
    _, html = page(client, performance_officer, f"/exports/{job.pk}/")
    assert "has not made progress for more than" in html
    assert "Try again" in html


def test_another_users_job_page_is_404(client, performance_officer, manager):
    job = export_request(by=performance_officer, kind="people_csv", parameters={})
    for path in (f"/exports/{job.pk}/", f"/exports/{job.pk}/status/"):
        assert page(client, manager, path)[0].status_code == 404
    assert client.post(f"/exports/{job.pk}/rerun/").status_code == 404


# --- The Performance page ---------------------------------------------------------------------


def test_performance_officer_sees_the_people_export_and_starts_it(
    client, performance_officer, django_capture_on_commit_callbacks
):
    response, html = page(client, performance_officer, "/performance/")
    assert response.status_code == 200
    assert "People: structured fields (CSV)" in html
    assert '<input type="hidden" name="kind" value="people_csv">' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/performance/exports/", {"kind": "people_csv"})
    job = ExportJob.objects.get()
    assert (job.kind, job.requested_by, job.status) == ("people_csv", performance_officer, ExportStatus.DONE)
    assert response["Location"] == f"/exports/{job.pk}/"
    _, html = page(client, performance_officer, "/performance/")
    assert f'href="/exports/{job.pk}/"' in html
    assert "Ready" in html


def test_starting_an_unknown_export_shows_the_error_summary(client, performance_officer):
    client.force_login(performance_officer)
    response = client.post("/performance/exports/", {"kind": "no_such_kind"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "manager"])
def test_auditors_and_managers_see_the_page_but_not_the_people_export(client, request, persona):
    response, html = page(client, request.getfixturevalue(persona), "/performance/")
    assert response.status_code == 200
    assert "There are no exports you can start here." in html
    assert client.post("/performance/exports/", {"kind": "people_csv"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_a_social_worker_gets_403_for_the_performance_page(client, allocated_worker):
    assert page(client, allocated_worker, "/performance/")[0].status_code == 403
    assert client.post("/performance/exports/", {"kind": "people_csv"}).status_code == 403


def test_performance_is_in_the_menu_for_officers_auditors_and_managers_only(
    performance_officer, auditor, manager, allocated_worker
):
    def labels(user):
        return [item["text"] for item in items_for(user, "/performance/")]

    for user in (performance_officer, auditor, manager):
        assert "Performance" in labels(user)
    assert "Performance" not in labels(allocated_worker)
    assert next(i for i in items_for(performance_officer, "/performance/") if i["text"] == "Performance")["active"]


def test_the_performance_page_query_count_does_not_grow_with_jobs(
    client, performance_officer, django_assert_max_num_queries
):
    client.force_login(performance_officer)
    export_request(by=performance_officer, kind="people_csv", parameters={})
    with django_assert_max_num_queries(12) as few:
        client.get("/performance/")
    for _ in range(5):
        export_request(by=performance_officer, kind="people_csv", parameters={})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/performance/")


def test_the_registry_offers_kinds_without_parameters_to_those_allowed(performance_officer, allocated_worker):
    assert [k.kind for k in exports.export_kinds_to_start(user=performance_officer)] == ["people_csv"]
    assert exports.export_kinds_to_start(user=allocated_worker) == []
