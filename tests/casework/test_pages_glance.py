"""The child at a glance (the top of the child's record) and changing the worker's current summary:
the right visit for each question, the child's latest words, only links that lead somewhere, a
fixed number of queries however many visits, and a summary that is never silently overwritten."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.models import Case, ChildSummary, Document, RecordStatus, Visit, VisitChild
from casework.services import visits
from tests.casework.pages_cases_helpers import body
from tests.families.pages_helpers import person, restrict

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(front_door_worker, school_contact, north, manager, allocated_worker):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    case = Case.objects.get()
    services.case_allocate(by=manager, case=case, worker=allocated_worker)
    return case


@pytest.fixture
def ava(siblings):
    return siblings["ava"]


def record_url(child) -> str:
    return reverse("families:person_detail", kwargs={"person_id": child.pk})


def summary_url(child) -> str:
    return reverse("casework:summary_edit", kwargs={"person_id": child.pk})


def visit_url(visit) -> str:
    return reverse("casework:visit_detail", kwargs={"visit_id": visit.pk})


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def record_visit(by, case, days: int, children, *, finish: bool = True, **data) -> Visit:
    visit = visits.visit_create(by=by, case=case, data={"occurred_at": days_ago(days), **data}, children=children)
    return visits.visit_finish(by=by, visit=visit) if finish else visit


def seen(child, alone="yes"):
    return {"child": child, "seen": True, "seen_alone": alone}


def row(page: str, key: str) -> str:
    """The value beside `key` in a GOV.UK summary list on the page."""
    found = re.search(
        r'<dt class="govuk-summary-list__key">\s*'
        + re.escape(key)
        + r'\s*</dt>\s*<dd class="govuk-summary-list__value">'
        r"(.*?)</dd>",
        page,
        re.S,
    )
    assert found, f"no row {key!r}"
    return found.group(1)


def london_date(when: datetime.datetime) -> str:
    local = timezone.localtime(when)
    return f"{local.day} {local:%B %Y}"


# --- Seeing the child ---------------------------------------------------------------------------


def test_last_visit_last_seen_and_last_seen_alone_each_come_from_the_right_visit(client, case, ava, allocated_worker):
    alone = record_visit(allocated_worker, case, 10, [seen(ava)])
    with_mum = record_visit(allocated_worker, case, 5, [seen(ava, "no")], kind="school")
    call = record_visit(allocated_worker, case, 2, [{"child": ava, "seen": False}], kind="phone")
    client.force_login(allocated_worker)
    page = body(client.get(record_url(ava)))
    assert visit_url(call) in row(page, "Last visit") and "telephone call by Sam Okafor" in row(page, "Last visit")
    assert visit_url(with_mum) in row(page, "Last seen") and "(not alone)" in row(page, "Last seen")
    assert london_date(with_mum.occurred_at) in row(page, "Last seen")
    assert visit_url(alone) in row(page, "Last seen alone")
    assert visit_url(with_mum) not in row(page, "Last seen alone")


def test_a_phone_call_changes_the_last_visit_but_never_when_the_child_was_last_seen(
    client, case, ava, allocated_worker
):
    home = record_visit(allocated_worker, case, 7, [seen(ava)])
    client.force_login(allocated_worker)
    before = body(client.get(record_url(ava)))
    record_visit(allocated_worker, case, 1, [{"child": ava, "seen": False}], kind="video")
    after = body(client.get(record_url(ava)))
    assert row(after, "Last seen") == row(before, "Last seen") and visit_url(home) in row(after, "Last seen")
    assert row(after, "Last seen alone") == row(before, "Last seen alone")
    assert "video call" in row(after, "Last visit") and "video call" not in row(before, "Last visit")


def test_drafts_and_no_access_visits_never_count_as_seen(client, case, ava, allocated_worker):
    record_visit(allocated_worker, case, 3, [{"child": ava, "seen": False}], outcome="no_access")
    draft = record_visit(allocated_worker, case, 1, [seen(ava)], finish=False, childs_words="Draft words")
    client.force_login(allocated_worker)
    page = body(client.get(record_url(ava)))
    assert "(no access)" in row(page, "Last visit")
    assert row(page, "Last seen").strip() == "Not seen on a recorded visit yet"
    assert "Not seen alone on a recorded visit yet" in row(page, "Last seen alone")
    assert "Draft words" not in page
    assert f'Not finished yet: the home visit of <a class="govuk-link" href="{visit_url(draft)}"' in page


def test_seen_alone_not_applicable_is_said_for_a_baby(client, case, siblings, allocated_worker):
    sam = siblings["sam"]
    record_visit(allocated_worker, case, 2, [seen(sam, "not_applicable")])
    client.force_login(allocated_worker)
    page = body(client.get(record_url(sam)))
    assert "Not applicable (a baby" in row(page, "Last seen alone")


def test_the_latest_words_of_the_child_are_shown_with_their_date_and_link(client, case, ava, allocated_worker):
    record_visit(allocated_worker, case, 20, [seen(ava)], childs_words="I miss my old school")
    latest = record_visit(allocated_worker, case, 8, [seen(ava)], childs_words="I like my new bed")
    record_visit(allocated_worker, case, 2, [seen(ava)])  # no words recorded on the latest visit
    client.force_login(allocated_worker)
    words = row(body(client.get(record_url(ava))), "In Ava&#39;s words")
    assert "I like my new bed" in words and "I miss my old school" not in words
    assert visit_url(latest) in words and london_date(latest.occurred_at) in words


def test_a_performance_officer_sees_when_words_were_recorded_but_not_the_words(
    client, case, ava, allocated_worker, performance_officer
):
    record_visit(allocated_worker, case, 4, [seen(ava)], childs_words="I like my new bed")
    visits.summary_update(by=allocated_worker, child=ava, text="Ava is settling.", expected_version=None)
    client.force_login(performance_officer)
    page = body(client.get(record_url(ava)))
    assert "I like my new bed" not in page and "the words are not shown to your role" in page
    assert "Ava is settling." not in page and "The summary is not shown to your role." in page


# --- Who, where, which team ----------------------------------------------------------------------


def test_the_glance_says_who_the_child_is_who_they_live_with_and_their_team_and_worker(
    client, case, ava, siblings, allocated_worker
):
    client.force_login(allocated_worker)
    page = body(client.get(record_url(ava)))
    about = page[page.index('id="about"') : page.index('id="case"')]
    assert "Age" in about and "Smith family" in about
    assert record_url(siblings["sam"]) in about and "Sam Smith" in about and "years old" in about
    team = page[page.index('id="case"') : page.index('id="more"')]
    assert "Case held by North" in team and "Worker: Sam Okafor" in team
    episode = case.episodes.get(child=ava)
    assert reverse("casework:episode_detail", kwargs={"episode_id": episode.pk}) in team


def test_a_restricted_household_member_is_not_named_to_those_who_may_not_open_them(
    client, case, ava, siblings, manager, colleague
):
    restrict(siblings["sam"], by=manager)
    client.force_login(colleague)
    page = body(client.get(record_url(ava)))
    about = page[page.index('id="about"') : page.index('id="case"')]
    assert "Restricted record" in about and "Sam Smith" not in about
    assert record_url(siblings["sam"]) not in about


def test_a_child_with_no_case_shows_no_visits_and_no_summary_to_write(client, allocated_worker):
    child = person(allocated_worker, "Lee", "Jones")
    client.force_login(allocated_worker)
    page = body(client.get(record_url(child)))
    assert 'id="about"' in page
    assert 'id="seeing"' not in page and 'id="summary"' not in page and 'id="case"' not in page
    assert summary_url(child) not in page


# --- Only links that lead somewhere ----------------------------------------------------------------


def test_story_and_documents_links_carry_counts_and_the_access_log_only_for_its_readers(
    client, case, ava, allocated_worker, manager, auditor, performance_officer
):
    visits.story_add(
        by=allocated_worker, child=ava, kind="words", title="Me", attributed_to="Ava", occurred_on=None, text="Hi"
    )
    for title in ("Report", "Letter"):
        Document.objects.create(person=ava, title=title, created_by=allocated_worker)
    story = reverse("casework:story", kwargs={"person_id": ava.pk})
    documents = reverse("casework:person_documents", kwargs={"person_id": ava.pk})
    access_log = reverse("casework:person_access_log", kwargs={"person_id": ava.pk})

    client.force_login(allocated_worker)
    page = body(client.get(record_url(ava)))
    assert story in page and "(1 entry)" in page and documents in page and "(2 documents)" in page
    assert access_log not in page
    for reader in (manager, auditor):
        client.force_login(reader)
        assert access_log in body(client.get(record_url(ava)))
    client.force_login(performance_officer)
    page = body(client.get(record_url(ava)))
    assert story not in page and documents not in page and access_log not in page


def test_the_summary_change_link_is_only_for_those_who_may_write(client, case, ava, allocated_worker, auditor):
    visits.summary_update(by=allocated_worker, child=ava, text="Ava is settling.", expected_version=None)
    client.force_login(allocated_worker)
    assert summary_url(ava) in body(client.get(record_url(ava)))
    client.force_login(auditor)
    page = body(client.get(record_url(ava)))
    assert "Ava is settling." in page and summary_url(ava) not in page


def test_the_other_team_gets_404_for_the_record_page(client, case, ava, other_team_worker):
    client.force_login(other_team_worker)
    assert client.get(record_url(ava)).status_code == 404


# --- Query count: fixed as the record grows ----------------------------------------------------------


def bulk_visits(case, child, by, count: int, *, start: int = 0) -> None:
    """`count` finished visits with the child seen (alone on every other one), written in bulk."""
    now = timezone.now()
    made = Visit.objects.bulk_create(
        Visit(
            case=case,
            status=RecordStatus.FINISHED,
            occurred_at=now - datetime.timedelta(days=start + n + 1),
            childs_words=f"Words {start + n}",
            recorded_by=by,
            finished_by=by,
            finished_at=now,
        )
        for n in range(count)
    )
    VisitChild.objects.bulk_create(
        VisitChild(visit=v, child=child, seen=True, seen_alone="yes" if n % 2 else "no") for n, v in enumerate(made)
    )


def test_the_record_page_runs_the_same_queries_for_10_or_500_visits(
    client, case, ava, allocated_worker, django_assert_num_queries
):
    bulk_visits(case, ava, allocated_worker, 10)
    visits.summary_update(by=allocated_worker, child=ava, text="Settling.", expected_version=None)
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    with CaptureQueriesContext(connection) as ten:
        page = body(client.get(record_url(ava)))
    assert "Words 0" in page
    bulk_visits(case, ava, allocated_worker, 490, start=10)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert client.get(record_url(ava)).status_code == 200


# --- Changing the summary ----------------------------------------------------------------------------


def test_writing_then_changing_the_summary_keeps_every_version(client, case, ava, allocated_worker, colleague):
    client.force_login(allocated_worker)
    response = client.get(summary_url(ava))
    assert response.status_code == 200 and 'name="version" value="0"' in body(response)
    assert AccessLog.objects.filter(user=allocated_worker, person=ava, what="Current summary").exists()
    response = client.post(summary_url(ava), {"text": "Ava is hungry at school.", "version": "0"})
    assert response.status_code == 302 and response["Location"] == record_url(ava) + "#summary"
    client.force_login(colleague)
    client.post(summary_url(ava), {"text": "Ava eats breakfast at club now.", "version": "1"})
    summary = ChildSummary.objects.get(child=ava)
    assert (summary.text, summary.version, summary.updated_by) == ("Ava eats breakfast at club now.", 2, colleague)
    page = body(client.get(record_url(ava)))
    assert "Ava eats breakfast at club now." in page and "Version 2, written by Jo Lewis" in page
    form = body(client.get(summary_url(ava)))
    assert "Version 2 (current)" in form and "Version 1" in form and "Ava is hungry at school." in form
    assert form.count('<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Version') == 2  # one line per version


def test_an_empty_summary_is_refused_with_a_field_error_and_nothing_saved(client, case, ava, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(summary_url(ava), {"text": "  ", "version": "0"})
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page and "Write the summary" in page
    assert not ChildSummary.objects.filter(child=ava).exists()


def test_a_summary_changed_by_someone_else_meanwhile_is_not_overwritten(client, case, ava, allocated_worker, colleague):
    visits.summary_update(by=allocated_worker, child=ava, text="First.", expected_version=None)
    visits.summary_update(by=colleague, child=ava, text="Colleague's change.", expected_version=1)
    client.force_login(allocated_worker)
    response = client.post(summary_url(ava), {"text": "My change from version 1.", "version": "1"})
    assert response.status_code == 409
    page = body(response)
    assert "Someone else changed this" in page and "Colleague&#39;s change." in page
    assert "My change from version 1." in page  # nothing typed is lost
    assert ChildSummary.objects.get(child=ava).text == "Colleague's change."


def test_two_people_writing_the_first_summary_at_once_do_not_overwrite_each_other(
    client, case, ava, allocated_worker, colleague
):
    visits.summary_update(by=colleague, child=ava, text="Colleague was first.", expected_version=0)
    client.force_login(allocated_worker)
    response = client.post(summary_url(ava), {"text": "Mine.", "version": "0"})
    assert response.status_code == 409
    assert ChildSummary.objects.get(child=ava).text == "Colleague was first."


def test_the_other_team_gets_404_on_the_summary_page(client, case, ava, other_team_worker):
    client.force_login(other_team_worker)
    assert client.get(summary_url(ava)).status_code == 404
    assert client.post(summary_url(ava), {"text": "No.", "version": "0"}).status_code == 404
    assert not ChildSummary.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "performance_officer"])
def test_read_only_roles_get_403_on_the_summary_page(client, case, ava, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(summary_url(ava)).status_code == 403
    assert client.post(summary_url(ava), {"text": "No.", "version": "0"}).status_code == 403
    assert not ChildSummary.objects.exists()


def test_recording_a_visit_is_offered_to_writers_and_every_visit_is_one_click_away(
    client, case, ava, allocated_worker, auditor
):
    new_visit = reverse("casework:visit_new", kwargs={"case_id": case.pk})
    records = reverse("casework:case_records", kwargs={"case_id": case.pk})
    client.force_login(allocated_worker)
    page = body(client.get(record_url(ava)))
    assert new_visit in page and records in page
    client.force_login(auditor)
    page = body(client.get(record_url(ava)))
    assert new_visit not in page and records in page
