"""Records and helpers for the case domain's API tests, made through the services as a
persona would make them (fixtures are imported by the test_api_* modules).

- ``referral``: the school's contact about Ava and Sam, referred to North (one case, two episodes).
- ``case``: that case; ``ava_episode`` / ``sam_episode``: its episodes.
- ``repeat_contact``: a new, undecided contact about Ava while her case is open (the front door
  holds her for writing again, and North can see the contact too).
- ``east_manager``: a manager of a third team, neither holding nor receiving anything.
- ``call(api_as, user, method, url, body)``, ``contact_body(children, ...)``, ``closure_body(...)``.

Test modules take the fixtures with ``from tests.casework.api_support import *``.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from casework import services
from casework.core.models import Role, TeamKind
from casework.models import Case, Contact, Episode
from tests.casework.conftest import contact_data
from tests.factories import TeamFactory, UserFactory

__all__ = ["ava_episode", "case", "east_manager", "referral", "repeat_contact", "sam_episode"]


def contact_body(children: list[Any], **overrides: Any) -> dict[str, Any]:
    """A contact as a client posts it (JSON)."""
    data = contact_data(**overrides)
    if isinstance(data["received_at"], datetime.datetime):
        data["received_at"] = data["received_at"].isoformat()
    data["children"] = [str(c.pk) for c in children]
    return data


def closure_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "closure_date": timezone.localdate().isoformat(),
        "closure_reason": "RC8",
        "closure_summary": "Food bank and school breakfast club in place; Ava says things are better.",
        "step_down": "early_help",
    }
    body.update(overrides)
    return body


def call(api_as, user, method: str, url: str, body: Any = None):
    client = api_as(user)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, format="json")


@pytest.fixture
def referral(front_door_worker, school_contact, north) -> Contact:
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Neglect: assess", team=north
    )
    school_contact.refresh_from_db()
    return school_contact


@pytest.fixture
def case(referral) -> Case:
    return Case.objects.get()


@pytest.fixture
def ava_episode(case, siblings) -> Episode:
    return Episode.objects.get(child=siblings["ava"])


@pytest.fixture
def sam_episode(case, siblings) -> Episode:
    return Episode.objects.get(child=siblings["sam"])


@pytest.fixture
def repeat_contact(front_door_worker, case, siblings) -> Contact:
    return services.contact_record(
        by=front_door_worker,
        children=[siblings["ava"]],
        family=siblings["family"],
        data=contact_data(received_at=timezone.now() - datetime.timedelta(minutes=5), source="6"),
    )


@pytest.fixture
def east_manager(db):
    east = TeamFactory(name="East", kind=TeamKind.LONG_TERM)
    return UserFactory(username="east.manager", role=Role.TEAM_MANAGER, teams=[east])
