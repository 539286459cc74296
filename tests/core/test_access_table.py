"""The access table's services: grant, keep read, revoke; and restricted-record viewers."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q

from casework.core import access
from casework.core.models import RecordAccess
from families import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(allocated_worker):
    return services.person_create(
        by=allocated_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"},
    )


def test_person_created_in_search_is_held_by_the_creators_team(child, north):
    row = RecordAccess.objects.current().get(person=child)
    assert (row.team, row.level) == (north, "write")
    assert "search-before-create" in row.reason


def test_write_beats_read_and_a_downgrade_keeps_read(child, front_door_team, front_door_worker):
    access.access_grant(team=front_door_team, person=child, level="read", reason="Contact recorded")
    access.access_grant(team=front_door_team, person=child, level="write", reason="Contact recorded")
    assert RecordAccess.objects.current().get(team=front_door_team, person=child).level == "write"
    assert selectors.person_can_write(user=front_door_worker, person=child)
    access.access_downgrade(team=front_door_team, person=child, reason="Contact decided")
    current = RecordAccess.objects.current().get(team=front_door_team, person=child)
    assert current.level == "read"
    assert not selectors.person_can_write(user=front_door_worker, person=child)
    assert selectors.person_list_for_user(user=front_door_worker).filter(pk=child.pk).exists()
    assert RecordAccess.objects.filter(team=front_door_team, person=child).count() == 3  # history kept


def test_revoke_ends_access(child, south, other_team_worker):
    access.access_grant(team=south, person=child, level="read", reason="Transfer proposed")
    assert selectors.person_list_for_user(user=other_team_worker).filter(pk=child.pk).exists()
    access.access_revoke(team=south, person=child, reason="Transfer declined")
    assert not selectors.person_list_for_user(user=other_team_worker).filter(pk=child.pk).exists()


def test_a_change_of_team_applies_on_the_next_request(child, other_team_worker, north):
    assert not selectors.person_list_for_user(user=other_team_worker).filter(pk=child.pk).exists()
    other_team_worker.teams.add(north)
    fresh = type(other_team_worker).objects.get(pk=other_team_worker.pk)  # the next request loads the user again
    assert selectors.person_list_for_user(user=fresh).filter(pk=child.pk).exists()


def test_restricted_viewer_registry_extends_who_may_open(child, manager, colleague):
    services.person_set_restriction(
        by=manager, person=child, restricted=True, restricted_to=[], expected_version=child.version
    )
    assert not selectors.person_list_for_user(user=colleague).filter(pk=child.pk).exists()
    access.register_restricted_viewer(
        "test-colleague", lambda user: Q(pk__in=[child.pk]) if user == colleague else Q(pk__in=[])
    )
    try:
        assert selectors.person_list_for_user(user=colleague).filter(pk=child.pk).exists()
    finally:
        access._restricted_viewer_filters.pop("test-colleague")
