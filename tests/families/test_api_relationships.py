"""/api/v1/relationships/: stored once, read from both sides, refused when impossible, ended
with history kept."""

from __future__ import annotations

import datetime

import pytest

from families.models import Relationship
from tests.families.conftest import make_family, make_person

pytestmark = pytest.mark.django_db

RELATIONSHIPS = "/api/v1/relationships/"


@pytest.fixture
def lee(allocated_worker, smith_family):
    """Ava's father, a member of the Smith family (so North reaches him)."""
    dad = make_person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1985, 1, 1), sex="M")
    from families import services

    services.membership_add(by=allocated_worker, family=smith_family, person=dad, role="adult")
    return dad


def parent_of(parent, child, **extra):
    return {
        "from_person": str(parent.pk),
        "to_person": str(child.pk),
        "kind": "parent",
        "parental_responsibility": True,
        "start_date": "2016-05-04",
        **extra,
    }


def test_a_relationship_is_recorded_once_and_read_from_both_sides(api_as, allocated_worker, ava, lee):
    client = api_as(allocated_worker)
    response = client.post(RELATIONSHIPS, parent_of(lee, ava, emotional="close", notes="Sees her weekly"))
    assert response.status_code == 201, response.json()
    assert Relationship.objects.count() == 1

    from_ava = client.get(RELATIONSHIPS, {"person": str(ava.pk)}).json()["results"]
    from_lee = client.get(RELATIONSHIPS, {"person": str(lee.pk)}).json()["results"]
    assert from_ava[0]["id"] == from_lee[0]["id"] == response.json()["id"]
    assert from_ava[0]["description"] == "Lee is Ava's parent and holds parental responsibility"
    assert from_lee[0]["description"] == "Ava is Lee's child; Lee holds parental responsibility for Ava"
    detail = client.get(f"{RELATIONSHIPS}{response.json()['id']}/", {"person": str(lee.pk)}).json()
    assert detail["description"] == from_lee[0]["description"]
    assert detail["emotional"] == "close" and detail["notes"] == "Sees her weekly"


def test_symmetric_kinds_read_the_same_from_both_sides(api_as, allocated_worker, ava, smith_family):
    sam = make_person(allocated_worker, "Sam", "Smith", date_of_birth=datetime.date(2014, 1, 1), sex="M")
    client = api_as(allocated_worker)
    body = {"from_person": str(ava.pk), "to_person": str(sam.pk), "kind": "half_sibling"}
    assert client.post(RELATIONSHIPS, body).status_code == 201
    assert client.get(RELATIONSHIPS, {"person": str(ava.pk)}).json()["results"][0]["description"] == (
        "Sam is Ava's half-sibling"
    )
    assert client.get(RELATIONSHIPS, {"person": str(sam.pk)}).json()["results"][0]["description"] == (
        "Ava is Sam's half-sibling"
    )
    reverse = {"from_person": str(sam.pk), "to_person": str(ava.pk), "kind": "half_sibling"}
    response = client.post(RELATIONSHIPS, reverse)  # the same relationship, from the other side
    assert response.status_code == 400
    assert "kind" in response.json()


def test_a_relationship_with_oneself_is_refused(api_as, allocated_worker, ava):
    response = api_as(allocated_worker).post(
        RELATIONSHIPS, {"from_person": str(ava.pk), "to_person": str(ava.pk), "kind": "friend"}
    )
    assert response.status_code == 400
    assert "to_person" in response.json()
    assert not Relationship.objects.exists()


def test_a_duplicate_relationship_is_refused(api_as, allocated_worker, ava, lee):
    client = api_as(allocated_worker)
    assert client.post(RELATIONSHIPS, parent_of(lee, ava)).status_code == 201
    response = client.post(RELATIONSHIPS, parent_of(lee, ava))
    assert response.status_code == 400
    assert "kind" in response.json()
    response = client.post(RELATIONSHIPS, parent_of(ava, lee, parental_responsibility=False))  # reversed
    assert response.status_code == 400
    assert Relationship.objects.count() == 1


