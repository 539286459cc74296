"""Assessments everywhere they belong (issue 12): the current assessment on the child at a glance,
assessments awaiting authorisation (and those past their agreed date, with the reason) on the team
page for its managers and on the supervision agenda, "My assessments" on My work; each shown to the
right people only, each costing the same queries however many assessments there are."""

from __future__ import annotations

import datetime
import html as html_module
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, DelayReason
from casework import services as case_services
from casework.models import Case
from casework.selectors_supervision import register_agenda_part, unregister_agenda_part
from tests.casework.conftest import school_contact, siblings  # noqa: F401
from tests.casework.pages_cases_helpers import body, new_case
from tests.factories.assessments import authorised, bundled_template, start, submitted, written

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def template(db):
    return bundled_template()


@pytest.fixture
def case(front_door_worker, school_contact, north, manager, allocated_worker):  # noqa: F811
    case_services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    case = Case.objects.get()
    case_services.case_allocate(by=manager, case=case, worker=allocated_worker)
    return case


@pytest.fixture
def ava(siblings):  # noqa: F811
    return siblings["ava"]


def record_url(child) -> str:
    return reverse("families:person_detail", kwargs={"person_id": child.pk})


def team_url(team) -> str:
    return reverse("casework:team_caseload", kwargs={"team_id": team.pk})


def agenda_url(worker) -> str:
    return reverse("casework:supervision_agenda", kwargs={"worker_id": worker.pk})


def detail_url(assessment) -> str:
    return reverse("assessments:assessment_detail", kwargs={"assessment_id": assessment.pk})


def card(page: str) -> str:
    """The assessment card of the child at a glance ('' when there is none)."""
    found = re.search(r'<section class="govuk-summary-card" id="assessment".*?</section>', page, re.S)
    return found.group(0) if found else ""


