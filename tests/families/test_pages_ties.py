"""From a person's record: warnings, relationships (three steps) and community connections."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from families import services
from families.models import Connection, Person, PersonWarning, Relationship
from tests.families.pages_helpers import body, date_data, family, person, today

pytestmark = pytest.mark.django_db


def url(name: str, p: Person, **kwargs) -> str:
    return reverse(f"families:{name}", kwargs={"person_id": p.pk, **kwargs})


@pytest.fixture
def ava(allocated_worker):
    return person(allocated_worker, "Ava", "Smith")


@pytest.fixture
def lee(allocated_worker, ava):
    lee = person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1988, 1, 1), sex="M")
    family(allocated_worker, [(ava, "child"), (lee, "adult")])
    return lee


# --- Warnings ---------------------------------------------------------------------------------


def test_add_a_warning_get_invalid_valid(client, ava, allocated_worker):
    client.force_login(allocated_worker)
    add = url("warning_add", ava)
    assert "What kind of warning is it?" in body(client.get(add))
    bad = client.post(add, {"kind": "", "detail": ""})
    assert bad.status_code == 400
    assert "Select what kind of warning it is" in body(bad) and "Say what the warning is about" in body(bad)
    assert not PersonWarning.objects.exists()
    response = client.post(add, {"kind": "lone_visit_risk", "detail": "Visit in pairs"})
    assert response.status_code == 302
    warning = PersonWarning.objects.get()
    assert warning.from_date == today() and warning.created_by == allocated_worker
    page = body(client.get(url("person_detail", ava)))
    assert "govuk-warning-text" in page and "Do not visit alone" in page and "Visit in pairs" in page


def test_a_warning_shows_on_the_family_page_too(client, ava, lee, allocated_worker):
    services.warning_add(by=allocated_worker, person=lee, kind="violence", detail="Threatened a social worker")
    client.force_login(allocated_worker)
    fam = ava.memberships.get().family
    page = body(client.get(reverse("families:family_detail", kwargs={"family_id": fam.pk})))
    assert "Lee Smith</span>: Violence or aggression. Threatened a social worker" in page


def test_end_a_warning_keeps_it_in_history(client, ava, allocated_worker):
    warning = services.warning_add(
        by=allocated_worker, person=ava, kind="animal", detail="Dog", from_date=datetime.date(2025, 1, 1)
    )
    end = url("warning_end", ava, warning_id=warning.pk)
    client.force_login(allocated_worker)
    assert "It has applied since 1 January 2025" in body(client.get(end))
    bad = client.post(end, {"version": warning.version, **date_data("to_date", datetime.date(2024, 1, 1))})
    assert bad.status_code == 400 and "on or after the start date" in body(bad)
    good = client.post(end, {"version": warning.version, **date_data("to_date", today())})
    assert good.status_code == 302
    warning.refresh_from_db()
    assert warning.to_date == today()
    page = body(client.get(url("person_detail", ava)))
    assert "govuk-warning-text" not in page
    assert "Ended" in page and "Dog" in page
    assert client.get(end).status_code == 404  # already ended


def test_a_stale_warning_end_is_refused_with_both_texts(client, ava, allocated_worker):
    warning = services.warning_add(by=allocated_worker, person=ava, kind="animal", detail="Dog")
    services.warning_update(by=allocated_worker, warning=warning, changes={"detail": "Two dogs"}, expected_version=1)
    client.force_login(allocated_worker)
    response = client.post(
        url("warning_end", ava, warning_id=warning.pk), {"version": 1, **date_data("to_date", today())}
    )
    assert response.status_code == 409
    assert "Someone else changed this" in body(response)
    warning.refresh_from_db()
    assert warning.to_date is None


# --- Relationships ----------------------------------------------------------------------------


def test_choose_the_other_person_from_the_family_or_a_search(client, ava, lee, allocated_worker):
    client.force_login(allocated_worker)
    choose = url("relationship_choose", ava)
    page = body(client.get(choose))
    assert url("relationship_kind", ava, other_id=lee.pk) in page  # a member of Ava's family
    found = body(client.get(choose, {"q": "Lee"}))
    assert "1 person found" in found and f'name="for_person" value="{ava.pk}"' in found
    assert "Enter a name to search for" in body(client.get(choose, {"q": ""}))


def test_how_they_are_related_reads_as_sentences(client, ava, lee, allocated_worker):
    client.force_login(allocated_worker)
    kind = url("relationship_kind", ava, other_id=lee.pk)
    page = body(client.get(kind))
    assert "How is Lee Smith related to Ava Smith?" in page
    assert "Lee Smith is Ava Smith&#39;s parent" in page
    assert "Lee Smith is Ava Smith&#39;s child" in page
    bad = client.post(kind, {})
    assert bad.status_code == 400 and "Select how they are related" in body(bad)
    response = client.post(kind, {"relation": "parent:from"})
    assert response.status_code == 302
    assert response.url == url("relationship_details", ava, other_id=lee.pk) + "?relation=parent%3Afrom"


def test_parental_responsibility_is_offered_only_where_it_can_be_held(client, ava, lee, allocated_worker):
    client.force_login(allocated_worker)
    details = url("relationship_details", ava, other_id=lee.pk)
    page = body(client.get(details, {"relation": "parent:from"}))
    assert "Lee Smith holds parental responsibility for Ava Smith" in page
    assert "identical" not in page
    assert "parental responsibility" not in body(client.get(details, {"relation": "grandparent:from"}))
    assert "They are identical twins" in body(client.get(details, {"relation": "twin"}))
    assert client.get(details, {"relation": "nonsense"}).status_code == 302


def test_add_a_relationship_and_see_it_from_both_records(client, ava, lee, allocated_worker):
    client.force_login(allocated_worker)
    details = url("relationship_details", ava, other_id=lee.pk)
    future = today() + datetime.timedelta(days=3)
    bad = client.post(details, {"relation": "parent:from", **date_data("start_date", future)})
    assert bad.status_code == 400 and "must be today or in the past" in body(bad)
    assert not Relationship.objects.exists()
    data = {"relation": "parent:from", "parental_responsibility": "on", "emotional": "close", "notes": "Weekends"}
    assert client.post(details, data).status_code == 302
    rel = Relationship.objects.get()
    assert (rel.from_person, rel.to_person, rel.kind, rel.parental_responsibility) == (lee, ava, "parent", True)
    assert "Lee</a> is Ava&#39;s parent and holds parental responsibility" in body(
        client.get(url("person_detail", ava))
    )
    lee_page = body(client.get(url("person_detail", lee)))
    assert "Ava</a> is Lee&#39;s child; Lee holds parental responsibility for Ava" in lee_page


def test_a_duplicate_relationship_is_an_error_above_the_form(client, ava, lee, allocated_worker):
    services.relationship_create(by=allocated_worker, from_person=lee, to_person=ava, data={"kind": "parent"})
    client.force_login(allocated_worker)
    response = client.post(url("relationship_details", ava, other_id=lee.pk), {"relation": "parent:from"})
    assert response.status_code == 400
    assert "This relationship is already recorded" in body(response)
    assert Relationship.objects.count() == 1


def test_a_parent_younger_than_the_child_is_refused(client, ava, lee, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(url("relationship_details", ava, other_id=lee.pk), {"relation": "parent:to"})
    assert response.status_code == 400
    assert "is recorded as younger than" in body(response)


def test_change_and_end_a_relationship(client, ava, lee, allocated_worker):
    rel = services.relationship_create(
        by=allocated_worker, from_person=lee, to_person=ava, data={"kind": "step_parent"}
    )
    client.force_login(allocated_worker)
    change = url("relationship_edit", ava, relationship_id=rel.pk)
    assert "Lee Smith holds parental responsibility for Ava Smith" in body(client.get(change))
    data = {"parental_responsibility": "on", "notes": "Order made", "version": rel.version}
    assert client.post(change, data).status_code == 302
    rel.refresh_from_db()
    assert rel.parental_responsibility and rel.notes == "Order made"
    stale = client.post(change, {**data, "notes": "Typed later"})
    assert stale.status_code == 409 and "Typed later" in body(stale) and "Order made" in body(stale)
    end = url("relationship_end", ava, relationship_id=rel.pk)
    assert client.post(end, {"version": rel.version}).status_code == 400
    assert client.post(end, {"version": rel.version, **date_data("end_date", today())}).status_code == 302
    rel.refresh_from_db()
    assert rel.end_date == today()
    page = body(client.get(url("person_detail", ava)))
    assert "Past relationships" in page and "Lee</a> was Ava&#39;s step-parent" in page


def test_performance_officer_and_auditor_cannot_add_relationships(client, ava, lee, performance_officer, auditor):
    for user in (performance_officer, auditor):
        client.force_login(user)
        assert client.get(url("relationship_choose", ava)).status_code == 403
        response = client.post(url("relationship_details", ava, other_id=lee.pk), {"relation": "parent:from"})
        assert response.status_code == 403
    assert not Relationship.objects.exists()


# --- Connections ------------------------------------------------------------------------------


def test_add_and_change_a_connection(client, ava, allocated_worker, performance_officer):
    client.force_login(allocated_worker)
    add = url("connection_add", ava)
    assert "Which way does support flow?" in body(client.get(add))
    bad = client.post(add, {"name": "", "strength": "moderate", "energy": "none"})
    assert bad.status_code == 400
    assert "Enter the name of the school" in body(bad) and "Select what kind of connection it is" in body(bad)
    data = {
        "name": "St Mary's Church",
        "kind": "faith",
        "strength": "strong",
        "energy": "to_person",
        "notes": "Youth club",
    }
    assert client.post(add, data).status_code == 302
    connection = Connection.objects.get()
    change = url("connection_edit", ava, connection_id=connection.pk)
    assert client.post(change, {**data, "strength": "tenuous", "version": connection.version}).status_code == 302
    connection.refresh_from_db()
    assert connection.strength == "tenuous"
    client.force_login(performance_officer)
    page = body(client.get(url("person_detail", ava)))
    assert "St Mary&#39;s Church" in page and "Youth club" not in page


def test_other_tie_forms_get_and_refuse_invalid_posts(client, ava, lee, allocated_worker):
    rel = services.relationship_create(by=allocated_worker, from_person=lee, to_person=ava, data={"kind": "parent"})
    connection = services.connection_create(by=allocated_worker, person=ava, data={"name": "Club", "kind": "leisure"})
    future = date_data("start_date", today() + datetime.timedelta(days=5))
    client.force_login(allocated_worker)
    for page_url, invalid in (
        (url("relationship_edit", ava, relationship_id=rel.pk), {"version": rel.version, **future}),
        (url("relationship_end", ava, relationship_id=rel.pk), {"version": rel.version}),
        (url("connection_edit", ava, connection_id=connection.pk), {"name": "", "version": connection.version}),
    ):
        assert client.get(page_url).status_code == 200
        response = client.post(page_url, invalid)
        assert response.status_code == 400, page_url
        assert "govuk-error-summary" in body(response)
    rel.refresh_from_db()
    assert rel.end_date is None and rel.start_date is None
