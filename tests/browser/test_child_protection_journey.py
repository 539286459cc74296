"""Journey (issue 11): the worker records a strategy discussion deciding a Section 47 enquiry,
then the initial conference deciding a child protection plan with a category of abuse, and sees
the CP plan with its review conference due date and next visit due on the child's at-a-glance
page. Every page visited passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from casework.core.working_days import add_working_days
from casework.models import Plan, Section47
from tests.browser.conftest import axe_check, sign_in
from tests.casework.pages_cases_helpers import new_case

pytestmark = pytest.mark.django_db(transaction=True)


def type_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def uk(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_strategy_discussion_initial_conference_and_the_plan_at_a_glance(
    page, live_server, front_door_worker, north, allocated_worker
):
    # Given Ava's case is held by North
    case = new_case(front_door_worker, north, "Smith", children=1)
    ava = case.episodes.get().child
    today = timezone.localdate()
    main = page.locator("main")

    # When the worker records a strategy discussion deciding a Section 47 enquiry
    sign_in(page, allocated_worker)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    axe_check(page, name="case page with child protection")
    page.get_by_role("button", name="Record a strategy discussion").click()
    page.get_by_role("heading", name=re.compile("strategy discussion", re.I)).first.wait_for()
    axe_check(page, name="record a strategy discussion")
    checkbox = page.get_by_label("Ava Smith")
    if checkbox.count():
        checkbox.check()
    type_date(page, "Date of the strategy discussion", today - datetime.timedelta(days=7))
    page.get_by_label("Agencies present").fill("Police\nHealth visitor")
    page.get_by_label("Information shared").fill("Ava told her teacher about a bruise on her arm.")
    page.get_by_label("Start a Section 47 enquiry").check()
    page.get_by_label("Reasons for the decision").fill("Reasonable cause to suspect significant harm.")
    page.get_by_role("button", name=re.compile("Record", re.I)).last.click()
    page.wait_for_load_state()
    axe_check(page, name="after the strategy discussion")
    assert Section47.objects.filter(child=ava).exists()

    # And records the initial conference deciding a plan with the category of abuse
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("button", name="Record a conference").click()
    page.get_by_role("heading", name="Record a child protection conference").wait_for()
    axe_check(page, name="record a conference")
    page.get_by_role("button", name="Record the conference").click()  # nothing filled in yet
    page.get_by_text("There is a problem").wait_for()
    axe_check(page, name="record a conference, with errors")
    page.get_by_label("Initial child protection conference").check()
    type_date(page, "Date of the conference", today - datetime.timedelta(days=1))
    page.get_by_label("Chair").fill("Jo Independent")
    page.get_by_label("Who attended").fill("Mum\nSchool nurse\nPolice")
    page.get_by_label("How the child took part, and their views").fill("Ava wrote: I want my room to be warm.")
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Category of abuse for Ava Smith").select_option("NEG")
    page.get_by_role("button", name="Record the conference").click()
    page.get_by_role("heading", name="Initial child protection conference").wait_for()
    assert "The conference is recorded" in main.inner_text() and "Neglect" in main.inner_text()
    axe_check(page, name="the conference")

    # Then the CP plan shows on Ava's record with its review conference due and next visit due
    plan = Plan.objects.get(child=ava, kind="cp")
    start = today - datetime.timedelta(days=1)
    page.goto(live_server.url + reverse("families:person_detail", kwargs={"person_id": ava.pk}))
    card = page.locator("#plan")
    card.wait_for()
    text = main.inner_text()
    assert "Child protection plan" in text and "Neglect" in text and "Review conference due" in text
    assert uk(add_working_days(start, plan.visiting_frequency_days)) in text
    assert uk(start + relativedelta(months=3)) in card.inner_text()
    axe_check(page, name="Ava at a glance with the CP plan")
    page.get_by_role("link", name=re.compile("Open the plan")).click()
    page.get_by_role("heading", name=re.compile("Child protection plan")).wait_for()
    assert "First core group due" in main.inner_text() and "Category of abuse over time" in main.inner_text()
    axe_check(page, name="the CP plan")
