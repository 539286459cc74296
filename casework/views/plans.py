"""CIN plan pages: the plan (goals with their progress over time, reviews, authorisation, next
review), drafting and changing it, a manager's authorisation, recording a review, ending it with
a decision record, and adding an action from it.

Thin: the plan is found through casework.selectors_plans (404 outside access), who may act is
asked before a form is read (403), casework.services.plans holds the rules, and every page is
written to the access log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import selectors
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.models import User
from casework.core.pages import add_service_errors, govuk_fields
from casework.core.versioning import StaleVersion
from casework.forms_plans import ActionForm, AuthoriseForm, EndForm, GoalFormSet, PlanForm, ReviewForm
from casework.models import Action, ActionStatus, Case, EpisodeStatus, Plan, PlanKind, PlanStatus
from casework.selectors_plans import (
    plan_can_authorise,
    plan_can_record,
    plan_get_for_user,
    plan_goals_with_history,
    plan_next_review_due,
    plan_next_visit_due,
    plan_reviews,
)
from casework.services import plans as plan_services
from casework.services.conferences import cp_plan_update
from casework.views.cases import case_url, form_page, posted
from families.models import Person
from families.selectors import sees_narrative, visible_person_ids

STALE = "Someone else changed this plan since you opened it. Check the plan and try again."


def plan_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("casework:plan_detail", kwargs={"plan_id": plan.pk})
    return f"{url}#{anchor}" if anchor else url


def _writable(request: HttpRequest, plan_id: UUID) -> Plan:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    if not plan_can_record(user=request.user, plan=plan):
        raise PermissionDenied(plan_services.CANNOT_RECORD)
    return plan


def _owners(case: Case, user: User) -> list[User]:
    teams = {case.team_id, *(t.pk for t in user.teams.all())}
    return list(
        User.objects.filter(teams__in=teams, is_active=True, role__in=WRITING_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )


@require_GET
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """The plan: goals with progress over time, reviews, who authorised it, what is due."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    log_access(request, what="Plan", people=[plan.child])
    user = request.user
    actions = list(Action.objects.filter(plan=plan).select_related("owner").order_by("status", "due_date"))
    can_record = plan_can_record(user=user, plan=plan)
    context = {
        "title": f"{plan.get_kind_display()}: {plan.child.full_name}",
        "plan": plan,
        "goals": plan_goals_with_history(plan),
        "reviews": plan_reviews(plan),
        "next_review_due": plan_next_review_due(plan),
        "next_visit_due": plan_next_visit_due(plan),
        "narrative": sees_narrative(user),
        "can_record": can_record,
        "can_authorise": plan_can_authorise(user=user, plan=plan),
        "author_is_viewer": plan.created_by_id == user.pk,
        "actions": actions,
        "open_actions": [a for a in actions if a.status == ActionStatus.OPEN],
        "action_form": _action_params(
            ActionForm(owners=[(str(o.pk), o.display_name) for o in _owners(plan.case, user)])
        )
        if can_record
        else None,
    }
    if plan.kind == PlanKind.CP:
        context |= _cp_context(plan)
    return render(request, "casework/plans/plan_detail.html", context)


def _cp_context(plan: Plan) -> dict[str, Any]:
    """A CP plan's conferences and core groups: category history, what is due, previous plans."""
    from casework import selectors_conferences as cp

    return {
        "category_history": cp.plan_category_history(plan),
        "core_groups": cp.plan_core_groups(plan),
        "review_conference_due": cp.plan_review_conference_due(plan),
        "first_core_group_due": cp.plan_first_core_group_due(plan),
        "previous_cp_plans": cp.plan_previous_cp_plans(plan),
    }


def _action_params(form: ActionForm) -> dict[str, Any]:
    return {"fields": govuk_fields(form), "form_errors": error_summary_params(form)}


# --- Drafting ---------------------------------------------------------------------------------


def _plan_children(request: HttpRequest, case: Case) -> list[Person]:
    """Children of the case's open episodes this user may open."""
    children = [e.child for e in case.episodes.select_related("child").exclude(status=EpisodeStatus.CLOSED)]
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    return [c for c in children if c.pk in visible]


def _goal_data(formset: Any) -> list[dict[str, Any]]:
    return [
        {k: f.cleaned_data.get(k) or "" for k in ("id", "description", "help_provided")}
        for f in formset.forms
        if f.cleaned_data
    ]


