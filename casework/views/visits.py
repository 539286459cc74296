"""Seeing the child: a case's visits and case notes, recording them (drafts until finished,
autosaved as typed) and correcting a finished one by appending (never rewriting it).

Thin: the record is found through the case selectors (404 outside access), the role and the
team's write access are checked before a form is read (403), the services in
casework.services.visits hold the seeing-the-child rules, and every page is access-logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import selectors
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.drafts import draft_autosave, draft_discard
from casework.core.forms import error_summary_params
from casework.core.pages import add_service_errors, compare_rows, govuk_fields, stale_version_response
from casework.core.versioning import StaleVersion
from casework.forms_visits import ACTION_FINISH, AmendForm, NoteForm, VisitForm
from casework.models import Case, CaseNote, RecordStatus, Visit, VisitChild
from casework.services import visits as visit_services
from families.models import Person
from families.selectors import person_can_write, sees_narrative, visible_person_ids

PER_PAGE = 20
CANNOT_RECORD = "Your team does not hold this case, or your role cannot record visits and notes."
VISIT_KEY, NOTE_KEY = "visit", "note"
SEEN_TEXT = {"yes": "Seen alone", "no": "Seen, not alone", "not_applicable": "Seen (seen alone: not applicable)"}


# --- Finding records and who may write ----------------------------------------------------------


def _visible_children(request: HttpRequest, case: Case) -> list[Person]:
    """The case's children this user may open (a restricted child stays out of every page)."""
    children = visit_services.case_children(case)
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    return [c for c in children if c.pk in visible]


def _can_write(request: HttpRequest, children: list[Person]) -> bool:
    """PERMISSIONS.md "Record visits, notes": a writing role in a team with write access."""
    user = request.user
    return user.role in WRITING_ROLES and any(person_can_write(user=user, person=c) for c in children)


def _require_write(request: HttpRequest, children: list[Person]) -> None:
    if not _can_write(request, children):
        raise PermissionDenied(CANNOT_RECORD)


def _visit_get(request: HttpRequest, visit_id: UUID) -> Visit:
    visits = Visit.objects.select_related("case__family", "recorded_by", "finished_by")
    cases = selectors.case_list_for_user(user=request.user).values("id")
    return get_object_or_404(visits.filter(case_id__in=cases), pk=visit_id)  # 404: do not reveal it exists


def _note_get(request: HttpRequest, note_id: UUID) -> CaseNote:
    notes = CaseNote.objects.select_related("case__family", "recorded_by", "finished_by")
    cases = selectors.case_list_for_user(user=request.user).values("id")
    return get_object_or_404(notes.filter(case_id__in=cases), pk=note_id)


def records_url(case: Case | Any) -> str:
    return reverse("casework:case_records", kwargs={"case_id": getattr(case, "pk", case)})


def _detail_url(record: Visit | CaseNote) -> str:
    if isinstance(record, Visit):
        return reverse("casework:visit_detail", kwargs={"visit_id": record.pk})
    return reverse("casework:note_detail", kwargs={"note_id": record.pk})


# --- Lines as pages show them ------------------------------------------------------------------


@dataclass
class ChildSeen:
    name: str
    text: str


@dataclass
class RecordLine:
    """One visit or note in a list: what it was, who, when, and each visible child's seeing."""

    record: Visit | CaseNote
    is_visit: bool
    url: str
    seen: list[ChildSeen] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.record.status == RecordStatus.FINISHED

    @property
    def attempt(self) -> bool:
        """A visit that did not go ahead still counts as a recorded attempt (no access, declined)."""
        return self.is_visit and self.record.outcome != "completed"


def seen_text(row: VisitChild) -> str:
    """ "Seen alone", "Seen, not alone", "Not seen (no access)" for one child on a visit."""
    if row.seen:
        return SEEN_TEXT.get(row.seen_alone, "Seen")
    reason = row.get_not_seen_reason_display().lower() if row.not_seen_reason else ""
    return "Not seen" + (f" ({reason})" if reason else "")


