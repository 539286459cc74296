"""The assessment's workflow (issue 12): draft → submitted → returned → submitted → authorised.

Started on a case for one or more children with open episodes there (a child has one open
assessment at most); written by the team holding the case while a draft or returned; submitted
with its analysis and each child's outcome (the census factors and whether the child needs
support), which freezes the pre-filled sections; returned by a manager of the team with a reason
(back to the live record); authorised by a manager of the team who neither wrote nor submitted it,
who may confirm each child's primary need on their episode. Authorised is read-only.

Every step writes an AssessmentStep and a chronology entry. The time frame is proposed at the
outset (worker or manager), agreed by a manager who is not the author, and may be revised with a
reason (which clears the agreement until agreed again); each proposal, revision and agreement is
kept in TimeframeRevision. Every change is a compare-and-swap on the assessment's version
(StaleVersion → 409, nothing written).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments import events
from assessments.kinds import SCALE_VIEWPOINTS, THREE_COLUMNS, is_written
from assessments.models import (
    OPEN_ASSESSMENT_STATUSES,
    Assessment,
    AssessmentChild,
    AssessmentStatus,
    AssessmentStep,
    AssessmentTemplate,
    DelayReason,
    TimeframeRevision,
)
from assessments.prefill import prefill_snapshot
from assessments.selectors import (
    ANALYSIS_KEY,
    EDITABLE_STATUSES,
    assessment_children,
    assessment_may_write,
)
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.codes import ASSESSMENT_FACTORS, PRIMARY_NEED
from casework.core.errors import DomainError
from casework.core.models import User
from casework.core.versioning import save_versioned
from casework.models import Case, EpisodeStatus
from casework.selectors import can_record, user_manages_team
from families.models import Person

DEFAULT_TEMPLATE = "understanding-families"
MAX_TEXT = 50_000
MAX_CHILDREN = 20
FACTOR_CODES = dict(ASSESSMENT_FACTORS)
NO_FACTORS = "21"  # "No factors identified": used alone
PRIMARY_NEEDS = dict(PRIMARY_NEED)
CANNOT_WRITE = "Your team does not hold this case, or your role cannot write assessments."
READ_ONLY = {
    AssessmentStatus.SUBMITTED: "The assessment has been submitted: it can be changed only if a manager returns it.",
    AssessmentStatus.AUTHORISED: "The assessment has been authorised and is read-only.",
}


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


UNSET: Any = _Unset()


# --- Helpers -------------------------------------------------------------------------------------


def template_for_start(key: str) -> AssessmentTemplate:
    """The latest published version of a template (engineer A's selector when it exists)."""
    try:
        from assessments.selectors_templates import template_published
    except ImportError:
        template_published = None
    if template_published is not None:
        from django.http import Http404

        try:
            return template_published(key=key)
        except Http404:
            raise ValidationError({"template": [f"There is no published template {key!r}"]}) from None
    found = AssessmentTemplate.objects.filter(key=key, status="published").order_by("-version").first()
    if found is None:
        raise ValidationError({"template": [f"There is no published template {key!r}"]})
    return found


def _require_writer(user: User, assessment: Assessment) -> None:
    if not assessment_may_write(user=user, assessment=assessment):
        raise PermissionDenied(CANNOT_WRITE)


def _require_editable(assessment: Assessment) -> None:
    if assessment.status not in EDITABLE_STATUSES:
        raise DomainError(READ_ONLY.get(assessment.status, "The assessment cannot be changed now."))


def _require_open(assessment: Assessment) -> None:
    if not assessment.is_open:
        raise DomainError(READ_ONLY[AssessmentStatus.AUTHORISED])


def _require_manager_not_author(user: User, assessment: Assessment, action: str) -> None:
    if not user_manages_team(user=user, team_id=assessment.case.team_id):
        raise PermissionDenied(f"Only a manager of the team holding the case can {action}.")
    if user.pk == assessment.created_by_id:
        raise PermissionDenied(f"You wrote this assessment: another manager of the team must {action}.")


def _save(assessment: Assessment, user: User, expected_version: int | None, reason: str) -> None:
    save_versioned(assessment, expected_version=expected_version, by=user, change_reason=reason[:100])


def _step(assessment: Assessment, user: User, kind: str, reason: str = "") -> AssessmentStep:
    step = AssessmentStep.objects.create(assessment=assessment, kind=kind, by=user, at=timezone.now(), reason=reason)
    events.record_step(step)
    return step


def _text(value: Any, name: str, errors: dict[str, list[str]], *, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.setdefault(name, []).append("Enter text")
        return ""
    if len(value) > limit:
        errors.setdefault(name, []).append(f"Keep this to {limit:,} characters or fewer")
    return value.strip()


# --- Starting ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    user: User,
    case: Case,
    children: list[Person],
    template_key: str = DEFAULT_TEMPLATE,
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    timeframe_reason: str = "",
) -> Assessment:
    """Start an assessment for children with open episodes in the case, from the latest
    published version of the template (which it keeps); the worker may propose its time frame."""
    children = list(dict.fromkeys(children))
    if user.role not in WRITING_ROLES or case.team_id not in team_ids_for(user):
        raise PermissionDenied(CANNOT_WRITE)
    if any(not can_record(user, person=child) for child in children):
        raise PermissionDenied(CANNOT_WRITE)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    start_date = start_date or today
    if start_date > today:
        errors["start_date"] = ["The assessment starts today or earlier"]
    if not children:
        errors["children"] = ["Choose at least one child"]
    elif len(children) > MAX_CHILDREN:
        errors["children"] = [f"Choose at most {MAX_CHILDREN} children"]
    episodes = {
        e.child_id: e
        for e in case.episodes.filter(child__in=children)
        .exclude(status=EpisodeStatus.CLOSED)
        .order_by("-referral_date")
    }
    for child in children:
        if child.pk not in episodes:
            errors.setdefault("children", []).append(f"{child.full_name} has no open episode in this case")
    reason = _text(timeframe_reason, "timeframe_reason", errors)
    if due_date is not None:
        if due_date < start_date:
            errors["due_date"] = ["The due date must be on or after the start date"]
        if not reason:
            errors["timeframe_reason"] = ["Say why this time frame is right for the family"]
    template = template_for_start(template_key)
    if errors:
        raise ValidationError(errors)
    # Locking the children serialises two assessments started at once for the same child.
    list(Person.objects.select_for_update().filter(pk__in=[c.pk for c in children]))
    busy = AssessmentChild.objects.filter(child__in=children, assessment__status__in=OPEN_ASSESSMENT_STATUSES)
    if names := sorted({row.child.full_name for row in busy.select_related("child")}):
        raise DomainError(
            f"{' and '.join(names)} already {'has' if len(names) == 1 else 'have'} an open assessment: "
            "finish it before starting another",
            field="children",
        )
    assessment = Assessment(
        case=case,
        template=template,
        start_date=start_date,
        due_date=due_date,
        timeframe_reason=reason if due_date else "",
        created_by=user,
    )
    assessment._history_user, assessment._change_reason = user, "Started"
    assessment.save()
    AssessmentChild.objects.bulk_create(
        AssessmentChild(assessment=assessment, child=child, episode=episodes[child.pk], position=position)
        for position, child in enumerate(children)
    )
    if due_date is not None:
        TimeframeRevision.objects.create(
            assessment=assessment, kind=TimeframeRevision.Kind.PROPOSED, due_date=due_date, reason=reason, by=user
        )
    _step(assessment, user, AssessmentStep.Kind.STARTED)
    return assessment


# --- Writing -------------------------------------------------------------------------------------


def _clean_written(kind: str, key: str, value: Any, section: dict, errors: dict[str, list[str]]) -> Any:
    name = f"sections.{key}"
    if kind == "narrative":
        if value is not None and not isinstance(value, str):
            errors.setdefault(name, []).append("Enter text")
            return ""
        return _text(value, name, errors)
    if value is not None and not isinstance(value, dict):
        errors.setdefault(name, []).append("Send an object with this section's fields")
        return None
    value = value or {}
    if kind == "yes_no":
        unknown = set(value) - {"answer", "detail"}
        answer = value.get("answer") or ""
        if answer not in ("yes", "no", ""):
            errors.setdefault(name, []).append("Answer yes or no")
        if unknown:
            errors.setdefault(name, []).append(f"Unknown fields: {', '.join(sorted(unknown))}")
        return {"answer": answer, "detail": _text(value.get("detail"), name, errors)}
    if kind == "three_columns":
        columns = [c for c, _ in THREE_COLUMNS]
        if unknown := set(value) - set(columns):
            errors.setdefault(name, []).append(f"Unknown fields: {', '.join(sorted(unknown))}")
        return {c: _text(value.get(c), name, errors) for c in columns}
    if kind == "scale":
        allowed = section.get("viewpoints") or [v for v, _ in SCALE_VIEWPOINTS]
        if unknown := set(value) - {*allowed, "comment"}:
            errors.setdefault(name, []).append(f"Unknown fields: {', '.join(sorted(unknown))}")
        cleaned: dict[str, Any] = {}
        for viewpoint in allowed:
            score = value.get(viewpoint)
            if score is not None and (isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10):
                errors.setdefault(name, []).append(f"The {viewpoint}'s score is a whole number from 0 to 10")
                score = None
            cleaned[viewpoint] = score
        cleaned["comment"] = _text(value.get("comment"), name, errors)
        return cleaned
    return None


def _clean_sections(assessment: Assessment, sections: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    if not isinstance(sections, dict):
        errors.setdefault("sections", []).append("Send the sections as an object keyed by section")
        return {}
    template_sections = {s.get("key"): s for s in assessment.template.sections or []}
    cleaned = {}
    for key, value in sections.items():
        section = template_sections.get(key)
        if section is None:
            errors.setdefault("sections", []).append(f"{key!r} is not a section of this template")
            continue
        if not is_written(section.get("kind")):
            errors.setdefault("sections", []).append(
                f"{section.get('title', key)!r} is filled from the record (or per child): it is not written here"
            )
            continue
        cleaned[key] = _clean_written(section["kind"], key, value, section, errors)
    return cleaned


def factor_errors(factors: Any, child_name: str) -> list[str]:
    """What is wrong with a list of CIN assessment factor codes."""
    if not isinstance(factors, list) or any(not isinstance(code, str) for code in factors):
        return [f"{child_name}: send the factors as a list of codes"]
    problems = []
    if unknown := [code for code in factors if code not in FACTOR_CODES]:
        problems.append(
            f"{child_name}: {', '.join(unknown)} {'is not a' if len(unknown) == 1 else 'are not'} "
            "CIN assessment factor code" + ("" if len(unknown) == 1 else "s")
        )
    if NO_FACTORS in factors and len(set(factors)) > 1:
        problems.append(
            f"{child_name}: \u201cNo factors identified\u201d (21) is used alone: remove it or the other factors"
        )
    return problems


def _clean_outcomes(assessment: Assessment, outcomes: Any, errors: dict[str, list[str]]) -> dict[Any, dict]:
    rows = {str(row.child_id): row for row in assessment_children(assessment)}
    cleaned: dict[Any, dict] = {}
    if not isinstance(outcomes, list):
        errors.setdefault("child_outcomes", []).append("Send a list, one row per child")
        return cleaned
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, dict):
            errors.setdefault("child_outcomes", []).append(f"Row {index + 1}: send an object")
            continue
        row = rows.get(str(outcome.get("child") or ""))
        if row is None:
            errors.setdefault("child_outcomes", []).append(f"Row {index + 1} is not a child of this assessment")
            continue
        if row.pk in cleaned:
            errors.setdefault("child_outcomes", []).append(f"{row.child.full_name} appears twice")
        change: dict[str, Any] = {}
        if "factors" in outcome:
            factors = outcome.get("factors") if outcome.get("factors") is not None else []
            problems = factor_errors(factors, row.child.full_name)
            if problems:
                errors.setdefault("child_outcomes", []).extend(problems)
            change["factors"] = list(dict.fromkeys(factors)) if not problems else []
        if "requires_support" in outcome:
            support = outcome.get("requires_support")
            if support is not None and not isinstance(support, bool):
                errors.setdefault("child_outcomes", []).append(f"{row.child.full_name}: needs support is yes or no")
            change["requires_support"] = support
        cleaned[row.pk] = {"row": row, **change}
    return cleaned


@transaction.atomic
def assessment_update(
    *,
    user: User,
    assessment: Assessment,
    expected_version: int | None,
    sections: dict[str, Any] | None = None,
    analysis: str | None = None,
    internal_review_date: Any = UNSET,
    child_outcomes: list[dict[str, Any]] | None = None,
    delay_reason_category: str | None = None,
    delay_reason: str | None = None,
) -> Assessment:
    """Save what was written (sections merged by key), the analysis, the outcomes per child,
    the internal review date and why it is taking longer; only while a draft or returned."""
    _require_writer(user, assessment)
    _require_editable(assessment)
    errors: dict[str, list[str]] = {}
    written = _clean_sections(assessment, sections, errors) if sections is not None else {}
    if ANALYSIS_KEY in written:  # the template's analysis section is the assessment's own field
        from_section = written.pop(ANALYSIS_KEY)
        analysis = from_section if analysis is None else analysis
    outcomes = _clean_outcomes(assessment, child_outcomes, errors) if child_outcomes is not None else {}
    if analysis is not None:
        analysis = _text(analysis, "analysis", errors)
    if internal_review_date is not UNSET and internal_review_date is not None:
        if not isinstance(internal_review_date, datetime.date):
            errors["internal_review_date"] = ["Enter a date"]
        elif internal_review_date < assessment.start_date:
            errors["internal_review_date"] = ["The internal review date must be on or after the start date"]
    if delay_reason_category is not None and delay_reason_category not in ("", *DelayReason.values):
        errors["delay_reason_category"] = ["Choose one of the reasons listed"]
    if delay_reason is not None:
        delay_reason = _text(delay_reason, "delay_reason", errors, limit=5000)
    if errors:
        raise ValidationError(errors)
    changed = []
    if written:
        assessment.sections = {**(assessment.sections or {}), **written}
        changed.append("sections")
    if analysis is not None:
        assessment.analysis = analysis
        changed.append("analysis")
    if internal_review_date is not UNSET:
        assessment.internal_review_date = internal_review_date
        changed.append("internal_review_date")
    if delay_reason_category is not None:
        assessment.delay_reason_category = delay_reason_category
        changed.append("delay_reason_category")
    if delay_reason is not None:
        assessment.delay_reason = delay_reason
        changed.append("delay_reason")
    _save(assessment, user, expected_version, "Changed: " + ", ".join(changed) if changed else "Saved")
    for change in outcomes.values():
        row = change.pop("row")
        for name, value in change.items():
            setattr(row, name, value)
        if change:
            row._history_user = user
            row.save(update_fields=list(change))
    return assessment


# --- Time frame ----------------------------------------------------------------------------------


@transaction.atomic
def assessment_propose_timeframe(
    *, user: User, assessment: Assessment, expected_version: int | None, due_date: datetime.date | None, reason: str
) -> Assessment:
    """Propose the time frame, or revise it with a reason (a revision clears the agreement until
    a manager agrees it again); every proposal is kept."""
    _require_writer(user, assessment)
    _require_open(assessment)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", errors, limit=5000)
    if due_date is None:
        errors["due_date"] = ["Enter the date the assessment is due"]
    elif due_date < assessment.start_date:
        errors["due_date"] = ["The due date must be on or after the start date"]
    if not reason:
        errors["reason"] = (
            ["Say why the time frame changes"]
            if assessment.due_date
            else ["Say why this time frame is right for the family"]
        )
    if errors:
        raise ValidationError(errors)
    kind = TimeframeRevision.Kind.REVISED if assessment.due_date else TimeframeRevision.Kind.PROPOSED
    assessment.due_date, assessment.timeframe_reason = due_date, reason
    assessment.timeframe_agreed_by, assessment.timeframe_agreed_at = None, None
    _save(assessment, user, expected_version, f"Time frame {kind.label.lower()}: due {due_date:%-d %B %Y}")
    TimeframeRevision.objects.create(assessment=assessment, kind=kind, due_date=due_date, reason=reason, by=user)
    return assessment


@transaction.atomic
def assessment_agree_timeframe(*, user: User, assessment: Assessment, expected_version: int | None) -> Assessment:
    """A manager of the team holding the case, not the author, agrees the proposed time frame."""
    _require_manager_not_author(user, assessment, "agree the time frame")
    _require_open(assessment)
    if assessment.due_date is None:
        raise DomainError("No time frame has been proposed yet", field="due_date")
    if assessment.timeframe_agreed_at is not None:
        raise DomainError("The time frame is already agreed: a revision needs proposing first", field="due_date")
    assessment.timeframe_agreed_by, assessment.timeframe_agreed_at = user, timezone.now()
    _save(assessment, user, expected_version, f"Time frame agreed: due {assessment.due_date:%-d %B %Y}")
    revision = TimeframeRevision.objects.create(
        assessment=assessment,
        kind=TimeframeRevision.Kind.AGREED,
        due_date=assessment.due_date,
        reason=assessment.timeframe_reason or "Agreed",
        by=user,
    )
    events.record_timeframe_agreed(revision)
    return assessment


# --- Workflow ------------------------------------------------------------------------------------


def _has_content(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(_has_content(v) if not isinstance(v, int) or isinstance(v, bool) else True for v in value.values())
    return False


def submission_errors(assessment: Assessment) -> dict[str, list[str]]:
    """What must be written before the assessment can be submitted."""
    errors: dict[str, list[str]] = {}
    if not (assessment.analysis or "").strip():
        errors["analysis"] = ["Write the analysis before submitting"]
    written = assessment.sections or {}
    for section in assessment.template.sections or []:
        key = section.get("key")
        if not section.get("required") or key == ANALYSIS_KEY or not is_written(section.get("kind")):
            continue
        if not _has_content(written.get(key)):
            errors.setdefault(f"sections.{key}", []).append(
                f"Write \u201c{section.get('title', key)}\u201d before submitting"
            )
    for row in assessment_children(assessment):
        name = row.child.full_name
        if row.requires_support is None:
            errors.setdefault("child_outcomes", []).append(f"{name}: say whether the child needs support")
        errors.setdefault("child_outcomes", []).extend(factor_errors(list(row.factors or []), name))
    if "child_outcomes" in errors and not errors["child_outcomes"]:
        del errors["child_outcomes"]
    return errors


@transaction.atomic
def assessment_submit(*, user: User, assessment: Assessment, expected_version: int | None) -> Assessment:
    """Submit for authorisation: the pre-filled sections are frozen as they are now."""
    _require_writer(user, assessment)
    _require_editable(assessment)
    if errors := submission_errors(assessment):
        raise ValidationError(errors)
    now = timezone.now()
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by, assessment.submitted_at = user, now
    assessment.snapshot, assessment.snapshot_at = prefill_snapshot(assessment), now
    _save(assessment, user, expected_version, "Submitted for authorisation")
    _step(assessment, user, AssessmentStep.Kind.SUBMITTED)
    return assessment


@transaction.atomic
def assessment_return(*, user: User, assessment: Assessment, expected_version: int | None, reason: str) -> Assessment:
    """A manager returns a submitted assessment to the worker, saying why; pre-filled sections
    read the live record again."""
    _require_manager_not_author(user, assessment, "return it")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError("Only a submitted assessment can be returned")
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", errors, limit=5000)
    if not reason and "reason" not in errors:
        errors["reason"] = ["Say why the assessment is returned: what needs to change"]
    if errors:
        raise ValidationError(errors)
    assessment.status, assessment.returned_reason = AssessmentStatus.RETURNED, reason
    assessment.snapshot, assessment.snapshot_at = {}, None
    _save(assessment, user, expected_version, "Returned to the worker")
    _step(assessment, user, AssessmentStep.Kind.RETURNED, reason=reason)
    return assessment


@transaction.atomic
def assessment_authorise(
    *,
    user: User,
    assessment: Assessment,
    expected_version: int | None,
    primary_needs: dict[Any, str] | None = None,
) -> Assessment:
    """A manager of the team holding the case, neither its author nor its submitter, authorises
    a submitted assessment; each child's primary need may be confirmed on their episode."""
    from casework.services.cases import episode_set_primary_need

    _require_manager_not_author(user, assessment, "authorise it")
    if user.pk == assessment.submitted_by_id:
        raise PermissionDenied("You submitted this assessment: another manager of the team must authorise it.")
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError(
            READ_ONLY[AssessmentStatus.AUTHORISED]
            if assessment.status == AssessmentStatus.AUTHORISED
            else "Only a submitted assessment can be authorised"
        )
    rows = {str(row.child_id): row for row in assessment_children(assessment)}
    needs: list[tuple[AssessmentChild, str]] = []
    errors: dict[str, list[str]] = {}
    if primary_needs is not None and not isinstance(primary_needs, dict):
        errors["primary_needs"] = ["Send the primary needs as an object: {child id: code}"]
    for child_id, code in (primary_needs or {}).items() if isinstance(primary_needs, dict) else []:
        row = rows.get(str(child_id))
        if row is None:
            errors.setdefault("primary_needs", []).append(f"{child_id} is not a child of this assessment")
        elif code not in PRIMARY_NEEDS:
            errors.setdefault("primary_needs", []).append(f"{row.child.full_name}: choose a primary need, N0 to N9")
        elif row.episode_id is None:
            errors.setdefault("primary_needs", []).append(f"{row.child.full_name} has no episode to record it on")
        else:
            needs.append((row, code))
    if errors:
        raise ValidationError(errors)
    assessment.status = AssessmentStatus.AUTHORISED
    assessment.authorised_by, assessment.authorised_at = user, timezone.now()
    _save(assessment, user, expected_version, "Authorised")
    _step(assessment, user, AssessmentStep.Kind.AUTHORISED)
    for row, code in needs:
        if row.episode.primary_need != code:
            episode_set_primary_need(by=user, episode=row.episode, primary_need=code, expected_version=None)
    return assessment
