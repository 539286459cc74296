"""Journey: a worker opens the family's copy of an assessment, prints it (the print style sheet
leaves only the document), asks for the PDF and downloads it; every page passes axe and the
drawings' styles pass the Content Security Policy (no console errors).

Screenshots of the page on screen and as printed are kept in test-output/assessments/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from casework.core.models import ExportJob, ExportStatus
from tests.assessments.test_family_document import (  # noqa: F401  (fixtures)
    ANALYSIS,
    HIDDEN_ADDRESS,
    OUTPUT,
    assessment,
    family,
    pdf_text,
    print_url,
)
from tests.browser.conftest import axe_check, sign_in
from tests.casework.api_support import case, referral  # noqa: F401  (fixtures)
from tests.casework.conftest import school_contact, siblings  # noqa: F401  (fixtures)
from tests.factories.assessments import template  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.poppler,
]


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_worker_prints_the_family_copy_and_downloads_its_pdf(page, allocated_worker, assessment):  # noqa: F811
    OUTPUT.mkdir(parents=True, exist_ok=True)

    # Given the allocated worker on the family's copy of Ava's assessment
    sign_in(page, allocated_worker)
    page.goto(print_url(assessment))
    expect(page.locator("h1")).to_have_text("Assessment of Ava Smith")
    expect(page.get_by_role("heading", name="Analysis")).to_be_visible()
    expect(page.get_by_text(ANALYSIS)).to_be_visible()
    expect(page.locator("figure svg").first).to_be_visible()
    assert HIDDEN_ADDRESS not in page.content()
    page.screenshot(path=str(OUTPUT / "print-page-screen.png"), full_page=True)
    axe_check(page, name="the family's copy")

    # When it is printed, only the document is left
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Download as PDF")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    page.screenshot(path=str(OUTPUT / "print-page-printed.png"), full_page=True)
    page.emulate_media(media="screen")

    # When they ask for the PDF (the job runs at once: no broker in tests)
    page.get_by_role("button", name="Download as PDF").click()

    # Then the export page offers the file, and it is the family's copy
    expect(page.locator("h1")).to_have_text("Assessment: the family's copy (PDF)")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE, job.error
    link = page.get_by_role("link", name=f"Download {job.filename}")
    expect(link).to_be_visible()
    axe_check(page, name="the PDF export")
    with page.expect_download() as info:
        link.click()
    text = pdf_text(Path(info.value.path()).read_bytes())
    assert "Assessment of Ava Smith" in text and ANALYSIS in text and HIDDEN_ADDRESS not in text
    assert page.console_errors == []
