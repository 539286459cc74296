"""Strategy discussion and Section 47 pages: recording from the case page (errors shown, nothing
saved), the discussion, the enquiry with its conference target, completing it, the glance card;
other team 404 on every page; readers 403 on forms; the access log."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from casework.core.models import AccessLog
from casework.models import Section47, StrategyDiscussion
from tests.casework.api_support import *  # noqa: F403
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db

HELD = datetime.date(2026, 3, 2)


def url(name: str, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs=kwargs)


def day(prefix: str, date: datetime.date) -> dict[str, str]:
    return {f"{prefix}-day": str(date.day), f"{prefix}-month": str(date.month), f"{prefix}-year": str(date.year)}


@pytest.fixture
def s47(allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=HELD)
    return Section47.objects.get()


def test_record_a_discussion_from_the_case_page(client, allocated_worker, case, siblings):
    client.force_login(allocated_worker)
    page = client.get(url("case_detail", case_id=case.pk)).content.decode()
    assert "Child protection" in page and url("strategy_discussion_new", case_id=case.pk) in page
    assert client.get(url("strategy_discussion_new", case_id=case.pk)).status_code == 200
    body = {
        "children": [str(siblings["ava"].pk)],
        **day("date", HELD),
        "agencies": "Police\nHealth visitor",
        "information": "A bruise",
        "decision": "s47",
        "reasoning": "Significant harm",
    }
    bad = client.post(url("strategy_discussion_new", case_id=case.pk), {**body, "reasoning": "", "children": []})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    assert "Give the reasons for the decision" in bad.content.decode()
    assert not StrategyDiscussion.objects.exists()
    response = client.post(url("strategy_discussion_new", case_id=case.pk), body)
    d = StrategyDiscussion.objects.get()
    assert response.status_code == 302 and d.agencies == ["Police", "Health visitor"]
    page = client.get(url("case_detail", case_id=case.pk)).content.decode()
    assert "Initial conference due by 23 March 2026" in page


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager", "auditor", "front_door_worker"])
def test_the_discussion_and_enquiry_pages(persona, request, client, s47):
    client.force_login(request.getfixturevalue(persona))
    d = s47.strategy_discussion
    page = client.get(url("strategy_discussion_detail", discussion_id=d.pk))
    assert page.status_code == 200 and "Police, Health" in page.content.decode()
    page = client.get(url("section47_detail", s47_id=s47.pk))
    assert page.status_code == 200 and "23 March 2026" in page.content.decode()
    assert AccessLog.objects.filter(person=s47.child, what="Section 47 enquiry").exists()
    assert AccessLog.objects.filter(person=s47.child, what="Strategy discussion").exists()


def test_performance_officer_sees_no_narrative(client, performance_officer, s47):
    client.force_login(performance_officer)
    page = client.get(url("strategy_discussion_detail", discussion_id=s47.strategy_discussion_id)).content.decode()
    assert "Ava told her teacher" not in page and "Not shown to your role" in page


def test_other_team_gets_404_on_every_page(client, other_team_manager, s47, case):
    client.force_login(other_team_manager)
    d = s47.strategy_discussion_id
    assert client.get(url("strategy_discussion_new", case_id=case.pk)).status_code == 404
    assert client.get(url("strategy_discussion_detail", discussion_id=d)).status_code == 404
    assert client.get(url("strategy_discussion_edit", discussion_id=d)).status_code == 404
    assert client.get(url("section47_detail", s47_id=s47.pk)).status_code == 404
    assert client.get(url("section47_complete", s47_id=s47.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["front_door_worker", "auditor", "performance_officer"])
def test_readers_cannot_record(persona, request, client, s47, case):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("strategy_discussion_new", case_id=case.pk)).status_code == 403
    assert client.get(url("strategy_discussion_edit", discussion_id=s47.strategy_discussion_id)).status_code == 403
    assert client.post(url("section47_complete", s47_id=s47.pk), {}).status_code == 403


def test_complete_the_enquiry(client, allocated_worker, s47):
    client.force_login(allocated_worker)
    assert client.get(url("section47_complete", s47_id=s47.pk)).status_code == 200
    bad = client.post(url("section47_complete", s47_id=s47.pk), {"outcome": "icpc", "findings": ""})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    body = {"outcome": "icpc", **day("completed_date", datetime.date(2026, 3, 1)), "findings": "Harm", "version": 1}
    early = client.post(url("section47_complete", s47_id=s47.pk), body)
    assert early.status_code == 400 and "cannot end before it started" in early.content.decode()
    body |= day("completed_date", datetime.date(2026, 3, 10))
    assert client.post(url("section47_complete", s47_id=s47.pk), body).status_code == 302
    s47.refresh_from_db()
    assert s47.completed_date == datetime.date(2026, 3, 10) and s47.outcome == "icpc"


def test_correct_a_discussion(client, allocated_worker, s47):
    client.force_login(allocated_worker)
    d = s47.strategy_discussion
    body = {
        **day("date", datetime.date(2026, 3, 3)),
        "agencies": "Police",
        "information": "A bruise",
        "decision": "s47",
        "reasoning": "Harm",
        "version": str(d.version),
    }
    assert client.post(url("strategy_discussion_edit", discussion_id=d.pk), body).status_code == 302
    s47.refresh_from_db()
    assert s47.start_date == datetime.date(2026, 3, 3) and s47.icpc_target_date == datetime.date(2026, 3, 24)


def test_the_open_enquiry_on_the_child_at_a_glance(client, allocated_worker, s47, django_assert_max_num_queries):
    client.force_login(allocated_worker)
    page = client.get(reverse("families:person_detail", kwargs={"person_id": s47.child_id})).content.decode()
    assert 'id="section47"' in page and "Initial conference due by" in page and "23 March 2026" in page


def test_the_case_page_query_count_does_not_grow_with_discussions(
    client, allocated_worker, case, siblings, django_assert_max_num_queries
):
    client.force_login(allocated_worker)
    discussion(allocated_worker, case, [siblings["ava"]], date=HELD)
    client.get(url("case_detail", case_id=case.pk))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("case_detail", case_id=case.pk))
    for n in range(3):
        discussion(allocated_worker, case, [siblings["ava"], siblings["sam"]], date=HELD + datetime.timedelta(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("case_detail", case_id=case.pk))
