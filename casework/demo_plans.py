"""Demo CIN plans for `seed_demo`, made through the plan services (so the chronology is written
as people would write it):

- Okoro ('worker'): Tobi's CIN plan, drafted by the worker, authorised by the manager four
  months ago, with three reviews where his school attendance and the home conditions improve.
- Walsh ('colleague'): Mia's CIN plan, a draft waiting for the manager's authorisation.

Idempotent: a child who already has a plan is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from casework.core.demo import DemoContext, register
from casework.models import Case, EpisodeStatus, Plan
from casework.services import plans
from families.models import Person


def _child(family_name: str, first_name: str) -> tuple[Case, Person] | None:
    case = Case.objects.filter(family__name=family_name, status="open").first()
    if case is None:
        return None
    episode = case.episodes.filter(child__first_name=first_name).exclude(status=EpisodeStatus.CLOSED).first()
    if episode is None or Plan.objects.filter(child=episode.child).exists():
        return None
    return case, episode.child


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def okoro(context: DemoContext) -> None:
    found = _child("Okoro family", "Tobi")
    if found is None:
        return
    case, tobi = found
    worker, manager = context.users["worker"], context.users["manager"]
    goals = [
        {"description": "Tobi goes to school every day, on time.", "help_provided": "Mum walks him; school mentor."},
        {"description": "There is food in the house every day.", "help_provided": "Food bank referral; budgeting."},
        {"description": "Tobi sleeps well and is less tired.", "help_provided": "Health visitor: bedtime routine."},
    ]
    data = {"start_date": _ago(120), "visiting_frequency_days": 20, "review_frequency_weeks": 6}
    plan = plans.plan_create(by=worker, case=case, child=tobi, data=data, goals=goals)
    plans.plan_authorise(by=manager, plan=plan)
    ids = [str(g.pk) for g in plan.goals.all()]
    for days, scores, summary in (
        (78, (3, 2, 2), "Attendance 70%. Food bank visited twice. Tobi still tired in class."),
        (36, (6, 5, 4), "Attendance 88%. Budgeting plan in place. Bedtime routine started."),
        (4, (8, 7, 6), "Attendance 95%. Food in the cupboards at each visit. Tobi says he sleeps better."),
    ):
        progress = [{"goal": goal, "progress": score} for goal, score in zip(ids, scores, strict=True)]
        plans.plan_review(
            by=worker,
            plan=plan,
            date=_ago(days),
            attendees=["Mum", "Tobi's teacher", "Health visitor", worker.display_name],
            summary=summary,
            goal_progress=progress,
        )
    context.notes.append("  Okoro: Tobi's CIN plan, three reviews with progress rising ('worker', 'manager').")


def walsh(context: DemoContext) -> None:
    found = _child("Walsh family", "Mia")
    if found is None:
        return
    case, mia = found
    goals = [{"description": "Mia is seen every week.", "help_provided": "Weekly visits; school nurse checks in."}]
    data = {"start_date": timezone.localdate(), "visiting_frequency_days": 5}
    plans.plan_create(by=context.users["colleague"], case=case, child=mia, data=data, goals=goals)
    context.notes.append("  Walsh: Mia's CIN plan drafted by 'colleague', waiting for 'manager' to authorise it.")


@register(65, "casework.plans")
def plans_step(context: DemoContext) -> None:
    for scenario in (okoro, walsh):
        scenario(context)
