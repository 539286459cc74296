"""The assessment's pages: starting one on a case, the assessment itself (every section in its
template's order, the time frame beside the national measure, Section 47, the steps), writing a
section, the time frame, why it is taking longer, submitting, returning and authorising.

Thin: the assessment is found through assessments.selectors (404 outside access), who may act is
asked before a form is read (403), assessments.services holds the rules (their errors go back on
the form), and every page is written to the access log for each child it is about.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.forms import (
    FACTOR_GROUPS,
    FACTOR_LABELS,
    WRITTEN_FORMS,
    AuthoriseForm,
    DelayForm,
    FactorsForm,
    ReturnForm,
    StartForm,
    TimeframeForm,
    VersionForm,
    scale_anchors,
    scale_viewpoints,
)
from assessments.kinds import KIND_LABELS, PREFILLED_KINDS, SCALE_VIEWPOINTS, THREE_COLUMNS, WRITTEN_KINDS
from assessments.models import Assessment, AssessmentChild, AssessmentTemplate
from assessments.selectors_templates import templates_published
from casework import selectors as case_selectors
from casework.core.access_log import log_access
from casework.core.codes import PRIMARY_NEED
from casework.core.drafts import draft_autosave, draft_discard
from casework.core.errors import DomainError
from casework.core.forms import error_summary_params
from casework.core.pages import add_service_errors, govuk_fields
from casework.core.versioning import StaleVersion
from casework.core.working_days import add_working_days
from casework.models import Case, EpisodeStatus
from casework.views.cases import case_url, posted
from families.selectors import sees_narrative, visible_person_ids
from families.views.drawings import allow_styles, inline_svg

NATIONAL_WORKING_DAYS = 45
SECTION_DRAFT_KEY = "assessment-section"
CANNOT_EDIT = "Only a worker with write access to these children can change this assessment while it is open."
CANNOT_AUTHORISE = (
    "Only a manager of the team holding the case, who did not write it, can do this once it is submitted."
)
CANNOT_AGREE = "Only a manager of the team holding the case, who did not write the assessment, agrees its time frame."
NOT_SHOWN = "Not shown to your role"
STALE = "Someone else changed this assessment since you opened it. Check it and try again."
ANALYSIS_KEY = "analysis"


def assessment_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("assessments:assessment_detail", kwargs={"assessment_id": assessment.pk})
    return f"{url}#{anchor}" if anchor else url


def section_url(assessment: Assessment, key: str) -> str:
    return reverse("assessments:assessment_section", kwargs={"assessment_id": assessment.pk, "key": key})


# --- Finding the assessment and who may act ------------------------------------------------------


def _get(request: HttpRequest, assessment_id: UUID) -> Assessment:
    return assessment_selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)


def _subjects(assessment: Assessment) -> list[AssessmentChild]:
    """The assessed children in order, with their person and episode (cached on the assessment)."""
    return assessment_selectors.assessment_children(assessment)


def _editable(request: HttpRequest, assessment_id: UUID) -> Assessment:
    assessment = _get(request, assessment_id)
    if not assessment_selectors.assessment_may_edit(user=request.user, assessment=assessment):
        raise PermissionDenied(CANNOT_EDIT)
    return assessment


def _authorisable(request: HttpRequest, assessment_id: UUID) -> Assessment:
    assessment = _get(request, assessment_id)
    if not assessment_selectors.assessment_may_authorise(user=request.user, assessment=assessment):
        raise PermissionDenied(CANNOT_AUTHORISE)
    return assessment


def may_agree_timeframe(*, user: Any, assessment: Assessment) -> bool:
    """A manager of the case's team, not the author, agrees a proposed time frame of an open assessment."""
    return assessment_selectors.assessment_may_agree_timeframe(user=user, assessment=assessment)


def _caption(assessment: Assessment, subjects: list[AssessmentChild]) -> str:
    names = ", ".join(s.child.full_name for s in subjects)
    return f"{assessment.template.name}: {names}" if names else assessment.template.name


def _service_error(form: forms.Form, error: Exception, aliases: dict[str, str] | None = None) -> None:
    if isinstance(error, ValidationError):
        add_service_errors(form, error, aliases=aliases)
    elif isinstance(error, DomainError):
        target = (aliases or {}).get(error.field or "", error.field)
        form.add_error(target if target in form.fields else None, str(error))


