"""Visits due, neutrally, everywhere: My work, the team page (grouped by worker), the supervision
agenda and the child at a glance show the next statutory visit and the attempts since the child
was last seen; another team never sees them; the pages' queries do not grow with the children."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.core.working_days import add_working_days
from casework.jinja2 import date_uk
from tests.casework.api_support import *  # noqa: F403
from tests.factories.plans import authorised_plan
from tests.factories.visits_due import children_on_plans, not_seen, seen, visit

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs=kwargs)


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def overdue(allocated_worker, manager, case, siblings):
    """Ava's plan: last seen 40 days ago (every 20 working days), then two visits with no access."""
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    ava, sam = siblings["ava"], siblings["sam"]
    plan = authorised_plan(allocated_worker, manager, case, ava, start_days_ago=60)
    visit(allocated_worker, case, 40, [seen(ava), seen(sam)])
    visit(allocated_worker, case, 6, [not_seen(ava), not_seen(sam)], outcome="no_access")
    visit(allocated_worker, case, 3, [not_seen(ava), not_seen(sam)], outcome="no_access")
    return plan


def expected_texts() -> tuple[str, str]:
    due = add_working_days(ago(40), 20)
    short = [f"{d.day} {d:%b}" for d in (ago(6), ago(3))]
    return f"Visit due since {date_uk(due)}", f"2 attempts: no access {short[0]}, no access {short[1]}"


def test_my_work_shows_the_workers_children_with_visits_due(client, allocated_worker, overdue):
    client.force_login(allocated_worker)
    text = client.get(url("my_work")).content.decode()
    due, attempts = expected_texts()
    assert "Visits due" in text and "Ava Smith" in text and due in text and attempts in text
    assert "govuk-tag--red" not in text
    assert AccessLog.objects.filter(person=overdue.child, user=allocated_worker).exists()


def test_my_work_of_a_colleague_shows_an_honest_empty_state(client, colleague, overdue):
    client.force_login(colleague)
    text = client.get(url("my_work")).content.decode()
    assert "No statutory visits fall due in the next week" in text and "Visit due since" not in text


def test_a_visit_not_yet_due_is_not_listed(client, allocated_worker, manager, case, siblings):
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    authorised_plan(allocated_worker, manager, case, siblings["ava"], start_days_ago=1)
    client.force_login(allocated_worker)
    assert "Ava Smith" not in client.get(url("my_work")).content.decode().split('id="visits-due"')[1]


def test_the_team_page_groups_visits_due_by_worker(client, manager, allocated_worker, north, overdue):
    client.force_login(manager)
    text = client.get(url("team_caseload", team_id=north.pk)).content.decode()
    section = text.split('id="visits-due"')[1]
    due, attempts = expected_texts()
    assert allocated_worker.display_name in section and "Ava Smith" in section
    assert due in section and attempts in section


def test_another_team_never_sees_the_visits_due(client, other_team_manager, north, south, overdue):
    client.force_login(other_team_manager)
    assert client.get(url("team_caseload", team_id=north.pk)).status_code == 404
    assert "Ava Smith" not in client.get(url("team_caseload", team_id=south.pk)).content.decode()
    assert "Ava Smith" not in client.get(url("my_work")).content.decode()
    record = reverse("families:person_detail", kwargs={"person_id": overdue.child_id})
    assert client.get(record).status_code == 404


def test_the_supervision_agenda_shows_visits_due(client, manager, allocated_worker, overdue):
    client.force_login(manager)
    text = client.get(url("supervision_agenda", worker_id=allocated_worker.pk)).content.decode()
    due = add_working_days(ago(40), 20)
    assert "Visits due" in text and f"Ava Smith: visit due since {date_uk(due)}; 2 attempts: no access" in text


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager", "auditor", "performance_officer"])
def test_the_child_at_a_glance_shows_the_next_visit_once(persona, request, client, overdue):
    client.force_login(request.getfixturevalue(persona))
    text = client.get(reverse("families:person_detail", kwargs={"person_id": overdue.child_id})).content.decode()
    due, attempts = expected_texts()
    assert "Statutory visits" in text and due in text and attempts in text
    assert f"Last seen on {date_uk(ago(40))}" in text
    assert text.count("Next visit due") == 0 and text.count(due) == 1


def test_the_glance_says_when_the_next_visit_is_due(client, allocated_worker, manager, case, siblings):
    plan = authorised_plan(allocated_worker, manager, case, siblings["ava"], start_days_ago=1)
    client.force_login(allocated_worker)
    text = client.get(reverse("families:person_detail", kwargs={"person_id": plan.child_id})).content.decode()
    assert f"Next visit due {date_uk(add_working_days(ago(1), 20))}" in text
    assert "Not seen on a statutory visit since the plan started" in text


def test_my_work_and_team_page_queries_do_not_grow_with_children(
    client, allocated_worker, manager, north, case, overdue, django_assert_max_num_queries
):
    children_on_plans(allocated_worker, case, 2, start_days_ago=60)
    client.force_login(allocated_worker)
    with CaptureQueriesContext(connection) as few:
        client.get(url("my_work"))
    with CaptureQueriesContext(connection) as few_team:
        client.get(url("team_caseload", team_id=north.pk))
    children_on_plans(allocated_worker, case, 27, start_days_ago=60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get(url("my_work")).content.decode()
    assert text.count("Many</a>") == 29
    with django_assert_max_num_queries(len(few_team.captured_queries)):
        assert client.get(url("team_caseload", team_id=north.pk)).status_code == 200
