"""Demo actions for `seed_demo`, after the plans and supervision steps (which add their own):
'worker' gets an action from Tobi's plan and one on the Harris-Kowalski case due today, so their
My work shows actions from every source; 'colleague' gets one on the Walsh case. Through the
action services, as people would add them.

Idempotent: an action already added (same case and words) is not added again.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from casework.core.demo import DemoContext, register
from casework.models import Action, Case, Plan
from casework.services import actions as action_services

ACTIONS = [
    # family, added by, owner, what, days from today, from the child's plan
    ("Okoro family", "worker", "worker", "Book the young carers' review meeting with Tobi and Mum", 10, True),
    ("Harris-Kowalski family", "worker", "worker", "Ring the food bank to confirm the next delivery", 0, False),
    ("Walsh family", "colleague", "colleague", "Ask the school nurse to see Mia this week", 4, False),
]


@register(90, "casework.actions")
def actions_step(context: DemoContext) -> None:
    today = timezone.localdate()
    added = 0
    for family_name, by_name, owner_name, text, days, from_plan in ACTIONS:
        by, owner = context.users.get(by_name), context.users.get(owner_name)
        case = Case.objects.filter(family__name=family_name, status="open").first()
        if by is None or owner is None or case is None or Action.objects.filter(case=case, action=text).exists():
            continue
        plan = Plan.objects.filter(case=case).exclude(status="ended").first() if from_plan else None
        action_services.action_create(
            by=by,
            case=case,
            action=text,
            owner=owner,
            due_date=today + datetime.timedelta(days=days),
            source="plan" if plan else "other",
            plan=plan,
        )
        added += 1
    if added:
        context.notes.append("  Actions: 'worker' and 'colleague' have open actions on My work.")
