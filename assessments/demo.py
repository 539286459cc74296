"""Demo assessments for `seed_demo` (order 97, after child protection), made through the assessment
services so the workflow steps and the chronology are real, then dated as the work happened:

- Okoro ('worker'): Tobi's Understanding Families assessment, authorised by 'manager' before his
  CIN plan began, with the factors identified and Tobi assessed as needing support.
- Walsh ('colleague'): Mia's assessment, submitted and waiting for 'manager' to authorise it.
- Harris-Kowalski ('worker'): Sam's assessment, returned by 'manager' with a reason, to amend.
- Brennan ('worker'): Cian's and Roisin's assessment, a draft started this week alongside their
  child protection plans, its time frame proposed and not yet agreed.
- Thompson ('colleague'): the children's assessment, past its agreed date, with the reason recorded
  (the family moved; the new school's information is awaited).

Idempotent: a case that already has an assessment is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from assessments.models import Assessment, AssessmentStep, DelayReason, TimeframeRevision
from casework.core.demo import DemoContext, register
from casework.core.working_days import add_working_days
from casework.models import Case, EpisodeStatus


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 20)))


def _case_and_children(family_name: str, first_names: list[str] | None = None) -> tuple[Case, list[Any]] | None:
    """The family's open case and its children with open episodes (those named, in that order);
    None when there is no such case or it already has an assessment."""
    case = Case.objects.filter(family__name=family_name, status="open").first()
    if case is None or Assessment.objects.filter(case=case).exists():
        return None
    episodes = (
        case.episodes.exclude(status=EpisodeStatus.CLOSED).select_related("child").order_by("child__date_of_birth")
    )
    children = [e.child for e in episodes if first_names is None or e.child.first_name in first_names]
    if first_names is not None:
        children.sort(key=lambda c: first_names.index(c.first_name))
    return (case, children) if children else None


def _written(assessment: Assessment, texts: dict[str, Any]) -> dict[str, Any]:
    """The texts for the template's written sections that it has (a template changed by the
    authority keeps the demo working: unknown keys are left out)."""
    from assessments.kinds import is_written

    keys = {s.get("key") for s in assessment.template.sections or [] if is_written(s.get("kind"))}
    return {key: value for key, value in texts.items() if key in keys}


def _write(user: Any, assessment: Assessment, texts: dict[str, Any], analysis: str, **more: Any) -> Assessment:
    from assessments import services

    return services.assessment_update(
        user=user,
        assessment=assessment,
        expected_version=assessment.version,
        sections=_written(assessment, texts),
        analysis=analysis,
        **more,
    )


def _redate(assessment: Assessment, days: dict[str, datetime.date]) -> None:
    """Date the steps and the time frame's history as the work happened (the services stamp them
    with now), then re-record their chronology entries with those dates."""
    from assessments import events

    for kind, day in days.items():
        AssessmentStep.objects.filter(assessment=assessment, kind=kind).update(at=_at(day))
    fields: dict[str, Any] = {}
    if "submitted" in days and assessment.submitted_at:
        fields["submitted_at"] = _at(days["submitted"])
    if "authorised" in days and assessment.authorised_at:
        fields["authorised_at"] = _at(days["authorised"], 15)
        AssessmentStep.objects.filter(assessment=assessment, kind="authorised").update(at=_at(days["authorised"], 15))
    if "agreed" in days and assessment.timeframe_agreed_at:
        fields["timeframe_agreed_at"] = _at(days["agreed"], 16)
    if "started" in days:
        TimeframeRevision.objects.filter(assessment=assessment).exclude(kind="agreed").update(at=_at(days["started"]))
    if "agreed" in days:
        TimeframeRevision.objects.filter(assessment=assessment, kind="agreed").update(at=_at(days["agreed"], 16))
    if fields:
        Assessment.objects.filter(pk=assessment.pk).update(**fields)
    for step in AssessmentStep.objects.filter(assessment=assessment).select_related("by", "assessment"):
        events.record_step(step)
    for revision in TimeframeRevision.objects.filter(assessment=assessment, kind="agreed").select_related("by"):
        events.record_timeframe_agreed(revision)


def _start(
    user: Any, case: Case, children: list[Any], start: datetime.date, due: datetime.date, why: str
) -> Assessment:
    from assessments import services

    return services.assessment_start(
        user=user, case=case, children=children, start_date=start, due_date=due, timeframe_reason=why
    )


def _agree(manager: Any, assessment: Assessment) -> Assessment:
    from assessments import services

    return services.assessment_agree_timeframe(user=manager, assessment=assessment, expected_version=assessment.version)


def _submit(user: Any, assessment: Assessment) -> Assessment:
    from assessments import services

    return services.assessment_submit(user=user, assessment=assessment, expected_version=assessment.version)


# --- The families ---------------------------------------------------------------------------------


def okoro(context: DemoContext) -> None:
    from assessments import services

    found = _case_and_children("Okoro family", ["Tobi"])
    if found is None:
        return
    case, (tobi,) = found
    worker, manager = context.users["worker"], context.users["manager"]
    start = _ago(146)
    due = add_working_days(start, 30)
    a = _start(
        worker,
        case,
        [tobi],
        start,
        due,
        "Thirty working days: Tobi's school and his GP need time to reply, and I would like to see him at "
        "home three times, once after school.",
    )
    a = _agree(manager, a)
    a = _write(
        worker,
        a,
        {
            "reason-for-work": (
                "Tobi's school contacted us because he has often been late or absent this term, is tired in class and "
                "has come in hungry. His sister Ada, who is 13, has been helping to look after him while their mum "
                "has been unwell."
            ),
            "family-background": (
                "Mum has a long-standing depressive illness. She had a difficult winter and was not able to get out of "
                "bed on many days. Ada took on shopping, cooking and getting Tobi to school. Mum's illness is now "
                "better managed with help from her GP and the community mental health team."
            ),
            "child-profile": (
                "Tobi is 8. He loves football and drawing, and his teacher describes him as kind and funny. When I saw "
                "him on his own he told me he worries about his mum when he is at school, and that he is hungry some "
                "mornings because there is no bread. He said he wants his mum to feel better and to be on time for "
                "school so he can play at breakfast club."
            ),
            "childs-views": (
                "Tobi said: 'I like it when Mum walks me to school.' He would like to go to breakfast club and to "
                "football on Saturdays."
            ),
            "family-views": (
                "Mum agrees that things became too much this winter. She wants help with money and food, and she wants "
                "Ada to be able to be a teenager again. She is willing to work with us on a plan."
            ),
            "what-happens-next": (
                "A child in need plan for Tobi, reviewed every six weeks: a school mentor and breakfast club; a food "
                "bank referral and help with budgeting; the health visitor to support a bedtime routine. Ada is "
                "offered a young carers' assessment."
            ),
        },
        (
            "Tobi is a much-loved boy whose needs have not been met consistently because his mum has been unwell. "
            "There is no evidence that he has been harmed deliberately, but he has been going without food and "
            "sleep and missing school. Mum recognises this and wants help. With practical support for the family "
            "and for Mum's health, I think Tobi's needs can be met at home. Tobi is a child in need and needs a "
            "plan of support."
        ),
        child_outcomes=[{"child": tobi.pk, "factors": ["4B", "16A"], "requires_support": True}],
    )
    a = _submit(worker, a)
    a = services.assessment_authorise(
        user=manager, assessment=a, expected_version=a.version, primary_needs={tobi.pk: "N3"}
    )
    _redate(
        a,
        {
            "started": start,
            "agreed": start + datetime.timedelta(days=1),
            "submitted": _ago(126),
            "authorised": _ago(124),
        },
    )
    context.notes.append("  Okoro: Tobi's assessment, authorised by 'manager' (factors 4B and 16A; needs support).")


def walsh(context: DemoContext) -> None:
    found = _case_and_children("Walsh family", ["Mia"])
    if found is None:
        return
    case, (mia,) = found
    colleague, manager = context.users["colleague"], context.users["manager"]
    start = _ago(38)
    a = _start(
        colleague,
        case,
        [mia],
        start,
        add_working_days(start, 35),
        "Thirty-five working days, to meet Mia's mum as well as her grandparents and to hear from her nursery.",
    )
    a = _agree(manager, a)
    a = _write(
        colleague,
        a,
        {
            "reason-for-work": (
                "Mia's grandparents have been her special guardians since she was one. Her health visitor told us they "
                "are finding Mia's mum's visits hard: some visits have ended in arguments in front of Mia."
            ),
            "family-background": (
                "Mia's mum, Leanne, has been in recovery from alcohol misuse for a year. The special guardianship "
                "order says she sees Mia once a fortnight at the grandparents' home."
            ),
            "child-profile": (
                "Mia is 3 and goes to nursery three mornings a week. She is healthy and meeting her milestones. "
                "Nursery say she is more unsettled on the day after a visit."
            ),
            "childs-views": (
                "Mia told me about her nursery friends and showed me a picture of 'Mummy Leanne and me at the swings'."
            ),
            "family-views": (
                "Her grandparents want Mia to keep seeing her mum, but somewhere calmer. Leanne wants to see Mia more "
                "and says she finds it hard to visit her parents' home."
            ),
            "what-happens-next": (
                "Visits to move to the family centre, supported by a contact worker for three months, then reviewed. "
                "The grandparents are offered the special guardianship support group."
            ),
        },
        (
            "Mia is safe and well cared for by her grandparents. What worries us is the tension between the adults "
            "during visits, which upsets her. Everyone agrees that Mia should keep seeing her mum. Supported "
            "visits in a neutral place should help. Mia needs support under a child in need plan while this settles."
        ),
        child_outcomes=[{"child": mia.pk, "factors": ["1B"], "requires_support": True}],
    )
    a = _submit(colleague, a)
    _redate(a, {"started": start, "agreed": start + datetime.timedelta(days=2), "submitted": _ago(3)})
    context.notes.append("  Walsh: Mia's assessment, submitted by 'colleague', waiting for 'manager' to authorise it.")


def harris_kowalski(context: DemoContext) -> None:
    from assessments import services

    found = _case_and_children("Harris-Kowalski family", ["Sam"])
    if found is None:
        return
    case, (sam,) = found
    worker, manager = context.users["worker"], context.users["manager"]
    start = _ago(30)
    a = _start(
        worker,
        case,
        [sam],
        start,
        add_working_days(start, 30),
        "Thirty working days, to include the paediatrician's report on Sam's development.",
    )
    a = _agree(manager, a)
    a = _write(
        worker,
        a,
        {
            "reason-for-work": (
                "Sam's nursery asked for help because his speech is late and his parents are struggling to get him "
                "seen by the right services."
            ),
            "child-profile": (
                "Sam is 4. He is affectionate and loves trains. He uses a few words and points to show what he wants. "
                "He becomes very distressed in busy places."
            ),
            "childs-views": (
                "Sam showed me his train set and let me play with him. He cannot yet tell us in words what he thinks; "
                "he was relaxed and smiling at home with his dad."
            ),
            "family-views": (
                "Sam's dad and stepmum want to understand what help Sam needs, and how to get it, before he starts "
                "school."
            ),
            "what-happens-next": "A referral to the child development team; the nursery to ask for an education plan.",
        },
        "Sam is loved and well cared for. His development needs assessing so that he gets the right help at school.",
        child_outcomes=[{"child": sam.pk, "factors": ["21"], "requires_support": False}],
    )
    a = _submit(worker, a)
    a = services.assessment_return(
        user=manager,
        assessment=a,
        expected_version=a.version,
        reason=(
            "Thank you. Before I authorise this, please add what Sam's nursery key worker told you, and say in the "
            "analysis whether Sam needs support from us or whether the nursery and health services can meet his needs."
        ),
    )
    _redate(
        a, {"started": start, "agreed": start + datetime.timedelta(days=1), "submitted": _ago(4), "returned": _ago(2)}
    )
    context.notes.append(
        "  Harris-Kowalski: Sam's assessment, returned by 'manager' with a reason for 'worker' to amend."
    )


def brennan(context: DemoContext) -> None:
    found = _case_and_children("Brennan family", ["Cian", "Roisin"])
    if found is None:
        return
    case, children = found
    worker = context.users["worker"]
    start = _ago(4)
    a = _start(
        worker,
        case,
        children,
        start,
        add_working_days(start, 25),
        "Twenty-five working days, so that it is ready for the children's review conference.",
    )
    _write(
        worker,
        a,
        {
            "reason-for-work": (
                "An updated assessment of Cian's and Roisin's needs, for their review child protection conference. "
                "Their sister Niamh's plan ended at the last conference."
            ),
            "child-profile": (
                "Cian is 6 and is doing well at school; he told me he likes his teacher and the after-school club. "
                "Roisin is 3. I have not been able to see her for several weeks; I will write more once I have."
            ),
        },
        "",
    )
    _redate(a, {"started": start})
    context.notes.append("  Brennan: Cian's and Roisin's assessment, a draft by 'worker' (time frame not yet agreed).")


def thompson(context: DemoContext) -> None:
    found = _case_and_children("Thompson family")
    if found is None:
        return
    case, children = found
    colleague, manager = context.users["colleague"], context.users["manager"]
    start = _ago(56)
    due = add_working_days(start, 30)
    a = _start(
        colleague,
        case,
        children,
        start,
        due,
        "Thirty working days: three children, and the family's health visitor and GP to hear from.",
    )
    a = _agree(manager, a)
    _write(
        colleague,
        a,
        {
            "reason-for-work": (
                "The family's health visitor was worried that the family are isolated since the youngest child's "
                "birth, that the flat is damp and that one of the children is often unwell."
            ),
            "family-views": (
                "Mum says the move to Southby is a fresh start: the new flat is dry and the school is close. She wants "
                "help to make friends locally and would like the same worker to stay with the family."
            ),
        },
        "",
        delay_reason_category=DelayReason.AWAITING_INFORMATION,
        delay_reason=(
            "The family moved to Southby three weeks ago. I am waiting for the new school's and the GP's information "
            "before I finish the analysis, and Mum asked me to see the children at home once they have settled in."
        ),
    )
    _redate(a, {"started": start, "agreed": start + datetime.timedelta(days=1)})
    context.notes.append(
        "  Thompson: the children's assessment, past its agreed date, the reason recorded by 'colleague'."
    )


@register(97, "assessments.assessments")
def assessments_step(context: DemoContext) -> None:
    from assessments.services_templates import template_ensure_bundled

    template_ensure_bundled()
    for scenario in (okoro, walsh, harris_kowalski, brennan, thompson):
        scenario(context)
