"""Demo cases for `seed_demo`: referrals of demo children through the front door, then the work
on them through the case services, as people would do it.

- Okoro: Tobi and Ada, allocated to 'worker'; Ada's episode closed (RC8, with a summary and a
  decision record), Tobi's still open: siblings whose episodes diverge.
- Harris-Kowalski: Ava and Sam, allocated to 'worker', who asked to close Ava's episode: a closure
  waiting for 'manager' to authorise it.
- Walsh: Mia, allocated to 'colleague'.
- Thompson: three children, allocated to 'colleague', a transfer from North to South in progress.
- Evans: Cerys, a closed case (her only episode closed by the manager).
- Hall: referred this week and not allocated yet.

The front-door demo (casework/demo.py) uses other children. Idempotent: a scenario whose children
already have an episode is left alone (so another step that referred them first is not repeated).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from casework import services
from casework.core.demo import DemoContext, register
from casework.models import Case, Episode
from families.models import Family, Person


def _children(names: list[tuple[str, str]]) -> list[Person] | None:
    found = [Person.objects.filter(first_name=first, last_name=last).first() for first, last in names]
    if any(p is None for p in found) or Episode.objects.filter(child__in=found).exists():
        return None
    return found  # type: ignore[return-value]


def _children_of(family_name: str) -> list[Person] | None:
    """The subject children of one of the demo's ordinary families (their names are generated)."""
    found = list(
        Person.objects.filter(
            memberships__family__name=family_name, memberships__role="child", memberships__left__isnull=True
        ).order_by("date_of_birth")
    )
    if not found or Episode.objects.filter(child__in=found).exists():
        return None
    return found


def _refer(
    context: DemoContext,
    family_name: str,
    children: list[Person],
    *,
    days_ago: int,
    source: str,
    referrer: tuple[str, str],
    concerns: str,
    reason: str,
) -> Case:
    """A contact recorded and decided as a referral by the demo front-door worker, held by North."""
    front_door = context.users["frontdoor"]
    contact = services.contact_record(
        by=front_door,
        children=children,
        family=Family.objects.get(name=family_name),
        data={
            "received_at": timezone.now() - datetime.timedelta(days=days_ago, hours=2),
            "source": source,
            "referrer_name": referrer[0],
            "referrer_agency": referrer[1],
            "concerns": concerns,
            "parents_aware": True,
            "consent": "given",
        },
    )
    services.contact_decide(
        by=front_door, contact=contact, decision="referral", reason=reason, team=context.teams["North"]
    )
    return Case.objects.get(family__name=family_name, status="open")


def _episode(child: Person) -> Episode:
    return Episode.objects.get(child=child, status__in=["open", "closure_requested"])


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def okoro(context: DemoContext) -> None:
    children = _children([("Tobi", "Okoro"), ("Ada", "Okoro")])
    if not children:
        return
    ada = children[1]  # Tobi, children[0], stays open
    case = _refer(
        context,
        "Okoro family",
        children,
        days_ago=150,
        source="2A",
        referrer=("Mr Hughes", "Cedar Road Academy"),
        concerns="Tobi has been missing school and says he looks after Ada when their mum is unwell.",
        reason="Young carer with unmet needs; a social work assessment of the family's support is needed.",
    )
    manager, worker = context.users["manager"], context.users["worker"]
    services.case_allocate(by=manager, case=case, worker=worker)
    for child in children:
        services.episode_set_primary_need(by=worker, episode=_episode(child), primary_need="N3", expected_version=None)
    summary = (
        "What changed for the child: Ada's mum has a care package and Ada goes to breakfast club.\n\n"
        "The child's view: Ada drew her family at the park and said 'Mummy is better now'.\n\n"
        "Where support goes next: the school's family support worker, with early help if needed."
    )
    services.episode_close(
        by=manager,
        episode=_episode(ada),
        closure={
            "closure_date": _days_ago(14),
            "closure_reason": "RC8",
            "closure_summary": summary,
            "step_down": "early_help",
        },
    )
    services.decision_record(
        by=worker,
        case=case,
        children=[ada],
        kind="closure",
        decision="Close Ada's episode; Tobi's stays open while his young carer's support is set up.",
        options_considered="Keep both children open together; close both now; close Ada's only.",
        rationale="Ada's needs are met by the care package and school. Tobi still carries caring tasks.",
        agreed_by=manager,
        date=_days_ago(15),
    )
    context.notes.append("  Okoro: Ada's episode closed (RC8), Tobi's open; a decision record on the case.")


