"""/api/v1/families/: create, read (confidential address only for writers), change and move,
members joining and leaving (history kept)."""

from __future__ import annotations

import datetime

import pytest

from casework.core.models import AccessLevel, AccessLog
from families.models import Family, FamilyAddress, FamilyMembership
from tests.families.conftest import grant, make_family, make_person

pytestmark = pytest.mark.django_db

FAMILIES = "/api/v1/families/"


def url(family) -> str:
    return f"{FAMILIES}{family.pk}/"


def test_worker_creates_a_family_with_an_address(api_as, allocated_worker):
    body = {
        "name": "Brown family",
        "telephone": "0113 496 0000",
        "address": {"line1": "2 Elm Street", "town": "Leeds", "postcode": "ls2 2bb"},
    }
    response = api_as(allocated_worker).post(FAMILIES, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["name"] == "Brown family"
    assert data["address"]["postcode"] == "LS2 2BB"
    assert data["address"]["confidential"] is False
    assert data["address_confidential"] is False
    assert data["members"] == []
    assert data["version"] == 1
    assert api_as(allocated_worker).get(f"{FAMILIES}{data['id']}/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"telephone": "1" * 51}, "telephone"),
        ({"address": {"line1": ""}}, "address"),
        ({"address": {"line1": "1 Road", "postcode": "TOO LONG POSTCODE"}}, "address"),
        ({"address": "1 Road"}, "address"),
        ({"address": {"line1": "x" * 201}}, "address"),
    ],
)
def test_invalid_family_is_refused_naming_the_field(api_as, allocated_worker, body, field):
    response = api_as(allocated_worker).post(FAMILIES, {"name": "Brown family", **body})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Family.objects.exists()


def test_creating_a_family_is_refused_to_read_only_roles(api_as, performance_officer, auditor):
    for user in (performance_officer, auditor):
        assert api_as(user).post(FAMILIES, {"name": "Brown family"}).status_code == 403
    assert not Family.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status", "sees_address"),
    [
        ("allocated_worker", 200, True),
        ("colleague", 200, True),
        ("manager", 200, True),
        ("other_team_worker", 404, None),
        ("other_team_manager", 404, None),
        ("performance_officer", 200, False),
        ("auditor", 200, False),
    ],
)
def test_a_confidential_address_is_shown_only_to_users_with_write_access(
    api_as, request, smith_family, persona, status, sees_address
):
    response = api_as(request.getfixturevalue(persona)).get(url(smith_family))
    assert response.status_code == status
    if status != 200:
        return
    data = response.json()
    assert data["address_confidential"] is True
    if sees_address:
        assert data["address"]["line1"] == "1 Hidden Road"
    else:
        assert data["address"] is None
        assert "Hidden Road" not in response.content.decode()


def test_a_team_with_read_access_does_not_see_a_confidential_address(api_as, smith_family, south, other_team_worker):
    grant(south, family=smith_family, level=AccessLevel.READ)
    response = api_as(other_team_worker).get(url(smith_family))
    assert response.status_code == 200
    assert response.json()["address"] is None
    listed = api_as(other_team_worker).get(FAMILIES).json()["results"]
    assert listed[0]["address"] is None and listed[0]["address_confidential"] is True


def test_the_families_list_is_those_the_user_may_open(api_as, other_team_worker, allocated_worker, smith_family):
    theirs = make_family(other_team_worker, name="Park family")
    assert [f["id"] for f in api_as(other_team_worker).get(FAMILIES).json()["results"]] == [str(theirs.pk)]
    assert [f["id"] for f in api_as(allocated_worker).get(FAMILIES).json()["results"]] == [str(smith_family.pk)]


def test_family_detail_logs_each_member_and_the_family(api_as, colleague, allocated_worker, smith_family, ava):
    dad = make_person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1985, 1, 1), sex="M")
    api_as(allocated_worker).post(f"{url(smith_family)}members/", {"person": str(dad.pk), "role": "adult"})
    api_as(colleague).get(url(smith_family))
    rows = AccessLog.objects.filter(user=colleague)
    assert sorted(str(r.person_id) for r in rows if r.person_id) == sorted([str(ava.pk), str(dad.pk)])
    assert rows.filter(family=smith_family).count() == 1


# --- Changing and moving ------------------------------------------------------------------------