def text(markup: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def between(page: str, start_id: str, end: str = "</section>") -> str:
    """The part of the page from the element with `start_id` to the end of its section."""
    at = page.find(f'id="{start_id}"')
    return "" if at < 0 else page[at : page.find(end, at)]


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def past_due(by, manager, case, children, *, reason: str = "") -> Assessment:
    """An assessment whose agreed date has passed (with the worker's reason, when given)."""
    a = start(by, case, children, start_date=ago(40), due_date=ago(5), timeframe_reason="Five weeks, for the school")
    a = services.assessment_agree_timeframe(user=manager, assessment=a, expected_version=a.version)
    if reason:
        a = services.assessment_update(
            user=by,
            assessment=a,
            expected_version=a.version,
            delay_reason_category=DelayReason.AWAITING_INFORMATION,
            delay_reason=reason,
        )
    return a


def returned(assessment, by, manager, reason: str) -> Assessment:
    submitted(assessment, by)
    assessment.refresh_from_db()
    return services.assessment_return(
        user=manager, assessment=assessment, expected_version=assessment.version, reason=reason
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


# --- The child at a glance --------------------------------------------------------------------------


def test_the_glance_shows_the_current_assessment_its_agreed_date_and_the_national_measure_neutrally(
    client, case, ava, allocated_worker, manager
):
    a = start(allocated_worker, case, [ava], due_date=ago(-20), timeframe_reason="Four weeks: evening visits")
    client.force_login(allocated_worker)
    shown = card(body(client.get(record_url(ava))))
    words = text(shown)
    assert "Understanding Families" in words
    assert "Status Draft" in words
    assert f"Started {a.start_date.day} {a.start_date:%B %Y}" in words
    due = a.due_date
    assert f"{due.day} {due:%B %Y} (proposed, not yet agreed)" in words
    assert re.search(r"National measure Working day \d+ of 45 \(from the referral on ", words)
    assert detail_url(a) in shown
    assert "red" not in shown and "govuk-tag--" not in shown  # time is shown neutrally

    services.assessment_agree_timeframe(user=manager, assessment=a, expected_version=a.version)
    words = text(card(body(client.get(record_url(ava)))))
    assert f"Agreed date {due.day} {due:%B %Y}" in words and "not yet agreed" not in words


def test_the_glance_shows_the_latest_authorised_assessment_once_there_is_no_open_one(
    client, case, ava, allocated_worker, manager
):
    a = authorised(start(allocated_worker, case, [ava]), allocated_worker, manager)
    client.force_login(manager)
    words = text(card(body(client.get(record_url(ava)))))
    day = timezone.localtime(a.authorised_at)
    assert f"Status Authorised on {day.day} {day:%B %Y}" in words
    assert "Submitted on working day" in words


def test_a_child_without_an_assessment_has_no_card_and_the_sibling_only_their_own(
    client,
    case,
    siblings,  # noqa: F811
    allocated_worker,
):
    client.force_login(allocated_worker)
    assert card(body(client.get(record_url(siblings["ava"])))) == ""
    start(allocated_worker, case, [siblings["sam"]])
    assert card(body(client.get(record_url(siblings["ava"])))) == ""
    assert "Understanding Families" in text(card(body(client.get(record_url(siblings["sam"])))))


def test_an_overdue_assessment_says_why_it_is_taking_longer_on_the_glance(client, case, ava, allocated_worker, manager):
    past_due(allocated_worker, manager, case, [ava], reason="The school's report has not come yet.")
    client.force_login(allocated_worker)
    words = text(card(body(client.get(record_url(ava)))))
    assert "Why it is taking longer Waiting for information from others: The school's report has not come yet." in words


def test_the_other_team_sees_no_record_and_so_no_card(client, case, ava, allocated_worker, other_team_worker):
    start(allocated_worker, case, [ava])
    client.force_login(other_team_worker)
    assert client.get(record_url(ava)).status_code == 404


def test_the_glance_runs_the_same_queries_however_many_assessments_the_child_has_had(
    client, case, ava, allocated_worker, manager, django_assert_num_queries
):
    authorised(start(allocated_worker, case, [ava], start_date=ago(30)), allocated_worker, manager)
    start(allocated_worker, case, [ava])
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    expected = count_queries(client, record_url(ava))
    Assessment.objects.filter(status="draft").delete()
    for days in (20, 10):
        authorised(start(allocated_worker, case, [ava], start_date=ago(days)), allocated_worker, manager)
    start(allocated_worker, case, [ava])
    with django_assert_num_queries(expected):
        assert client.get(record_url(ava)).status_code == 200


# --- The team page ------------------------------------------------------------------------------------


def test_the_teams_managers_see_assessments_awaiting_authorisation_with_child_worker_and_date(
    client, case, ava, allocated_worker, manager
):
    a = submitted(start(allocated_worker, case, [ava]), allocated_worker)
    client.force_login(manager)
    section = text(between(body(client.get(team_url(case.team))), "assessments-awaiting"))
    day = timezone.localtime(a.submitted_at)
    assert "Assessments awaiting authorisation" in section
    assert "Ava Smith Understanding Families" in section
    assert allocated_worker.display_name in section
    assert f"{day.day} {day:%B %Y}" in section
    assert "No assessment" not in section


def test_the_team_page_lists_assessments_past_their_agreed_date_with_the_recorded_reason(
    client,
    case,
    siblings,  # noqa: F811
    allocated_worker,
    manager,
):
    past_due(allocated_worker, manager, case, [siblings["ava"]], reason="Mum asked to meet after her operation.")
    client.force_login(manager)
    section = text(between(body(client.get(team_url(case.team))), "assessments-awaiting"))
    assert "No assessment on the team's cases is waiting for authorisation." in section
    assert "Assessments past their agreed date" in section
    assert "Waiting for information from others: Mum asked to meet after her operation." in section


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "performance_officer", "auditor"])
def test_the_awaiting_section_is_for_the_teams_managers_only(client, request, case, ava, allocated_worker, persona):
    submitted(start(allocated_worker, case, [ava]), allocated_worker)
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(team_url(case.team)))
    assert "Assessments awaiting authorisation" not in page


