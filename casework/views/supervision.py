"""Supervision pages: a manager's workers, a worker's supervision history, the agenda (what changed
on the worker's cases since their last supervision), recording a session, reading a record and
acknowledging it.

Thin: workers and records are found through casework.selectors_supervision (404 outside the
user's teams, 403 for those who may know of a record but not read it), the services hold the
rules, and every page that shows a child's case is access-logged (never with private notes)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework.core.access import team_ids_for
from casework.core.access_log import log_access
from casework.core.drafts import draft_autosave, draft_discard
from casework.core.forms import error_summary_params
from casework.core.models import Role, User
from casework.core.pages import add_service_errors, govuk_fields
from casework.forms_supervision import ACTIONS_PER_CASE, AcknowledgeForm, SupervisionForm
from casework.models import Supervision
from casework.selectors_supervision import (
    agenda_cases,
    oversight_for_child,
    supervisees_for,
    supervision_agenda,
    supervision_can_see_worker,
    supervision_get_for_user,
    supervision_shows_private_notes,
    supervision_team_for,
    supervision_worker_get,
    supervisions_of_worker,
    supervisions_to_acknowledge,
)
from casework.services import supervision as services
from families.selectors import sees_narrative, visible_person_ids

CANNOT_SEE = "Only the worker and a manager of their team see their supervision."
DRAFT_KEY = "supervision"
CANNOT_RECORD = "Only a team manager of the worker's team records their supervision."


def worker_url(worker: User | Any) -> str:
    return reverse("casework:supervision_worker", kwargs={"worker_id": getattr(worker, "pk", worker)})


def detail_url(supervision: Supervision) -> str:
    return reverse("casework:supervision_detail", kwargs={"supervision_id": supervision.pk})


def _worker_for(request: HttpRequest, worker_id: UUID, *, auditor: bool = False) -> User:
    """The worker (404 outside the user's teams), then 403 unless the user may see their supervision."""
    worker = supervision_worker_get(user=request.user, worker_id=worker_id)
    allowed = supervision_can_see_worker(user=request.user, worker=worker)
    if not (allowed or (auditor and request.user.role == Role.AUDITOR)):
        raise PermissionDenied(CANNOT_SEE)
    return worker


@require_GET
def supervision_home(request: HttpRequest) -> HttpResponse:
    """A manager's workers, with when each was last supervised; a worker's own history."""
    if request.user.role != Role.TEAM_MANAGER:
        return redirect(worker_url(request.user))
    workers = supervisees_for(user=request.user).annotate(last_supervised=Max("supervisions__date"))
    context = {"title": "Supervision", "workers": list(workers)}
    return render(request, "casework/supervision/home.html", context)


@require_GET
def supervision_worker(request: HttpRequest, worker_id: UUID) -> HttpResponse:
    """A worker's supervision history (auditors read it too, without private notes)."""
    worker = _worker_for(request, worker_id, auditor=True)
    own = worker.pk == request.user.pk
    context = {
        "title": "Your supervision" if own else f"Supervision: {worker.display_name}",
        "worker": worker,
        "own": own,
        "records": list(supervisions_of_worker(user=request.user, worker=worker)),
        "can_record": supervision_team_for(by=request.user, supervisee=worker) is not None,
    }
    return render(request, "casework/supervision/worker.html", context)


@require_GET
def supervision_agenda_page(request: HttpRequest, worker_id: UUID) -> HttpResponse:
    """What changed on the worker's open cases since their last supervision."""
    worker = _worker_for(request, worker_id)
    team = supervision_team_for(by=request.user, supervisee=worker)
    team_ids = None if worker.pk == request.user.pk else team_ids_for(request.user)
    agenda = supervision_agenda(worker=worker, team_ids=team_ids)
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in agenda.people])
    log_access(request, what="Supervision agenda", people=[c for c in agenda.people if c.pk in visible])
    context = {
        "title": "Your supervision agenda" if team is None else f"Supervision agenda: {worker.display_name}",
        "worker": worker,
        "agenda": agenda,
        "visible": visible,
        "can_record": team is not None,
    }
    return render(request, "casework/supervision/agenda.html", context)


