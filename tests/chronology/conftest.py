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
