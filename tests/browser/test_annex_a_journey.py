"""Journey: a performance officer makes Ofsted Annex A from the Performance page (year end and
format), watches the job, downloads the workbook and opens it; a wrong date is shown as an error.
Every page passes axe."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework import services
from casework.core import exports
from casework.core.models import ExportJob
from tests.browser.conftest import axe_check, sign_in
from tests.casework.conftest import school_contact, siblings  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held_back(monkeypatch):
    queued: list[tuple] = []
    monkeypatch.setattr(exports, "_enqueue", lambda job_id, run_id: queued.append((job_id, run_id)))
    return queued


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip


def test_performance_officer_makes_annex_a_and_opens_the_workbook(
    page,
    performance_officer,
    front_door_worker,
    school_contact,  # noqa: F811
    siblings,  # noqa: F811
    north,
    held_back,
):
    # Ava and Sam, referred today by their school: two contacts and two referrals in Annex A.
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    today = timezone.localdate()
    sign_in(page, performance_officer)
    page.goto("/performance/")
    expect(page.locator("#annex-a")).to_have_text("Ofsted Annex A")
    axe_check(page, name="Performance, with the Annex A form")

    # A date in the future is refused, with the error shown
    page.fill("#year_end-day", "1")
    page.fill("#year_end-month", "1")
    page.fill("#year_end-year", str(today.year + 1))
    page.get_by_role("button", name="Make Annex A").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot end in the future")
    axe_check(page, name="Performance, Annex A error")
    assert not ExportJob.objects.exists()

    # The 12 months ending today, as a spreadsheet
    page.fill("#year_end-day", str(today.day))
    page.fill("#year_end-month", str(today.month))
    page.fill("#year_end-year", str(today.year))
    page.get_by_label("Spreadsheet (XLSX)").check()
    page.get_by_role("button", name="Make Annex A").click()
    expect(page.locator("progress#export-progress")).to_have_attribute("value", "0")
    job = ExportJob.objects.get()
    assert job.kind == "annex_a"
    exports.export_run(job.pk, job.run_id)
    job.refresh_from_db()
    download = page.get_by_role("link", name=f"Download {job.filename}")
    expect(download).to_be_visible(timeout=15_000)
    axe_check(page, name="Annex A job, done")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == job.filename
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames[:2] == ["List 1", "List 2"]
    ids = sorted(r[0] for r in list(book["List 3"].iter_rows(values_only=True))[1:])
    assert ids == sorted([siblings["ava"].la_child_id, siblings["sam"].la_child_id])
    assert [e for e in page.console_errors if "status of 400" not in e] == []  # the refused date
