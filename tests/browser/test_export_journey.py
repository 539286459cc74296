"""Journey: a performance officer starts the people export on the Performance page, watches its
progress bar (polled by htmx) reach done, and downloads the file; every page passes axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casework.core import exports
from casework.core.models import AccessLog, ExportJob
from families.models import Person
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_back(monkeypatch):
    """Keep started jobs queued (no broker in the test server), so the test decides when each
    runs and the page is seen polling first."""
    queued: list[tuple] = []
    monkeypatch.setattr(exports, "_enqueue", lambda job_id, run_id: queued.append((job_id, run_id)))
    return queued


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip


def test_performance_officer_exports_people_and_downloads_the_file(page, performance_officer, held_back):
    Person.objects.create(first_name="Ava", last_name="Stone", la_child_id="B00001")
    Person.objects.create(first_name="Ben", last_name="Stone", la_child_id="B00002")

    # Given a performance officer on the Performance page
    sign_in(page, performance_officer)
    page.get_by_role("link", name="Performance").click()
    expect(page.locator("h1")).to_have_text("Performance")
    axe_check(page, name="Performance")

    # When they start the people export
    page.get_by_role("button", name="Start export: People: structured fields (CSV)").click()

    # Then the job page shows its progress, polled without counting as activity
    expect(page.locator("h1")).to_have_text("People: structured fields (CSV)")
    expect(page.locator("progress#export-progress")).to_have_attribute("value", "0")
    expect(page.get_by_text("0% done")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Refresh"))).to_be_visible()
    axe_check(page, name="export job, waiting")

    # When the background job runs
    job = ExportJob.objects.get()
    assert held_back == [(job.pk, job.run_id)]
    exports.export_run(job.pk, job.run_id)

    # Then the page, polling, reaches done and offers the file
    job.refresh_from_db()
    download_link = page.get_by_role("link", name=f"Download {job.filename}")
    expect(download_link).to_be_visible(timeout=10_000)
    expect(page.locator("progress")).to_have_count(0)
    axe_check(page, name="export job, done")

    # And the file downloads, with one row per person
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == job.filename
    lines = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,la_child_id,first_name,last_name")
    assert len(lines) == 3
    assert AccessLog.objects.filter(user=performance_officer, action="download").count() == 1

    # And the Performance page lists the finished export
    page.goto("/performance/")
    expect(page.get_by_role("link", name=re.compile("People: structured fields"))).to_be_visible()
    expect(page.get_by_text("Ready")).to_be_visible()
    assert page.console_errors == []
    axe_check(page, name="Performance, with a finished export")
