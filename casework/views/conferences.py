"""Child protection conference and core group pages: record a conference (a decision per child,
with the category of abuse for a plan), see it, and record a core group from a CP plan.

Thin: records are found through casework.selectors_conferences / selectors_plans (404 outside
access), who may act is asked before a form is read (403), casework.services.conferences holds
the rules, and every page is written to the access log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework import selectors
from casework.core.access_log import log_access
from casework.core.pages import add_service_errors, govuk_fields
from casework.forms_conferences import ConferenceForm, CoreGroupForm
from casework.models import GoalProgress, PlanKind
from casework.selectors_conferences import conference_can_record, conference_get_for_user
from casework.selectors_plans import plan_can_record, plan_get_for_user
from casework.services import conferences as conference_services
from casework.views.cases import case_url, form_page, posted
from casework.views.plans import _plan_children, plan_url
from families.selectors import sees_narrative


def conference_url(conference: Any) -> str:
    return reverse("casework:conference_detail", kwargs={"conference_id": conference.pk})


def _child_fields(form: ConferenceForm) -> list[dict[str, Any]]:
    """Each child's decision and category, as one fieldset per child."""
    return [
        {"child": child, "fields": govuk_fields(form, [f"decision_{child.pk}", f"category_{child.pk}"])}
        for child in form.children
    ]


@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record a conference for the case's children: who came, how the family took part, decisions."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    children = _plan_children(request, case)
    if not children or not conference_can_record(user=request.user, case=case, children=children):
        raise PermissionDenied(conference_services.CANNOT_RECORD)
    form = ConferenceForm(posted(request), children=children)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            conference = conference_services.conference_record(
                by=request.user,
                case=case,
                kind=data["kind"],
                date=data["date"],
                chair=data["chair"],
                attendees=form.attendee_list(),
                parents_participation=data["parents_participation"],
                child_participation=data["child_participation"],
                summary=data["summary"],
                outcomes=form.outcomes(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"outcomes": f"decision_{children[0].pk}"})
        else:
            messages.success(request, "The conference is recorded")
            return redirect(conference_url(conference))
    log_access(request, what="Record a conference", people=children)
    names = ["kind", "date", "chair", "attendees", "parents_participation", "child_participation", "summary"]
    return form_page(
        request,
        form,
        title="Record a child protection conference",
        caption=case.family.name,
        back_url=case_url(case, "plans"),
        submit="Record the conference",
        template="casework/conferences/conference_form.html",
        conference_fields=govuk_fields(form, names),
        child_fields=_child_fields(form),
    )


@require_GET
def conference_detail(request: HttpRequest, conference_id: UUID) -> HttpResponse:
    """A conference: who came, how the parents and the child took part, the decision per child."""
    conference = conference_get_for_user(user=request.user, conference_id=conference_id)
    outcomes = list(conference.outcomes.all())
    log_access(request, what="Conference", people=[o.child for o in outcomes])
    context = {
        "title": f"{conference.get_kind_display()}, {conference.date:%-d %B %Y}",
        "conference": conference,
        "outcomes": outcomes,
        "progress": list(
            GoalProgress.objects.filter(conference=conference).select_related("goal__plan__child").order_by("id")
        ),
        "narrative": sees_narrative(request.user),
    }
    return render(request, "casework/conferences/conference_detail.html", context)


@require_http_methods(["GET", "POST"])
def core_group_new(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """Record a core group on a CP plan: who came, a summary, progress (0-10) on each goal."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    if not plan_can_record(user=request.user, plan=plan):
        raise PermissionDenied(conference_services.CANNOT_RECORD)
    if plan.kind != PlanKind.CP:
        messages.info(request, "A CIN plan is reviewed at its own reviews: core groups are for CP plans")
        return redirect(plan_url(plan))
    form = CoreGroupForm(posted(request), goals=list(plan.goals.all()))
    if form.is_bound and form.is_valid():
        try:
            conference_services.core_group_record(
                by=request.user,
                plan=plan,
                date=form.cleaned_data["date"],
                attendees=form.attendee_list(),
                summary=form.cleaned_data["summary"],
                goal_progress=form.goal_progress(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"goal_progress": "summary", "plan": "summary"})
        else:
            messages.success(request, "The core group is recorded")
            return redirect(plan_url(plan, "core-groups"))
    log_access(request, what="Record a core group", people=[plan.child])
    return form_page(
        request,
        form,
        title="Record a core group",
        caption=f"{plan.get_kind_display()}: {plan.child.full_name}",
        back_url=plan_url(plan),
        submit="Record the core group",
        intro="Score each goal from 0 (nothing has changed yet) to 10 (the goal is met).",
    )
