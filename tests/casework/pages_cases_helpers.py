"""Helpers for the case, My work and team page tests: cases opened as the front door opens them
(a contact decided as a referral), and form data as a browser sends it.

- ``new_case(front_door_worker, north, "Jones", children=2)``: a family with children, referred to
  North through the front door; returns the Case.
- ``allocate(case, manager, worker)``: the manager allocates it.
- ``closure_form(**overrides)``: a valid "close this episode" form.
- ``date_data("closure_date", date)``: the three boxes of a GOV.UK date input.
- ``body(response)``: the page's text.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework import services
from casework.models import Case, Episode
from families import services as family_services
from tests.casework.conftest import contact_data

FIRST_NAMES = ["Ava", "Sam", "Noor", "Leo", "Ivy"]


def new_case(
    front_door_worker, team, surname: str, *, children: int = 1, received_days_ago: int = 0, manager=None, worker=None
) -> Case:
    family = family_services.family_create(by=front_door_worker, name=f"{surname} family")
    kids = []
    for n in range(children):
        child = family_services.person_create(
            by=front_door_worker,
            data={
                "first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
                "last_name": surname,
                "date_of_birth": datetime.date(2014 + n, 4, 1 + n),
                "sex": "F" if n % 2 == 0 else "M",
            },
            confirm_not_duplicate=True,
        )
        family_services.membership_add(
            by=front_door_worker,
            family=family,
            person=child,
            role="child",
            is_subject=True,
            joined=datetime.date(2020, 1, 1),
        )
        kids.append(child)
    refer(front_door_worker, team, kids, family, received_days_ago=received_days_ago)
    case = Case.objects.get(family=family, status="open")
    if manager is not None and worker is not None:
        allocate(case, manager, worker)
    return case


def refer(front_door_worker, team, children, family, *, received_days_ago: int = 0):
    received = timezone.now() - datetime.timedelta(days=received_days_ago, hours=3)
    contact = services.contact_record(
        by=front_door_worker, children=children, family=family, data=contact_data(received_at=received)
    )
    return services.contact_decide(
        by=front_door_worker, contact=contact, decision="referral", reason="Assess the family's needs", team=team
    )


def allocate(case: Case, manager, worker) -> Case:
    case.refresh_from_db()
    return services.case_allocate(by=manager, case=case, worker=worker)


def episode_of(child) -> Episode:
    return Episode.objects.exclude(status="closed").get(child=child)


def date_data(name: str, value: datetime.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}


def closure_form(version: int = 1, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **date_data("closure_date", timezone.localdate()),
        "closure_reason": "RC8",
        "changed": "Breakfast club and a food bank referral are in place.",
        "child_view": "Ava says there is food at home now and she likes breakfast club.",
        "next_support": "Early help, through the school's family support worker.",
        "step_down": "early_help",
        "version": str(version),
    }
    data.update(overrides)
    return data


def closure_service_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "closure_date": timezone.localdate(),
        "closure_reason": "RC8",
        "closure_summary": "Things are better at home.",
        "step_down": "early_help",
    }
    data.update(overrides)
    return data


def body(response) -> str:
    return response.content.decode()