def harris_kowalski(context: DemoContext) -> None:
    children = _children([("Ava", "Price"), ("Sam", "Kowalski")])
    if not children:
        return
    ava, sam = children
    case = _refer(
        context,
        "Harris-Kowalski family",
        children,
        days_ago=90,
        source="6",
        referrer=("PC Doyle", "Northam Police"),
        concerns="Police called to an argument at home; Ava (9) and Sam (3) were present.",
        reason="Children present at a domestic incident: an assessment of their safety is needed.",
    )
    worker = context.users["worker"]
    services.case_allocate(by=context.users["manager"], case=case, worker=worker)
    services.episode_set_primary_need(by=worker, episode=_episode(sam), primary_need="N5", expected_version=None)
    services.episode_close(
        by=worker,
        episode=_episode(ava),
        closure={
            "closure_date": _days_ago(1),
            "closure_reason": "RC9",
            "closure_summary": (
                "What changed for the child: no further incidents; Ava's dad sees her every weekend.\n\n"
                "The child's view: Ava says home is calmer and she wants to keep her school mentor.\n\n"
                "Where support goes next: early help, through the school's mentor."
            ),
            "step_down": "early_help",
        },
    )
    context.notes.append("  Harris-Kowalski: 'worker' asked to close Ava's episode; 'manager' decides.")


def walsh(context: DemoContext) -> None:
    children = _children([("Mia", "Walsh")])
    if not children:
        return
    case = _refer(
        context,
        "Walsh family",
        children,
        days_ago=40,
        source="3B",
        referrer=("Ms Byrne", "Northam Health Visiting"),
        concerns="Mia's grandparents, her special guardians, are struggling with her mum's visits.",
        reason="Support for special guardians and contact arrangements.",
    )
    colleague = context.users["colleague"]
    services.case_allocate(by=context.users["manager"], case=case, worker=colleague)
    services.episode_set_primary_need(
        by=colleague, episode=_episode(children[0]), primary_need="N4", expected_version=None
    )


def thompson(context: DemoContext) -> None:
    children = _children_of("Thompson family")
    if not children:
        return
    case = _refer(
        context,
        "Thompson family",
        children,
        days_ago=60,
        source="3B",
        referrer=("Ms Rahman", "Northam Health Visiting"),
        concerns="The family are isolated since the youngest's birth; the flat is damp and a child is unwell.",
        reason="Family in acute stress: an assessment of the children's needs is needed.",
    )
    manager = context.users["manager"]
    services.case_allocate(by=manager, case=case, worker=context.users["colleague"])
    services.case_transfer_propose(
        by=manager,
        case=case,
        team=context.teams["South"],
        summary=(
            "The family moved to Southby last week. The children are settling at their new school and "
            "nursery; housing are arranging repairs. Mum would like the same worker for all three."
        ),
    )
    context.notes.append("  Thompson: a transfer from North to South waits for 'south.manager'.")


def evans(context: DemoContext) -> None:
    children = _children([("Cerys", "Evans")])
    if not children:
        return
    case = _refer(
        context,
        "Evans family (mum's home)",
        children,
        days_ago=240,
        source="1C",
        referrer=("Cerys Evans", ""),
        concerns="Cerys rang to say she is unhappy moving between her parents' homes.",
        reason="The child's own request for help with arrangements between two households.",
    )
    worker, manager = context.users["worker"], context.users["manager"]
    services.case_allocate(by=manager, case=case, worker=worker)
    services.episode_close(
        by=manager,
        episode=_episode(children[0]),
        closure={
            "closure_date": _days_ago(30),
            "closure_reason": "RC7",
            "closure_summary": (
                "What changed for the child: her parents agreed a schedule with her, written down.\n\n"
                "The child's view: Cerys says she feels listened to and knows who to call.\n\n"
                "Where support goes next: universal services; the school nurse checks in each term."
            ),
            "step_down": "universal",
        },
    )


def hall(context: DemoContext) -> None:
    children = _children_of("Hall family")
    if not children:
        return
    _refer(
        context,
        "Hall family",
        children,
        days_ago=2,
        source="3A",
        referrer=("Dr Osei", "Northam Health Centre"),
        concerns="Mum told her GP she is struggling to get the children to school since her partner left.",
        reason="A single parent under strain: an assessment of the family's needs is needed.",
    )
    context.notes.append("  Hall: referred this week, not allocated yet ('manager' allocates it).")


SCENARIOS: list[Callable[[DemoContext], None]] = [okoro, harris_kowalski, walsh, thompson, evans, hall]


@register(50, "casework.cases")
def cases(context: DemoContext) -> None:
    for scenario in SCENARIOS:
        scenario(context)
