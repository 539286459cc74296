"""The person's record page, its change history, changing it, and restricting it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.core.models import AccessLog
from families import services
from families.models import Person
from tests.families.pages_helpers import body, date_data, family, person, person_form, restrict

pytestmark = pytest.mark.django_db


def detail(p: Person) -> str:
    return reverse("families:person_detail", kwargs={"person_id": p.pk})


def edit(p: Person) -> str:
    return reverse("families:person_edit", kwargs={"person_id": p.pk})


@pytest.fixture
def ava(allocated_worker):
    """Ava, held by North, with a warning, a relationship with notes and a connection with notes."""
    ava = person(allocated_worker, "Ava", "Smith", nhs_number="9434765919", aliases=["Ava Jones"])
    lee = person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1988, 1, 1), sex="M")
    services.warning_add(by=allocated_worker, person=ava, kind="animal", detail="Large dog kept in the kitchen")
    services.relationship_create(
        by=allocated_worker,
        from_person=lee,
        to_person=ava,
        data={"kind": "parent", "parental_responsibility": True, "notes": "Sees Ava every weekend"},
    )
    services.connection_create(
        by=allocated_worker,
        person=ava,
        data={"name": "Oak Lane Primary", "kind": "school", "notes": "Thriving in Year 4"},
    )
    family(allocated_worker, [(ava, "child"), (lee, "adult")])
    ava.refresh_from_db()
    return ava


# --- Who may open it --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager"])
def test_the_holding_team_sees_the_whole_record(client, request, ava, persona):
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(detail(ava)))
    assert "moj-identity-bar" in page
    assert "Ava Smith" in page and ava.la_child_id in page and "943 476 5919" in page
    assert "govuk-warning-text" in page and "Large dog kept in the kitchen" in page
    assert "Lee</a> is Ava&#39;s parent and holds parental responsibility" in page
    assert "Sees Ava every weekend" in page
    assert "Oak Lane Primary" in page and "Thriving in Year 4" in page
    assert "Smith family" in page
    assert edit(ava) in page


def test_another_team_gets_404(client, ava, other_team_worker):
    client.force_login(other_team_worker)
    for url_name in ("person_detail", "person_history", "person_edit", "warning_add", "relationship_choose"):
        assert client.get(reverse(f"families:{url_name}", kwargs={"person_id": ava.pk})).status_code == 404


def test_performance_officer_sees_structured_fields_only(client, ava, performance_officer):
    client.force_login(performance_officer)
    page = body(client.get(detail(ava)))
    assert "Ava Smith" in page and "Animals" in page and "Female" in page
    assert "Large dog kept in the kitchen" not in page
    assert "Sees Ava every weekend" not in page
    assert "Thriving in Year 4" not in page
    assert "The details of warnings are not shown to your role" in page
    assert edit(ava) not in page
    assert client.get(edit(ava)).status_code == 403


def test_auditor_reads_everything_but_cannot_change_anything(client, ava, auditor):
    client.force_login(auditor)
    page = body(client.get(detail(ava)))
    assert "Large dog kept in the kitchen" in page and "Sees Ava every weekend" in page
    assert edit(ava) not in page and "Add a warning" not in page
    assert client.get(edit(ava)).status_code == 403
    assert client.post(edit(ava), person_form(version=ava.version)).status_code == 403
    assert client.get(reverse("families:warning_add", kwargs={"person_id": ava.pk})).status_code == 403


def test_a_team_with_read_access_cannot_change_the_record(client, ava, front_door_worker, front_door_team):
    from casework.core.access import access_grant

    access_grant(team=front_door_team, person=ava, level="read", reason="Contact decided")
    client.force_login(front_door_worker)
    assert client.get(detail(ava)).status_code == 200
    assert client.get(edit(ava)).status_code == 403


def test_a_restricted_record_opens_only_for_named_people_and_the_managers(
    client, ava, manager, allocated_worker, colleague, auditor, performance_officer
):
    restrict(ava, by=manager, named=[allocated_worker])
    for user, status in (
        (allocated_worker, 200),
        (manager, 200),
        (colleague, 404),
        (auditor, 404),
        (performance_officer, 404),
    ):
        client.force_login(user)
        assert client.get(detail(ava)).status_code == status, user
    log = AccessLog.objects.filter(person=ava, user=allocated_worker).get()
    assert log.restricted_record is True


def test_every_view_of_the_record_is_in_the_access_log(client, ava, colleague):
    client.force_login(colleague)
    client.get(detail(ava))
    client.get(detail(ava))
    rows = AccessLog.objects.filter(person=ava, user=colleague)
    assert rows.count() == 2
    assert {row.what for row in rows} == {"Person record"}
    assert rows.first().path == detail(ava)


def test_relationships_read_from_both_records(client, ava, allocated_worker):
    lee = Person.objects.get(first_name="Lee")
    client.force_login(allocated_worker)
    page = body(client.get(detail(lee)))
    assert "Ava</a> is Lee&#39;s child; Lee holds parental responsibility for Ava" in page


def test_a_restricted_relative_is_shown_without_a_name(client, ava, manager, colleague):
    lee = Person.objects.get(first_name="Lee")
    restrict(lee, by=manager)
    client.force_login(colleague)
    page = body(client.get(detail(ava)))
    assert "Restricted record: Ava&#39;s parent" in page
    assert "Lee" not in page.split("Relationships")[1].split("Warnings")[0]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _child_with(n: int, by) -> Person:
    child = person(by, "Kim", f"Large{n}")
    relatives = [person(by, f"Sib{i}", f"Large{n}", date_of_birth=datetime.date(2010, 1, 1 + i % 27)) for i in range(n)]
    family(by, [(child, "child"), *((r, "child") for r in relatives)], name=f"Family of {n}")
    for relative in relatives:
        services.relationship_create(by=by, from_person=relative, to_person=child, data={"kind": "sibling"})
        services.warning_add(by=by, person=child, kind="other", detail=f"Warning {relative.first_name}")
        services.connection_create(by=by, person=child, data={"name": f"Club {relative.first_name}", "kind": "leisure"})
    return child


def test_person_page_runs_the_same_queries_for_3_or_30_relatives(client, allocated_worker, django_assert_num_queries):
    small, large = _child_with(3, allocated_worker), _child_with(30, allocated_worker)
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))  # the session's first request does its own set-up
    expected = _queries(client, detail(small))
    with django_assert_num_queries(expected):
        assert client.get(detail(large)).status_code == 200


# --- Change history ---------------------------------------------------------------------------


def test_history_shows_who_changed_what_when_and_why(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    client.post(edit(ava), person_form(
        first_name="Ava", last_name="Smith", nhs_number="9434765919", aliases="Ava Jones", sex="F",
        ethnicity="WBRI", version=ava.version, reason="Mother confirmed her ethnicity",
        **date_data("date_of_birth", ava.date_of_birth),
    ))  # fmt: skip
    page = body(client.get(reverse("families:person_history", kwargs={"person_id": ava.pk})))
    assert "Personal details changed" in page
    assert "Ethnicity" in page and "White: British" in page
    assert "Mother confirmed her ethnicity" in page
    assert "by Sam Okafor" in page
    assert "Warning added: Animals" in page
    assert "Relationship recorded: Lee is Ava&#39;s parent" in page
    assert "Joined the Smith family as a child" in page
    assert "Record created" in page
    assert AccessLog.objects.filter(person=ava, what="Person change history").exists()


def test_history_hides_narrative_from_the_performance_officer(client, ava, allocated_worker, performance_officer):
    warning = ava.warnings.get()
    services.warning_update(
        by=allocated_worker, warning=warning, changes={"detail": "Dog rehomed"}, expected_version=warning.version
    )
    client.force_login(performance_officer)
    page = body(client.get(reverse("families:person_history", kwargs={"person_id": ava.pk})))
    assert "Warning changed: Animals" in page
    assert "Dog rehomed" not in page and "Large dog" not in page
    assert "(not shown to your role)" in page


# --- Changing the record ----------------------------------------------------------------------


def test_edit_form_get_is_filled_in(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    page = body(client.get(edit(ava)))
    assert 'value="Ava"' in page and 'value="9434765919"' in page and "Ava Jones" in page
    assert f'name="version" value="{ava.version}"' in page
    assert "Date of death" in page


def test_invalid_edit_shows_errors_and_saves_nothing(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    data = person_form(first_name="", version=ava.version, **date_data("date_of_birth", datetime.date(2999, 1, 1)))
    response = client.post(edit(ava), data)
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Enter their first name" in page
    assert "Date of birth must be today or in the past" in page
    ava.refresh_from_db()
    assert ava.first_name == "Ava"


def test_valid_edit_saves_and_returns_to_the_record(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    data = person_form(first_name="Ava", last_name="Smith-Jones", version=ava.version, disabilities=["NONE"])
    response = client.post(edit(ava), data)
    assert response.status_code == 302 and response.url == detail(ava)
    ava.refresh_from_db()
    assert ava.last_name == "Smith-Jones" and ava.disabilities == ["NONE"] and ava.nhs_number is None
    assert ava.history.first().history_user == allocated_worker


def test_a_stale_edit_shows_both_texts_and_saves_nothing(client, ava, allocated_worker, colleague):
    from django.test import Client

    client.force_login(allocated_worker)
    started_from = ava.version
    other = Client()
    other.force_login(colleague)
    saved = other.post(
        edit(ava), person_form(first_name="Ava", last_name="Smith", religion="Quaker", version=started_from)
    )
    assert saved.status_code == 302
    data = person_form(first_name="Ava", last_name="Smith", religion="Methodist", version=started_from)
    response = client.post(edit(ava), data)
    assert response.status_code == 409
    page = body(response)
    assert "Someone else changed this" in page
    assert "Jo Lewis saved a change" in page
    assert "Quaker" in page and "Methodist" in page  # what is saved now, and what this user typed
    assert f'href="{edit(ava)}"' in page  # start again from the version saved now
    ava.refresh_from_db()
    assert ava.religion == "Quaker"


# --- Restricting ------------------------------------------------------------------------------


def test_only_the_holding_team_manager_is_offered_restriction(
    client, ava, manager, allocated_worker, colleague, auditor
):
    url = reverse("families:person_restriction", kwargs={"person_id": ava.pk})
    client.force_login(manager)
    assert url in body(client.get(detail(ava)))
    assert "Jo Lewis" in body(client.get(url))  # users of the holding team to choose from
    for user in (allocated_worker, auditor):
        client.force_login(user)
        assert url not in body(client.get(detail(ava)))
        assert client.get(url).status_code == 403


def test_manager_restricts_and_names_users(client, ava, manager, allocated_worker, other_team_worker, colleague):
    url = reverse("families:person_restriction", kwargs={"person_id": ava.pk})
    client.force_login(manager)
    bad = client.post(url, {"restricted": "on", "other_usernames": "no.such.person", "version": ava.version})
    assert bad.status_code == 400 and "No one has the username no.such.person" in body(bad)
    data = {
        "restricted": "on",
        "restricted_to": [str(allocated_worker.pk)],
        "other_usernames": other_team_worker.username,
        "version": ava.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    ava.refresh_from_db()
    assert ava.restricted is True
    assert set(ava.restricted_to.all()) == {allocated_worker, other_team_worker}
    client.force_login(colleague)
    assert client.get(detail(ava)).status_code == 404


def test_a_stale_restriction_shows_both_choices(client, ava, manager, allocated_worker):
    url = reverse("families:person_restriction", kwargs={"person_id": ava.pk})
    client.force_login(manager)
    started = ava.version
    services.person_update(by=manager, person=ava, changes={"religion": "Quaker"}, expected_version=started)
    response = client.post(url, {"restricted": "on", "restricted_to": [str(allocated_worker.pk)], "version": started})
    assert response.status_code == 409
    assert "Sam Okafor" in body(response)
    ava.refresh_from_db()
    assert ava.restricted is False


def test_restriction_names_people_with_checkboxes(client, ava, manager, colleague):
    client.force_login(manager)
    page = body(client.get(reverse("families:person_restriction", kwargs={"person_id": ava.pk})))
    assert f'name="restricted_to" type="checkbox" value="{colleague.pk}"' in page
