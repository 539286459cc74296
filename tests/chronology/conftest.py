"""A small family held by team North, recorded through the services as the allocated worker."""

import datetime

import pytest

from families import services


@pytest.fixture
def smith_family(allocated_worker):
    by = allocated_worker
    ava = services.person_create(
        by=by, data={"first_name": "Ava", "last_name": "Smith", "date_of_birth": datetime.date(2015, 5, 1), "sex": "F"}
    )
    sam = services.person_create(
        by=by, data={"first_name": "Sam", "last_name": "Smith", "date_of_birth": datetime.date(2017, 3, 2), "sex": "M"}
    )
    mum = services.person_create(
        by=by,
        data={"first_name": "Kerry", "last_name": "Smith", "date_of_birth": datetime.date(1990, 1, 9), "sex": "F"},
    )
    family = services.family_create(by=by, name="Smith family", address={"line1": "1 Mill Lane", "postcode": "N1 1AA"})
    for person, role in ((ava, "child"), (sam, "child"), (mum, "adult")):
        services.membership_add(
            by=by,
            family=family,
            person=person,
            role=role,
            is_subject=role == "child",
            joined=datetime.date(2020, 1, 1),
        )
    return {"ava": ava, "sam": sam, "mum": mum, "family": family}


# The front door's fixtures (two siblings held by the front door, a school's contact about them).
from tests.casework.conftest import school_contact, siblings  # noqa: E402, F401


@pytest.fixture
def case(front_door_worker, school_contact, north):  # noqa: F811
    """The school's contact decided: a referral to North, a case and an episode for each sibling."""
    from casework import services as case_services
    from casework.models import Case

    case_services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


@pytest.fixture
def finished_visit(case, allocated_worker, siblings):  # noqa: F811
    """A statutory home visit, Ava seen alone and Sam seen, finished."""
    from django.utils import timezone

    from casework.services import visits

    visit = visits.visit_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now(), "kind": "home_visit", "statutory": True, "narrative": "Home warm."},
        children=[
            {"child": siblings["ava"], "seen": True, "seen_alone": "yes"},
            {"child": siblings["sam"], "seen": True, "seen_alone": "no"},
        ],
    )
    return visits.visit_finish(by=allocated_worker, visit=visit)