def _seen_lines(visit: Visit, visible: set[Any]) -> list[ChildSeen]:
    rows = sorted(visit.visit_children.all(), key=lambda r: (r.child.date_of_birth is None, r.child.date_of_birth))
    return [ChildSeen(r.child.full_name, seen_text(r)) for r in rows if r.child_id in visible]


def record_lines(case: Case, visible: set[Any], *, limit: int | None = None, page: Any = 1) -> tuple[list, Any]:
    """The case's visits and notes, newest first, one page of them (a constant number of queries
    whatever their number: the ordering is read first, then only the page's rows)."""
    keys = [(when, True, pk) for pk, when in Visit.objects.filter(case=case).values_list("pk", "occurred_at")]
    keys += [(when, False, pk) for pk, when in CaseNote.objects.filter(case=case).values_list("pk", "occurred_at")]
    keys.sort(key=lambda k: k[0], reverse=True)
    paginator = Paginator(keys[:limit] if limit else keys, limit or PER_PAGE)
    page_obj = paginator.get_page(page)
    visit_ids = [pk for _, is_visit, pk in page_obj.object_list if is_visit]
    note_ids = [pk for _, is_visit, pk in page_obj.object_list if not is_visit]
    visits = (
        Visit.objects.filter(pk__in=visit_ids).select_related("recorded_by").prefetch_related("visit_children__child")
    )
    found: dict[Any, Visit | CaseNote] = {v.pk: v for v in visits}
    found.update({n.pk: n for n in CaseNote.objects.filter(pk__in=note_ids).select_related("recorded_by")})
    lines = []
    for _, is_visit, pk in page_obj.object_list:
        record = found[pk]
        seen = _seen_lines(record, visible) if is_visit else []  # type: ignore[arg-type]
        lines.append(RecordLine(record, is_visit, _detail_url(record), seen))
    return lines, page_obj


def latest_records(request: HttpRequest, case: Case, children: list[Person]) -> dict[str, Any]:
    """The case page's "Visits and notes": the latest three and whether this user may add more."""
    lines, _ = record_lines(case, {c.pk for c in children}, limit=3)
    return {
        "lines": lines,
        "total": Visit.objects.filter(case=case).count() + CaseNote.objects.filter(case=case).count(),
        "can_write": case.status == "open" and _can_write(request, children),
        "url": records_url(case),
    }


def _pagination(request: HttpRequest, page_obj: Any) -> dict[str, Any] | None:
    if page_obj.paginator.num_pages < 2:
        return None
    base = request.path + "?page="
    params: dict[str, Any] = {
        "items": [
            {"number": n, "href": f"{base}{n}", "current": n == page_obj.number} for n in page_obj.paginator.page_range
        ]
    }
    if page_obj.has_previous():
        params["previous"] = {"href": f"{base}{page_obj.previous_page_number()}"}
    if page_obj.has_next():
        params["next"] = {"href": f"{base}{page_obj.next_page_number()}"}
    return params


