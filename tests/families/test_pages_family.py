"""The family page, and recording families: create, change, moves, members, professionals."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.core.access import access_grant
from casework.core.models import AccessLog
from families import services
from families.models import Family, FamilyAddress, FamilyMembership, Professional
from tests.families.pages_helpers import body, date_data, family, person, restrict

pytestmark = pytest.mark.django_db

HIDDEN_ROAD = {"line1": "1 Hidden Road", "town": "Leeds", "postcode": "LS1 1AA", "confidential": True}


def url(name: str, fam: Family, **kwargs) -> str:
    return reverse(f"families:{name}", kwargs={"family_id": fam.pk, **kwargs})


@pytest.fixture
def smiths(allocated_worker):
    """The Smiths, held by North: two children (Ava the subject), their mother with a warning,
    a confidential address, a professional, and a relationship with notes."""
    ava = person(allocated_worker, "Ava", "Smith")
    ben = person(allocated_worker, "Ben", "Smith", date_of_birth=datetime.date(2012, 3, 1), sex="M")
    kate = person(allocated_worker, "Kate", "Smith", date_of_birth=datetime.date(1985, 6, 1))
    services.warning_add(by=allocated_worker, person=kate, kind="violence", detail="Shouted at the health visitor")
    services.relationship_create(
        by=allocated_worker,
        from_person=kate,
        to_person=ava,
        data={"kind": "parent", "parental_responsibility": True, "notes": "Close but stretched"},
    )
    smiths = family(allocated_worker, [(kate, "adult"), (ava, "child"), (ben, "child")], address=HIDDEN_ROAD)
    services.professional_create(
        by=allocated_worker,
        family=smiths,
        data={
            "name": "Dr Rao",
            "role": "GP",
            "agency": "Oak Surgery",
            "telephone": "0113 496 0000",
            "working_with": ava,
        },
    )
    smiths.refresh_from_db()
    return smiths


# --- The page ---------------------------------------------------------------------------------


def test_family_page_shows_children_first_then_adults(client, smiths, allocated_worker):
    client.force_login(allocated_worker)
    page = body(client.get(url("family_detail", smiths)))
    members = page[page.index(">Children<") :]
    assert members.index("Ben Smith") < members.index("Ava Smith") < members.index("Kate Smith")  # eldest first
    assert "Subject child" in page
    assert "1 Hidden Road" in page  # the holding team may see the confidential address
    assert "Kate Smith</span>: Violence or aggression. Shouted at the health visitor" in page
    assert "Kate is Ava&#39;s parent and holds parental responsibility" in page
    assert "Ava is Kate&#39;s child; Kate holds parental responsibility for Ava" in page
    assert "Dr Rao" in page and "GP" in page and "Oak Surgery" in page and "0113 496 0000" in page
    assert url("family_move", smiths) in page and url("member_add", smiths) in page


def test_another_team_gets_404(client, smiths, other_team_worker):
    client.force_login(other_team_worker)
    for name in ("family_detail", "family_edit", "family_move", "member_add", "professional_add"):
        assert client.get(url(name, smiths)).status_code == 404


def test_read_only_users_see_confidential_address_hidden(client, smiths, auditor, performance_officer, south):
    for user in (auditor, performance_officer):
        client.force_login(user)
        page = body(client.get(url("family_detail", smiths)))
        assert "Confidential address" in page
        assert "Hidden Road" not in page and "LS1 1AA" not in page


def test_a_team_with_read_access_sees_confidential_address_hidden(client, smiths, other_team_worker, south):
    access_grant(team=south, family=smiths, level="read", reason="Transfer proposed")
    client.force_login(other_team_worker)
    page = body(client.get(url("family_detail", smiths)))
    assert "Confidential address" in page and "Hidden Road" not in page
    assert client.get(url("family_move", smiths)).status_code == 403


def test_performance_officer_sees_no_narrative(client, smiths, performance_officer):
    client.force_login(performance_officer)
    page = body(client.get(url("family_detail", smiths)))
    assert "Violence or aggression" in page
    assert "Shouted at the health visitor" not in page
    assert "Close but stretched" not in page
    assert url("family_edit", smiths) not in page


def test_auditor_reads_but_gets_403_on_every_change(client, smiths, auditor):
    client.force_login(auditor)
    page = body(client.get(url("family_detail", smiths)))
    assert "Shouted at the health visitor" in page and "Close but stretched" in page
    for name in ("family_edit", "family_move", "member_add", "professional_add"):
        assert client.get(url(name, smiths)).status_code == 403
    assert client.post(url("family_edit", smiths), {"name": "X", "version": smiths.version}).status_code == 403
    assert client.get(reverse("families:family_create")).status_code == 403


def test_a_restricted_member_is_shown_without_a_name(client, smiths, manager, colleague):
    kate = smiths.memberships.get(person__first_name="Kate").person
    restrict(kate, by=manager)
    client.force_login(colleague)
    page = body(client.get(url("family_detail", smiths)))
    assert "Restricted record" in page
    assert "Kate" not in page
    assert "Restricted record</span>: Violence or aggression" in page  # the risk, never who or why
    assert "Shouted" not in page


def test_viewing_the_family_logs_each_member_the_user_can_see(client, smiths, manager, colleague):
    kate = smiths.memberships.get(person__first_name="Kate").person
    restrict(kate, by=manager)
    client.force_login(colleague)
    client.get(url("family_detail", smiths))
    rows = AccessLog.objects.filter(user=colleague)
    assert {row.person.first_name for row in rows if row.person} == {"Ava", "Ben"}
    assert rows.filter(family=smiths, what="Family record").count() == 1


def _queries(client, page_url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(page_url).status_code == 200
    return len(context.captured_queries)


def _family_of(n: int, by) -> Family:
    members = [person(by, f"Child{i}", f"Big{n}", date_of_birth=datetime.date(2010, 1, 1 + i % 27)) for i in range(n)]
    fam = family(by, [(m, "child") for m in members], name=f"Big{n} family", address=HIDDEN_ROAD)
    for first, second in itertools.pairwise(members):
        services.relationship_create(by=by, from_person=first, to_person=second, data={"kind": "sibling"})
        services.warning_add(by=by, person=first, kind="other", detail="Note")
        services.connection_create(by=by, person=first, data={"name": "Club", "kind": "leisure"})
        services.professional_create(
            by=by, family=fam, data={"name": "Pro", "role": "Nurse", "agency": "NHS", "working_with": first}
        )
    services.membership_end(by=by, family=fam, person=members[0], left=datetime.date(2024, 1, 1))
    services.family_change_address(
        by=by,
        family=fam,
        address={"line1": "2 New Road"},
        moved_on=datetime.date(2024, 2, 1),
        expected_version=Family.objects.get(pk=fam.pk).version,
    )
    return fam


def test_family_page_runs_the_same_queries_for_3_or_30_members(client, allocated_worker, django_assert_num_queries):
    small, large = _family_of(3, allocated_worker), _family_of(30, allocated_worker)
    client.force_login(allocated_worker)
    client.get(reverse("casework:my_work"))
    expected = _queries(client, url("family_detail", small))
    with django_assert_num_queries(expected):
        assert client.get(url("family_detail", large)).status_code == 200


# --- Recording a family -----------------------------------------------------------------------


def test_create_family_get(client, allocated_worker):
    client.force_login(allocated_worker)
    page = body(client.get(reverse("families:family_create")))
    assert "Record a family" in page and 'name="line1"' in page and "This address is confidential" in page


def test_create_family_invalid_saves_nothing(client, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(reverse("families:family_create"), {"name": "", "postcode": "LS1 1AA"})
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Enter the family&#39;s name" in page
    assert "Enter the first line of the address" in page
    assert not Family.objects.exists()


def test_create_family_with_its_first_member(client, allocated_worker, north):
    ava = person(allocated_worker)
    client.force_login(allocated_worker)
    create = reverse("families:family_create") + f"?person={ava.pk}"
    assert "Smith family" in body(client.get(create))  # the name is suggested
    data = {"person": str(ava.pk), "name": "Smith family", "role": "child", "is_subject": "on", **HIDDEN_ROAD}
    data["confidential"] = "on"
    response = client.post(create, data)
    fam = Family.objects.get()
    assert response.status_code == 302 and response.url == url("family_detail", fam)
    assert fam.memberships.get().is_subject is True
    assert fam.addresses.get().confidential is True
    assert fam.access_rows.filter(team=north, level="write").exists()


def test_a_membership_error_records_no_family(client, allocated_worker):
    adult = person(allocated_worker, "Kate", "Smith", date_of_birth=datetime.date(1985, 1, 1))
    client.force_login(allocated_worker)
    data = {"person": str(adult.pk), "name": "Smith family", "role": "adult", "is_subject": "on"}
    response = client.post(reverse("families:family_create"), data)
    assert response.status_code == 400
    assert "Only a child can be a subject of the work" in body(response)
    assert not Family.objects.exists()


def test_edit_family_get_invalid_valid(client, smiths, allocated_worker):
    client.force_login(allocated_worker)
    page = body(client.get(url("family_edit", smiths)))
    assert 'value="Smith family"' in page and f'value="{smiths.version}"' in page
    bad = client.post(url("family_edit", smiths), {"name": "", "version": smiths.version})
    assert bad.status_code == 400 and "Enter the family&#39;s name" in body(bad)
    good = client.post(
        url("family_edit", smiths), {"name": "Smith household", "telephone": "0113", "version": smiths.version}
    )
    assert good.status_code == 302
    smiths.refresh_from_db()
    assert smiths.name == "Smith household" and smiths.telephone == "0113"


def test_a_stale_family_edit_shows_both_texts(client, smiths, allocated_worker, colleague):
    client.force_login(allocated_worker)
    started = smiths.version
    services.family_update(by=colleague, family=smiths, changes={"telephone": "0300 111"}, expected_version=started)
    response = client.post(
        url("family_edit", smiths), {"name": "Smith family", "telephone": "0300 999", "version": started}
    )
    assert response.status_code == 409
    page = body(response)
    assert "Someone else changed this" in page and "0300 111" in page and "0300 999" in page
    smiths.refresh_from_db()
    assert smiths.telephone == "0300 111"


def test_record_a_move_keeps_the_old_address(client, smiths, allocated_worker):
    client.force_login(allocated_worker)
    assert "Date they moved" in body(client.get(url("family_move", smiths)))
    bad = client.post(url("family_move", smiths), {"line1": "", "version": smiths.version})
    assert bad.status_code == 400
    assert "Enter the first line of the new address" in body(bad) and "Enter date they moved" in body(bad)
    data = {
        "line1": "9 Elm Street",
        "town": "Leeds",
        "version": smiths.version,
        **date_data("moved_on", datetime.date(2025, 3, 1)),
    }
    assert client.post(url("family_move", smiths), data).status_code == 302
    addresses = list(FamilyAddress.objects.filter(family=smiths).order_by("from_date"))
    assert [a.line1 for a in addresses] == ["1 Hidden Road", "9 Elm Street"]
    assert addresses[0].to_date == datetime.date(2025, 3, 1)
    page = body(client.get(url("family_detail", smiths)))
    assert "9 Elm Street" in page and "1 Hidden Road" in page  # address history


# --- Members ----------------------------------------------------------------------------------


def test_add_member_searches_within_the_page(client, smiths, allocated_worker, other_team_worker):
    lee = person(allocated_worker, "Lee", "Brown", date_of_birth=datetime.date(1980, 1, 1), sex="M")
    person(other_team_worker, "Lee", "Browne", date_of_birth=datetime.date(1981, 1, 1), sex="M")
    client.force_login(allocated_worker)
    page = body(client.get(url("member_add", smiths), {"q": "Lee"}))
    assert f"?person={lee.pk}" in page
    assert "Lee Browne" in page and "Your team does not have access" in page
    assert "Create a new person" in page and f'name="for_family" value="{smiths.pk}"' in page
    assert "Enter a name to search for" in body(client.get(url("member_add", smiths), {"q": ""}))


def test_add_member_get_invalid_valid(client, smiths, allocated_worker):
    lee = person(allocated_worker, "Lee", "Brown", date_of_birth=datetime.date(1980, 1, 1), sex="M")
    client.force_login(allocated_worker)
    add = url("member_add", smiths) + f"?person={lee.pk}"
    page = body(client.get(add))
    assert "Is Lee Brown a child or an adult in this family?" in page
    assert 'value="adult" checked' in page
    bad = client.post(add, {"person": str(lee.pk), "role": "adult", "is_subject": "on"})
    assert bad.status_code == 400 and "Only a child can be a subject of the work" in body(bad)
    assert not smiths.memberships.filter(person=lee).exists()
    good = client.post(add, {"person": str(lee.pk), "role": "adult", **date_data("joined", datetime.date(2024, 5, 1))})
    assert good.status_code == 302
    assert smiths.memberships.get(person=lee).joined == datetime.date(2024, 5, 1)


def test_end_a_membership_keeps_it_in_history(client, smiths, allocated_worker):
    ben = smiths.memberships.get(person__first_name="Ben").person
    end = url("member_end", smiths, person_id=ben.pk)
    client.force_login(allocated_worker)
    assert "They joined on 1 January 2020" in body(client.get(end))
    bad = client.post(end, date_data("left", datetime.date(2019, 1, 1)))
    assert bad.status_code == 400 and "on or after the date they joined" in body(bad)
    assert client.post(end, date_data("left", datetime.date(2025, 1, 1))).status_code == 302
    membership = FamilyMembership.objects.get(family=smiths, person=ben)
    assert membership.left == datetime.date(2025, 1, 1)
    page = body(client.get(url("family_detail", smiths)))
    assert "Past members" in page and "1 January 2020 to 1 January 2025" in page


def test_change_a_membership(client, smiths, allocated_worker):
    ben = smiths.memberships.get(person__first_name="Ben").person
    client.force_login(allocated_worker)
    response = client.post(url("member_edit", smiths, person_id=ben.pk), {"role": "child", "is_subject": "on"})
    assert response.status_code == 302
    assert smiths.memberships.get(person=ben).is_subject is True


# --- Professionals ----------------------------------------------------------------------------


def test_add_a_professional_get_invalid_valid(client, smiths, allocated_worker):
    client.force_login(allocated_worker)
    add = url("professional_add", smiths)
    assert "Working with" in body(client.get(add))
    bad = client.post(add, {"name": "", "role": "", "agency": "", "email": "not-an-email"})
    assert bad.status_code == 400
    page = body(bad)
    assert "Enter the professional&#39;s name" in page and "Enter their role" in page
    assert "Enter an email address in the correct format" in page
    assert Professional.objects.count() == 1
    data = {"name": "Jo Hill", "role": "Health visitor", "agency": "NHS Trust", "contributed": "on", "working_with": ""}
    assert client.post(add, data).status_code == 302
    pro = Professional.objects.get(name="Jo Hill")
    assert pro.contributed is True and pro.working_with is None


def test_change_a_professional_and_a_stale_change(client, smiths, allocated_worker, colleague):
    pro = Professional.objects.get()
    change = url("professional_edit", smiths, professional_id=pro.pk)
    client.force_login(allocated_worker)
    assert 'value="Dr Rao"' in body(client.get(change))
    data = {
        "name": "Dr Rao",
        "role": "GP",
        "agency": "Oak Surgery",
        "telephone": "0113 496 1111",
        "version": pro.version,
    }
    assert client.post(change, data).status_code == 302
    pro.refresh_from_db()
    assert pro.telephone == "0113 496 1111"
    stale = client.post(change, {**data, "telephone": "0113 496 2222"})
    assert stale.status_code == 409 and "0113 496 2222" in body(stale)


def test_a_stale_move_shows_both_addresses(client, smiths, allocated_worker, colleague):
    client.force_login(allocated_worker)
    started = smiths.version
    services.family_update(by=colleague, family=smiths, changes={"telephone": "0300 111"}, expected_version=started)
    data = {"line1": "9 Elm Street", "version": started, **date_data("moved_on", datetime.date(2025, 3, 1))}
    response = client.post(url("family_move", smiths), data)
    assert response.status_code == 409
    page = body(response)
    assert "1 Hidden Road" in page and "9 Elm Street" in page
    assert not FamilyAddress.objects.filter(line1="9 Elm Street").exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "invalid"),
    [
        ("member_edit", {"person": "Ben"}, {"role": ""}),
        ("professional_edit", {"professional": True}, {"name": "", "role": "GP", "agency": "X", "version": 1}),
    ],
)
def test_other_family_forms_get_and_refuse_invalid_posts(client, smiths, allocated_worker, name, kwargs, invalid):
    extra = {}
    if "person" in kwargs:
        extra["person_id"] = smiths.memberships.get(person__first_name=kwargs["person"]).person_id
    if "professional" in kwargs:
        extra["professional_id"] = Professional.objects.get().pk
    client.force_login(allocated_worker)
    page_url = url(name, smiths, **extra)
    assert client.get(page_url).status_code == 200
    response = client.post(page_url, invalid)
    assert response.status_code == 400
    assert "govuk-error-summary" in body(response)
