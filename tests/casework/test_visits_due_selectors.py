"""Visits due: the next statutory visit counts the plan's frequency in working days from the last
finished statutory visit where the child was seen in person; no-access visits, phone calls and
visits where the child was not seen never reset it, and show as attempts. One definition (the
plan page and API use it too), and a fixed number of queries whatever the number of children."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.core.working_days import add_working_days
from casework.models import Plan
from casework.selectors_plans import plan_next_visit_due
from casework.selectors_visits_due import next_visit_due, visit_due_for_child, visits_due
from tests.casework.api_support import *  # noqa: F403
from tests.factories.plans import authorised_plan, draft_plan
from tests.factories.visits_due import children_on_plans, not_seen, seen, visit

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def plan(allocated_worker, manager, case, siblings):
    """Ava's authorised plan from 60 days ago: a statutory visit every 20 working days."""
    return authorised_plan(allocated_worker, manager, case, siblings["ava"])


def test_before_any_seen_visit_the_next_visit_counts_from_the_plan_start(plan):
    assert next_visit_due(plan) == add_working_days(plan.start_date, 20)
    assert plan_next_visit_due(plan) == next_visit_due(plan)


def test_next_visit_due_counts_from_the_last_seen_statutory_visit(allocated_worker, case, siblings, plan):
    ava, sam = siblings["ava"], siblings["sam"]
    visit(allocated_worker, case, 30, [seen(ava), seen(sam)])
    visit(allocated_worker, case, 10, [seen(ava), seen(sam)])
    expected = add_working_days(ago(10), 20)
    assert next_visit_due(plan) == expected
    # Later: no access, a phone call, a visit where only Sam was seen, a non-statutory visit.
    visit(allocated_worker, case, 8, [not_seen(ava), not_seen(sam)], outcome="no_access")
    visit(allocated_worker, case, 6, [not_seen(ava, ""), not_seen(sam, "")], kind="phone")
    visit(allocated_worker, case, 4, [not_seen(ava, "not_at_home"), seen(sam)])
    visit(allocated_worker, case, 2, [seen(ava), seen(sam)], statutory=False)
    assert next_visit_due(plan) == expected
    assert plan_next_visit_due(Plan.objects.get(pk=plan.pk)) == expected

    line = visit_due_for_child(child_id=ava.pk)
    assert line.due == expected and line.last_seen_on == ago(10)
    assert [(a.reason, a.date) for a in line.attempts] == [("no access", ago(8)), ("not at home", ago(4))]
    assert line.attempt_count == 2


def test_a_seen_visit_resets_the_attempts(allocated_worker, case, siblings, plan):
    ava, sam = siblings["ava"], siblings["sam"]
    visit(allocated_worker, case, 8, [not_seen(ava), not_seen(sam)], outcome="no_access")
    assert visit_due_for_child(child_id=ava.pk).attempt_count == 1
    visit(allocated_worker, case, 3, [seen(ava), seen(sam)])
    line = visit_due_for_child(child_id=ava.pk)
    assert line.attempts == [] and line.due == add_working_days(ago(3), 20)


def test_a_visit_before_the_plan_started_does_not_count(allocated_worker, manager, case, siblings):
    visit(allocated_worker, case, 30, [seen(siblings["ava"]), seen(siblings["sam"])])
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"], start_days_ago=5)
    assert next_visit_due(plan) == add_working_days(ago(5), 20)


def test_drafts_and_plans_without_a_frequency_have_no_visit_due(allocated_worker, case, siblings):
    draft = draft_plan(allocated_worker, case, siblings["ava"])
    assert next_visit_due(draft) is None and visit_due_for_child(child_id=siblings["ava"].pk) is None


def test_due_and_past_are_said_against_today(plan):
    due = add_working_days(plan.start_date, 20)
    assert visits_due(Plan.objects.all(), today=due - datetime.timedelta(days=30)) == []
    soon = visits_due(Plan.objects.all(), today=due - datetime.timedelta(days=3))
    assert len(soon) == 1 and not soon[0].past
    late = visits_due(Plan.objects.all(), today=due + datetime.timedelta(days=1))
    assert late[0].past


def test_queries_do_not_grow_with_the_number_of_children(allocated_worker, case, siblings, plan):
    visit(allocated_worker, case, 8, [not_seen(siblings["ava"]), not_seen(siblings["sam"])], outcome="no_access")
    children_on_plans(allocated_worker, case, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(visits_due(Plan.objects.filter(case=case), within_days=None)) == 3
    children_on_plans(allocated_worker, case, 27)
    with CaptureQueriesContext(connection) as many:
        assert len(visits_due(Plan.objects.filter(case=case), within_days=None)) == 30
    assert len(many.captured_queries) == len(few.captured_queries) == 2