def _page(request: HttpRequest, template: str, context: dict[str, Any], *forms_: Any, status: int | None = None):
    context.setdefault("form_errors", error_summary_params(*forms_))
    if status is None:
        status = 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200
    return render(request, template, context, status=status)


# --- Showing values ---------------------------------------------------------------------------


def _date_words(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    return ""


def _yes_no(value: Any) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _born(row: dict[str, Any]) -> str:
    if row.get("date_of_birth"):
        born = _date_words(row["date_of_birth"])
        return f"{born} (estimated)" if row.get("date_of_birth_estimated") else born
    if row.get("expected_date_of_birth"):
        return f"Due {_date_words(row['expected_date_of_birth'])}"
    return "Not recorded"


def _responsibility(row: dict[str, Any]) -> str:
    if not row.get("parental_responsibility"):
        return "No"
    names = row.get("parental_responsibility_for") or []
    return f"Yes, for {', '.join(names)}" if names else "Yes"


Column = tuple[str, Any]  # heading, and how to read the cell from a row
PREFILLED_COLUMNS: dict[str, list[Column]] = {
    "subject_children": [
        ("ID", lambda r: r.get("la_child_id") or ""),
        ("Name", lambda r: r.get("name") or ""),
        ("Date of birth or due date", _born),
        ("Gender", lambda r: r.get("gender") or ""),
        ("Disability", lambda r: r.get("disability") or ""),
        ("Ethnicity", lambda r: r.get("ethnicity") or ""),
        ("Religion", lambda r: r.get("religion") or ""),
    ],
    "household": [
        ("Name", lambda r: r.get("name") or ""),
        ("Relationship", lambda r: r.get("relationship") or ""),
        ("Lives in the household", lambda r: _yes_no(r.get("in_household"))),
        ("Parental responsibility", _responsibility),
        ("Date of birth or due date", _born),
        ("Gender", lambda r: r.get("gender") or ""),
        ("Ethnicity", lambda r: r.get("ethnicity") or ""),
    ],
    "professionals": [
        ("Name", lambda r: r.get("name") or ""),
        ("Role and agency", lambda r: r.get("role_agency") or ""),
        ("Contact details", lambda r: r.get("contact") or ""),
        ("Working with", lambda r: r.get("working_with") or "The family"),
        ("Contributed to this assessment", lambda r: _yes_no(r.get("contributed"))),
    ],
    "timeline": [
        ("Date", lambda r: r.get("date_text") or _date_words(r.get("date"))),
        ("Who", lambda r: r.get("person") or ""),
        ("What happened", lambda r: r.get("summary") or ""),
        ("Significance", lambda r: (r.get("significance") or "").capitalize()),
    ],
}
ADDRESS_COLUMNS: list[Column] = [
    ("Address", lambda r: r.get("text") or ""),
    ("Since", lambda r: _date_words(r.get("from_date"))),
    ("Confidential", lambda r: _yes_no(r.get("confidential"))),
]


@dataclass
class Table:
    """A pre-filled list of rows: its columns and each row's cells, as text."""

    columns: list[str]
    rows: list[list[str]]


def _table(columns: list[Column], rows: list[dict[str, Any]]) -> Table:
    return Table([heading for heading, _ in columns], [[read(row) for _, read in columns] for row in rows])


def _child_protection_rows(value: dict[str, Any]) -> list[tuple[str, str]]:
    within = value.get("conference_within_15_working_days")
    rows = [
        ("Is a Section 47 enquiry under way?", _yes_no(bool(value.get("under_way")))),
        ("Enquiry started", _date_words(value.get("start_date")) or "Not recorded"),
    ]
    if value.get("icpc_target_date"):
        rows.append(("Initial conference due by", _date_words(value.get("icpc_target_date"))))
    rows.append(
        (
            "Conference held within 15 working days?",
            "Not held yet" if within is None else _yes_no(within),
        )
    )
    if value.get("outcome"):
        rows.append(("Outcome", str(value["outcome"]).replace("_", " ").capitalize()))
    if value.get("completed_date"):
        rows.append(("Enquiry completed", _date_words(value.get("completed_date"))))
    return rows


def _svgs_of(value: Any) -> list[str]:
    """The drawings in a genogram or eco-map value (an eco-map may hold one per child)."""
    if not isinstance(value, str):
        return []
    parts = [part.strip() + "</svg>" for part in value.split("</svg>") if part.strip()]
    return [part for part in parts if "<svg" in part]


def written_text(kind: str, value: Any, section: dict[str, Any] | None = None) -> str:
    """A written section's value as plain text (the "someone else changed this" comparison)."""
    if kind == "narrative":
        return value if isinstance(value, str) else ""
    value = value if isinstance(value, dict) else {}
    if kind == "yes_no":
        answer = {"yes": "Yes", "no": "No"}.get(value.get("answer") or "", "Not answered")
        return f"{answer}\n{value.get('detail') or ''}".strip()
    if kind == "three_columns":
        return "\n\n".join(f"{label}\n{value.get(name) or ''}".strip() for name, label in THREE_COLUMNS)
    if kind == "scale":
        lines = [
            f"{label}: {'not scored' if value.get(name) is None else value.get(name)}"
            for name, label in scale_viewpoints(section or {})
        ]
        return "\n".join([*lines, value.get("comment") or ""]).strip()
    return str(value or "")


def _is_empty(kind: str, value: Any) -> bool:
    if kind == "narrative":
        return not (isinstance(value, str) and value.strip())
    value = value if isinstance(value, dict) else {}
    if kind == "yes_no":
        return not value.get("answer")
    if kind == "three_columns":
        return not any((value.get(name) or "").strip() for name, _ in THREE_COLUMNS)
    if kind == "scale":
        return all(value.get(name) is None for name, _ in SCALE_VIEWPOINTS)
    return False


@dataclass
class SectionDisplay:
    """One section as the page shows it, worked out from the selector's SectionView."""

    key: str
    title: str
    help: str
    kind: str
    prefilled: bool
    value: Any
    hidden: bool = False  # narrative the user's role does not read
    edit_url: str = ""
    empty: bool = False
    table: Table | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)
    svgs: list[Any] = field(default_factory=list)
    raw_svgs: list[str] = field(default_factory=list)
    text: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
    scores: list[tuple[str, str]] = field(default_factory=list)
    anchors: str = ""
    outcomes: list[dict[str, Any]] = field(default_factory=list)


