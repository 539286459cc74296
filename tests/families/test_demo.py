"""The demo authority is a realistic tour: every family shape the product must handle."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from families.models import Family, FamilyAddress, FamilyMembership, Person, PersonWarning, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_has_the_family_shapes(demo):
    assert Family.objects.count() >= 30
    assert Relationship.objects.filter(kind="special_guardian", parental_responsibility=True).exists()
    assert Relationship.objects.filter(kind="twin", identical=True).exists()
    assert Relationship.objects.filter(kind="half_sibling").exists()
    assert Relationship.objects.filter(kind="step_parent", parental_responsibility=True).exists()
    assert Person.objects.filter(
        expected_date_of_birth__isnull=False, date_of_birth__isnull=True, pregnancy_outcome__isnull=True
    ).exists()
    assert Person.objects.filter(pregnancy_outcome="miscarriage").exists()
    assert Person.objects.filter(date_of_death__isnull=False).exists()
    assert Person.objects.filter(restricted=True).exists()
    assert Person.objects.filter(date_of_birth_estimated=True).exists()
    assert PersonWarning.objects.exists()
    assert FamilyAddress.objects.filter(confidential=True, to_date__isnull=True).exists()
    two_homes = FamilyMembership.objects.filter(person__first_name="Cerys", left__isnull=True)
    assert two_homes.count() == 2
    three_generations = Family.objects.get(name="Okoro family")
    ages = sorted(m.person.age for m in three_generations.memberships.select_related("person"))
    assert ages[0] < 18 and ages[-1] > 60


def test_running_it_twice_changes_nothing(demo):
    counts = (Family.objects.count(), Person.objects.count(), Relationship.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Family.objects.count(), Person.objects.count(), Relationship.objects.count()) == counts
