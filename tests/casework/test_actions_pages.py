"""Action pages: "Your actions" on My work (due dates said neutrally), the case's actions, adding
one, completing one with a note, the "Actions" card of the child at a glance and the team page's
"Actions" section; other team 404 everywhere; a fixed number of queries however many actions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.core.models import AccessLog
from casework.models import Action, ActionStatus
from casework.services.actions import action_create
from casework.views.actions import due_text
from tests.casework.pages_cases_helpers import body, date_data, new_case
from tests.factories.actions import ActionFactory

pytestmark = pytest.mark.django_db

MY_WORK = reverse("casework:my_work")
TODAY = timezone.localdate


def team_url(team) -> str:
    return reverse("casework:team_caseload", kwargs={"team_id": team.pk})


def case_actions_url(case) -> str:
    return reverse("casework:case_actions", kwargs={"case_id": case.pk})


def new_url(case) -> str:
    return reverse("casework:action_new", kwargs={"case_id": case.pk})


def detail_url(action) -> str:
    return reverse("casework:action_detail", kwargs={"action_id": action.pk})


def complete_url(action) -> str:
    return reverse("casework:action_complete", kwargs={"action_id": action.pk})


def record_url(child) -> str:
    return reverse("families:person_detail", kwargs={"person_id": child.pk})


@pytest.fixture
def jones(front_door_worker, north, manager, allocated_worker):
    return new_case(front_door_worker, north, "Jones", children=2, manager=manager, worker=allocated_worker)


@pytest.fixture
def action(jones, allocated_worker):
    child = jones.episodes.order_by("child__date_of_birth").first().child
    return action_create(
        by=allocated_worker,
        case=jones,
        action="Ring the school about attendance",
        owner=allocated_worker,
        due_date=TODAY() + datetime.timedelta(days=3),
        child=child,
    )


def test_due_dates_are_said_neutrally():
    today = datetime.date(2026, 12, 2)
    assert due_text(datetime.date(2026, 12, 3), today) == "Due 3 December"
    assert due_text(today, today) == "Due today"
    assert due_text(datetime.date(2026, 12, 1), today) == "Was due 1 December"
    assert due_text(datetime.date(2027, 1, 5), today) == "Due 5 January 2027"


# --- My work ---------------------------------------------------------------------------------


def test_my_work_lists_the_owners_open_actions_with_due_dates(client, jones, allocated_worker, colleague, action):
    ActionFactory(case=jones, owner=allocated_worker, action="Due today one", due_date=TODAY())
    ActionFactory(case=jones, owner=allocated_worker, action="Finished one", status=ActionStatus.DONE)
    ActionFactory(case=jones, owner=colleague, action="Jo's action")
    client.force_login(allocated_worker)
    page = body(client.get(MY_WORK))
    assert "Your actions" in page
    assert "Ring the school about attendance" in page
    assert "Due today" in page
    assert due_text(action.due_date) in page
    assert page.index("Due today one") < page.index("Ring the school about attendance")  # soonest first
    assert "Finished one" not in page and "Jo&#39;s action" not in page and "Jo's action" not in page
    assert "govuk-tag--red" not in page
    assert AccessLog.objects.filter(user=allocated_worker, person=action.child).exists()


def test_my_work_says_so_when_there_are_no_actions(client, allocated_worker):
    client.force_login(allocated_worker)
    assert "You have no open actions" in body(client.get(MY_WORK))


def test_my_work_runs_the_same_queries_for_3_or_30_actions(client, jones, allocated_worker):
    for _ in range(3):
        ActionFactory(case=jones, owner=allocated_worker, child=jones.episodes.first().child)
    client.force_login(allocated_worker)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MY_WORK).status_code == 200
    for _ in range(27):
        ActionFactory(case=jones, owner=allocated_worker, child=jones.episodes.first().child)
    with CaptureQueriesContext(connection) as many:
        page = body(client.get(MY_WORK))
    assert page.count("Ring the school about attendance") == 30
    assert len(many.captured_queries) == len(few.captured_queries)


# --- The case's actions, adding one ------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("front_door_worker", 200),
        ("performance_officer", 200),
        ("auditor", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
    ],
)
def test_who_reads_the_case_actions_and_an_action(client, request, persona, status, jones, action):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(case_actions_url(jones)).status_code == status
    assert client.get(detail_url(action)).status_code == status


@pytest.mark.parametrize(
    "persona,status",
    [
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("performance_officer", 403),
        ("auditor", 403),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
    ],
)
def test_who_may_add_an_action(client, request, persona, status, jones):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(new_url(jones)).status_code == status


def test_the_case_page_links_to_its_actions(client, jones, allocated_worker, action):
    client.force_login(allocated_worker)
    page = body(client.get(reverse("casework:case_detail", kwargs={"case_id": jones.pk})))
    assert case_actions_url(jones) in page
    assert new_url(jones) in page
    page = body(client.get(case_actions_url(jones)))
    assert "Ring the school about attendance" in page
    assert "Sam Okafor" in page


def test_adding_an_action(client, jones, allocated_worker, colleague):
    client.force_login(allocated_worker)
    child = jones.episodes.order_by("child__date_of_birth").first().child
    due = TODAY() + datetime.timedelta(days=5)
    data = {
        "action": "Visit Ava at school",
        "owner": str(colleague.pk),
        "child": str(child.pk),
        **date_data("due_date", due),
    }
    response = client.post(new_url(jones), data)
    assert response.status_code == 302
    created = Action.objects.get()
    assert (created.owner, created.child, created.due_date, created.created_by) == (
        colleague,
        child,
        due,
        allocated_worker,
    )


def test_adding_an_action_with_errors_shows_them(client, jones, allocated_worker):
    client.force_login(allocated_worker)
    data = {"action": "", "owner": "", **date_data("due_date", TODAY() - datetime.timedelta(days=1))}
    response = client.post(new_url(jones), data)
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Enter what needs to be done" in page and "Choose who will do it" in page
    assert "today or in the future" in page
    assert not Action.objects.exists()


# --- Completing ------------------------------------------------------------------------------


def test_the_owner_completes_with_a_note(client, allocated_worker, action):
    client.force_login(allocated_worker)
    assert "Complete this action" in body(client.get(detail_url(action)))
    response = client.post(complete_url(action), {"note": "Spoke to the head", "version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_note, action.done_by) == ("done", "Spoke to the head", allocated_worker)
    page = body(client.get(detail_url(action)))
    assert "Spoke to the head" in page and "Complete this action" not in page


def test_a_note_is_required_to_complete(client, allocated_worker, action):
    client.force_login(allocated_worker)
    response = client.post(complete_url(action), {"note": "", "version": action.version})
    assert response.status_code == 400
    assert "Enter what was done" in body(response)
    action.refresh_from_db()
    assert action.status == "open"


def test_a_manager_may_complete_it(client, manager, action):
    client.force_login(manager)
    assert client.post(complete_url(action), {"note": "Done by Priya"}).status_code == 302


@pytest.mark.parametrize(
    "persona,status",
    [
        ("colleague", 403),
        ("front_door_worker", 403),
        ("performance_officer", 403),
        ("auditor", 403),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
    ],
)
def test_others_cannot_complete(client, request, persona, status, action):
    client.force_login(request.getfixturevalue(persona))
    assert "Complete this action" not in body(client.get(detail_url(action)))
    assert client.post(complete_url(action), {"note": "Done"}).status_code == status
    action.refresh_from_db()
    assert action.status == "open"


def test_performance_officers_do_not_read_the_words(client, performance_officer, action, jones):
    client.force_login(performance_officer)
    assert "Ring the school" not in body(client.get(detail_url(action)))
    assert "Ring the school" not in body(client.get(case_actions_url(jones)))


# --- The child at a glance -----------------------------------------------------------------------


def test_the_childs_record_shows_open_actions(client, jones, allocated_worker, colleague, action):
    other_child = jones.episodes.order_by("child__date_of_birth").last().child
    ActionFactory(case=jones, owner=colleague, action="About the other child", child=other_child)
    ActionFactory(case=jones, owner=colleague, action="About the whole family")
    client.force_login(colleague)
    page = body(client.get(record_url(action.child)))
    assert 'id="actions"' in page
    assert "Ring the school about attendance" in page
    assert "About the whole family" in page
    assert "About the other child" not in page
    assert "Sam Okafor" in page and due_text(action.due_date) in page


def test_no_card_without_open_actions(client, jones, allocated_worker):
    client.force_login(allocated_worker)
    child = jones.episodes.first().child
    assert 'id="actions"' not in body(client.get(record_url(child)))


# --- The team page ---------------------------------------------------------------------------


def test_the_team_page_groups_open_actions_by_owner(client, jones, manager, allocated_worker, colleague, action):
    ActionFactory(case=jones, owner=colleague, action="Jo does this")
    ActionFactory(case=jones, owner=colleague, action="Already done", status=ActionStatus.DONE)
    client.force_login(manager)
    page = body(client.get(team_url(jones.team)))
    section = page[page.index('id="team-actions-title"') :]
    assert section.index("Jo Lewis") < section.index("Jo does this") < section.index("Sam Okafor")
    assert section.index("Sam Okafor") < section.index("Ring the school about attendance")
    assert "Already done" not in section
    assert "govuk-tag--red" not in section
    # The rest of the team page is still there: caseloads, transfers and closures awaiting a decision.
    assert "Transfers waiting for a decision" in page and "Closures awaiting a manager" in page


def test_the_team_page_runs_the_same_queries_for_3_or_30_actions(client, jones, manager, allocated_worker, colleague):
    for _ in range(3):
        ActionFactory(case=jones, owner=allocated_worker, child=jones.episodes.first().child)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        assert client.get(team_url(jones.team)).status_code == 200
    for n in range(27):
        ActionFactory(case=jones, owner=colleague if n % 2 else manager, child=jones.episodes.first().child)
    with CaptureQueriesContext(connection) as many:
        assert client.get(team_url(jones.team)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_other_team_sees_no_actions_of_the_case(client, jones, other_team_worker, action):
    client.force_login(other_team_worker)
    assert "Ring the school" not in body(client.get(MY_WORK))
    assert client.get(team_url(jones.team)).status_code == 404


# --- The demo --------------------------------------------------------------------------------


def test_the_demo_gives_the_worker_open_actions_on_my_work(client, settings, tmp_path):
    import io

    from django.core.management import call_command

    from casework.core.models import User

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    call_command("seed_demo", stdout=io.StringIO())
    count = Action.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Action.objects.count() == count  # idempotent
    worker = User.objects.get(username="worker")
    assert Action.objects.filter(owner=worker, status="open", source="plan").exists()
    assert Action.objects.filter(owner=worker, status="open", due_date=TODAY()).exists()
    client.force_login(worker)
    page = body(client.get(MY_WORK))
    assert "Ring the food bank to confirm the next delivery" in page
    assert "Due today" in page
