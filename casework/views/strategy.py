"""Strategy discussion and Section 47 pages: recording a discussion from the case page, the
discussion (and correcting it), the enquiry with its conference target, completing it, and the
open enquiry on the child at a glance.

Thin: records are found through casework.selectors_strategy (404 outside access), who may act
is asked before a form is read (403), casework.services.strategy holds the rules, and every
page is written to the access log."""

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
from casework.core.pages import add_service_errors
from casework.core.versioning import StaleVersion
from casework.forms_strategy import CompleteForm, DiscussionForm
from casework.models import Case, EpisodeStatus, Section47, StrategyDiscussion
from casework.selectors_strategy import (
    open_section47_for_child,
    section47_get_for_user,
    strategy_can_record,
    strategy_discussion_get_for_user,
)
from casework.services import strategy as strategy_services
from casework.views.cases import case_url, form_page, posted
from families.models import Person
from families.selectors import sees_narrative, visible_person_ids

STALE = "Someone else changed this record since you opened it. Check it and try again."


def discussion_url(discussion: StrategyDiscussion) -> str:
    return reverse("casework:strategy_discussion_detail", kwargs={"discussion_id": discussion.pk})


def s47_url(s47: Section47) -> str:
    return reverse("casework:section47_detail", kwargs={"s47_id": s47.pk})


def _open_children(request: HttpRequest, case: Case) -> list[Person]:
    """Children of the case's open episodes this user may open."""
    children = [e.child for e in case.episodes.select_related("child").exclude(status=EpisodeStatus.CLOSED)]
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    return sorted((c for c in children if c.pk in visible), key=lambda c: c.date_of_birth or c.created_at.date())


def _discussion_fields(form: DiscussionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "date": data["date"],
        "agencies": form.agency_list(),
        "information": data["information"],
        "decision": data["decision"],
        "reasoning": data["reasoning"],
    }


@require_http_methods(["GET", "POST"])
def discussion_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Record a strategy discussion about children of the case; its decision may start enquiries."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    children = _open_children(request, case)
    if not strategy_can_record(user=request.user, case=case, children=children):
        raise PermissionDenied(strategy_services.CANNOT_RECORD)
    choices = [(str(c.pk), c.full_name) for c in children]
    initial = {"children": [choices[0][0]] if len(choices) == 1 else []}
    form = DiscussionForm(posted(request), children=choices, initial=initial)
    if form.is_bound and form.is_valid():
        chosen = [c for c in children if str(c.pk) in form.cleaned_data["children"]]
        try:
            discussion = strategy_services.strategy_discussion_record(
                by=request.user, case=case, children=chosen, **_discussion_fields(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _recorded_message(discussion))
            return redirect(discussion_url(discussion))
    log_access(request, what="Record a strategy discussion", people=children)
    return form_page(
        request,
        form,
        title="Record a strategy discussion",
        caption=case.family.name,
        back_url=case_url(case, "child-protection"),
        submit="Record the discussion",
    )


def _recorded_message(discussion: StrategyDiscussion) -> str:
    started = discussion.section47s.count()
    if started:
        return f"The strategy discussion is recorded. Section 47 enquiries started: {started}"
    return "The strategy discussion is recorded"


@require_GET
def discussion_detail(request: HttpRequest, discussion_id: UUID) -> HttpResponse:
    """The discussion: who took part, what was shared and decided, the enquiries it started."""
    discussion = strategy_discussion_get_for_user(user=request.user, discussion_id=discussion_id)
    everyone = list(discussion.children.all())
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in everyone])
    children = [c for c in everyone if c.pk in visible]
    log_access(request, what="Strategy discussion", people=children)
    context = {
        "title": f"Strategy discussion, {discussion.date:%-d %B %Y}",
        "discussion": discussion,
        "children": children,
        "hidden_children": len(everyone) - len(children),
        "section47s": [s for s in discussion.section47s.all() if s.child_id in visible],
        "narrative": sees_narrative(request.user),
        "can_record": strategy_can_record(user=request.user, case=discussion.case, children=everyone),
    }
    return render(request, "casework/strategy/discussion_detail.html", context)


@require_http_methods(["GET", "POST"])
def discussion_edit(request: HttpRequest, discussion_id: UUID) -> HttpResponse:
    """Correct a discussion: the enquiries' start and conference target follow it."""
    discussion = strategy_discussion_get_for_user(user=request.user, discussion_id=discussion_id)
    children = list(discussion.children.all())
    if not strategy_can_record(user=request.user, case=discussion.case, children=children):
        raise PermissionDenied(strategy_services.CANNOT_RECORD)
    initial = {name: getattr(discussion, name) for name in ("date", "information", "decision", "reasoning")}
    initial |= {"agencies": "\n".join(discussion.agencies), "version": discussion.version}
    form = DiscussionForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            strategy_services.strategy_discussion_update(
                by=request.user,
                discussion=discussion,
                data=_discussion_fields(form),
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The strategy discussion is corrected")
            return redirect(discussion_url(discussion))
    log_access(request, what="Correct a strategy discussion", people=children)
    return form_page(
        request,
        form,
        title="Correct the strategy discussion",
        caption=discussion.case.family.name,
        back_url=discussion_url(discussion),
        submit="Save the correction",
    )


@require_GET
def section47_detail(request: HttpRequest, s47_id: UUID) -> HttpResponse:
    """The enquiry: its start, the initial conference's target date, its outcome."""
    s47 = section47_get_for_user(user=request.user, s47_id=s47_id)
    log_access(request, what="Section 47 enquiry", people=[s47.child])
    context = {
        "title": f"Section 47 enquiry: {s47.child.full_name}",
        "s47": s47,
        "narrative": sees_narrative(request.user),
        "can_record": s47.completed_date is None
        and strategy_can_record(user=request.user, case=s47.case, children=[s47.child]),
    }
    return render(request, "casework/strategy/section47_detail.html", context)


@require_http_methods(["GET", "POST"])
def section47_complete(request: HttpRequest, s47_id: UUID) -> HttpResponse:
    """Complete the enquiry: whether an initial conference is needed, when, and the findings."""
    s47 = section47_get_for_user(user=request.user, s47_id=s47_id)
    if not strategy_can_record(user=request.user, case=s47.case, children=[s47.child]):
        raise PermissionDenied(strategy_services.CANNOT_RECORD)
    if s47.completed_date is not None:
        messages.info(request, "This enquiry is already complete")
        return redirect(s47_url(s47))
    form = CompleteForm(posted(request), initial={"version": s47.version})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            strategy_services.section47_complete(
                by=request.user,
                s47=s47,
                outcome=data["outcome"],
                completed_date=data["completed_date"],
                findings=data["findings"],
                expected_version=data.get("version"),
            )
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The Section 47 enquiry is complete")
            return redirect(s47_url(s47))
    log_access(request, what="Complete a Section 47 enquiry", people=[s47.child])
    return form_page(
        request,
        form,
        title="Complete the Section 47 enquiry",
        caption=s47.child.full_name,
        back_url=s47_url(s47),
        submit="Complete the enquiry",
    )


# --- The enquiry on the child's record ----------------------------------------------------------


def glance_s47_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child at a glance: the open Section 47 enquiry, its start and conference target (one
    query; nothing when none is open)."""
    s47 = open_section47_for_child(child_id=person.pk)
    return None if s47 is None else {"s47": s47}
