"""Journey (issue 12): a worker starts an Understanding Families assessment on a case, sees the
family pre-filled from the record, writes the child's story and the analysis and submits it; the
manager finds it on the team page, returns it with a reason; the worker finds it first on My work,
amends the analysis and submits again; the manager authorises it; the worker downloads the
family's PDF through the export job. Every page passes axe.

The PDF's pages are rendered to PNG with pdftoppm and kept, with the job's PDF, in
test-output/browser/assessments_journey/ (beside the screenshots of failed browser tests).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Assessment, AssessmentStatus
from casework import services as case_services
from casework.models import Case
from tests.browser.conftest import OUTPUT, axe_check, sign_in
from tests.casework.conftest import school_contact, siblings  # noqa: F401  (fixtures)
from tests.factories.assessments import bundled_template

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.poppler,
]

JOURNEY_OUTPUT = OUTPUT / "assessments_journey"
STORY = (
    "Ava is 10. She likes drawing and her friends at Mill Lane. She told me on her own that she is hungry "
    "some mornings and worries about Mum when the cupboards are empty."
)
ANALYSIS = "Ava is loved and Mum wants help. The food running out is the worry; with support Ava's needs can be met."
AMENDED = " Ava's teacher agrees: breakfast club has helped her settle this month."
RETURN_REASON = "Please add what Ava's teacher told you about breakfast club to the analysis."


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip


@pytest.fixture
def case(front_door_worker, school_contact, north, manager, allocated_worker):  # noqa: F811
    bundled_template()
    case_services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    case = Case.objects.get()
    case_services.case_allocate(by=manager, case=case, worker=allocated_worker)
    return case


@pytest.fixture
def manager_page(browser, live_server):
    """A second browser, for the manager signed in beside the worker."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def write_section(page, title: str, text: str, *, replace: bool = True) -> None:
    """From the assessment page: open a written section, type, save; back on the assessment."""
    page.locator(f"#section-{slug(title)}").get_by_role("link", name=re.compile(r"^(Write|Change)")).click()
    expect(page.locator("h1")).to_contain_text(title)
    box = page.locator("textarea[name=text]")
    if replace:
        box.fill(text)
    else:
        box.press("End")
        box.type(text)
    axe_check(page, name=f"section: {title}")
    page.locator("main form").get_by_role("button", name=re.compile(r"^Save")).first.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{title} is saved")


SLUGS = {"The child's profile and story": "child-profile", "Analysis": "analysis"}


def slug(title: str) -> str:
    return SLUGS[title]


def the_other_required_sections(assessment: Assessment, worker, ava) -> None:
    """What the journey does not type again: the other required sections and Ava's outcome
    (the section pages are the same pages the story and analysis use)."""
    assessment.refresh_from_db()
    services.assessment_update(
        user=worker,
        assessment=assessment,
        expected_version=assessment.version,
        sections={
            "reason-for-work": "Ava's school told us she comes in hungry three days a week.",
            "childs-views": "Ava said she would like breakfast club and for Mum to be less worried.",
            "what-happens-next": "A child in need plan: breakfast club, the food bank and help with budgeting.",
        },
        child_outcomes=[{"child": str(ava.pk), "factors": ["16A"], "requires_support": True}],
    )


def submit(page) -> None:
    page.get_by_role("button", name="Check and submit").click()
    expect(page.locator("h1")).to_have_text("Check the assessment before you submit it")
    expect(page.locator("[data-must-finish]")).to_have_count(0)
    axe_check(page, name="check and submit")
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The assessment is submitted")


