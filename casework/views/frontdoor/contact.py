"""A contact: its page, the decision (with each child's history in view before the form), the
manager's endorsement where the authority requires it, and telling the referrer the outcome."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework import selectors, services
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.drafts import draft_autosave, draft_discard
from casework.core.forms import error_summary_params
from casework.core.models import Team
from casework.core.pages import add_service_errors
from casework.forms_frontdoor import DecideForm, ReferrerInformedForm, time_text
from casework.models import Contact, Decision
from casework.presenters.frontdoor import (
    DECISION_HINTS,
    child_sections,
    contact_page,
    contact_title,
    date_uk,
    team_choices,
)
from families.views.common import posted, render_form

NOT_FRONT_DOOR = "Only the front-door team holding this contact can decide it."
DECISION_KEY = "front_door_decision"


def _contact_url(contact: Contact) -> str:
    return reverse("casework:contact_detail", kwargs={"contact_id": contact.pk})


@require_GET
def contact_detail(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """The contact, its decision and what it opened, endorsement, and the referrer told."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    page = contact_page(user=request.user, contact=contact)
    log_access(request, what="Front-door contact", people=[line.person for line in page.children])
    return render(request, "casework/frontdoor/contact.html", {"title": page.title, "page": page})


# --- Deciding -------------------------------------------------------------------------------


def _decider(request: HttpRequest, contact: Contact) -> HttpResponse | None:
    """403 for a role or team that may not decide; a contact decided meanwhile goes back to its
    page (two people at the front door may open the same contact)."""
    user = request.user
    if user.role not in WRITING_ROLES or not selectors.contact_is_front_door_member(user=user, contact=contact):
        raise PermissionDenied(NOT_FRONT_DOOR)
    if contact.is_decided:
        by = contact.decided_by.display_name if contact.decided_by else "someone"
        messages.info(request, f"This contact was decided by {by} on {date_uk(contact.decided_at)}.")
        return redirect(_contact_url(contact))
    return None


@require_http_methods(["GET", "POST"])
def contact_decide(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Decide with a reason, after the concerns and each child's history (never pre-selected)."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if (elsewhere := _decider(request, contact)) is not None:
        return elsewhere
    links = selectors.contact_children_visible(user=request.user, contact=contact)
    children = [link.child for link in links]
    open_case = selectors.contact_open_case(contact=contact, children=children)
    form = DecideForm(
        posted(request),
        children=[(str(c.pk), c.full_name) for c in children],
        teams=None if open_case else team_choices(contact),
        initial={"children": [str(c.pk) for c in children], "team": str(contact.team_id)},
    )
    autosave = draft_autosave(request, form, form_key=DECISION_KEY, record_key=str(contact.pk), version=contact.version)
    if form.is_bound and form.is_valid() and (done := _decide(request, contact, form, children)) is not None:
        return done
    sections = child_sections(user=request.user, contact=contact, children=children)
    log_access(request, what="Front-door decision", people=children)
    context = {
        "title": "Decide the c" + contact_title(links)[1:],
        "page": contact_page(user=request.user, contact=contact),
        "sections": sections,
        "form": form,
        "form_errors": error_summary_params(form),
        "autosave": autosave,
        "open_case": open_case,
        "hints": DECISION_HINTS,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casework/frontdoor/decide.html", context, status=status)


def _decide(request: HttpRequest, contact: Contact, form: DecideForm, children: list) -> HttpResponse | None:
    data = form.cleaned_data
    referral = data["decision"] == Decision.REFERRAL
    chosen = [c for c in children if str(c.pk) in set(data.get("children") or [])] if referral else None
    team = None
    if referral and data.get("team"):
        team = Team.objects.filter(pk=data["team"]).first()
    try:
        services.contact_decide(
            by=request.user,
            contact=contact,
            decision=data["decision"],
            reason=data["decision_reason"],
            team=team,
            children=chosen,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    draft_discard(user=request.user, form_key=DECISION_KEY, record_key=str(contact.pk))
    messages.success(request, f"Decision recorded: {contact.get_decision_display().lower()}")
    return redirect(_contact_url(contact))


# --- Endorsing ------------------------------------------------------------------------------


class EndorseForm(forms.Form):
    """Nothing to type: the manager confirms they endorse the decision as recorded."""


@require_http_methods(["GET", "POST"])
def contact_endorse(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """A manager of the front-door team endorses its decision, where the authority requires it."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if not selectors.contact_can_endorse(user=request.user, contact=contact):
        raise PermissionDenied("Only a manager of the front-door team can endorse its decisions.")
    form = EndorseForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.contact_endorse(by=request.user, contact=contact)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "You endorsed the decision")
            return redirect(_contact_url(contact))
    page = contact_page(user=request.user, contact=contact)
    log_access(request, what="Front-door decision to endorse", people=[line.person for line in page.children])
    context = {
        "title": "Endorse the decision",
        "page": page,
        "form": form,
        "form_errors": error_summary_params(form),
        "back_url": _contact_url(contact),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casework/frontdoor/endorse.html", context, status=status)


# --- Telling the referrer -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_referrer_informed(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Record when and how the referrer was told the outcome."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if not selectors.contact_can_inform_referrer(user=request.user, contact=contact):
        raise PermissionDenied("Only the front-door team can record this.")
    now = timezone.now()
    initial = {"informed_date": timezone.localtime(now).date(), "informed_time": time_text(now)}
    form = ReferrerInformedForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.contact_referrer_informed(
                by=request.user, contact=contact, informed_at=form.cleaned_data["informed_at"], how=form.how_text()
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"informed_at": "informed_time", "how": "how"})
        else:
            messages.success(request, "Recorded: the referrer was told the outcome")
            return redirect(_contact_url(contact))
    return render_form(
        request,
        form,
        title="The referrer was told the outcome",
        caption=contact_page(user=request.user, contact=contact).title,
        back_url=_contact_url(contact),
        submit="Save",
    )
