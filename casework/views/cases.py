"""Case pages: the case (the family's container, each child's episode, decisions), allocating
it, proposing a transfer, the receiving manager's decision, and recording a decision.

Thin: find the record through a selector (404 outside access), check the role may act (403),
call the service, redirect; the services hold the rules."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework import selectors, services
from casework.case_page import case_sections_for
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.models import Role, Team, TeamKind, User
from casework.core.pages import StaleRow, add_service_errors, govuk_fields, stale_version_response
from casework.core.versioning import StaleVersion
from casework.forms_cases import AllocateForm, DecisionForm, TransferDecisionForm, TransferForm
from casework.models import Case, CaseStatus
from casework.presenters.cases import case_page
from casework.views.visits import latest_records
from families.models import Person
from families.selectors import visible_person_ids

CANNOT_MANAGE = "Only a manager of the team holding the case can allocate it or propose a transfer."
CANNOT_DECIDE_TRANSFER = "Only a manager of the receiving team can accept or decline this transfer."
CANNOT_RECORD = "Your team does not hold these children's records, or your role cannot record decisions."


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def case_url(case: Case, anchor: str = "") -> str:
    url = reverse("casework:case_detail", kwargs={"case_id": case.pk})
    return f"{url}#{anchor}" if anchor else url


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    caption: str,
    back_url: str,
    submit: str,
    template: str = "components/form_page.html",
    **extra: Any,
) -> HttpResponse:
    """A form page; 400 when what was sent has errors (shown in the GOV.UK error summary)."""
    context = {
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "submit": submit,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        **extra,
    }
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


def _case_for_manager(request: HttpRequest, case_id: UUID) -> Case:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if not selectors.case_can_manage(user=request.user, case=case) or case.status != CaseStatus.OPEN:
        raise PermissionDenied(CANNOT_MANAGE)
    return case


@require_GET
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The family's case: holding team, worker, each child's episode, transfer, decisions."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    page = case_page(user=request.user, case=case)
    log_access(request, what="Case", people=page.children, family=case.family if page.family_visible else None)
    records = latest_records(request, case, page.children)
    sections = case_sections_for(request, case, page, records)
    context = {"title": f"Case: {case.family.name}", "page": page, "records": records, "sections": sections}
    return render(request, "casework/cases/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def case_allocate(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The holding team's manager allocates the case to a worker of the team."""
    case = _case_for_manager(request, case_id)
    workers = list(
        User.objects.filter(teams=case.team_id, role__in=WRITING_ROLES, is_active=True).order_by(
            "last_name", "first_name"
        )
    )
    choices = [(str(w.pk), f"{w.display_name} ({w.get_role_display().lower()})") for w in workers]
    initial = {"worker": str(case.allocated_worker_id or ""), "version": case.version}
    form = AllocateForm(posted(request), workers=choices, initial=initial)
    if form.is_bound and form.is_valid():
        worker = next(w for w in workers if str(w.pk) == form.cleaned_data["worker"])
        try:
            services.case_allocate(
                by=request.user, case=case, worker=worker, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            saved = stale.current.allocated_worker
            row = StaleRow("Allocated worker", saved.display_name if saved else "Not allocated", worker.display_name)
            return _stale(request, case, [row], "casework:case_allocate", stale.current)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The case is allocated to {worker.display_name}")
            return redirect(case_url(case))
    return form_page(
        request,
        form,
        title="Allocate the case" if not case.allocated_worker_id else "Change the allocated worker",
        caption=case.family.name,
        back_url=case_url(case),
        submit="Allocate",
    )


def _stale(request: HttpRequest, case: Case, rows: list[StaleRow], url_name: str, current: Case) -> HttpResponse:
    return stale_version_response(
        request,
        record=case.family.name,
        rows=rows,
        restart_url=reverse(url_name, kwargs={"case_id": case.pk}),
        cancel_url=case_url(case),
        current=current,
    )


@require_http_methods(["GET", "POST"])
def case_transfer(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Propose a transfer to another team, with the transfer summary it reads meanwhile."""
    case = _case_for_manager(request, case_id)
    teams = list(Team.objects.exclude(pk=case.team_id).exclude(kind=TeamKind.FRONT_DOOR).order_by("name"))
    form = TransferForm(posted(request), teams=[(str(t.pk), t.name) for t in teams])
    if form.is_bound and form.is_valid():
        team = next(t for t in teams if str(t.pk) == form.cleaned_data["team"])
        try:
            services.case_transfer_propose(by=request.user, case=case, team=team, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The transfer to {team.name} is proposed: its manager will accept or decline")
            return redirect(case_url(case))
    return form_page(
        request,
        form,
        title="Propose a transfer",
        caption=case.family.name,
        back_url=case_url(case),
        submit="Propose the transfer",
        intro=f"{case.team.name} holds the case until the receiving team's manager accepts it.",
    )


@require_http_methods(["GET", "POST"])
def case_transfer_decide(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The receiving team's manager accepts the case, or declines it with a reason."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if not case.pending_transfer_to_id:
        messages.info(request, "No transfer of this case is waiting for a decision")
        return redirect(case_url(case))
    if not selectors.case_can_decide_transfer(user=request.user, case=case):
        raise PermissionDenied(CANNOT_DECIDE_TRANSFER)
    form = TransferDecisionForm(posted(request))
    if form.is_bound and form.is_valid():
        receiving = case.pending_transfer_to
        try:
            if form.cleaned_data["decision"] == "accept":
                services.case_transfer_accept(by=request.user, case=case)
            else:
                services.case_transfer_decline(by=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["decision"] == "accept":
                messages.success(request, f"{receiving.name} now holds the case. Allocate it to a worker.")
                return redirect(case_url(case))
            # Declining ends the receiving team's read access: the case is no longer theirs to open.
            messages.success(request, f"The transfer is declined. {case.team.name} keeps the case.")
            return redirect("casework:my_work")
    log_access(request, what="Transfer decision", people=_open_children(case, request.user))
    return form_page(
        request,
        form,
        title="Accept or decline the transfer",
        caption=case.family.name,
        back_url=case_url(case),
        submit="Save the decision",
        template="casework/cases/transfer_decide.html",
        case=case,
    )


def _open_children(case: Case, user: User) -> list[Person]:
    """The children of the case's open episodes that this user may open (for the access log)."""
    children = [e.child for e in case.episodes.select_related("child").exclude(status="closed")]
    visible = visible_person_ids(user=user, person_ids=[c.pk for c in children])
    return [c for c in children if c.pk in visible]


def _managers_for(case: Case, user: User) -> list[User]:
    teams = {case.team_id, *(t.pk for t in user.teams.all())}
    return list(
        User.objects.filter(teams__in=teams, role=Role.TEAM_MANAGER, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record a significant decision: options considered, rationale, who agreed."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    page = case_page(user=request.user, case=case)
    if not page.can_record_decision:
        raise PermissionDenied(CANNOT_RECORD)
    children = page.children
    managers = _managers_for(case, request.user)
    form = DecisionForm(
        posted(request),
        children=[(str(c.pk), c.full_name) for c in children],
        managers=[(str(m.pk), m.display_name) for m in managers],
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                by=request.user,
                case=case,
                children=[c for c in children if str(c.pk) in data["children"]],
                kind=data["kind"],
                decision=data["decision"],
                rationale=data["rationale"],
                options_considered=data["options_considered"],
                agreed_by=next((m for m in managers if str(m.pk) == data["agreed_by"]), None),
                date=data["date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The decision is recorded")
            return redirect(case_url(case, "decisions"))
    log_access(request, what="Record a decision", people=children)
    return form_page(
        request,
        form,
        title="Record a decision",
        caption=case.family.name,
        back_url=case_url(case, "decisions"),
        submit="Record the decision",
        intro="Decisions are judged by the quality of the reasoning, not the outcome: say what else was "
        "considered and why this was chosen.",
    )
