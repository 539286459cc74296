"""Journey: a worker records a visit, finds it in the child's chronology without typing it again,
marks it critical with their analysis, filters to significant entries, and exports the court
chronology as a PDF; every page passes axe."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework import services
from casework.models import Case
from chronology.models import ChronologyEntry
from tests.browser.conftest import axe_check, sign_in
from tests.casework.conftest import school_contact, siblings  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def export_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(tmp_path / "media")}}}  # fmt: skip


@pytest.fixture
def case(front_door_worker, school_contact, north):  # noqa: F811
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


def record_visit(page, case, siblings):  # noqa: F811
    """Through the visit pages: a statutory home visit, Ava seen alone and Sam seen."""
    page.goto(f"/cases/{case.pk}/visits/new/")
    local = timezone.localtime(timezone.now() - timezone.timedelta(hours=1))
    page.fill("#occurred_date-day", str(local.day))
    page.fill("#occurred_date-month", str(local.month))
    page.fill("#occurred_date-year", str(local.year))
    page.fill("#occurred_time", f"{local:%H:%M}")
    page.check("input[name=kind][value=home_visit]")
    outcome = page.locator("input[name=outcome][value=completed]")
    if outcome.count():
        outcome.check()
    page.check("input[name=statutory]")
    page.fill("#narrative", "The home was warm and there was food in the cupboards.")
    for child, alone in ((siblings["ava"], "yes"), (siblings["sam"], "no")):
        page.check(f"input[name=seen_{child.pk.hex}][value=yes]")
        page.check(f"input[name=seen_alone_{child.pk.hex}][value={alone}]")
    page.click("button[name=action][value=finish]")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_a_visit_reaches_the_chronology_is_curated_and_exported_for_court(
    page,
    allocated_worker,
    case,
    siblings,  # noqa: F811
):
    ava = siblings["ava"]
    # Given a worker who has just recorded a visit to Ava and Sam
    sign_in(page, allocated_worker)
    record_visit(page, case, siblings)
    assert ChronologyEntry.objects.filter(event_kind="visit").count() == 1

    # When they open Ava's chronology and ask to see every entry
    page.goto(f"/people/{ava.pk}/chronology/")
    expect(page.locator("h2", has_text="Chronology")).to_be_visible()
    axe_check(page, name="chronology, significant and critical")
    page.get_by_role("link", name="Show all entries").click()

    # Then the visit is there, in the timeline, without anyone typing it again
    visit = page.locator(".moj-timeline__item", has_text="Statutory home visit: Ava seen alone; Sam seen")
    expect(visit).to_have_count(1)
    axe_check(page, name="chronology, every entry")

    # When they mark it critical and write their analysis
    visit.get_by_role("link", name=re.compile("^Curate")).click()
    expect(page.locator("h1")).to_have_text("Curate this entry")
    axe_check(page, name="curate an entry")
    page.check("input[name=significance][value=critical]")
    page.fill("#analysis", "Ava spoke freely when seen alone: a change from last month.")
    page.get_by_role("button", name="Save").click()

    # Then it shows as critical, with the analysis beside it
    visit = page.locator(".moj-timeline__item", has_text="Statutory home visit")
    expect(visit.locator(".govuk-tag", has_text="Critical")).to_be_visible()
    expect(visit).to_contain_text("Ava spoke freely when seen alone")

    # When they filter to significant and critical entries only
    page.get_by_role("link", name="Significant and critical only").click()
    titles = page.locator(".moj-timeline__title")
    expect(titles.filter(has_text="Statutory home visit")).to_have_count(1)
    expect(titles.filter(has_text="joined the Smith family")).to_have_count(0)
    axe_check(page, name="chronology, filtered")

    # And export the court chronology
    page.get_by_role("button", name="Court chronology (PDF)").click()
    expect(page.locator("h1")).to_have_text("Chronology for court (PDF)")
    download_link = page.get_by_role("link", name=re.compile("^Download"))
    expect(download_link).to_be_visible(timeout=20_000)
    axe_check(page, name="export job, done")
    with page.expect_download() as info:
        download_link.click()

    # Then the PDF is in the court layout, with the visit, its significance and the analysis
    pdf = Path(info.value.path())
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode().split()
    )
    assert "Source or document reference" in text
    assert "Statutory home visit" in text and "Critical" in text
    assert "Ava spoke freely when seen alone" in text
    assert page.console_errors == []
