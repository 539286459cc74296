"""Chronology events of assessments (API.md "Chronology": every assessment step appears without
anyone typing it again). The services call these in the same transaction as the change; each
workflow step (AssessmentStep) and each agreed time frame (TimeframeRevision) is one entry,
shown in every assessed child's chronology and the family's, with who and when.
`rebuild()` re-records them for `manage.py rebuild_chronology`."""

from __future__ import annotations

from assessments.models import AssessmentStep, TimeframeRevision
from casework.core.chronology import ROUTINE, SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User

CATEGORY = "assessment"
SIGNIFICANCE = {
    AssessmentStep.Kind.STARTED: SIGNIFICANT,
    AssessmentStep.Kind.SUBMITTED: ROUTINE,
    AssessmentStep.Kind.RETURNED: ROUTINE,
    AssessmentStep.Kind.AUTHORISED: SIGNIFICANT,
}
WORDS = {
    AssessmentStep.Kind.STARTED: "started",
    AssessmentStep.Kind.SUBMITTED: "submitted for authorisation",
    AssessmentStep.Kind.RETURNED: "returned to the worker",
    AssessmentStep.Kind.AUTHORISED: "authorised",
}


def _who(user: User | None) -> str:
    if user is None:
        return ""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return name or getattr(user, "username", "") or str(user)


def _children(assessment) -> list:
    return [row.child for row in assessment.subjects.select_related("child").order_by("position", "id")]


def record_step(step: AssessmentStep) -> None:
    """One workflow step, in each assessed child's chronology and the family's."""
    assessment = step.assessment
    who = _who(step.by)
    summary = f"{assessment.template.name} assessment {WORDS[step.kind]}" + (f" by {who}" if who else "")
    detail = step.reason if step.kind == AssessmentStep.Kind.RETURNED else ""
    chronology_record(
        source=step,
        kind=f"assessment_{step.kind}",
        when=step.at,
        category=CATEGORY,
        people=_children(assessment),
        family=assessment.case.family,
        by=step.by,
        detail=detail,
        significance=SIGNIFICANCE[step.kind],
        summary=summary,
    )


def record_timeframe_agreed(revision: TimeframeRevision) -> None:
    """A time frame agreed by the team manager (routine)."""
    assessment = revision.assessment
    who = _who(revision.by)
    chronology_record(
        source=revision,
        kind="assessment_timeframe_agreed",
        when=revision.at,
        category=CATEGORY,
        people=_children(assessment),
        family=assessment.case.family,
        by=revision.by,
        detail=revision.reason,
        significance=ROUTINE,
        summary=f"Time frame agreed for the {assessment.template.name} assessment: due "
        f"{revision.due_date:%-d %B %Y}" + (f" (agreed by {who})" if who else ""),
    )


def rebuild() -> int:
    """Re-record every assessment step and agreed time frame from the current records."""
    count = 0
    for step in AssessmentStep.objects.select_related("assessment__template", "assessment__case__family", "by"):
        record_step(step)
        count += 1
    agreed = TimeframeRevision.objects.filter(kind=TimeframeRevision.Kind.AGREED)
    for revision in agreed.select_related("assessment__template", "assessment__case__family", "by"):
        record_timeframe_agreed(revision)
        count += 1
    return count


register_rebuilder("assessments", rebuild)