def test_changing_the_address_records_a_move_and_keeps_the_old_one(api_as, allocated_worker, smith_family):
    body = {
        "address": {"line1": "9 New Street", "town": "Leeds", "postcode": "LS9 9ZZ"},
        "moved_on": "2025-01-15",
        "telephone": "0113 496 0001",
        "version": smith_family.version,
    }
    response = api_as(allocated_worker).patch(url(smith_family), body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["address"]["line1"] == "9 New Street"
    assert data["address"]["from_date"] == "2025-01-15"
    assert data["address_confidential"] is False
    assert data["telephone"] == "0113 496 0001"
    assert data["version"] > smith_family.version
    old = FamilyAddress.objects.get(line1="1 Hidden Road")
    assert old.to_date == datetime.date(2025, 1, 15)
    assert FamilyAddress.objects.filter(family=smith_family).count() == 2


def test_patch_with_a_stale_version_answers_409_and_writes_nothing(api_as, allocated_worker, smith_family):
    stale = smith_family.version - 1
    response = api_as(allocated_worker).patch(
        url(smith_family), {"name": "Renamed", "address": {"line1": "9 New Street"}, "version": stale}
    )
    assert response.status_code == 409
    smith_family.refresh_from_db()
    assert smith_family.name == "Smith family"
    assert FamilyAddress.objects.filter(family=smith_family).count() == 1
    assert api_as(allocated_worker).patch(url(smith_family), {"name": "Renamed"}).status_code == 409


def test_a_move_before_the_current_address_began_is_refused(api_as, allocated_worker, smith_family):
    response = api_as(allocated_worker).patch(
        url(smith_family),
        {"address": {"line1": "9 New Street"}, "moved_on": "1990-01-01", "version": smith_family.version},
    )
    assert response.status_code == 400
    assert "moved_on" in response.json()
    assert FamilyAddress.objects.filter(family=smith_family).count() == 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_changing_a_family_by_persona(api_as, request, smith_family, persona, expected):
    response = api_as(request.getfixturevalue(persona)).patch(
        url(smith_family), {"name": "Smith-Jones family", "version": smith_family.version}
    )
    assert response.status_code == expected
    smith_family.refresh_from_db()
    assert (smith_family.name == "Smith-Jones family") is (expected == 200)


# --- Members ------------------------------------------------------------------------------------


def test_adding_and_ending_a_membership_keeps_the_history(api_as, allocated_worker, smith_family):
    dad = make_person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1985, 1, 1), sex="M")
    client = api_as(allocated_worker)
    response = client.post(
        f"{url(smith_family)}members/", {"person": str(dad.pk), "role": "adult", "joined": "2021-01-01"}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["left"] is None

    response = client.delete(f"{url(smith_family)}members/{dad.pk}/?left=2024-06-30")
    assert response.status_code == 200
    assert response.json()["left"] == "2024-06-30"

    members = client.get(url(smith_family)).json()["members"]
    dads = [m for m in members if m["person"] == str(dad.pk)]
    assert dads == [
        {
            "person": str(dad.pk),
            "name": "Lee Smith",
            "role": "adult",
            "is_subject": False,
            "joined": "2021-01-01",
            "left": "2024-06-30",
        }
    ]
    assert FamilyMembership.objects.filter(person=dad).count() == 1  # ended, not deleted


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "pet"}, "role"),
        ({"role": "adult", "is_subject": True}, "is_subject"),
        ({"role": "child", "joined": "2999-01-01"}, "joined"),
        ({"role": "child", "person": "not-a-uuid"}, "person"),
    ],
)
def test_invalid_membership_is_refused_naming_the_field(api_as, allocated_worker, smith_family, body, field):
    kid = make_person(allocated_worker, "Kit", "Smith", date_of_birth=datetime.date(2019, 1, 1))
    response = api_as(allocated_worker).post(f"{url(smith_family)}members/", {"person": str(kid.pk), **body})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not FamilyMembership.objects.filter(person=kid).exists()


def test_a_current_member_cannot_be_added_twice(api_as, allocated_worker, smith_family, ava):
    response = api_as(allocated_worker).post(f"{url(smith_family)}members/", {"person": str(ava.pk), "role": "child"})
    assert response.status_code == 400
    assert "person" in response.json()


def test_adding_a_person_the_user_cannot_see_answers_404(api_as, allocated_worker, other_team_worker, smith_family):
    stranger = make_person(other_team_worker, "Sol", "Park", date_of_birth=datetime.date(2015, 1, 1))
    response = api_as(allocated_worker).post(
        f"{url(smith_family)}members/", {"person": str(stranger.pk), "role": "child"}
    )
    assert response.status_code == 404
    response = api_as(allocated_worker).delete(f"{url(smith_family)}members/{stranger.pk}/")
    assert response.status_code == 404
    assert not FamilyMembership.objects.filter(person=stranger).exists()


def test_ending_a_membership_of_someone_not_a_member_is_refused(api_as, allocated_worker, smith_family):
    kid = make_person(allocated_worker, "Kit", "Smith", date_of_birth=datetime.date(2019, 1, 1))
    response = api_as(allocated_worker).delete(f"{url(smith_family)}members/{kid.pk}/")
    assert response.status_code == 400
    assert "person" in response.json()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("other_team_worker", 404), ("performance_officer", 403), ("auditor", 403)],
)
def test_members_cannot_be_changed_by_other_teams_or_read_only_roles(
    api_as, request, smith_family, ava, persona, expected
):
    user = request.getfixturevalue(persona)
    assert api_as(user).delete(f"{url(smith_family)}members/{ava.pk}/").status_code == expected
    assert FamilyMembership.objects.get(person=ava).left is None


def test_a_restricted_member_is_left_out_for_users_who_may_not_open_them(
    api_as, allocated_worker, manager, auditor, smith_family, ava
):
    api_as(manager).patch(f"/api/v1/people/{ava.pk}/", {"restricted": True, "version": ava.version})
    assert api_as(manager).get(url(smith_family)).json()["members"][0]["person"] == str(ava.pk)
    for user in (allocated_worker, auditor):
        response = api_as(user).get(url(smith_family))
        assert response.json()["members"] == []
        assert str(ava.pk) not in response.content.decode()
    assert not AccessLog.objects.filter(user=auditor, person=ava).exists()


def test_the_families_list_query_count_does_not_grow_with_families(
    api_as, allocated_worker, django_assert_max_num_queries
):
    def add_family(n: int) -> None:
        kid = make_person(allocated_worker, f"Kid{n}", "Doe", date_of_birth=datetime.date(2015, 1, 1 + n))
        make_family(
            allocated_worker,
            name=f"Doe {n}",
            members=[(kid, "child")],
            address={"line1": f"{n} Road", "confidential": True},
        )

    add_family(0)
    client = api_as(allocated_worker)
    with django_assert_max_num_queries(12) as few:
        client.get(FAMILIES)
    for n in range(1, 6):
        add_family(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(FAMILIES)
    assert response.json()["count"] == 6
    assert all(f["address"] is not None for f in response.json()["results"])