@require_GET
def case_records(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The case's visits and case notes, newest first, with who was seen and seen alone."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    children = _visible_children(request, case)
    lines, page_obj = record_lines(case, {c.pk for c in children}, page=request.GET.get("page") or 1)
    log_access(request, what="Visits and notes", people=children)
    context = {
        "title": f"Visits and notes: {case.family.name}",
        "case": case,
        "lines": lines,
        "pagination": _pagination(request, page_obj),
        "can_write": case.status == "open" and _can_write(request, children),
    }
    return render(request, "casework/visits/case_records.html", context)


# --- Recording a visit ---------------------------------------------------------------------------


def _visit_form_page(
    request: HttpRequest, case: Case, children: list[Person], form: VisitForm, autosave: Any, visit: Visit | None
) -> HttpResponse:
    log_access(request, what="Visit form", people=children)
    context = {
        "title": "Record a visit" if visit is None else "Change the draft visit",
        "case": case,
        "visit": visit,
        "form": form,
        "main_fields": govuk_fields(form, ["kind", "outcome", "statutory"]),
        "when_fields": govuk_fields(form, ["occurred_date", "occurred_time"]),
        "text_fields": govuk_fields(form, ["narrative", "childs_words", "interpreter", "significant"]),
        "children_fields": [(child, govuk_fields(form, VisitForm.child_fields(child))) for child in children],
        "form_errors": error_summary_params(form),
        "autosave": autosave,
        "back_url": _detail_url(visit) if visit else records_url(case),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casework/visits/visit_form.html", context, status=status)


def _children_errors(form: VisitForm, error: ValidationError) -> None:
    """The service's per-child messages go on that child's question (it names the child)."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    other = {}
    for name, texts in error.message_dict.items():
        if name != "children":
            other[name] = texts
            continue
        for text in texts:
            child = next((c for c in form.children if c.first_name and c.first_name in text), None)
            form.add_error(f"seen_{child.pk.hex}" if child else None, text)
    if other:
        add_service_errors(form, ValidationError(other), aliases={"occurred_at": "occurred_time"})


def _save_visit(request: HttpRequest, case: Case, form: VisitForm, visit: Visit | None) -> Visit:
    """Save the draft and, for "Finish visit", finish it: both or neither."""
    finishing = request.POST.get("action") == ACTION_FINISH
    children = form.children_data(finishing=finishing)
    with transaction.atomic():
        if visit is None:
            visit = visit_services.visit_create(by=request.user, case=case, data=form.visit_data(), children=children)
        else:
            children += _hidden_children(visit, form.children)
            visit = visit_services.visit_update(
                by=request.user,
                visit=visit,
                data=form.visit_data(),
                expected_version=form.cleaned_data.get("version") or visit.version,
                children=children,
            )
        if finishing:
            visit_services.visit_finish(by=request.user, visit=visit)
    return visit


def _hidden_children(visit: Visit, shown: list[Person]) -> list[dict[str, Any]]:
    """Rows about children this user cannot open are kept as they were, not dropped."""
    ids = {c.pk for c in shown}
    return [
        {"child": r.child, "seen": r.seen, "seen_alone": r.seen_alone, "not_seen_reason": r.not_seen_reason}
        for r in visit.visit_children.select_related("child")
        if r.child_id not in ids
    ]


def _visit_form(request: HttpRequest, case: Case, visit: Visit | None) -> HttpResponse:
    children = _visible_children(request, case)
    _require_write(request, children)
    record_key = str(visit.pk) if visit else f"case-{case.pk}"
    posted = request.POST if request.method == "POST" else None
    form = VisitForm(posted, children=children, initial=VisitForm.initial_for(visit))
    autosave = draft_autosave(
        request, form, form_key=VISIT_KEY, record_key=record_key, version=visit.version if visit else None
    )
    if form.is_bound and form.is_valid():
        try:
            saved = _save_visit(request, case, form, visit)
        except StaleVersion as stale:
            typed = {k: form.cleaned_data.get(k) for k in ("narrative", "childs_words")}
            return stale_version_response(
                request,
                record=str(visit),
                rows=compare_rows(form, stale.current, typed),
                restart_url=reverse("casework:visit_edit", kwargs={"visit_id": visit.pk}),  # type: ignore[union-attr]
                cancel_url=_detail_url(visit),  # type: ignore[arg-type]
                current=stale.current,
            )
        except ValidationError as error:
            _children_errors(form, error)
        else:
            draft_discard(user=request.user, form_key=VISIT_KEY, record_key=record_key)
            finished = saved.status == RecordStatus.FINISHED
            messages.success(request, "The visit is finished" if finished else "The visit is saved as a draft")
            return redirect(_detail_url(saved))
    return _visit_form_page(request, case, children, form, autosave, visit)


@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record a visit: a draft with a few fields, finished when everything is there."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    return _visit_form(request, case, None)


def _finished_redirect(request: HttpRequest, record: Visit | CaseNote, what: str) -> HttpResponse:
    messages.info(request, f"This {what} is finished and is never rewritten. Add a correction instead.")
    return redirect(_detail_url(record) + "#correction")


@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    """Change a draft visit; a finished one is corrected by appending instead."""
    visit = _visit_get(request, visit_id)
    _require_write(request, _visible_children(request, visit.case))
    if visit.status == RecordStatus.FINISHED:
        return _finished_redirect(request, visit, "visit")
    return _visit_form(request, visit.case, visit)


@require_GET
def visit_detail(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    """Everything about a visit, its corrections (who and when), and a form to add one."""
    visit = _visit_get(request, visit_id)
    children = _visible_children(request, visit.case)
    rows = visit.visit_children.select_related("child")
    seen = _seen_lines_from(rows, {c.pk for c in children})
    log_access(request, what="Visit", people=[r.child for r in rows if r.child_id in {c.pk for c in children}])
    return _detail_page(request, visit, children, {"seen": seen}, AmendForm())


def _seen_lines_from(rows: Any, visible: set[Any]) -> list[ChildSeen]:
    return [ChildSeen(r.child.full_name, seen_text(r)) for r in rows if r.child_id in visible]


def _detail_page(
    request: HttpRequest,
    record: Visit | CaseNote,
    children: list[Person],
    extra: dict[str, Any],
    amend_form: AmendForm,
    status: int = 200,
) -> HttpResponse:
    is_visit = isinstance(record, Visit)
    can_write = _can_write(request, children)
    context = {
        "title": f"{record.get_kind_display()}, {record.occurred_at:%d %B %Y}",
        "record": record,
        "case": record.case,
        "is_visit": is_visit,
        "narrative": sees_narrative(request.user),
        "corrections": list(visit_services.amendments_for(record)),
        "can_write": can_write,
        "amend_form": amend_form,
        "amend_fields": govuk_fields(amend_form),
        "form_errors": error_summary_params(amend_form),
        "edit_url": reverse(f"casework:{'visit' if is_visit else 'note'}_edit", args=[record.pk]),
        "finish_url": reverse(f"casework:{'visit' if is_visit else 'note'}_finish", args=[record.pk]),
        "amend_url": reverse(f"casework:{'visit' if is_visit else 'note'}_amend", args=[record.pk]),
        "records_url": records_url(record.case_id),
        **extra,
    }
    return render(request, "casework/visits/record_detail.html", context, status=status)


@require_POST
def visit_finish(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    """Finish a draft visit as it was saved (the form's "Finish visit" also saves what was typed)."""
    visit = _visit_get(request, visit_id)
    _require_write(request, _visible_children(request, visit.case))
    if visit.status == RecordStatus.FINISHED:
        return _finished_redirect(request, visit, "visit")
    try:
        visit_services.visit_finish(by=request.user, visit=visit)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("casework:visit_edit", visit_id=visit.pk)
    messages.success(request, "The visit is finished")
    return redirect(_detail_url(visit))


def _amend(request: HttpRequest, record: Visit | CaseNote, what: str) -> HttpResponse:
    children = _visible_children(request, record.case)
    _require_write(request, children)
    form = AmendForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            visit_services.amend(by=request.user, record=record, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your correction is added. The original is kept as it was.")
            return redirect(_detail_url(record) + "#corrections")
    log_access(request, what=f"Correct a {what}", people=children)
    extra: dict[str, Any] = {}
    if isinstance(record, Visit):
        extra["seen"] = _seen_lines_from(record.visit_children.select_related("child"), {c.pk for c in children})
    status = 400 if form.is_bound and form.errors else 200
    return _detail_page(request, record, children, extra, form, status=status)


@require_http_methods(["GET", "POST"])
def visit_amend(request: HttpRequest, visit_id: UUID) -> HttpResponse:
    """Add a correction to a finished visit (appended with who and when; the original stays)."""
    return _amend(request, _visit_get(request, visit_id), "visit")


# --- Case notes ------------------------------------------------------------------------------


def _note_form(request: HttpRequest, case: Case, note: CaseNote | None) -> HttpResponse:
    children = _visible_children(request, case)
    _require_write(request, children)
    record_key = str(note.pk) if note else f"case-{case.pk}"
    form = NoteForm(request.POST if request.method == "POST" else None, initial=NoteForm.initial_for(note))
    autosave = draft_autosave(
        request, form, form_key=NOTE_KEY, record_key=record_key, version=note.version if note else None
    )
    if form.is_bound and form.is_valid():
        try:
            saved = _save_note(request, case, form, note)
        except StaleVersion as stale:
            return stale_version_response(
                request,
                record=str(note),
                rows=compare_rows(form, stale.current, {"narrative": form.cleaned_data.get("narrative")}),
                restart_url=reverse("casework:note_edit", kwargs={"note_id": note.pk}),  # type: ignore[union-attr]
                cancel_url=_detail_url(note),  # type: ignore[arg-type]
                current=stale.current,
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"occurred_at": "occurred_time"})
        else:
            draft_discard(user=request.user, form_key=NOTE_KEY, record_key=record_key)
            finished = saved.status == RecordStatus.FINISHED
            messages.success(request, "The note is finished" if finished else "The note is saved as a draft")
            return redirect(_detail_url(saved))
    log_access(request, what="Case note form", people=children)
    context = {
        "title": "Add a case note" if note is None else "Change the draft note",
        "case": case,
        "note": note,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "autosave": autosave,
        "back_url": _detail_url(note) if note else records_url(case),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casework/visits/note_form.html", context, status=status)


def _save_note(request: HttpRequest, case: Case, form: NoteForm, note: CaseNote | None) -> CaseNote:
    with transaction.atomic():
        if note is None:
            note = visit_services.note_create(by=request.user, case=case, data=form.note_data())
        else:
            expected = form.cleaned_data.get("version") or note.version
            note = visit_services.note_update(
                by=request.user, note=note, data=form.note_data(), expected_version=expected
            )
        if request.POST.get("action") == ACTION_FINISH:
            visit_services.note_finish(by=request.user, note=note)
    return note


@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Add a case note (everything that is not a visit): a draft until finished."""
    return _note_form(request, selectors.case_get_for_user(user=request.user, case_id=case_id), None)


@require_GET
def note_detail(request: HttpRequest, note_id: UUID) -> HttpResponse:
    note = _note_get(request, note_id)
    children = _visible_children(request, note.case)
    log_access(request, what="Case note", people=children)
    return _detail_page(request, note, children, {}, AmendForm())


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, note_id: UUID) -> HttpResponse:
    note = _note_get(request, note_id)
    _require_write(request, _visible_children(request, note.case))
    if note.status == RecordStatus.FINISHED:
        return _finished_redirect(request, note, "note")
    return _note_form(request, note.case, note)


@require_POST
def note_finish(request: HttpRequest, note_id: UUID) -> HttpResponse:
    note = _note_get(request, note_id)
    _require_write(request, _visible_children(request, note.case))
    if note.status == RecordStatus.FINISHED:
        return _finished_redirect(request, note, "note")
    try:
        visit_services.note_finish(by=request.user, note=note)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("casework:note_edit", note_id=note.pk)
    messages.success(request, "The note is finished")
    return redirect(_detail_url(note))


@require_http_methods(["GET", "POST"])
def note_amend(request: HttpRequest, note_id: UUID) -> HttpResponse:
    """Add a correction to a finished note (appended with who and when; the original stays)."""
    return _amend(request, _note_get(request, note_id), "note")
