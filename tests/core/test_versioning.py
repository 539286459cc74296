"""Compare-and-swap saves: a stale version is refused and nothing is written."""

from __future__ import annotations

import datetime

import pytest

from casework.core.versioning import StaleVersion, counter_next, save_versioned
from families import services
from families.models import Person

pytestmark = pytest.mark.django_db


def test_stale_version_is_refused_and_nothing_written(allocated_worker):
    person = services.person_create(
        by=allocated_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"},
    )
    mine = Person.objects.get(pk=person.pk)
    theirs = Person.objects.get(pk=person.pk)
    theirs.known_as = "Avie"
    save_versioned(theirs, expected_version=1)
    mine.known_as = "Aves"
    with pytest.raises(StaleVersion) as error:
        save_versioned(mine, expected_version=1)
    assert error.value.payload()["current_version"] == 2
    assert Person.objects.get(pk=person.pk).known_as == "Avie"


def test_a_missing_version_is_refused(allocated_worker):
    person = services.person_create(
        by=allocated_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"},
    )
    with pytest.raises(StaleVersion):
        save_versioned(person, expected_version=None)


def test_history_records_who_and_why(allocated_worker):
    person = services.person_create(
        by=allocated_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"},
    )
    services.person_update(
        by=allocated_worker,
        person=person,
        changes={"known_as": "Avie"},
        expected_version=1,
        reason="Ava asked to be called Avie",
    )
    latest = person.history.first()
    assert latest.history_change_reason == "Ava asked to be called Avie"
    assert latest.known_as == "Avie"


def test_counters_only_increase():
    assert [counter_next("test"), counter_next("test"), counter_next("test")] == [1, 2, 3]