def _display(view: Any, *, assessment: Assessment, subjects: list[AssessmentChild], narrative: bool, editable: bool):
    kind, value = view.kind, view.value
    if view.key == ANALYSIS_KEY and kind == "narrative":
        value = assessment.analysis
    shown = SectionDisplay(
        key=view.key,
        title=view.title,
        help=view.help or "",
        kind=kind,
        prefilled=bool(view.prefilled),
        value=value,
    )
    if kind in WRITTEN_KINDS or kind == "factors":
        shown.edit_url = section_url(assessment, view.key) if editable else ""
    if kind in WRITTEN_KINDS:
        shown.empty = _is_empty(kind, value)
        data = value if isinstance(value, dict) else {}
        if kind == "narrative":
            shown.hidden = not narrative
            shown.text = value if isinstance(value, str) else ""
        elif kind == "yes_no":
            shown.text = {"yes": "Yes", "no": "No"}.get(data.get("answer") or "", "")
            shown.rows = [("Detail", data.get("detail") or "")] if narrative else [("Detail", NOT_SHOWN)]
        elif kind == "three_columns":
            shown.hidden = not narrative
            shown.columns = [(label, data.get(name) or "") for name, label in THREE_COLUMNS]
        elif kind == "scale":
            section = view.section or {}
            shown.anchors = scale_anchors(section)
            shown.scores = [
                (label, "Not scored" if data.get(name) is None else f"{data.get(name)} out of 10")
                for name, label in scale_viewpoints(section)
            ]
            shown.text = (data.get("comment") or "") if narrative else NOT_SHOWN
    elif kind == "factors":
        shown.outcomes = [
            {
                "child": s.child,
                "factors": [f"{FACTOR_LABELS.get(code, code)} ({code})" for code in (s.factors or [])],
                "requires_support": s.requires_support,
            }
            for s in subjects
        ]
        shown.empty = any(s.requires_support is None for s in subjects)
    elif kind in ("genogram", "ecomap"):
        shown.raw_svgs = _svgs_of(value)
        shown.svgs = [inline_svg(svg) for svg in shown.raw_svgs]
    elif kind == "address":
        data = value if isinstance(value, dict) else {}
        shown.table = _table(ADDRESS_COLUMNS, [a for a in data.get("addresses") or [] if isinstance(a, dict)])
        shown.rows = [("Telephone", data.get("telephone") or "Not recorded")]
    elif kind == "child_protection":
        shown.rows = _child_protection_rows(value) if isinstance(value, dict) else []
        shown.text = "" if isinstance(value, dict) else "No Section 47 enquiry is recorded for these children."
    elif kind in PREFILLED_COLUMNS:
        rows = [row for row in value or [] if isinstance(row, dict)] if isinstance(value, list) else []
        columns = PREFILLED_COLUMNS[kind]
        if kind == "timeline" and not narrative:
            columns = [(h, (lambda r: NOT_SHOWN) if h == "What happened" else read) for h, read in columns]
        shown.table = _table(columns, rows)
    return shown