def _form_page(request: HttpRequest, worker: User, form: SupervisionForm, autosave: Any) -> HttpResponse:
    cases = [
        (
            case,
            govuk_fields(form, form.case_field_names(case)),
            [govuk_fields(form, form.action_field_names(case, slot)) for slot in range(ACTIONS_PER_CASE)],
        )
        for case in form.cases
    ]
    context = {
        "title": f"Record supervision: {worker.display_name}",
        "worker": worker,
        "form": form,
        "fields": govuk_fields(form, ["date", "private_notes"]),
        "cases": cases,
        "form_errors": error_summary_params(form),
        "autosave": autosave,
        "back_url": reverse("casework:supervision_agenda", kwargs={"worker_id": worker.pk}),
    }
    return render(request, "casework/supervision/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def supervision_new(request: HttpRequest, worker_id: UUID) -> HttpResponse:
    """Record a supervision session: the agenda's cases (or those chosen with ?case=) pre-filled."""
    worker = supervision_worker_get(user=request.user, worker_id=worker_id)
    team = supervision_team_for(by=request.user, supervisee=worker)
    if team is None:
        raise PermissionDenied(CANNOT_RECORD)
    cases = list(agenda_cases(worker=worker, team_ids=[team.pk]))
    chosen = set(request.GET.getlist("case"))
    if chosen:
        cases = [c for c in cases if str(c.pk) in chosen]
    owners = list(team.members.filter(is_active=True).order_by("last_name", "first_name"))
    posted = request.POST if request.method == "POST" else None
    form = SupervisionForm(posted, cases=cases, owners=owners, initial={"date": timezone.localdate()})
    for case in cases:
        form.initial[f"c{case.pk.hex}_a0_owner"] = str(worker.pk)
    # Typed text is autosaved for the manager alone (never in a history table: casework.core.drafts).
    record_key = f"worker-{worker.pk}"
    autosave = draft_autosave(request, form, form_key=DRAFT_KEY, record_key=record_key)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.supervision_record(
                by=request.user,
                supervisee=worker,
                date=data["date"],
                private_notes=data["private_notes"],
                discussions=form.discussions(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            draft_discard(user=request.user, form_key=DRAFT_KEY, record_key=record_key)
            messages.success(request, f"The supervision is recorded. {worker.display_name} is asked to acknowledge it.")
            return redirect(detail_url(record))
    children = [e.child for c in cases for e in c.open_episodes]
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    log_access(request, what="Record supervision", people=[c for c in children if c.pk in visible])
    return _form_page(request, worker, form, autosave)


@require_GET
def supervision_detail(request: HttpRequest, supervision_id: UUID) -> HttpResponse:
    """A supervision record; private notes only for the supervisee and the supervisor."""
    record = supervision_get_for_user(user=request.user, supervision_id=supervision_id)
    discussions = list(record.discussions.all())
    children = _discussion_children(discussions)
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    log_access(request, what="Supervision record", people=[c for c in children if c.pk in visible])
    context = {
        "title": f"Supervision, {record.date:%-d %B %Y}",
        "record": record,
        "discussions": discussions,
        "private_notes": supervision_shows_private_notes(user=request.user, supervision=record),
        "can_acknowledge": record.supervisee_id == request.user.pk and record.acknowledged_at is None,
        "back_url": worker_url(record.supervisee_id),
    }
    return render(request, "casework/supervision/detail.html", context)


def _discussion_children(discussions: list[Any]) -> list[Any]:
    from families.models import Person

    case_ids = [d.case_id for d in discussions]
    return list(Person.objects.filter(episodes__case_id__in=case_ids).distinct()) if case_ids else []


@require_http_methods(["GET", "POST"])
def supervision_acknowledge(request: HttpRequest, supervision_id: UUID) -> HttpResponse:
    """The supervisee reads, comments on and acknowledges their supervision record, once."""
    record = supervision_get_for_user(user=request.user, supervision_id=supervision_id)
    if record.supervisee_id != request.user.pk:
        raise PermissionDenied("Only the supervisee acknowledges their supervision record.")
    if record.acknowledged_at is not None:
        messages.info(request, "You have already acknowledged this supervision record")
        return redirect(detail_url(record))
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.supervision_acknowledge(by=request.user, supervision=record, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "You have acknowledged the supervision record")
            return redirect(detail_url(record))
    context = {
        "title": "Acknowledge your supervision record",
        "caption": f"Supervision, {record.date:%-d %B %Y}, with {record.supervisor.display_name}",
        "back_url": detail_url(record),
        "submit": "Acknowledge",
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "intro": "Acknowledging says you have read the record. You can add comments first.",
    }
    return render(request, "components/form_page.html", context, status=400 if form.errors else 200)


# --- Parts other pages show (registered in casework/apps.py) ----------------------------------


def to_acknowledge_section(request: HttpRequest) -> dict[str, Any] | None:
    """My work: the user's supervision records waiting for their acknowledgement (workers always
    see the section, with an honest empty state; a manager only when one waits)."""
    user = request.user
    if user.role not in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        return None
    records = list(supervisions_to_acknowledge(user=user).order_by("date", "created_at"))
    if not records and user.role == Role.TEAM_MANAGER:
        return None
    return {"records": records}


def oversight_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child's record: the latest management oversight (decision and rationale) on the
    child's cases, from supervision. Never the private notes; narrative, so not for performance
    officers."""
    if not sees_narrative(request.user):
        return None
    discussions = oversight_for_child(child_id=person.pk)
    if not discussions:
        return None
    return {"discussions": discussions}
