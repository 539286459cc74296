"""Helpers for the page tests (tests/families/test_pages_*.py): records made through the
services as a persona would make them, and form data as a browser would send it.

Plain functions, not fixtures, so the page tests need nothing from the API tests' conftest:

- ``person(by, "Ava", "Smith", **data)``: a person recorded by ``by`` (their teams get write).
- ``family(by, [(person, "child"), ...], address=...)``: a family recorded by ``by``.
- ``restrict(person, by=manager, named=[user])``: the holding team's manager restricts a record.
- ``date_data("date_of_birth", date)``: the three boxes of a GOV.UK date input.
- ``person_form(**overrides)``: a valid "Create a new person" form.
- ``body(response)``: the page's text.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from families import services
from families.models import Family, Person

BORN = datetime.date(2016, 5, 4)
JOINED = datetime.date(2020, 1, 1)


def person(by, first_name: str = "Ava", last_name: str = "Smith", **data: Any) -> Person:
    data.setdefault("date_of_birth", BORN)
    data.setdefault("sex", "F")
    return services.person_create(
        by=by, data={"first_name": first_name, "last_name": last_name, **data}, confirm_not_duplicate=True
    )


def family(by, members=(), *, name: str = "Smith family", address: dict | None = None, **kwargs) -> Family:
    recorded = services.family_create(by=by, name=name, address=address, moved_in=JOINED, **kwargs)
    for member, role in members:
        services.membership_add(
            by=by, family=recorded, person=member, role=role, is_subject=role == "child", joined=JOINED
        )
    recorded.refresh_from_db()
    return recorded


def restrict(record: Person, *, by, named=()) -> Person:
    record.refresh_from_db()
    return services.person_set_restriction(
        by=by, person=record, restricted=True, restricted_to=list(named), expected_version=record.version
    )


def date_data(name: str, value: datetime.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}


def person_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Mia",
        "last_name": "Patel",
        **date_data("date_of_birth", datetime.date(2018, 2, 3)),
        "sex": "F",
        "ethnicity": "AIND",
        "previous_cp_plans_elsewhere": "0",
    }
    data.update(overrides)
    return data


def body(response) -> str:
    return response.content.decode()


def today() -> datetime.date:
    return timezone.localdate()
