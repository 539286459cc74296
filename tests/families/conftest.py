"""Records for the families tests, made through the services as a persona would make them.

- ``make_person(by, ...)``: a person recorded by ``by`` (their teams get write access).
- ``make_family(by, members=[(person, role)], address=...)``: a family recorded by ``by``.
- ``ava``: a child recorded by the allocated worker, so team North holds her (write).
- ``smith_family``: Ava's family (North holds it), with a confidential address.
- ``valid_nhs_number(n)`` / ``valid_upn(n)``: the n-th identifiers that pass their checks.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from casework.core.access import access_grant
from casework.core.models import AccessLevel
from families import services
from families.models import Family, Person
from families.validators import upn_check_letter

AVA_BORN = datetime.date(2016, 5, 4)


def valid_nhs_number(n: int = 0) -> str:
    """The n-th ten-digit number (from 100000000) whose modulus 11 check digit is valid."""
    found = -1
    base = 100000000
    while True:
        digits = str(base)
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            found += 1
            if found == n:
                return digits + str(check)
        base += 1


def valid_upn(n: int = 0) -> str:
    """A 13-character UPN with the right check letter."""
    rest = f"{820000000000 + n:012d}"
    return upn_check_letter("?" + rest) + rest


def make_person(by, first_name: str = "Ava", last_name: str = "Smith", **data: Any) -> Person:
    data.setdefault("date_of_birth", AVA_BORN)
    data.setdefault("sex", "F")
    return services.person_create(
        by=by, data={"first_name": first_name, "last_name": last_name, **data}, confirm_not_duplicate=True
    )


def make_family(by, name: str = "Smith family", members=(), address=None) -> Family:
    family = services.family_create(by=by, name=name, address=address, moved_in=datetime.date(2020, 1, 1))
    for person, role in members:
        services.membership_add(
            by=by, family=family, person=person, role=role, is_subject=role == "child", joined=datetime.date(2020, 1, 1)
        )
    family.refresh_from_db()
    return family


def grant(team, *, level: str = AccessLevel.WRITE, person=None, family=None) -> None:
    access_grant(team=team, level=level, person=person, family=family, reason="Test")


@pytest.fixture
def ava(allocated_worker, colleague, manager) -> Person:
    """A child held by North (write), recorded by the allocated worker."""
    return make_person(allocated_worker, "Ava", "Smith", aliases=["Ava Jones"], communication_needs="Uses Makaton")


@pytest.fixture
def smith_family(allocated_worker, ava) -> Family:
    address = {"line1": "1 Hidden Road", "town": "Leeds", "postcode": "ls1 1aa", "confidential": True}
    return make_family(allocated_worker, members=[(ava, "child")], address=address)
