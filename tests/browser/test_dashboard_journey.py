"""Journey: a team manager opens the quality and timeliness dashboard for their team from the
Performance page, switches the period, reads a chart's table and downloads its CSV. Every page
passes axe.

(The "performance officer exports Annex A" step of issue 14 is added later as its own test
function in this module, by the lead.)"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, sign_in
from tests.performance.dashboard_support import at, case, person, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_reads_their_teams_dashboard_switches_period_and_downloads_a_table(
    page, manager, allocated_worker, north
):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    long_ago = datetime.date(today.year - 2, 5, 12)
    c = case(north, worker=allocated_worker)
    ava, baby = person(dob=datetime.date(2016, 3, 1)), person(dob=today - datetime.timedelta(days=200))
    # Last month: Ava seen alone, the baby seen (seen alone does not apply).
    children = [
        {"child": ava, "seen": True, "seen_alone": "yes"},
        {"child": baby, "seen": True, "seen_alone": "not_applicable"},
    ]
    visit(c, allocated_worker, at(last_month), children)
    # Two years ago: Ava seen, not alone; a no-access visit.
    visit(c, allocated_worker, at(long_ago), [{"child": ava, "seen": True, "seen_alone": "no"}])
    visit(c, allocated_worker, at(long_ago), [{"child": ava, "seen": False}], outcome="no_access")

    # Given North's manager on the Performance page
    sign_in(page, manager)
    page.goto("/performance/")
    axe_check(page, name="Performance, with the dashboard link")
    page.get_by_role("link", name="Open the quality and timeliness dashboard").click()

    # When the dashboard opens, it is North's, for last month
    expect(page.locator("h1")).to_have_text("Quality and timeliness")
    expect(page.locator(".govuk-caption-l")).to_have_text("North")
    expect(
        page.locator("#period-last_month" if page.locator("#period-last_month").count() else "input[value=last_month]")
    ).to_be_checked()
    axe_check(page, name="dashboard, last month")
    seen = page.locator("#children_seen-table")
    expect(seen.locator("caption")).to_contain_text("Children on visits finished in the period")
    row = seen.locator("tr", has_text="Seen alone (not applicable left out)")
    expect(row).to_contain_text("100%")
    chart = page.locator("section[data-table=children_seen] svg[role=img]")
    expect(chart.locator("title")).to_have_text("Children seen, and seen alone")

    # When they switch to a period of their own choosing, two years ago
    page.get_by_label("Choose the dates").check()
    start, end = datetime.date(long_ago.year, 4, 1), datetime.date(long_ago.year, 6, 30)
    for key, day in (("from", start), ("to", end)):
        page.fill(f"#{key}-day", str(day.day))
        page.fill(f"#{key}-month", str(day.month))
        page.fill(f"#{key}-year", str(day.year))
    page.get_by_role("button", name="Show").click()

    # Then the table beside the chart reads that period's numbers
    expect(page.locator("#period-heading")).to_have_text(f"1 April {start.year} to 30 June {start.year}")
    axe_check(page, name="dashboard, custom period")
    row = page.locator("#children_seen-table tr", has_text="Seen alone (not applicable left out)")
    expect(row.locator("td").nth(0)).to_have_text("0")
    expect(row.locator("td").nth(1)).to_have_text("1")
    no_access = page.locator("#visit_quality-table tr", has_text="No access")
    expect(no_access.locator("td").nth(0)).to_have_text("1")
    expect(no_access.locator("td").nth(1)).to_have_text("2")

    # And they download that table as CSV, with the same numbers
    section = page.locator("section[data-table=visit_quality]")
    with page.expect_download() as info:
        section.get_by_role("link", name="Download this table (CSV)").click()
    with open(info.value.path(), encoding="utf-8") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert rows[0] == ["Measure", "Visits", "Out of", "Per cent"]
    assert rows[1] == ["No access", "1", "2", "50%"]
