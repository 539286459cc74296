"""Demo supervision for `seed_demo`: 'manager' supervises 'worker' (Okoro, Harris-Kowalski) three
times over three months, through the supervision services (so the oversight reaches each child's
chronology as it would). The first two are acknowledged with their actions done; the latest
waits for 'worker' to acknowledge it, with actions due in the coming weeks.

Idempotent: a worker who already has a supervision record is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework.core.demo import DemoContext, register
from casework.models import Action, Case, Supervision
from casework.services import actions as action_services
from casework.services import supervision as services

SESSIONS: list[dict[str, Any]] = [
    {
        "days_ago": 84,
        "private_notes": "Sam feels stretched with two new allocations; agreed protected time on Fridays.",
        "acknowledge": "Thanks, the Friday time is helping.",
        "cases": {
            "Okoro family": (
                "Tobi is caring for his mum most evenings; school see him tired.",
                "Complete the assessment with a young carers' referral.",
                "Tobi's caring role is the main worry; the young carers' service can give him a break.",
                "Refer Tobi to the young carers' service",
            ),
        },
    },
    {
        "days_ago": 42,
        "private_notes": "Workload steadier. Sam would like the motivational interviewing course.",
        "acknowledge": "",
        "cases": {
            "Okoro family": (
                "Tobi has a young carers' worker now; Mum's health is more stable.",
                "Keep the plan going; review in six weeks.",
                "Progress is real but recent: too early to step down.",
                "",
            ),
            "Harris-Kowalski family": (
                "Ava is eating at school and says home is better.",
                "Sam may ask to close Ava's episode once the food bank support is settled.",
                "The need that brought Ava to us is met; Sam (3) still needs the health visitor's support.",
                "Confirm the health visitor's plan for Sam (3)",
            ),
        },
    },
    {
        "days_ago": 7,
        "private_notes": "Sam mentioned a difficult home visit; offered a debrief with the senior practitioner.",
        "acknowledge": None,
        "cases": {
            "Okoro family": (
                "Tobi seemed flat at the last visit and talked about being tired.",
                "Visit Tobi at school within two weeks and see him alone.",
                "His words at school need following up in a setting where he can speak freely.",
                "See Tobi alone at school",
            ),
        },
    },
]


def _discussions(context: DemoContext, session: dict[str, Any], due: datetime.date) -> list[dict[str, Any]]:
    worker = context.users["worker"]
    result = []
    for family_name, (reflection, decision, rationale, action) in session["cases"].items():
        case = Case.objects.filter(family__name=family_name, status="open", allocated_worker=worker).first()
        if case is None:
            continue
        actions = [{"action": action, "owner": worker, "due_date": due}] if action else []
        result.append(
            {"case": case, "reflection": reflection, "decision": decision, "rationale": rationale, "actions": actions}
        )
    return result


@register(80, "casework.supervision")
def supervision_step(context: DemoContext) -> None:
    manager, worker = context.users["manager"], context.users["worker"]
    if Supervision.objects.filter(supervisee=worker).exists():
        return
    today = timezone.localdate()
    for session in SESSIONS:
        day = today - datetime.timedelta(days=session["days_ago"])
        latest = session["acknowledge"] is None
        record = services.supervision_record(
            by=manager,
            supervisee=worker,
            date=day,
            private_notes=session["private_notes"],
            discussions=_discussions(context, session, today + datetime.timedelta(days=14) if latest else today),
        )
        if latest:
            continue
        # An earlier session's actions were due a fortnight after it, and were done.
        for action in Action.objects.filter(discussion__supervision=record):
            Action.objects.filter(pk=action.pk).update(due_date=day + datetime.timedelta(days=14))
            action.refresh_from_db()
            action_services.action_complete(by=worker, action=action, note="Done, and noted on the case.")
        services.supervision_acknowledge(by=worker, supervision=record, comment=session["acknowledge"])
    context.notes.append(
        "  Supervision: 'worker' has three sessions with 'manager'; the latest awaits acknowledgement."
    )