def test_a_parent_younger_than_the_child_is_refused(api_as, allocated_worker, ava, lee):
    response = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(ava, lee, parental_responsibility=False))
    assert response.status_code == 400
    assert "from_person" in response.json()
    assert "younger" in response.json()["from_person"][0]
    assert not Relationship.objects.exists()


def test_parental_responsibility_on_a_kind_that_cannot_hold_it_is_refused(api_as, allocated_worker, ava, lee):
    response = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava, kind="grandparent"))
    assert response.status_code == 400
    assert "parental_responsibility" in response.json()
    assert not Relationship.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "nemesis"}, "kind"),
        ({"identical": True}, "identical"),
        ({"start_date": "2020-01-01", "end_date": "2019-01-01"}, "end_date"),
        ({"emotional": "lukewarm"}, "emotional"),
        ({"to_person": "nope"}, "to_person"),
        ({"start_date": "2999-01-01"}, "start_date"),
    ],
)
def test_invalid_relationship_is_refused_naming_the_field(api_as, allocated_worker, ava, lee, body, field):
    response = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava, **body))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Relationship.objects.exists()


def test_ending_a_relationship_keeps_it_in_history(api_as, allocated_worker, ava, lee):
    client = api_as(allocated_worker)
    rel_id = client.post(RELATIONSHIPS, parent_of(lee, ava)).json()["id"]
    response = client.delete(f"{RELATIONSHIPS}{rel_id}/?end_date=2024-01-31")
    assert response.status_code == 200
    assert response.json()["end_date"] == "2024-01-31"
    assert response.json()["description"] == "Lee was Ava's parent and held parental responsibility"
    listed = client.get(RELATIONSHIPS, {"person": str(ava.pk)}).json()["results"]
    assert [r["id"] for r in listed] == [rel_id]
    assert Relationship.objects.get().end_date == datetime.date(2024, 1, 31)
    assert client.delete(f"{RELATIONSHIPS}{rel_id}/").status_code == 400  # already ended


def test_a_couple_that_separated_and_a_divorce(api_as, allocated_worker, lee, smith_family):
    mum = make_person(allocated_worker, "Kay", "Smith", date_of_birth=datetime.date(1986, 1, 1))
    client = api_as(allocated_worker)
    body = {"from_person": str(lee.pk), "to_person": str(mum.pk), "kind": "spouse", "start_date": "2010-06-01"}
    rel_id = client.post(RELATIONSHIPS, body).json()["id"]
    response = client.patch(f"{RELATIONSHIPS}{rel_id}/", {"end_date": "2022-01-01", "version": 1})
    assert response.status_code == 200
    assert response.json()["description"] == "Lee was Kay's spouse or civil partner"  # read from to_person's side
    divorce = {"from_person": str(lee.pk), "to_person": str(mum.pk), "kind": "ex_spouse", "end_date": "2023-05-05"}
    response = client.post(RELATIONSHIPS, divorce)
    assert response.status_code == 201
    assert response.json()["description"] == "Lee is Kay's former spouse"


def test_patch_with_a_stale_or_missing_version_answers_409(api_as, allocated_worker, colleague, ava, lee):
    rel_id = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava)).json()["id"]
    item = f"{RELATIONSHIPS}{rel_id}/"
    assert api_as(colleague).patch(item, {"emotional": "distant", "version": 1}).status_code == 200
    assert api_as(allocated_worker).patch(item, {"emotional": "close", "version": 1}).status_code == 409
    assert api_as(allocated_worker).patch(item, {"emotional": "close"}).status_code == 409
    assert Relationship.objects.get().emotional == "distant"


