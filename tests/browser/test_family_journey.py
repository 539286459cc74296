"""Journey: a social worker searches for a child, finds no match, records her, records her
family, adds her father (created on the way) and the relationship with parental
responsibility, then reads the relationship from both records. Every page passes axe."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_records_a_child_her_family_and_her_father(page, allocated_worker):
    # Given a signed-in social worker on the search page
    sign_in(page, allocated_worker)
    page.get_by_role("link", name="Families and children").click()
    page.wait_for_url("**/people/")
    axe_check(page, name="Find a person")

    # When she searches for a child who is not recorded
    page.fill("#q", "Mia Patel")
    page.fill("#date_of_birth-day", "3")
    page.fill("#date_of_birth-month", "2")
    page.fill("#date_of_birth-year", "2018")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("No one found").wait_for()
    axe_check(page, name="search with no match")

    # Then she may create the child, with the form filled in from her search
    page.get_by_role("button", name="Create a new person").click()
    page.wait_for_url("**/people/new/**")
    assert page.input_value("#first_name") == "Mia"
    assert page.input_value("#last_name") == "Patel"
    assert page.input_value("#date_of_birth-year") == "2018"
    axe_check(page, name="Create a new person")
    page.get_by_label("Female").check()
    page.select_option("#ethnicity", "AIND")
    page.get_by_role("button", name="Create the record").click()
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]{36}/$"))
    assert "Mia Patel's record has been created" in page.inner_text("main")
    assert "not in a family yet" in page.inner_text("main")
    axe_check(page, name="Mia's new record")

    # When she records Mia's family, with Mia as its subject child
    page.get_by_role("button", name="Record a new family").first.click()
    assert page.input_value("#name") == "Patel family"
    page.fill("#line1", "12 Mill Lane")
    page.fill("#postcode", "LS2 7AB")
    axe_check(page, name="Record a family")
    page.get_by_role("button", name="Record the family").click()
    page.wait_for_url(re.compile(r".*/families/[0-9a-f-]{36}/$"))
    assert "12 Mill Lane" in page.inner_text("main")
    assert "Subject child" in page.inner_text("main")
    axe_check(page, name="family page")

    # And adds Mia's father, who is not recorded yet (an adult whose date of birth is not known)
    page.get_by_role("button", name="Add a member").click()
    page.fill("#q", "Raj Patel")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("No one found with that name").wait_for()
    axe_check(page, name="add a member: no match")
    page.get_by_role("button", name="Create a new person").click()
    assert page.input_value("#first_name") == "Raj"
    page.get_by_text("Date of birth not known?").click()
    page.fill("#estimated_age", "35")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Create the record").click()
    page.get_by_text("Is Raj Patel a child or an adult in this family?").wait_for()
    assert page.is_checked("input[name=role][value=adult]")
    axe_check(page, name="add Raj to the family")
    page.get_by_role("button", name="Add to the family").click()
    page.wait_for_url(re.compile(r".*/families/[0-9a-f-]{36}/$"))
    assert "Raj Patel has been added to the Patel family" in page.inner_text("main")

    # And records that Raj is Mia's parent and holds parental responsibility
    page.get_by_role("link", name="Mia Patel").first.click()
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]{36}/$"))
    page.get_by_role("link", name="Add a relationship").click()
    page.wait_for_url(re.compile(r".*/relationships/new/$"))
    axe_check(page, name="who is the other person")
    page.get_by_role("link", name="Raj Patel").click()
    page.get_by_label("Raj Patel is Mia Patel's parent", exact=True).check()
    axe_check(page, name="how they are related")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Raj Patel holds parental responsibility for Mia Patel").check()
    axe_check(page, name="about the relationship")
    page.get_by_role("button", name="Save the relationship").click()

    # Then the relationship reads correctly from Mia's record ...
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]{36}/$"))
    relationships = page.locator("#relationships").inner_text()
    assert "Raj is Mia's parent and holds parental responsibility" in relationships
    axe_check(page, name="Mia's record with her father")

    # ... and from Raj's
    page.locator("#relationships").get_by_role("link", name="Raj", exact=True).click()
    relationships = page.locator("#relationships").inner_text()
    assert "Mia is Raj's child; Raj holds parental responsibility for Mia" in relationships
    assert "About 35 (date of birth estimated)" in page.inner_text("main")
    axe_check(page, name="Raj's record")
    assert page.console_errors == []