def test_an_understanding_families_assessment_from_start_to_the_familys_pdf(
    page,
    manager_page,
    case,
    siblings,  # noqa: F811
    allocated_worker,
    manager,
):
    ava = siblings["ava"]
    for old in JOURNEY_OUTPUT.glob("*"):
        old.unlink()
    JOURNEY_OUTPUT.mkdir(parents=True, exist_ok=True)

    # Given the allocated worker on the Smith family's case
    sign_in(page, allocated_worker)
    page.goto(f"/cases/{case.pk}/")
    axe_check(page, name="the case")

    # When they start an Understanding Families assessment for Ava, proposing its time frame
    page.get_by_role("button", name="Start an assessment").click()
    expect(page.locator("h1")).to_have_text("Start an assessment")
    axe_check(page, name="start an assessment")
    page.get_by_label("Understanding Families").check()
    page.get_by_label("Ava Smith").check()
    due = timezone.localdate() + timezone.timedelta(days=35)
    page.fill("#due_date-day", str(due.day))
    page.fill("#due_date-month", str(due.month))
    page.fill("#due_date-year", str(due.year))
    page.fill("#timeframe_reason", "Five weeks: I will see Ava at home twice and hear from her school.")
    page.get_by_role("button", name=re.compile(r"^(Start|Save)")).click()

    # Then the assessment shows the family pre-filled from the record
    expect(page.locator("h1")).to_contain_text("Understanding Families")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The assessment has started")
    membership = page.locator("#section-family-membership")
    expect(membership).to_contain_text("Ava Smith")
    expect(page.locator("#section-household")).to_contain_text("Sam Smith")
    expect(page.locator("#section-address")).to_contain_text("1 Mill Lane")
    expect(membership.locator("[data-prefilled]")).to_contain_text("From the record, as it is today")
    axe_check(page, name="the assessment, a draft")
    assessment = Assessment.objects.get()
    assert [row.child_id for row in assessment.subjects.all()] == [ava.pk]

    # When they write Ava's story and the analysis, and the rest is written, and submit it
    write_section(page, "The child's profile and story", STORY)
    expect(page.locator("#section-child-profile")).to_contain_text("She told me on her own")
    write_section(page, "Analysis", ANALYSIS)
    the_other_required_sections(assessment, allocated_worker, ava)
    page.reload()
    page.screenshot(path=str(JOURNEY_OUTPUT / "01-draft.png"), full_page=True)
    submit(page)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    # Then the team's manager finds it on the team page, waiting for them
    sign_in(manager_page, manager)
    manager_page.goto(f"/teams/{case.team_id}/")
    awaiting = manager_page.locator("#assessments-awaiting")
    expect(awaiting).to_contain_text("Assessments awaiting authorisation")
    expect(awaiting).to_contain_text(allocated_worker.display_name)
    axe_check(manager_page, name="the team page, an assessment awaiting authorisation")

    # When the manager opens it and returns it with a reason
    awaiting.get_by_role("link", name="Ava Smith").click()
    expect(manager_page.locator("h1")).to_contain_text("Understanding Families")
    expect(manager_page.locator("#section-child-profile")).to_contain_text("She told me on her own")
    axe_check(manager_page, name="the assessment, submitted (manager)")
    manager_page.get_by_role("button", name="Return it to the worker").click()
    axe_check(manager_page, name="return the assessment")
    manager_page.fill("#reason", RETURN_REASON)
    manager_page.get_by_role("button", name="Return it to the worker").click()
    expect(manager_page.locator(".govuk-notification-banner")).to_contain_text("returned to the worker")

    # Then the worker finds it first in My assessments, with the reason, and amends the analysis
    page.goto("/")
    mine = page.locator("#my-assessments")
    expect(mine).to_contain_text(f"Returned to you: {RETURN_REASON}")
    axe_check(page, name="My work, an assessment returned")
    mine.get_by_role("link", name="Ava Smith").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text(RETURN_REASON)
    axe_check(page, name="the assessment, returned")
    write_section(page, "Analysis", ANALYSIS + AMENDED)
    expect(page.locator("#section-analysis")).to_contain_text("breakfast club has helped")
    submit(page)

    # When the manager authorises it, confirming Ava's primary need
    manager_page.goto(f"/assessments/{assessment.pk}/")
    manager_page.get_by_role("button", name="Authorise the assessment").click()
    axe_check(manager_page, name="authorise the assessment")
    manager_page.select_option(f"#primary_need_{ava.pk}", "N1")
    manager_page.get_by_role("button", name="Authorise the assessment").click()
    expect(manager_page.locator(".govuk-notification-banner")).to_contain_text("authorised")
    expect(manager_page.get_by_text("It is read-only.")).to_be_visible()
    axe_check(manager_page, name="the assessment, authorised")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.AUTHORISED and assessment.authorised_by == manager
    assert manager_page.console_errors == []

    # Then Ava's record shows it at a glance, authorised
    page.goto(f"/people/{ava.pk}/")
    glance = page.locator("#assessment")
    expect(glance).to_contain_text("Understanding Families")
    expect(glance).to_contain_text("Authorised on")
    axe_check(page, name="Ava at a glance")

    # When the worker opens the family's copy and asks for the PDF
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="The family's copy (print or PDF)").click()
    axe_check(page, name="the family's copy")
    page.get_by_role("button", name="Download as PDF").click()
    download_link = page.get_by_role("link", name=re.compile("^Download"))
    expect(download_link).to_be_visible(timeout=60_000)
    axe_check(page, name="export job, done")
    with page.expect_download() as info:
        download_link.click()

    # Then the PDF holds the headings, Ava's name, her story and the amended analysis
    pdf = JOURNEY_OUTPUT / "family-copy.pdf"
    pdf.write_bytes(Path(info.value.path()).read_bytes())
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    for heading in ("The child's profile and story", "The child's views", "Analysis", "What happens next"):
        assert heading in text, heading
    assert "Ava Smith" in text
    assert "She told me on her own" in text
    assert "breakfast club has helped her settle" in text

    # And its pages are kept as PNGs with the test output, to look at
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(JOURNEY_OUTPUT / "family-copy")], check=True)
    pngs = sorted(JOURNEY_OUTPUT.glob("family-copy*.png"))
    assert pngs and all(p.stat().st_size > 5_000 for p in pngs)
    assert page.console_errors == []