def _views(request: HttpRequest, assessment: Assessment) -> list[Any]:
    """The template's sections in order, plus what every assessment records even if its template
    does not ask (the analysis, and each child's census outcome), at the end."""
    views = list(assessment_selectors.assessment_sections(assessment=assessment, user=request.user))
    keys = {v.key for v in views}
    extra = []
    if ANALYSIS_KEY not in keys:
        extra.append(("analysis", "Analysis", "What the information means for the children, and why.", "narrative"))
    if not any(v.kind == "factors" for v in views) and "factors" not in keys:
        extra.append(("factors", "Factors identified for each child", "For the CIN census.", "factors"))
    for key, title, help_text, kind in extra:
        section = {"key": key, "title": title, "help": help_text, "kind": kind}
        views.append(
            assessment_selectors.SectionView(
                key=key, title=title, help=help_text, kind=kind, value=None, prefilled=False, section=section
            )
        )
    return views


def _sections(request: HttpRequest, assessment: Assessment, subjects: list[AssessmentChild], editable: bool):
    narrative = sees_narrative(request.user)
    return [
        _display(v, assessment=assessment, subjects=subjects, narrative=narrative, editable=editable)
        for v in _views(request, assessment)
    ]


def missing_answers(sections: list[SectionDisplay]) -> list[SectionDisplay]:
    """Written sections left empty: shown before submitting (the analysis and each child's
    outcome must be done; the service says so; other sections may be left if they do not apply)."""
    return [s for s in sections if (s.kind in WRITTEN_KINDS or s.kind == "factors") and s.empty]


def must_finish(assessment: Assessment, sections: list[SectionDisplay]) -> list[dict[str, str]]:
    """What the service will refuse to submit without, each linking to the section to finish."""
    errors = assessment_services.submission_errors(assessment)
    links = {"analysis": ANALYSIS_KEY, "child_outcomes": next((s.key for s in sections if s.kind == "factors"), "")}
    found = []
    for name, messages_ in errors.items():
        key = name.removeprefix("sections.") if name.startswith("sections.") else links.get(name, "")
        href = section_url(assessment, key) if key else assessment_url(assessment)
        found.extend({"text": message, "href": href} for message in messages_)
    return found


# --- The national measure, the time frame ---------------------------------------------------------


def _measure_words(measure: Any, due_date: datetime.date | None) -> dict[str, Any]:
    """The national 45-working-day measure, in neutral words, beside the agreed date."""
    if measure is None or getattr(measure, "referral_date", None) is None:
        return {}
    days = measure.working_days_since_referral
    words = {
        "referral_date": measure.referral_date,
        "national_due_date": measure.national_due_date,
        "day_text": f"Working day {days} of the national {NATIONAL_WORKING_DAYS}" if days is not None else "",
    }
    if due_date and measure.national_due_date:
        if due_date > measure.national_due_date:
            words["compare"] = "The agreed time frame is longer than the national measure."
        elif due_date < measure.national_due_date:
            words["compare"] = "The agreed time frame is shorter than the national measure."
        else:
            words["compare"] = "The agreed time frame ends on the national measure's date."
    return words


# --- The assessment --------------------------------------------------------------------------------