def test_another_teams_manager_sees_nothing_of_this_teams_assessments(
    client, case, ava, allocated_worker, other_team_manager, south
):
    submitted(start(allocated_worker, case, [ava]), allocated_worker)
    client.force_login(other_team_manager)
    assert client.get(team_url(case.team)).status_code == 404
    section = text(between(body(client.get(team_url(south))), "assessments-awaiting"))
    assert "No assessment on the team's cases is waiting for authorisation." in section
    assert "Ava" not in section


def test_the_team_section_runs_the_same_queries_for_2_or_10_assessments(
    client, front_door_worker, north, manager, allocated_worker, colleague, django_assert_num_queries
):
    def add(first, n):
        for i in range(first, first + n):
            worker = allocated_worker if i % 2 else colleague
            case = new_case(front_door_worker, north, f"Family{i}", children=2, manager=manager, worker=worker)
            children = list(case.episodes.values_list("child", flat=True))
            from families.models import Person

            kids = list(Person.objects.filter(pk__in=children))
            if i % 3 == 0:
                past_due(worker, manager, case, kids, reason="Waiting for the GP.")
            else:
                submitted(start(worker, case, kids), worker)

    add(0, 2)
    client.force_login(manager)
    client.get(reverse("casework:my_work"))
    expected = count_queries(client, team_url(north))
    add(2, 8)
    with django_assert_num_queries(expected):
        page = body(client.get(team_url(north)))
    assert text(between(page, "assessments-awaiting")).count("Understanding Families") == 6


# --- The supervision agenda ---------------------------------------------------------------------------


def test_the_supervision_agenda_shows_the_supervisees_assessments_awaiting_authorisation(
    client, case, ava, allocated_worker, manager
):
    a = submitted(start(allocated_worker, case, [ava]), allocated_worker)
    day = timezone.localtime(a.submitted_at)
    for reader in (manager, allocated_worker):
        client.force_login(reader)
        page = body(client.get(agenda_url(allocated_worker)))
        case_card = text(between(page, f"case-{case.pk}"))
        assert "Assessments awaiting authorisation" in case_card
        assert f"Understanding Families : Ava Smith; submitted on {day.day} {day:%B %Y}" in case_card
        assert detail_url(a) in page


def test_the_agenda_leaves_out_drafts_and_other_workers_cases(
    client, case, ava, allocated_worker, colleague, manager, front_door_worker, north
):
    start(allocated_worker, case, [ava])
    other = new_case(front_door_worker, north, "Jones", manager=manager, worker=colleague)
    submitted(start(colleague, other, [other.episodes.first().child]), colleague)
    client.force_login(manager)
    assert "Assessments awaiting authorisation" not in body(client.get(agenda_url(allocated_worker)))
    assert "Assessments awaiting authorisation" in body(client.get(agenda_url(colleague)))


def test_the_agenda_runs_the_same_queries_for_1_or_5_cases_with_assessments(
    client, front_door_worker, north, manager, allocated_worker, django_assert_num_queries
):
    def add(first, n):
        for i in range(first, first + n):
            case = new_case(front_door_worker, north, f"Family{i}", manager=manager, worker=allocated_worker)
            submitted(start(allocated_worker, case, [case.episodes.first().child]), allocated_worker)

    add(0, 1)
    client.force_login(manager)
    client.get(reverse("casework:my_work"))
    expected = count_queries(client, agenda_url(allocated_worker))
    add(1, 4)
    with django_assert_num_queries(expected):
        page = body(client.get(agenda_url(allocated_worker)))
    assert page.count("Assessments awaiting authorisation") == 5


def test_an_agenda_part_needs_a_name_a_template_and_a_callable():
    with pytest.raises(ValueError):
        register_agenda_part(10, "", "x.html", lambda **kw: {})
    with pytest.raises(ValueError):
        register_agenda_part(10, "x", "x.html", None)
    register_agenda_part(10, "test_part", "x.html", lambda **kw: {})
    unregister_agenda_part("test_part")
    unregister_agenda_part("test_part")  # idempotent


# --- My work ------------------------------------------------------------------------------------------