def _plan_form_page(request: HttpRequest, form: PlanForm, formset: Any, **extra: Any) -> HttpResponse:
    goal_fields = [govuk_fields(f) for f in formset.forms]
    return form_page(
        request,
        form,
        template="casework/plans/plan_form.html",
        goal_fields=goal_fields,
        management=formset.management_form,
        **extra,
    )


def _without_errors(form: PlanForm) -> None:
    """After "Add another goal" the page comes back as typed, without complaining yet."""
    form._errors = ErrorDict()


def _formset(request: HttpRequest, initial: list[dict[str, Any]]) -> Any:
    """The goals as repeated fieldsets; "Add another goal" posts back with one more, empty."""
    data = posted(request)
    if data is not None and "add_goal" in data:
        formset = GoalFormSet(data, prefix="goals")
        rows = [f.cleaned_data for f in formset.forms if f.is_valid()]
        return GoalFormSet(initial=[*rows, {}], prefix="goals"), True
    if data is not None:
        return GoalFormSet(data, prefix="goals"), False
    return GoalFormSet(initial=initial or [{}], prefix="goals"), False


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Draft a CIN plan for one of the case's children (a manager of the team authorises it)."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    children = _plan_children(request, case)
    if not children or not any(selectors.can_record(request.user, person=c) for c in children):
        raise PermissionDenied(plan_services.CANNOT_RECORD)
    choices = [(str(c.pk), c.full_name) for c in children]
    formset, adding = _formset(request, [])
    data = posted(request)
    form = PlanForm(data, children=choices, initial={"child": choices[0][0] if len(choices) == 1 else ""})
    if data is not None and not adding and form.is_valid() and formset.is_valid():
        child = next(c for c in children if str(c.pk) == form.cleaned_data["child"])
        fields = {k: form.cleaned_data.get(k) for k in plan_services.PLAN_FIELDS}
        try:
            plan = plan_services.plan_create(
                by=request.user, case=case, child=child, data=fields, goals=_goal_data(formset)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan is drafted. A manager of the team authorises it.")
            return redirect(plan_url(plan))
    log_access(request, what="Draft a plan", people=children)
    if adding:
        _without_errors(form)
    return _plan_form_page(
        request,
        form,
        formset,
        title="Draft a CIN plan",
        caption=case.family.name,
        back_url=case_url(case, "plans"),
        submit="Save the draft",
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """Change a draft plan: dates, frequencies, goals."""
    plan = _writable(request, plan_id)
    is_cp = plan.kind == PlanKind.CP
    if plan.status != PlanStatus.DRAFT and not is_cp:
        messages.info(request, "An authorised plan is not changed: it moves on at its reviews")
        return redirect(plan_url(plan))
    goals = [
        {"id": str(g.pk), "description": g.description, "help_provided": g.help_provided} for g in plan.goals.all()
    ]
    formset, adding = _formset(request, goals)
    data = posted(request)
    initial = {k: getattr(plan, k) for k in plan_services.PLAN_FIELDS} | {"version": plan.version}
    form = PlanForm(data, initial=initial)
    if is_cp:  # a CP plan's dates and reviews follow its conferences
        del form.fields["start_date"], form.fields["review_frequency_weeks"]
        form.fields["visiting_frequency_days"].required = True
    if data is not None and not adding and form.is_valid() and formset.is_valid():
        fields = {k: form.cleaned_data.get(k) for k in plan_services.PLAN_FIELDS if k in form.fields}
        update = cp_plan_update if is_cp else plan_services.plan_update
        try:
            update(
                by=request.user,
                plan=plan,
                data=fields,
                goals=_goal_data(formset),
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan is saved" if is_cp else "The draft plan is saved")
            return redirect(plan_url(plan))
    log_access(request, what="Change a plan" if is_cp else "Change a draft plan", people=[plan.child])
    if adding:
        _without_errors(form)
    return _plan_form_page(
        request,
        form,
        formset,
        title="Change the plan" if is_cp else "Change the draft plan",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan),
        submit="Save the plan" if is_cp else "Save the draft",
    )


# --- Authorising, reviewing, ending --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_authorise(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """A manager of the team holding the case, who did not draft the plan, authorises it."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    plan_services.plan_can_authorise_check(request.user, plan)  # 403 with the reason
    form = AuthoriseForm(posted(request), initial={"version": plan.version})
    if form.is_bound and form.is_valid():
        try:
            plan_services.plan_authorise(by=request.user, plan=plan, expected_version=form.cleaned_data["version"])
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan is authorised: it has started")
            return redirect(plan_url(plan))
    log_access(request, what="Authorise a plan", people=[plan.child])
    return form_page(
        request,
        form,
        title="Authorise the plan",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan),
        submit="Authorise the plan",
        template="casework/plans/plan_authorise.html",
        plan=plan,
        goals=list(plan.goals.all()),
        narrative=sees_narrative(request.user),
    )


@require_http_methods(["GET", "POST"])
def plan_review_new(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """Record a review: who came, a summary, progress (0-10) on each goal."""
    plan = _writable(request, plan_id)
    goals = list(plan.goals.all())
    form = ReviewForm(posted(request), goals=goals)
    if form.is_bound and form.is_valid():
        try:
            plan_services.plan_review(
                by=request.user,
                plan=plan,
                date=form.cleaned_data["date"],
                attendees=form.attendee_list(),
                summary=form.cleaned_data["summary"],
                goal_progress=form.goal_progress(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"goal_progress": "summary"})
        else:
            messages.success(request, "The review is recorded")
            return redirect(plan_url(plan, "reviews"))
    log_access(request, what="Record a plan review", people=[plan.child])
    return form_page(
        request,
        form,
        title="Record a review",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan),
        submit="Record the review",
        intro="Score each goal from 0 (nothing has changed yet) to 10 (the goal is met).",
    )


@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """End the plan or step down, with a decision record."""
    plan = _writable(request, plan_id)
    form = EndForm(posted(request), initial={"version": plan.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.plan_end(
                by=request.user,
                plan=plan,
                end_date=data["end_date"],
                reason=data["reason"],
                kind=data["kind"],
                expected_version=data.get("version"),
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan has ended. The decision is recorded on the case.")
            return redirect(plan_url(plan))
    log_access(request, what="End a plan", people=[plan.child])
    return form_page(
        request,
        form,
        title="End the plan",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan),
        submit="End the plan",
        intro="Ending a plan is a decision: it is recorded on the case with your reasons.",
    )


@require_POST
def plan_action_add(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """Add an action from the plan (who does what by when); errors are shown on the plan page."""
    from casework.services.actions import action_create

    plan = _writable(request, plan_id)
    owners = _owners(plan.case, request.user)
    form = ActionForm(request.POST, owners=[(str(o.pk), o.display_name) for o in owners])
    if form.is_valid():
        owner = next((o for o in owners if str(o.pk) == form.cleaned_data["owner"]), None)
        try:
            action_create(
                by=request.user,
                case=plan.case,
                action=form.cleaned_data["action"],
                owner=owner,
                due_date=form.cleaned_data["due_date"],
                source="plan",
                plan=plan,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action is added")
            return redirect(plan_url(plan, "actions"))
    log_access(request, what="Add an action to a plan", people=[plan.child])
    return form_page(
        request,
        form,
        title="Add an action",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan, "actions"),
        submit="Add the action",
    )


# --- The plan on the child's record and on the team page ------------------------------------------


def glance_plan_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child at a glance: the open plan, its goals with their latest progress, the next
    review and visit due (a fixed number of queries; nothing when there is no open plan)."""
    from casework.selectors_plans import current_plan_for_child

    plan = current_plan_for_child(child_id=person.pk)
    if plan is None:
        return None
    return {
        "plan": plan,
        "goals": plan_goals_with_history(plan),
        "next_review_due": plan_next_review_due(plan),
        "next_visit_due": plan_next_visit_due(plan),
        "narrative": sees_narrative(request.user),
        **(_cp_context(plan) if plan.kind == PlanKind.CP else {}),
    }


def team_plans_due_section(request: HttpRequest, team: Any) -> dict[str, Any] | None:
    """The team page: CIN plans whose review falls due within two weeks (or has passed), soonest first."""
    from casework.selectors_plans import plans_due_for_review

    plans = plans_due_for_review(team_ids=[team.pk])
    visible = visible_person_ids(user=request.user, person_ids=[p.child_id for p in plans])
    plans = [p for p in plans if p.child_id in visible]
    return {"plans": plans, "people": [p.child for p in plans]}