@require_GET
def assessment_detail(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """The assessment: what it is, its time frame and steps, then every section in template order."""
    assessment = _get(request, assessment_id)
    subjects = _subjects(assessment)
    log_access(request, what="Assessment", people=[s.child for s in subjects])
    return _detail_page(request, assessment, subjects)


def _detail_page(
    request: HttpRequest,
    assessment: Assessment,
    subjects: list[AssessmentChild],
    delay_form: DelayForm | None = None,
) -> HttpResponse:
    user = request.user
    may_edit = assessment_selectors.assessment_may_edit(user=user, assessment=assessment)
    may_authorise = assessment_selectors.assessment_may_authorise(user=user, assessment=assessment)
    sections = _sections(request, assessment, subjects, may_edit)
    overdue = assessment_selectors.assessment_is_overdue(assessment)
    if overdue and may_edit and delay_form is None:
        delay_form = DelayForm(
            initial={
                "delay_reason_category": assessment.delay_reason_category,
                "delay_reason": assessment.delay_reason,
                "version": assessment.version,
            }
        )
    measure = assessment_selectors.assessment_national_measure(assessment)
    context = {
        "title": _caption(assessment, subjects),
        "assessment": assessment,
        "case": assessment.case,
        "subjects": subjects,
        "sections": sections,
        "kind_labels": KIND_LABELS,
        "prefilled_kinds": PREFILLED_KINDS,
        "narrative": sees_narrative(user),
        "may_edit": may_edit,
        "may_authorise": may_authorise,
        "may_agree": may_agree_timeframe(user=user, assessment=assessment),
        "author_is_viewer": assessment.created_by_id == user.pk,
        "measure": _measure_words(measure, assessment.due_date),
        "s47": assessment_selectors.assessment_s47(assessment),
        "overdue": overdue,
        "delay_form": delay_form,
        "delay_fields": govuk_fields(delay_form) if delay_form is not None and may_edit else None,
        "timeframe_history": list(assessment.timeframe_history.select_related("by")),
        "steps": list(assessment.steps.select_related("by")),
        "missing": missing_answers(sections) if may_edit else [],
        "primary_needs": dict(PRIMARY_NEED),
    }
    response = _page(request, "assessments/assessment_detail.html", context, delay_form)
    svgs = [svg for s in sections for svg in s.raw_svgs]
    return allow_styles(response, *svgs) if svgs else response


# --- Starting an assessment ----------------------------------------------------------------------


def _published_templates() -> list[AssessmentTemplate]:
    """The latest published version of each framework, by name."""
    return sorted(templates_published(), key=lambda t: t.name)


def _start_children(request: HttpRequest, case: Case) -> list[tuple[Any, Any]]:
    """(child, episode) for the case's open episodes whose child this user may open."""
    episodes = list(case.episodes.select_related("child").exclude(status=EpisodeStatus.CLOSED))
    visible = visible_person_ids(user=request.user, person_ids=[e.child_id for e in episodes])
    return [(e.child, e) for e in episodes if e.child_id in visible]


@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Start an assessment on the case: the framework, the children, the time frame proposed."""
    case = case_selectors.case_get_for_user(user=request.user, case_id=case_id)
    rows = _start_children(request, case)
    if not rows or not any(case_selectors.can_record(request.user, person=child) for child, _ in rows):
        raise PermissionDenied(CANNOT_EDIT)
    templates = _published_templates()
    template_choices = [(t.key, t.name) for t in templates]
    child_choices = [(str(child.pk), child.full_name) for child, _ in rows]
    today = timezone.localdate()
    initial = {
        "start_date": today,
        "children": [value for value, _ in child_choices] if len(child_choices) == 1 else [],
        "template": template_choices[0][0] if len(template_choices) == 1 else "",
    }
    form = StartForm(posted(request), templates=template_choices, children=child_choices, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = [child for child, _ in rows if str(child.pk) in set(data["children"])]
        try:
            assessment = assessment_services.assessment_start(
                user=request.user,
                case=case,
                children=chosen,
                template_key=data["template"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                timeframe_reason=data["timeframe_reason"],
            )
        except (ValidationError, DomainError) as error:
            _service_error(form, error, aliases={"template_key": "template", "reason": "timeframe_reason"})
        else:
            messages.success(request, "The assessment has started. Your team manager agrees its time frame.")
            return redirect(assessment_url(assessment))
    log_access(request, what="Start an assessment", people=[child for child, _ in rows])
    referrals = [episode.referral_date for _, episode in rows if episode.referral_date]
    referral = min(referrals) if referrals else None
    context = {
        "title": "Start an assessment",
        "submit": "Start the assessment",
        "caption": case.family.name,
        "case": case,
        "form": form,
        "fields": govuk_fields(form),
        "back_url": case_url(case, "assessments"),
        "no_templates": not templates,
        "referral_date": referral,
        "national_due_date": add_working_days(referral, NATIONAL_WORKING_DAYS) if referral else None,
    }
    return _page(request, "assessments/assessment_start.html", context, form)


# --- Writing a section ------------------------------------------------------------------------------


def _section_view(request: HttpRequest, assessment: Assessment, key: str) -> Any:
    view = next((v for v in _views(request, assessment) if v.key == key), None)
    if view is None or (view.kind not in WRITTEN_KINDS and view.kind != "factors"):
        raise Http404("This assessment has no section to write with that name.")
    return view


def _stored(assessment: Assessment, view: Any) -> Any:
    if view.key == ANALYSIS_KEY and view.kind == "narrative":
        return assessment.analysis
    return (assessment.sections or {}).get(view.key)


@require_http_methods(["GET", "POST"])
def assessment_section(request: HttpRequest, assessment_id: UUID, key: str) -> HttpResponse:
    """Write one section, in the way its kind asks (narratives autosave as they are typed)."""
    assessment = _editable(request, assessment_id)
    view = _section_view(request, assessment, key)
    subjects = _subjects(assessment)
    if view.kind == "factors":
        return _factors_page(request, assessment, view, subjects)
    form_class = WRITTEN_FORMS[view.kind]
    initial = form_class.initial_for(_stored(assessment, view)) | {"version": assessment.version}
    form = form_class(posted(request), section=view.section or {}, initial=initial)
    record_key = f"{assessment.pk}.{key}"
    autosave = draft_autosave(
        request, form, form_key=SECTION_DRAFT_KEY, record_key=record_key, version=assessment.version
    )
    stale: dict[str, str] | None = None
    if form.is_bound and form.is_valid():
        value = form.value()
        update = {"analysis": value} if key == ANALYSIS_KEY and view.kind == "narrative" else {"sections": {key: value}}
        try:
            assessment_services.assessment_update(
                user=request.user, assessment=assessment, expected_version=form.cleaned_data.get("version"), **update
            )
        except StaleVersion as error:
            current = error.current
            stale = {
                "saved": written_text(view.kind, _stored(current, view), view.section),
                "typed": written_text(view.kind, value, view.section),
            }
            # What you wrote stays in the form, now starting from the version saved: saving again keeps yours.
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = form_class(data, section=view.section or {}, initial=initial)
            form.is_valid()
        except (ValidationError, DomainError) as error:
            _service_error(form, error, aliases={f"sections.{key}": _first_field(form), "sections": _first_field(form)})
        else:
            draft_discard(user=request.user, form_key=SECTION_DRAFT_KEY, record_key=record_key)
            messages.success(request, f"{view.title} is saved")
            return redirect(assessment_url(assessment, f"section-{key}"))
    log_access(request, what="Write an assessment section", people=[s.child for s in subjects])
    context = {
        "title": view.title,
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "view": view,
        "form": form,
        "fields": govuk_fields(form),
        "autosave": autosave,
        "stale": stale,
        "back_url": assessment_url(assessment, f"section-{key}"),
    }
    status = 409 if stale else None
    return _page(request, "assessments/section_form.html", context, form, status=status)


def _first_field(form: forms.Form) -> str:
    return next((name for name in form.fields if name != "version"), "")


def _factors_text(outcomes: list[dict[str, Any]], subjects: list[AssessmentChild]) -> str:
    names = {str(s.child_id): s.child.full_name for s in subjects}
    lines = []
    for row in outcomes:
        support = {True: "needs support", False: "does not need support", None: "not answered"}[row["requires_support"]]
        codes = ", ".join(row["factors"]) or "no factors"
        lines.append(f"{names.get(str(row['child']), '')}: {codes}; {support}")
    return "\n".join(lines)


def _factors_page(request: HttpRequest, assessment: Assessment, view: Any, subjects: list[AssessmentChild]):
    initial = FactorsForm.initial_for(subjects) | {"version": assessment.version}
    form = FactorsForm(posted(request), subjects=subjects, initial=initial)
    stale: dict[str, str] | None = None
    if form.is_bound and form.is_valid():
        outcomes = form.child_outcomes()
        try:
            assessment_services.assessment_update(
                user=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data.get("version"),
                child_outcomes=outcomes,
            )
        except StaleVersion as error:
            saved = [
                {"child": str(s.child_id), "factors": s.factors or [], "requires_support": s.requires_support}
                for s in AssessmentChild.objects.filter(assessment=assessment).order_by("position", "id")
            ]
            stale = {"saved": _factors_text(saved, subjects), "typed": _factors_text(outcomes, subjects)}
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            form = FactorsForm(data, subjects=subjects, initial=initial)
            form.is_valid()
        except (ValidationError, DomainError) as error:
            _service_error(form, error)
        else:
            messages.success(request, f"{view.title} is saved")
            return redirect(assessment_url(assessment, f"section-{view.key}"))
    log_access(request, what="Write an assessment section", people=[s.child for s in subjects])
    groups = [
        {"child": s.child, "fields": govuk_fields(form, form.names_for(s))}
        for s in subjects  # one fieldset per child
    ]
    context = {
        "title": view.title,
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "view": view,
        "form": form,
        "groups": groups,
        "version_fields": govuk_fields(form, ["version"]),
        "stale": stale,
        "back_url": assessment_url(assessment, f"section-{view.key}"),
        "factor_groups": FACTOR_GROUPS,
    }
    return _page(request, "assessments/factors_form.html", context, form, status=409 if stale else None)


# --- Time frame and delay --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_timeframe(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """Propose the time frame, or revise it with a reason (its history is kept)."""
    assessment = _editable(request, assessment_id)
    subjects = _subjects(assessment)
    revising = assessment.due_date is not None
    initial = {"due_date": assessment.due_date, "version": assessment.version}
    if not revising:
        initial["reason"] = assessment.timeframe_reason
    form = TimeframeForm(posted(request), revising=revising, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_propose_timeframe(
                user=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data.get("version"),
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except (ValidationError, DomainError) as error:
            _service_error(form, error, aliases={"timeframe_reason": "reason"})
        else:
            messages.success(request, "The time frame is proposed. Your team manager agrees it.")
            return redirect(assessment_url(assessment, "timeframe"))
    log_access(request, what="Assessment time frame", people=[s.child for s in subjects])
    measure = assessment_selectors.assessment_national_measure(assessment)
    context = {
        "title": "Change the time frame" if revising else "Propose a time frame",
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment, "timeframe"),
        "submit": "Propose this time frame",
        "measure": _measure_words(measure, assessment.due_date),
        "revising": revising,
    }
    return _page(request, "assessments/timeframe_form.html", context, form)


@require_http_methods(["GET", "POST"])
def assessment_agree_timeframe(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """A manager of the case's team (not the author) agrees the proposed time frame."""
    assessment = _get(request, assessment_id)
    if not may_agree_timeframe(user=request.user, assessment=assessment):
        raise PermissionDenied(CANNOT_AGREE)
    subjects = _subjects(assessment)
    form = VersionForm(posted(request), initial={"version": assessment.version})
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_agree_timeframe(
                user=request.user, assessment=assessment, expected_version=form.cleaned_data.get("version")
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except (ValidationError, DomainError) as error:
            _service_error(form, error)
        else:
            messages.success(request, "The time frame is agreed")
            return redirect(assessment_url(assessment, "timeframe"))
    log_access(request, what="Agree an assessment time frame", people=[s.child for s in subjects])
    measure = assessment_selectors.assessment_national_measure(assessment)
    context = {
        "title": "Agree the time frame",
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment, "timeframe"),
        "submit": "Agree the time frame",
        "measure": _measure_words(measure, assessment.due_date),
        "narrative": sees_narrative(request.user),
    }
    return _page(request, "assessments/agree_timeframe.html", context, form)


@require_http_methods(["GET", "POST"])
def assessment_delay(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """Why is this taking longer? A category that is counted, and words."""
    assessment = _editable(request, assessment_id)
    subjects = _subjects(assessment)
    initial = {
        "delay_reason_category": assessment.delay_reason_category,
        "delay_reason": assessment.delay_reason,
        "version": assessment.version,
    }
    form = DelayForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_update(
                user=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data.get("version"),
                delay_reason_category=form.cleaned_data["delay_reason_category"],
                delay_reason=form.cleaned_data["delay_reason"],
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except (ValidationError, DomainError) as error:
            _service_error(form, error)
        else:
            messages.success(request, "Thank you: the reason is recorded")
            return redirect(assessment_url(assessment, "timeframe"))
    log_access(request, what="Assessment delay reason", people=[s.child for s in subjects])
    context = {
        "title": "Why is this taking longer?",
        "caption": _caption(assessment, subjects),
        "heading_in_fields": False,
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment, "timeframe"),
        "submit": "Save the reason",
        "intro": "The assessment is past its agreed date. Tell us why, so that it can be understood and counted.",
    }
    return _page(request, "components/form_page.html", context, form)


# --- Submitting, returning, authorising -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_submit(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """Check your answers: anything missing is listed; then submit it for authorisation."""
    assessment = _editable(request, assessment_id)
    subjects = _subjects(assessment)
    sections = _sections(request, assessment, subjects, True)
    form = VersionForm(posted(request), initial={"version": assessment.version})
    refused = False
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_submit(
                user=request.user, assessment=assessment, expected_version=form.cleaned_data.get("version")
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError:
            refused = True  # what is missing is listed below, each linking to its section
        except DomainError as error:
            _service_error(form, error)
        else:
            messages.success(request, "The assessment is submitted. A manager of the team authorises it.")
            return redirect(assessment_url(assessment))
    log_access(request, what="Submit an assessment", people=[s.child for s in subjects])
    finish = must_finish(assessment, sections)
    hrefs = {item["href"] for item in finish}
    context = {
        "title": "Check the assessment before you submit it",
        "submit": "Submit for authorisation",
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "sections": sections,
        "must_finish": finish,
        "not_written": [s for s in missing_answers(sections) if s.kind in WRITTEN_KINDS and s.edit_url not in hrefs],
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment),
    }
    if refused:
        context["form_errors"] = {"titleText": "There is a problem", "errorList": finish}
        return _page(request, "assessments/submit.html", context, form, status=400)
    return _page(request, "assessments/submit.html", context, form)


@require_http_methods(["GET", "POST"])
def assessment_return(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """A manager returns a submitted assessment to the worker, saying what needs to change."""
    assessment = _authorisable(request, assessment_id)
    subjects = _subjects(assessment)
    form = ReturnForm(posted(request), initial={"version": assessment.version})
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_return(
                user=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data["reason"],
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except (ValidationError, DomainError) as error:
            _service_error(form, error)
        else:
            messages.success(request, "The assessment is returned to the worker with your reason")
            return redirect(assessment_url(assessment))
    log_access(request, what="Return an assessment", people=[s.child for s in subjects])
    context = {
        "title": "Return the assessment",
        "caption": _caption(assessment, subjects),
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment),
        "submit": "Return it to the worker",
    }
    return _page(request, "components/form_page.html", context, form)


@require_http_methods(["GET", "POST"])
def assessment_authorise(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """A manager of the case's team, never its author, authorises it and confirms each child's primary need."""
    assessment = _authorisable(request, assessment_id)
    subjects = _subjects(assessment)
    initial = AuthoriseForm.initial_for(subjects) | {"version": assessment.version}
    form = AuthoriseForm(posted(request), subjects=subjects, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            assessment_services.assessment_authorise(
                user=request.user,
                assessment=assessment,
                expected_version=form.cleaned_data.get("version"),
                primary_needs=form.primary_needs(),
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except (ValidationError, DomainError) as error:
            _service_error(form, error)
        else:
            messages.success(request, "The assessment is authorised. It can no longer be changed.")
            return redirect(assessment_url(assessment))
    log_access(request, what="Authorise an assessment", people=[s.child for s in subjects])
    context = {
        "title": "Authorise the assessment",
        "caption": _caption(assessment, subjects),
        "assessment": assessment,
        "subjects": subjects,
        "form": form,
        "fields": govuk_fields(form),
        "back_url": assessment_url(assessment),
        "submit": "Authorise the assessment",
    }
    return _page(request, "assessments/authorise.html", context, form)