def test_my_assessments_lists_the_workers_open_ones_returned_first_with_their_agreed_dates(
    client,
    case,
    siblings,  # noqa: F811
    allocated_worker,
    manager,
):
    draft = start(allocated_worker, case, [siblings["ava"]], due_date=ago(-30), timeframe_reason="Six weeks")
    services.assessment_agree_timeframe(user=manager, assessment=draft, expected_version=draft.version)
    back = returned(start(allocated_worker, case, [siblings["sam"]]), allocated_worker, manager, "Add the GP's view.")
    client.force_login(allocated_worker)
    section = between(body(client.get(reverse("casework:my_work"))), "my-assessments")
    words = text(section)
    assert section.index(detail_url(back)) < section.index(detail_url(draft))
    assert "Returned to you: Add the GP's view." in words
    due = ago(-30)
    assert f"{due.day} {due:%B %Y}" in words
    assert "No time frame proposed yet" in words  # the returned one has none


def test_my_assessments_leaves_out_authorised_ones_and_other_workers_cases(
    client,
    case,
    siblings,  # noqa: F811
    allocated_worker,
    colleague,
    manager,
):
    authorised(start(allocated_worker, case, [siblings["ava"]]), allocated_worker, manager)
    client.force_login(allocated_worker)
    words = text(between(body(client.get(reverse("casework:my_work"))), "my-assessments"))
    assert "You have no open assessments." in words
    start(allocated_worker, case, [siblings["sam"]])
    client.force_login(colleague)
    words = text(between(body(client.get(reverse("casework:my_work"))), "my-assessments"))
    assert "You have no open assessments." in words and "Sam" not in words


@pytest.mark.parametrize("persona", ["performance_officer", "auditor"])
def test_my_assessments_is_not_shown_to_read_only_roles(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert "My assessments" not in body(client.get(reverse("casework:my_work")))


def test_my_assessments_runs_the_same_queries_for_1_or_6_assessments(
    client, front_door_worker, north, manager, allocated_worker, django_assert_num_queries
):
    def add(first, n):
        for i in range(first, first + n):
            case = new_case(front_door_worker, north, f"Family{i}", manager=manager, worker=allocated_worker)
            a = start(allocated_worker, case, [case.episodes.first().child])
            if i % 2:
                written(a, allocated_worker)

    add(0, 1)
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))
    expected = count_queries(client, reverse("casework:my_work"))
    add(1, 5)
    with django_assert_num_queries(expected):
        page = body(client.get(reverse("casework:my_work")))
    assert text(between(page, "my-assessments")).count("Understanding Families") == 6


def test_an_assessment_of_a_restricted_child_is_left_out_for_those_who_may_not_open_them(
    client, case, ava, allocated_worker, colleague, manager
):
    """As on the assessment's pages (one restricted child hides it): no line, no dead link."""
    from tests.families.pages_helpers import restrict

    a = submitted(start(colleague, case, [ava]), colleague)
    client.force_login(colleague)
    assert detail_url(a) in body(client.get(reverse("casework:my_work")))
    restrict(ava, by=manager)
    words = text(between(body(client.get(reverse("casework:my_work"))), "my-assessments"))
    assert "You have no open assessments." in words and "Ava" not in words
    client.force_login(allocated_worker)  # the allocated worker still opens it, on My work and the agenda
    assert detail_url(a) in body(client.get(reverse("casework:my_work")))
    assert detail_url(a) in body(client.get(agenda_url(allocated_worker)))
    client.force_login(manager)  # and the team's manager
    assert detail_url(a) in body(client.get(team_url(case.team)))


def test_a_performance_officer_sees_the_delay_category_on_the_glance_but_not_the_words(
    client, case, ava, allocated_worker, manager, performance_officer
):
    past_due(allocated_worker, manager, case, [ava], reason="Mum is in hospital this week.")
    client.force_login(performance_officer)
    words = text(card(body(client.get(record_url(ava)))))
    assert "Why it is taking longer Waiting for information from others" in words
    assert "hospital" not in words