def test_the_two_people_cannot_be_changed_by_patch(api_as, allocated_worker, ava, lee):
    rel_id = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava)).json()["id"]
    client = api_as(allocated_worker)
    response = client.patch(f"{RELATIONSHIPS}{rel_id}/", {"to_person": str(lee.pk), "version": 1})
    assert response.status_code == 400
    assert "to_person" in response.json()
    assert Relationship.objects.get().to_person == ava
    response = client.patch(f"{RELATIONSHIPS}{rel_id}/", {"to_person": str(ava.pk), "emotional": "close", "version": 1})
    assert response.status_code == 200  # the whole record sent back unchanged is fine


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("colleague", 200, 200),
        ("manager", 200, 200),
        ("other_team_worker", 404, 404),
        ("performance_officer", 200, 403),
        ("auditor", 200, 403),
    ],
)
def test_relationships_by_persona(api_as, request, allocated_worker, ava, lee, persona, read, write):
    rel_id = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava, notes="Private")).json()["id"]
    client = api_as(request.getfixturevalue(persona))
    assert client.get(f"{RELATIONSHIPS}{rel_id}/").status_code == read
    assert client.patch(f"{RELATIONSHIPS}{rel_id}/", {"emotional": "close", "version": 1}).status_code == write
    if write != 200:
        assert client.delete(f"{RELATIONSHIPS}{rel_id}/").status_code == write
        assert Relationship.objects.get(pk=rel_id).end_date is None
    assert client.post(RELATIONSHIPS, {**parent_of(lee, ava), "kind": "carer"}).status_code == (
        201 if write == 200 else write
    )


def test_the_list_needs_access_to_the_person_asked_about(api_as, other_team_worker, allocated_worker, ava, lee):
    api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava))
    assert api_as(other_team_worker).get(RELATIONSHIPS, {"person": str(ava.pk)}).status_code == 404
    assert api_as(other_team_worker).get(RELATIONSHIPS).json()["count"] == 0
    assert api_as(allocated_worker).get(RELATIONSHIPS).json()["count"] == 1
    assert api_as(allocated_worker).get(RELATIONSHIPS, {"person": "not-a-uuid"}).status_code == 400


def test_performance_officer_never_reads_relationship_notes(api_as, allocated_worker, performance_officer, ava, lee):
    rel_id = api_as(allocated_worker).post(RELATIONSHIPS, parent_of(lee, ava, notes="Private words")).json()["id"]
    client = api_as(performance_officer)
    assert client.get(f"{RELATIONSHIPS}{rel_id}/").json()["notes"] is None
    listed = client.get(RELATIONSHIPS, {"person": str(ava.pk)})
    assert listed.json()["results"][0]["notes"] is None
    assert "Private words" not in listed.content.decode()


def test_a_relationship_may_name_someone_found_by_search_but_not_a_restricted_record(
    api_as, allocated_worker, other_team_worker, other_team_manager, ava
):
    """A worker links their child to a parent held by another team (search shows them); a
    restricted record they may not open is never revealed (404)."""
    dad = make_person(other_team_worker, "Rob", "Smith", date_of_birth=datetime.date(1980, 1, 1), sex="M")
    client = api_as(allocated_worker)
    response = client.post(RELATIONSHIPS, parent_of(dad, ava, parental_responsibility=False))
    assert response.status_code == 201, response.json()
    assert client.get(RELATIONSHIPS, {"person": str(ava.pk)}).json()["count"] == 1

    api_as(other_team_manager).patch(f"/api/v1/people/{dad.pk}/", {"restricted": True, "version": dad.version})
    client = api_as(allocated_worker)  # the one client, signed in again
    assert client.get(RELATIONSHIPS, {"person": str(ava.pk)}).json()["count"] == 0
    assert client.get(f"{RELATIONSHIPS}{response.json()['id']}/").status_code == 404
    response = client.post(RELATIONSHIPS, {**parent_of(dad, ava), "kind": "carer"})
    assert response.status_code == 404


def test_two_people_outside_access_cannot_be_linked(api_as, allocated_worker, other_team_worker):
    one = make_person(allocated_worker, "Ann", "Kerr", date_of_birth=datetime.date(1980, 1, 1))
    two = make_person(allocated_worker, "Ben", "Kerr", date_of_birth=datetime.date(2010, 1, 1))
    make_family(allocated_worker, name="Kerr family", members=[(one, "adult"), (two, "child")])
    response = api_as(other_team_worker).post(RELATIONSHIPS, parent_of(one, two))
    assert response.status_code == 404
    assert not Relationship.objects.exists()
