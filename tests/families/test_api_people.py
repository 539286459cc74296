"""/api/v1/people/: create with every rule, duplicates, search, read and change by persona,
restriction, versions and the access log (API.md "People and families", PERMISSIONS.md)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from casework.core.models import AccessLevel, AccessLog
from families.models import Person
from tests.families.conftest import AVA_BORN, grant, make_person, valid_nhs_number, valid_upn

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"


def url(person) -> str:
    return f"{PEOPLE}{person.pk}/"


def today() -> datetime.date:
    return timezone.localdate()


def new_child(**extra):
    return {"first_name": "Noah", "last_name": "Brown", "date_of_birth": "2019-03-02", "sex": "M", **extra}


# --- Creating ------------------------------------------------------------------------------------


def test_worker_creates_a_person_with_every_field_and_gets_the_record_back(api_as, allocated_worker):
    body = new_child(
        known_as="Noe",
        aliases=["Noah Green"],
        gender_identity="",
        ethnicity="WBRI",
        religion="None",
        first_language="English",
        interpreter_needed=False,
        communication_needs="Prefers pictures",
        immigration_status="British citizen",
        uasc=False,
        disabilities=["AUT", "COMM"],
        nhs_number="943 476 5919",
        upn=valid_upn(1),
        upn_unknown="",
        previous_cp_plans_elsewhere=1,
    )
    response = api_as(allocated_worker).post(PEOPLE, body)
    assert response.status_code == 201, response.json()
    data = response.json()
    person = Person.objects.get(pk=data["id"])
    assert person.nhs_number == "9434765919"  # spaces removed
    assert data["nhs_number"] == "9434765919"
    assert data["disabilities"] == ["AUT", "COMM"]
    assert data["is_child"] is True
    assert data["version"] == 1
    assert data["notices"] == []
    assert re.fullmatch(r"999C\d{7}", data["la_child_id"])  # assigned by the system
    assert data["known_to"] == ["North"]  # the creator's team holds the new record
    assert data["restricted"] is False and data["restricted_to"] == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number"),  # modulus 11 check digit wrong
        ({"nhs_number": "12345"}, "nhs_number"),
        ({"nhs_number": "١٢٣٤٥٦٧٨٩٠"}, "nhs_number"),  # digits, but not ASCII ones
        ({"upn": "B123456789012"}, "upn"),  # check letter wrong (A is right)
        ({"upn": "ABC"}, "upn"),
        ({"former_upn": "B123456789012"}, "former_upn"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),  # not in the future
        ({"date_of_birth": "2019-02-30"}, "date_of_birth"),  # not a date
        ({"expected_date_of_birth": "2026-12-01", "sex": "U"}, "expected_date_of_birth"),  # not both
        ({"date_of_death": "2018-01-01"}, "date_of_death"),  # before birth
        ({"ethnicity": "XXXX"}, "ethnicity"),
        ({"disabilities": ["XYZ"]}, "disabilities"),
        ({"disabilities": ["NONE", "AUT"]}, "disabilities"),  # NONE stands alone
        ({"disabilities": "AUT"}, "disabilities"),
        ({"sex": "X"}, "sex"),
        ({"la_child_id": "has spaces!"}, "la_child_id"),
        ({"la_child_id": "A" * 21}, "la_child_id"),
        ({"first_name": ""}, "first_name"),
        ({"aliases": "Noah Green"}, "aliases"),
        ({"previous_cp_plans_elsewhere": -1}, "previous_cp_plans_elsewhere"),
        ({"upn_unknown": "UN9"}, "upn_unknown"),
        ({"pregnancy_outcome": "stillbirth"}, "pregnancy_outcome"),  # needs an expected date, no birth
        ({"date_of_birth_estimated": True, "date_of_birth": None}, "date_of_birth"),
        ({"known_as": "x" * 101}, "known_as"),
    ],
)
def test_invalid_person_is_refused_naming_the_field_and_nothing_is_written(api_as, allocated_worker, changes, field):
    response = api_as(allocated_worker).post(PEOPLE, new_child(**changes))
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Person.objects.count() == 0


def test_an_unborn_child_must_be_recorded_with_sex_u(api_as, allocated_worker):
    body = {"first_name": "Baby", "last_name": "Brown", "expected_date_of_birth": str(today() + datetime.timedelta(30))}
    response = api_as(allocated_worker).post(PEOPLE, {**body, "sex": "F"})
    assert response.status_code == 400
    assert "sex" in response.json()
    assert not Person.objects.exists()

    response = api_as(allocated_worker).post(PEOPLE, {**body, "sex": "U"})
    assert response.status_code == 201
    assert response.json()["is_child"] is True
    assert response.json()["notices"] == []


def test_an_expected_date_that_has_passed_is_accepted_with_a_notice(api_as, allocated_worker):
    body = {"first_name": "Baby", "last_name": "Brown", "sex": "U", "expected_date_of_birth": "2024-01-10"}
    response = api_as(allocated_worker).post(PEOPLE, body)
    assert response.status_code == 201
    assert "expected date of birth has passed" in response.json()["notices"][0]
    assert Person.objects.filter(pk=response.json()["id"]).exists()


def test_a_date_of_death_is_recorded_and_the_person_stops_ageing(api_as, allocated_worker):
    response = api_as(allocated_worker).post(PEOPLE, new_child(date_of_birth="1950-01-01", date_of_death="1960-01-01"))
    assert response.status_code == 201
    assert response.json()["is_child"] is True  # died aged 9


def test_la_child_id_may_be_given_once_on_import_and_never_changed(api_as, allocated_worker):
    client = api_as(allocated_worker)
    response = client.post(PEOPLE, new_child(la_child_id="IMP0001"))
    assert response.status_code == 201
    person = Person.objects.get(pk=response.json()["id"])
    assert person.la_child_id == "IMP0001"

    again = client.post(PEOPLE, new_child(first_name="Other", la_child_id="IMP0001", date_of_birth="2010-01-01"))
    assert again.status_code == 400
    assert "la_child_id" in again.json()

    change = client.patch(url(person), {"la_child_id": "IMP0002", "version": 1})
    assert change.status_code == 400
    assert "la_child_id" in change.json()
    person.refresh_from_db()
    assert (person.la_child_id, person.version) == ("IMP0001", 1)

    same = client.patch(url(person), {"la_child_id": "IMP0001", "known_as": "Noe", "version": 1})
    assert same.status_code == 200


def test_creating_is_refused_to_performance_officers_and_auditors(api_as, performance_officer, auditor):
    for user in (performance_officer, auditor):
        response = api_as(user).post(PEOPLE, new_child())
        assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_worker_of_any_team_may_create_a_person(api_as, other_team_worker, front_door_worker):
    assert api_as(other_team_worker).post(PEOPLE, new_child()).status_code == 201
    assert (
        api_as(front_door_worker).post(PEOPLE, new_child(first_name="Zed", date_of_birth="2012-01-01")).status_code
        == 201
    )


def test_unauthenticated_requests_get_401(api_client):
    assert api_client.get(PEOPLE).status_code == 401
    assert api_client.post(PEOPLE, new_child()).status_code == 401


# --- Duplicates ---------------------------------------------------------------------------------


def test_same_nhs_number_is_refused_naming_the_field(api_as, allocated_worker, other_team_worker):
    make_person(allocated_worker, nhs_number=valid_nhs_number(3))
    spaced = valid_nhs_number(3)[:3] + " " + valid_nhs_number(3)[3:]
    response = api_as(other_team_worker).post(PEOPLE, new_child(nhs_number=spaced))
    assert response.status_code == 400
    assert "nhs_number" in response.json()
    assert Person.objects.count() == 1


def test_same_upn_is_refused_naming_the_field(api_as, allocated_worker, other_team_worker):
    make_person(allocated_worker, upn=valid_upn(7))
    response = api_as(other_team_worker).post(PEOPLE, new_child(upn=valid_upn(7).lower()))
    assert response.status_code == 400
    assert "upn" in response.json()
    assert Person.objects.count() == 1


def test_similar_name_and_same_birthday_answers_409_until_confirmed(api_as, allocated_worker, other_team_worker):
    existing = make_person(allocated_worker, "Ava", "Smith")
    client = api_as(other_team_worker)
    body = {"first_name": "Eva", "last_name": "Smith", "date_of_birth": str(AVA_BORN), "sex": "F"}

    response = client.post(PEOPLE, body)
    assert response.status_code == 409
    duplicates = response.json()["possible_duplicates"]
    assert duplicates == [
        {"id": str(existing.pk), "first_name": "Ava", "last_name": "Smith", "date_of_birth": str(AVA_BORN)}
    ]
    assert Person.objects.count() == 1

    response = client.post(PEOPLE, {**body, "confirm_not_duplicate": True})
    assert response.status_code == 201
    assert Person.objects.count() == 2


def test_a_different_birthday_is_not_a_possible_duplicate(api_as, allocated_worker):
    make_person(allocated_worker, "Ava", "Smith")
    response = api_as(allocated_worker).post(
        PEOPLE, {"first_name": "Ava", "last_name": "Smith", "date_of_birth": "2017-05-04"}
    )
    assert response.status_code == 201


# --- Reading, by persona ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("front_door_worker", 404),  # the front door holds nothing about Ava here
        ("performance_officer", 200),
        ("auditor", 200),
    ],
)
def test_reading_a_person_by_persona(api_as, request, ava, persona, expected):
    response = api_as(request.getfixturevalue(persona)).get(url(ava))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["first_name"] == "Ava"
        assert response.json()["communication_needs"] == "Uses Makaton"  # a characteristic, not narrative


def test_a_person_who_does_not_exist_answers_404_like_one_outside_access(api_as, manager):
    import uuid

    assert api_as(manager).get(f"{PEOPLE}{uuid.uuid4()}/").status_code == 404


def test_front_door_reads_and_writes_while_it_holds_write_then_only_reads(
    api_as, ava, front_door_team, front_door_worker
):
    grant(front_door_team, person=ava)
    client = api_as(front_door_worker)
    assert client.get(url(ava)).status_code == 200
    response = client.patch(url(ava), {"known_as": "Avie", "version": 1})
    assert response.status_code == 200
    assert response.json()["version"] == 2

    from casework.core.access import access_downgrade

    access_downgrade(team=front_door_team, person=ava, reason="Contact decided")
    assert client.get(url(ava)).status_code == 200
    response = client.patch(url(ava), {"known_as": "Aves", "version": 2})
    assert response.status_code == 403
    ava.refresh_from_db()
    assert ava.known_as == "Avie"


def test_a_family_member_is_reachable_through_the_family(api_as, allocated_worker, other_team_worker, south):
    from tests.families.conftest import make_family

    dad = make_person(allocated_worker, "Lee", "Smith", date_of_birth=datetime.date(1985, 1, 1))
    family = make_family(allocated_worker, members=[(dad, "adult")])
    assert api_as(other_team_worker).get(url(dad)).status_code == 404
    grant(south, family=family, level=AccessLevel.READ)
    assert api_as(other_team_worker).get(url(dad)).status_code == 200


# --- Changing, by persona -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_changing_a_person_by_persona(api_as, request, ava, persona, expected):
    response = api_as(request.getfixturevalue(persona)).patch(url(ava), {"religion": "Quaker", "version": 1})
    assert response.status_code == expected
    ava.refresh_from_db()
    assert (ava.religion == "Quaker") is (expected == 200)
    assert ava.version == (2 if expected == 200 else 1)


def test_patch_with_a_stale_version_answers_409_and_writes_nothing(api_as, allocated_worker, colleague, ava):
    assert api_as(colleague).patch(url(ava), {"religion": "Quaker", "version": 1}).status_code == 200
    response = api_as(allocated_worker).patch(url(ava), {"religion": "Buddhist", "version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    ava.refresh_from_db()
    assert (ava.religion, ava.version) == ("Quaker", 2)


def test_patch_without_a_version_answers_409_and_writes_nothing(api_as, allocated_worker, ava):
    response = api_as(allocated_worker).patch(url(ava), {"religion": "Quaker"})
    assert response.status_code == 409
    ava.refresh_from_db()
    assert (ava.religion, ava.version) == ("", 1)


def test_invalid_patch_answers_400_naming_the_field_and_writes_nothing(api_as, allocated_worker, ava):
    client = api_as(allocated_worker)
    for body, field in (
        ({"date_of_birth": str(today() + datetime.timedelta(days=1))}, "date_of_birth"),
        ({"date_of_death": "2010-01-01"}, "date_of_death"),
        ({"expected_date_of_birth": "2030-01-01"}, "expected_date_of_birth"),
        ({"nhs_number": "1234567890"}, "nhs_number"),
        ({"version": "two"}, "version"),
    ):
        response = client.patch(url(ava), {"version": 1, **body})
        assert response.status_code == 400, body
        assert field in response.json(), response.json()
    ava.refresh_from_db()
    assert (ava.version, ava.date_of_death) == (1, None)


def test_patch_cannot_take_another_persons_nhs_number(api_as, allocated_worker, ava):
    make_person(allocated_worker, "Bo", "Lee", date_of_birth=datetime.date(2010, 1, 1), nhs_number="9434765919")
    response = api_as(allocated_worker).patch(url(ava), {"nhs_number": "9434765919", "version": 1})
    assert response.status_code == 400
    assert "nhs_number" in response.json()


def test_changing_aliases_makes_them_searchable(api_as, allocated_worker, other_team_worker, ava):
    response = api_as(allocated_worker).patch(url(ava), {"aliases": ["Ava Moonbeam"], "version": 1})
    assert response.status_code == 200
    found = api_as(other_team_worker).get(PEOPLE, {"q": "moonbeam"}).json()["results"]
    assert [r["id"] for r in found] == [str(ava.pk)]


# --- Restriction --------------------------------------------------------------------------------


def test_holding_teams_manager_restricts_a_record_and_names_who_may_open_it(
    api_as, manager, allocated_worker, colleague, auditor, performance_officer, ava
):
    response = api_as(manager).patch(url(ava), {"restricted": True, "restricted_to": [str(colleague.pk)], "version": 1})
    assert response.status_code == 200, response.json()
    assert response.json()["restricted"] is True
    assert response.json()["restricted_to"] == [str(colleague.pk)]

    assert api_as(manager).get(url(ava)).status_code == 200
    assert api_as(colleague).get(url(ava)).status_code == 200
    for outsider in (allocated_worker, auditor, performance_officer):  # the holding team too
        assert api_as(outsider).get(url(ava)).status_code == 404

    row = AccessLog.objects.filter(user=colleague, person=ava).get()
    assert row.restricted_record is True


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("allocated_worker", 403),
        ("colleague", 403),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_only_the_holding_teams_manager_may_restrict(api_as, request, ava, persona, expected):
    response = api_as(request.getfixturevalue(persona)).patch(url(ava), {"restricted": True, "version": 1})
    assert response.status_code == expected
    ava.refresh_from_db()
    assert (ava.restricted, ava.version) == (False, 1)


def test_front_door_manager_may_restrict_while_the_front_door_holds_the_record(
    api_as, ava, front_door_team, front_door_manager, front_door_worker
):
    grant(front_door_team, person=ava)
    assert api_as(front_door_worker).patch(url(ava), {"restricted": True, "version": 1}).status_code == 403
    assert api_as(front_door_manager).patch(url(ava), {"restricted": True, "version": 1}).status_code == 200


def test_a_worker_cannot_restrict_even_while_changing_other_fields(api_as, allocated_worker, ava):
    response = api_as(allocated_worker).patch(url(ava), {"religion": "Quaker", "restricted": True, "version": 1})
    assert response.status_code == 403
    ava.refresh_from_db()
    assert (ava.religion, ava.restricted, ava.version) == ("", False, 1)  # both or neither


def test_sending_back_the_unchanged_restriction_is_not_an_attempt_to_restrict(api_as, allocated_worker, ava):
    body = {"religion": "Quaker", "restricted": False, "restricted_to": [], "version": 1}
    assert api_as(allocated_worker).patch(url(ava), body).status_code == 200


def test_naming_users_on_an_unrestricted_record_is_refused(api_as, manager, colleague, ava):
    response = api_as(manager).patch(url(ava), {"restricted_to": [str(colleague.pk)], "version": 1})
    assert response.status_code == 400
    assert "restricted_to" in response.json()


def test_naming_an_unknown_user_is_refused(api_as, manager, ava):
    import uuid

    response = api_as(manager).patch(url(ava), {"restricted": True, "restricted_to": [str(uuid.uuid4())], "version": 1})
    assert response.status_code == 400
    assert "restricted_to" in response.json()
    response = api_as(manager).patch(url(ava), {"restricted": True, "restricted_to": ["nonsense"], "version": 1})
    assert response.status_code == 400
    assert "restricted_to" in response.json()


def test_a_manager_may_create_a_restricted_record_and_a_worker_may_not(api_as, manager, allocated_worker):
    response = api_as(allocated_worker).post(PEOPLE, new_child(restricted=True))
    assert response.status_code == 403
    assert not Person.objects.exists()  # the create is undone with the refused restriction
    response = api_as(manager).post(PEOPLE, new_child(restricted=True))
    assert response.status_code == 201
    assert Person.objects.get().restricted is True


def test_lifting_a_restriction_clears_the_named_users(api_as, manager, colleague, allocated_worker, ava):
    api_as(manager).patch(url(ava), {"restricted": True, "restricted_to": [str(colleague.pk)], "version": 1})
    response = api_as(manager).patch(url(ava), {"restricted": False, "version": 2})
    assert response.status_code == 200
    assert response.json()["restricted_to"] == []
    assert api_as(allocated_worker).get(url(ava)).status_code == 200


# --- Search -------------------------------------------------------------------------------------


def test_search_outside_access_shows_only_names_birthday_and_known_to(api_as, other_team_worker, ava):
    response = api_as(other_team_worker).get(PEOPLE, {"q": "ava smith"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"] == [
        {
            "id": str(ava.pk),
            "first_name": "Ava",
            "last_name": "Smith",
            "date_of_birth": str(AVA_BORN),
            "known_to": ["North"],
        }
    ]
    assert api_as(other_team_worker).get(url(ava)).status_code == 404


def test_search_inside_access_shows_the_record_and_logs_the_view(api_as, colleague, ava):
    result = api_as(colleague).get(PEOPLE, {"q": "Ava"}).json()["results"][0]
    assert result["communication_needs"] == "Uses Makaton"
    assert result["known_to"] == ["North"]
    assert AccessLog.objects.filter(user=colleague, person=ava).count() == 1


def test_search_shows_a_restricted_record_without_names(api_as, manager, other_team_worker, ava):
    api_as(manager).patch(url(ava), {"restricted": True, "version": 1})
    response = api_as(other_team_worker).get(PEOPLE, {"q": "Ava Smith"})
    assert response.json()["results"] == [{"id": str(ava.pk), "restricted": True, "known_to": ["North"]}]
    assert "Ava" not in response.content.decode()


def test_search_matches_other_names(api_as, other_team_worker, ava):
    results = api_as(other_team_worker).get(PEOPLE, {"q": "Ava Jones"}).json()["results"]
    assert [r["id"] for r in results] == [str(ava.pk)]


def test_search_by_birthday_nhs_number_and_upn(api_as, allocated_worker, other_team_worker):
    upn = valid_upn(4)
    bo = make_person(
        allocated_worker, "Bo", "Lee", date_of_birth=datetime.date(2011, 2, 3), nhs_number="9434765919", upn=upn
    )
    make_person(allocated_worker, "Cy", "Lee", date_of_birth=datetime.date(2012, 2, 3))
    client = api_as(other_team_worker)
    for params in ({"date_of_birth": "2011-02-03"}, {"nhs_number": "943 476 5919"}, {"upn": upn.lower()}):
        results = client.get(PEOPLE, params).json()["results"]
        assert [r["id"] for r in results] == [str(bo.pk)], params


def test_search_with_a_bad_date_answers_400(api_as, other_team_worker):
    response = api_as(other_team_worker).get(PEOPLE, {"date_of_birth": "03/02/2011"})
    assert response.status_code == 400
    assert "date_of_birth" in response.json()


@pytest.mark.postgres
def test_search_tolerates_misspelling_on_postgresql(api_as, allocated_worker, other_team_worker):
    john = make_person(allocated_worker, "John", "Smith", date_of_birth=datetime.date(1980, 6, 1), sex="M")
    make_person(allocated_worker, "Mary", "Jones", date_of_birth=datetime.date(1981, 6, 1))
    results = api_as(other_team_worker).get(PEOPLE, {"q": "Jon Smyth"}).json()["results"]
    assert [r["id"] for r in results] == [str(john.pk)]


def test_without_search_the_list_is_the_people_the_user_may_open(
    api_as, allocated_worker, other_team_worker, auditor, ava
):
    mine = make_person(other_team_worker, "Sol", "Park", date_of_birth=datetime.date(2015, 1, 1))
    assert [r["id"] for r in api_as(other_team_worker).get(PEOPLE).json()["results"]] == [str(mine.pk)]
    assert [r["id"] for r in api_as(allocated_worker).get(PEOPLE).json()["results"]] == [str(ava.pk)]
    assert api_as(auditor).get(PEOPLE).json()["count"] == 2


def test_page_size_is_capped_at_200(api_as, allocated_worker, ava):
    response = api_as(allocated_worker).get(PEOPLE, {"page_size": 100000})
    assert response.status_code == 200
    assert response.json()["count"] == 1


# --- Access log ---------------------------------------------------------------------------------


def test_each_get_of_a_person_writes_one_access_log_row(api_as, colleague, ava):
    client = api_as(colleague)
    client.get(url(ava))
    client.get(url(ava))
    rows = AccessLog.objects.filter(user=colleague, person=ava)
    assert rows.count() == 2
    row = rows.first()
    assert row.action == "view"
    assert row.path == url(ava)
    assert row.method == "GET"


def test_a_refused_get_writes_no_access_log_row(api_as, other_team_worker, ava):
    api_as(other_team_worker).get(url(ava))
    assert not AccessLog.objects.filter(person=ava).exists()


# --- Warnings on the record ---------------------------------------------------------------------


def test_current_warnings_show_on_the_person(api_as, allocated_worker, ava):
    client = api_as(allocated_worker)
    client.post(f"{url(ava)}warnings/", {"kind": "animal", "detail": "Large dog", "from_date": "2024-01-01"})
    client.post(
        f"{url(ava)}warnings/",
        {"kind": "violence", "detail": "Old", "from_date": "2020-01-01", "to_date": "2021-01-01"},
    )
    warnings = client.get(url(ava)).json()["warnings"]
    assert [w["kind"] for w in warnings] == ["animal"]


def test_the_people_list_query_count_does_not_grow_with_people(api_as, allocated_worker, django_assert_max_num_queries):
    make_person(allocated_worker, "Kid", "Zero", date_of_birth=datetime.date(2015, 1, 1))
    client = api_as(allocated_worker)
    with django_assert_max_num_queries(20) as few:
        client.get(PEOPLE)
    for n in range(1, 6):
        make_person(allocated_worker, f"Kid{n}", "Doe", date_of_birth=datetime.date(2015, 1, 1 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PEOPLE).json()["count"] == 6
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert client.get(PEOPLE, {"q": "Doe"}).json()["count"] == 5


def test_the_schema_describes_every_people_and_families_endpoint(api_as, allocated_worker):
    from drf_spectacular.validation import validate_schema

    response = api_as(allocated_worker).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    validate_schema(schema)
    expected = {
        "/api/v1/people/": {"get", "post"},
        "/api/v1/people/{person_id}/": {"get", "patch"},
        "/api/v1/people/{person_id}/warnings/": {"get", "post"},
        "/api/v1/people/{person_id}/warnings/{warning_id}/": {"get", "patch"},
        "/api/v1/families/": {"get", "post"},
        "/api/v1/families/{family_id}/": {"get", "patch"},
        "/api/v1/families/{family_id}/members/": {"post"},
        "/api/v1/families/{family_id}/members/{person_id}/": {"delete"},
        "/api/v1/relationships/": {"get", "post"},
        "/api/v1/relationships/{relationship_id}/": {"get", "patch", "delete"},
        "/api/v1/professionals/": {"get", "post"},
        "/api/v1/professionals/{professional_id}/": {"get", "patch"},
        "/api/v1/connections/": {"get", "post"},
        "/api/v1/connections/{connection_id}/": {"get", "patch"},
    }
    for path, methods in expected.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
    person = schema["components"]["schemas"]["Person"]["properties"]
    assert person["is_child"]["readOnly"] is True
    assert {"la_child_id", "restricted_to", "version", "notices", "known_to"} <= set(person)
