"""Demo child protection journey for `seed_demo`, made through the services (so the chronology is
written as people would write it): the Brennan family, referred seven months ago and allocated to
'worker'.

- Niamh (9): strategy discussion deciding a Section 47 enquiry, the initial conference deciding a
  CP plan (neglect), core groups with progress, visits (a run of three with no access), and the
  review conference ending her plan.
- Cian (6): on a CP plan since the same conference, seen at school last week: his next statutory
  visit falls due within days.
- Roisin (3): on a CP plan, last seen weeks ago, then no access three times: her visit is past due,
  with the attempts shown on My work, the team page and her record.

Idempotent: once the Brennan family exists, the step leaves it alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework import services
from casework.core.demo import DemoContext, register
from casework.models import Case, Plan, PlanKind, PlanStatus
from casework.services import conferences, strategy, visits
from families import services as family_services
from families.models import Family, Person

FAMILY = "Brennan family"
GOALS = [
    {"description": "There is food, heating and clean clothes at home.", "help_provided": "Family support worker."},
    {"description": "The children go to school and nursery every day.", "help_provided": "School and nursery."},
]


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _when(days: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_ago(days), datetime.time(hour, 15)))


def _family(context: DemoContext) -> tuple[Case, dict[str, Person]]:
    front_door = context.users["frontdoor"]
    family = family_services.family_create(
        by=front_door, name=FAMILY, address={"line1": "7 Canal Street", "postcode": "N4 2BX"}
    )
    children = {}
    for first, born in (("Niamh", 9), ("Cian", 6), ("Roisin", 3)):
        dob = datetime.date(timezone.localdate().year - born, 2, 14)
        person = family_services.person_create(
            by=front_door,
            data={
                "first_name": first,
                "last_name": "Brennan",
                "date_of_birth": dob,
                "sex": "F" if first != "Cian" else "M",
            },
            confirm_not_duplicate=True,
        )
        family_services.membership_add(by=front_door, family=family, person=person, role="child", is_subject=True)
        children[first] = person
    contact = services.contact_record(
        by=front_door,
        children=list(children.values()),
        family=family,
        data={
            "received_at": timezone.now() - datetime.timedelta(days=200, hours=3),
            "source": "1A",
            "referrer_name": "Ms Adeyemi",
            "referrer_agency": "Canal Street Nursery",
            "concerns": "Roisin came to nursery with a burn on her hand; the flat is cold and there is little food.",
            "parents_aware": True,
            "consent": "given",
        },
    )
    services.contact_decide(
        by=front_door, contact=contact, decision="referral", reason="Neglect concerns", team=context.teams["North"]
    )
    case = Case.objects.get(family=family, status="open")
    services.case_allocate(by=context.users["manager"], case=case, worker=context.users["worker"])
    return case, children


def _visit(by: Any, case: Case, days: int, rows: list[tuple[Person, bool]], **data: Any) -> None:
    outcome = data.get("outcome", "completed")
    children = [
        {"child": child, "seen": True, "seen_alone": "yes" if child.first_name != "Roisin" else "not_applicable"}
        if was_seen
        else {
            "child": child,
            "seen": False,
            "not_seen_reason": "no_access" if outcome == "no_access" else "not_at_home",
        }
        for child, was_seen in rows
    ]
    data = {"occurred_at": _when(days), "kind": "home_visit", "statutory": True, **data}
    visits.visit_finish(by=by, visit=visits.visit_create(by=by, case=case, data=data, children=children))


def _plans(case: Case) -> dict[str, Plan]:
    return {p.child.first_name: p for p in Plan.objects.filter(case=case, kind=PlanKind.CP).select_related("child")}


def nowak(context: DemoContext) -> None:
    if Family.objects.filter(name=FAMILY).exists():
        return
    case, kids = _family(context)
    worker = context.users["worker"]
    strategy.strategy_discussion_record(
        by=worker,
        case=case,
        children=list(kids.values()),
        date=_ago(190),
        agencies=["Police", "Health", "Nursery", "Children's social care"],
        information="A burn on Roisin's hand, unexplained; the flat cold, little food; Niamh often late to school.",
        decision="s47",
        reasoning="Possible neglect and an unexplained injury to a three-year-old: enquiries are needed.",
    )
    conferences.conference_record(
        by=worker,
        case=case,
        kind="initial",
        date=_ago(178),
        chair="Independent chair: R. Patel",
        attendees=["Mum", "Dad", "Health visitor", "Nursery manager", "Niamh's teacher", worker.display_name],
        parents_participation="Both parents came and agreed with the plan.",
        child_participation="Niamh met the chair beforehand: 'I want it to be warm at home.'",
        summary="Neglect: the children lack food, warmth and routine.",
        outcomes=[{"child": child, "decision": "cp_plan", "category": "NEG"} for child in kids.values()],
    )
    plans = _plans(case)
    for plan in plans.values():
        conferences.cp_plan_update(by=worker, plan=plan, data={}, goals=GOALS, expected_version=plan.version)
    everyone = [(child, True) for child in kids.values()]
    for days in (175, 160):
        _visit(worker, case, days, everyone)
    for days in (146, 143, 140):  # a run of no-access visits
        _visit(worker, case, days, [(child, False) for child in kids.values()], outcome="no_access")
    for days in (138, 120, 105):
        _visit(worker, case, days, everyone)
    for days, scores in ((168, (2, 3)), (130, (5, 6)), (100, (8, 8))):
        for plan in _plans(case).values():
            ids = [str(g.pk) for g in plan.goals.all()]
            conferences.core_group_record(
                by=worker,
                plan=plan,
                date=_ago(days),
                attendees=["Mum", "Health visitor", "Nursery", worker.display_name],
                summary="Food and heating in place; attendance improving.",
                goal_progress=[{"goal": g, "progress": s} for g, s in zip(ids, scores, strict=True)],
            )
    conferences.conference_record(
        by=worker,
        case=case,
        kind="review",
        date=_ago(90),
        chair="Independent chair: R. Patel",
        attendees=["Mum", "Dad", "Health visitor", worker.display_name],
        summary="Niamh is safe: the plan's goals are met for her. The younger children stay on their plans.",
        outcomes=[
            {"child": kids["Niamh"], "decision": "end_plan"},
            {"child": kids["Cian"], "decision": "continue_plan", "category": "NEG"},
            {"child": kids["Roisin"], "decision": "continue_plan", "category": "NEG"},
        ],
    )
    kuba, zofia = kids["Cian"], kids["Roisin"]
    for days in (75, 60, 45, 25):
        _visit(worker, case, days, [(kuba, True), (zofia, True)])
    for days in (12, 9):
        _visit(worker, case, days, [(kuba, False), (zofia, False)], outcome="no_access")
    _visit(worker, case, 3, [(kuba, True)], kind="school")
    _visit(worker, case, 2, [(zofia, False)], outcome="no_access")
    context.notes.append(
        "  Brennan ('worker'): Niamh's CP plan from strategy discussion to review conference (ended); "
        "Cian's next visit due soon; Roisin's visit past due after three visits with no access."
    )


@register(95, "casework.protection")
def protection_step(context: DemoContext) -> None:
    nowak(context)


__all__ = ["PlanStatus", "protection_step"]
