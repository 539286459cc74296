"""Front-door and case fixtures: children known to the service, contacts recorded through the services."""

import datetime

import pytest
from django.utils import timezone

from casework import services
from families import services as family_services


@pytest.fixture
def teenager(allocated_worker):
    """A 14-year-old already known to North (created there during a search)."""
    today = timezone.localdate()
    return family_services.person_create(
        by=allocated_worker,
        data={
            "first_name": "Jordan",
            "last_name": "Reid",
            "sex": "M",
            "date_of_birth": datetime.date(today.year - 14, 3, 10),
        },
    )


@pytest.fixture
def siblings(front_door_worker):
    """Two siblings created by the front door, in a family it holds."""
    ava = family_services.person_create(
        by=front_door_worker,
        data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2016, 5, 1), "sex": "F"},
    )
    sam = family_services.person_create(
        by=front_door_worker,
        data={"first_name": "Sam", "last_name": "Smith", "date_of_birth": datetime.date(2019, 3, 2), "sex": "M"},
    )
    family = family_services.family_create(
        by=front_door_worker, name="Smith family", address={"line1": "1 Mill Lane", "postcode": "N1 1AA"}
    )
    for child in (ava, sam):
        family_services.membership_add(
            by=front_door_worker,
            family=family,
            person=child,
            role="child",
            is_subject=True,
            joined=datetime.date(2020, 1, 1),
        )
    return {"ava": ava, "sam": sam, "family": family}


def contact_data(**overrides):
    data = {
        "received_at": timezone.now() - datetime.timedelta(hours=3),
        "source": "2A",
        "referrer_name": "Ms Patel",
        "referrer_agency": "Mill Lane Primary School",
        "anonymous": False,
        "concerns": "Ava came to school hungry three days this week and said there is no food at home.",
        "parents_aware": True,
        "consent": "given",
        "consent_reason": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def school_contact(front_door_worker, front_door_team, siblings):
    return services.contact_record(
        by=front_door_worker,
        children=[siblings["ava"], siblings["sam"]],
        family=siblings["family"],
        data=contact_data(),
    )
