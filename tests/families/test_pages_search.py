"""Finding a person, and creating one after a search (search before create)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from families.models import Person
from tests.families.pages_helpers import body, date_data, person, person_form, restrict, today

pytestmark = pytest.mark.django_db

SEARCH = reverse("families:person_search")
CREATE = reverse("families:person_create")


# --- Search -----------------------------------------------------------------------------------


def test_search_page_offers_name_date_of_birth_nhs_number_and_upn(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(client.get(SEARCH))
    assert '<h1 class="govuk-heading-l">Find a person</h1>' in page
    for field in ('name="q"', 'name="date_of_birth-day"', 'name="nhs_number"', 'name="upn"'):
        assert field in page
    assert "people found" not in page


def test_an_empty_search_shows_the_error_summary(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(client.get(SEARCH, {"q": "", **date_data("date_of_birth", None)}))
    assert "govuk-error-summary" in page
    assert "Enter a name, date of birth, NHS number or UPN to search" in page


def test_an_impossible_date_of_birth_is_an_error(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(
        client.get(SEARCH, {"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2019"})
    )
    assert "Date of birth must be a real date" in page


def test_results_show_age_and_known_to_for_everyone(client, allocated_worker, other_team_worker):
    ours = person(allocated_worker, "Ava", "Smith")
    theirs = person(other_team_worker, "Ava", "Smithson", date_of_birth=datetime.date(2015, 1, 2))
    client.force_login(allocated_worker)
    page = body(client.get(SEARCH, {"q": "Ava"}))
    assert reverse("families:person_detail", kwargs={"person_id": ours.pk}) in page
    assert reverse("families:person_detail", kwargs={"person_id": theirs.pk}) not in page
    assert "Ava Smithson" in page
    assert "Your team does not have access" in page
    assert "South" in page and "North" in page  # known to
    assert "Born 4 May 2016" in page
    assert re.search(r"\d+ years old", page)


def test_a_restricted_record_outside_access_shows_only_who_holds_it(
    client, allocated_worker, manager, other_team_worker
):
    hidden = person(allocated_worker, "Noah", "Fletcher")
    restrict(hidden, by=manager)
    client.force_login(other_team_worker)
    page = body(client.get(SEARCH, {"q": "Noah Fletcher"}))
    results = page.split('id="search-results"')[1].split("</table>")[0]
    assert "Restricted record, held by North" in results
    assert "Noah" not in results
    assert "Born 4 May 2016" not in results


def test_search_by_nhs_number(client, allocated_worker):
    found = person(allocated_worker, "Zoe", "Ng", nhs_number="9434765919")
    client.force_login(allocated_worker)
    page = body(client.get(SEARCH, {"nhs_number": "943 476 5919"}))
    assert "1 person found" in page
    assert found.full_name in page


def test_no_match_offers_to_create_a_person_prefilled_from_the_search(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(client.get(SEARCH, {"q": "Mia Patel", **date_data("date_of_birth", datetime.date(2018, 2, 3))}))
    assert "No one found" in page
    create = page[page.index('action="/people/new/"') :]
    for name, value in (("first_name", "Mia"), ("last_name", "Patel"), ("date_of_birth-year", "2018")):
        assert f'name="{name}" value="{value}"' in create
    params = {"first_name": "Mia", "last_name": "Patel", **date_data("date_of_birth", datetime.date(2018, 2, 3))}
    form = body(client.get(CREATE, params))
    assert 'value="Mia"' in form and 'value="Patel"' in form and 'value="2018"' in form


def test_performance_officer_and_auditor_may_search_but_not_create(client, performance_officer, auditor):
    for user in (performance_officer, auditor):
        client.force_login(user)
        page = body(client.get(SEARCH, {"q": "Nobody"}))
        assert "Create a new person" not in page
        assert client.get(CREATE, {"first_name": "A"}).status_code == 403
        assert client.post(CREATE, person_form()).status_code == 403


def test_search_results_query_count_does_not_grow_with_results(client, allocated_worker, django_assert_max_num_queries):
    for n in range(25):
        person(allocated_worker, "Ava", f"Smith{n}")
    client.force_login(allocated_worker)
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"q": "Ava"})
    assert "25 people found" in body(response)


# --- Create -----------------------------------------------------------------------------------


def test_create_without_a_search_sends_you_to_search_first(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.get(CREATE)
    assert response.status_code == 302 and response.url == SEARCH


def test_create_form_get(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(client.get(CREATE, {"first_name": "Mia"}))
    for text in ("Create a new person", "Not born yet?", "Date of birth not known?", "Ethnicity", "Disabilities"):
        assert text in page
    assert 'data-behaviour="exclusive"' in page  # "No disability" clears the others


def test_invalid_create_shows_errors_and_saves_nothing(client, front_door_worker):
    client.force_login(front_door_worker)
    data = person_form(first_name="", nhs_number="1234567890", upn="X1", **date_data("date_of_birth", None))
    response = client.post(CREATE, data)
    page = body(response)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Enter their first name" in page or "This field is required" in page
    assert "Enter their date of birth, or an expected date of birth if they are not born yet" in page
    assert "NHS number is not valid" in page
    assert "UPN must be 13 characters" in page
    assert Person.objects.count() == 0


def test_create_a_child_then_offered_a_family(client, front_door_worker, front_door_team):
    client.force_login(front_door_worker)
    response = client.post(CREATE, person_form(aliases="Mia Shah\n\nMimi Patel\n", disabilities=["COMM", "LD"]))
    mia = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("families:person_detail", kwargs={"person_id": mia.pk})
    assert mia.aliases == ["Mia Shah", "Mimi Patel"]
    assert mia.disabilities == ["COMM", "LD"]
    assert mia.ethnicity == "AIND"
    page = body(client.get(response.url))
    assert "Mia Patel&#39;s record has been created" in page or "Mia Patel's record has been created" in page
    assert "Record a new family" in page and "Add to an existing family" in page
    assert mia.access_rows.filter(team=front_door_team, level="write").exists()


def test_an_adult_whose_date_of_birth_is_not_known_gets_an_estimated_date(client, front_door_worker):
    client.force_login(front_door_worker)
    data = person_form(first_name="Lee", estimated_age="34", sex="M", **date_data("date_of_birth", None))
    assert client.post(CREATE, data).status_code == 302
    lee = Person.objects.get()
    assert lee.date_of_birth_estimated is True
    assert lee.age == 34
    assert lee.date_of_birth.year == today().year - 34
    assert "About 34 (date of birth estimated)" in body(client.get(reverse("families:person_detail", args=[lee.pk])))


def test_an_unborn_child_is_recorded_with_the_expected_date_and_sex_unknown(client, front_door_worker):
    client.force_login(front_door_worker)
    due = today() + datetime.timedelta(days=60)
    data = person_form(
        first_name="Baby", sex="", **date_data("date_of_birth", None), **date_data("expected_date_of_birth", due)
    )
    assert client.post(CREATE, data).status_code == 302
    baby = Person.objects.get()
    assert baby.date_of_birth is None and baby.expected_date_of_birth == due and baby.sex == "U"
    page = body(client.get(reverse("families:person_detail", args=[baby.pk])))
    assert f"Unborn, due {due.day} {due:%B %Y}" in page


def test_only_one_of_date_of_birth_expected_date_or_estimated_age(client, front_door_worker):
    client.force_login(front_door_worker)
    page = body(client.post(CREATE, person_form(estimated_age="30")))
    assert "Give only one of a date of birth, an expected date of birth or an estimated age" in page
    assert 'href="#estimated_age"' in page
    assert '<details class="govuk-details cw-dob-option" open' in page  # the answer is not hidden
    assert Person.objects.count() == 0


def test_a_duplicate_nhs_number_is_an_error_on_the_field(client, allocated_worker, front_door_worker):
    person(allocated_worker, "Zoe", "Ng", nhs_number="9434765919")
    client.force_login(front_door_worker)
    response = client.post(CREATE, person_form(nhs_number="943 476 5919"))
    assert response.status_code == 400
    page = body(response)
    assert "Another person already has this NHS number" in page
    assert 'href="#nhs_number"' in page  # the error summary links to the field
    assert Person.objects.count() == 1


def test_a_near_match_asks_is_it_one_of_these(client, allocated_worker, other_team_worker, front_door_worker):
    ours = person(allocated_worker, "Mia", "Patel", date_of_birth=datetime.date(2018, 2, 3))
    theirs = person(other_team_worker, "Mya", "Patel", date_of_birth=datetime.date(2018, 2, 3))
    client.force_login(allocated_worker)
    response = client.post(CREATE, person_form())
    page = body(response)
    assert response.status_code == 409
    assert "Is it one of these people?" in page
    assert reverse("families:person_detail", kwargs={"person_id": ours.pk}) in page
    assert reverse("families:person_detail", kwargs={"person_id": theirs.pk}) not in page
    assert "ask South" in page
    assert Person.objects.count() == 2


def test_choosing_a_match_uses_the_existing_record(client, allocated_worker):
    ours = person(allocated_worker, "Mia", "Patel", date_of_birth=datetime.date(2018, 2, 3))
    client.force_login(allocated_worker)
    response = client.post(CREATE, {**person_form(), "duplicate_step": "1", "choice": str(ours.pk)})
    assert response.status_code == 302
    assert response.url == reverse("families:person_detail", kwargs={"person_id": ours.pk})
    assert Person.objects.count() == 1


def test_not_choosing_is_an_error_on_the_duplicate_page(client, allocated_worker):
    person(allocated_worker, "Mia", "Patel", date_of_birth=datetime.date(2018, 2, 3))
    client.force_login(allocated_worker)
    page = body(client.post(CREATE, {**person_form(), "duplicate_step": "1"}))
    assert "Select the person, or that this is someone new" in page
    assert Person.objects.count() == 1


def test_confirming_someone_new_creates_them(client, allocated_worker):
    person(allocated_worker, "Mia", "Patel", date_of_birth=datetime.date(2018, 2, 3))
    client.force_login(allocated_worker)
    response = client.post(CREATE, {**person_form(), "duplicate_step": "1", "choice": "new"})
    assert response.status_code == 302
    assert Person.objects.filter(first_name="Mia").count() == 2


def test_a_person_created_for_a_family_goes_back_to_adding_them(client, allocated_worker):
    from tests.families.pages_helpers import family

    smiths = family(allocated_worker)
    client.force_login(allocated_worker)
    response = client.post(CREATE, {**person_form(), "for_family": str(smiths.pk)})
    mia = Person.objects.get(first_name="Mia")
    assert response.url == reverse("families:member_add", kwargs={"family_id": smiths.pk}) + f"?person={mia.pk}"


def test_a_person_created_for_a_relationship_goes_on_to_how_they_are_related(client, allocated_worker):
    ava = person(allocated_worker)
    client.force_login(allocated_worker)
    response = client.post(CREATE, {**person_form(first_name="Lee", sex="M"), "for_person": str(ava.pk)})
    lee = Person.objects.get(first_name="Lee")
    assert response.url == reverse("families:relationship_kind", kwargs={"person_id": ava.pk, "other_id": lee.pk})
