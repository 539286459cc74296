"""Episode pages: one child's episode with its history, closing it (a worker's request waits for
a manager; a manager of the holding team closes directly), the manager's decision on a request,
and the primary need."""

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
from casework.core.access_log import log_access
from casework.core.open_work import open_work_for
from casework.core.pages import add_service_errors, compare_rows, stale_version_response
from casework.core.versioning import StaleVersion
from casework.forms_cases import ClosureDecisionForm, ClosureForm, PrimaryNeedForm
from casework.models import Episode, EpisodeStatus
from casework.presenters.cases import EpisodeLine, episode_history, episode_lines
from casework.views.cases import case_url, form_page, posted
from families.selectors import person_can_write, visible_person_ids

CANNOT_CLOSE = "Your team does not hold this child's record, or your role cannot close episodes."
CANNOT_DECIDE = "Only a manager of the team holding the case can decide a closure, and never their own request."
CANNOT_CHANGE = "Your team does not hold this child's record, or your role cannot change it."


def _line(request: HttpRequest, episode: Episode) -> EpisodeLine:
    """The episode with what this user may do to it (the rules of the case page)."""
    user = request.user
    writable = {episode.child_id} if person_can_write(user=user, person=episode.child) else set()
    manages = selectors.user_manages_team(user=user, team_id=episode.case.team_id)
    visible = visible_person_ids(user=user, person_ids=[episode.child_id])
    return episode_lines(user, [episode], manages=manages, visible=visible, writable=writable)[0]


def _episode_url(episode: Episode) -> str:
    return case_url(episode.case, f"episode-{episode.pk}")


def _name(episode: Episode) -> str:
    return episode.child.full_name


@require_GET
def episode_detail(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """One child's episode: referral, primary need, closure, and its change history."""
    episode = selectors.episode_get_for_user(user=request.user, episode_id=episode_id)
    line = _line(request, episode)
    log_access(request, what="Episode", people=[episode.child])
    context = {
        "title": f"{_name(episode)}: episode from {episode.referral_date.day} {episode.referral_date:%B %Y}",
        "line": line,
        "history": episode_history(episode),
    }
    return render(request, "casework/cases/episode_detail.html", context)


@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Close a child's episode: a worker's request waits for a manager; a manager closes it."""
    episode = selectors.episode_get_for_user(user=request.user, episode_id=episode_id)
    line = _line(request, episode)
    if not selectors.episode_can_request_closure(user=request.user, episode=episode):
        raise PermissionDenied(CANNOT_CLOSE)
    if episode.status != EpisodeStatus.OPEN:
        messages.info(request, f"{_name(episode)}'s episode is {episode.get_status_display().lower()}")
        return redirect(_episode_url(episode))
    initial = {"closure_date": timezone.localdate(), "version": episode.version, "step_down": "none"}
    form = ClosureForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        closure = form.closure()
        try:
            services.episode_close(
                by=request.user, episode=episode, closure=closure, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            return stale_version_response(
                request,
                record=f"{_name(episode)}'s episode",
                rows=compare_rows(form, stale.current, closure),
                restart_url=reverse("casework:episode_close", kwargs={"episode_id": episode.pk}),
                cancel_url=_episode_url(episode),
                current=stale.current,
            )
        except ValidationError as error:
            form_errors_from_service(form, error)
        else:
            if episode.status == EpisodeStatus.CLOSED:
                messages.success(request, f"{_name(episode)}'s episode is closed")
            else:
                messages.success(request, f"Closure of {_name(episode)}'s episode is sent to a manager to authorise")
            return redirect(_episode_url(episode))
    log_access(request, what="Close an episode", people=[episode.child])
    return form_page(
        request,
        form,
        title=f"Close {_name(episode)}'s episode" if line.closes_directly else f"Request closure for {_name(episode)}",
        caption=episode.case.family.name,
        back_url=_episode_url(episode),
        submit="Close the episode" if line.closes_directly else "Send for authorisation",
        template="casework/cases/episode_close.html",
        line=line,
        open_work=open_work_for(episode=episode) if not form.is_bound else [],
    )


def form_errors_from_service(form: forms.Form, error: ValidationError) -> None:
    """The service names one closure summary; the closure form asks for it in three parts."""
    add_service_errors(form, error, aliases={"closure_summary": "changed"})


@require_http_methods(["GET", "POST"])
def episode_closure_decide(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """The holding team's manager (never the requester) authorises or declines a closure."""
    episode = selectors.episode_get_for_user(user=request.user, episode_id=episode_id)
    if episode.status != EpisodeStatus.CLOSURE_REQUESTED:
        messages.info(request, "No closure request for this episode is waiting for a decision")
        return redirect(_episode_url(episode))
    if not selectors.episode_can_decide_closure(user=request.user, episode=episode):
        raise PermissionDenied(CANNOT_DECIDE)
    form = ClosureDecisionForm(posted(request))
    if form.is_bound and form.is_valid():
        authorise = form.cleaned_data["decision"] == "authorise"
        try:
            if authorise:
                services.episode_authorise_closure(by=request.user, episode=episode)
            else:
                services.episode_decline_closure(by=request.user, episode=episode, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors_from_service(form, error)
        else:
            done = "closed" if authorise else "stays open: the closure is declined"
            messages.success(request, f"{_name(episode)}'s episode {done}")
            return redirect(_episode_url(episode))
    log_access(request, what="Closure decision", people=[episode.child])
    return form_page(
        request,
        form,
        title=f"Closure of {_name(episode)}'s episode",
        caption=episode.case.family.name,
        back_url=_episode_url(episode),
        submit="Save the decision",
        template="casework/cases/closure_decide.html",
        line=_line(request, episode),
    )


@require_http_methods(["GET", "POST"])
def episode_primary_need(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Set or change the primary need as the work progresses (the earlier codes are kept)."""
    episode = selectors.episode_get_for_user(user=request.user, episode_id=episode_id)
    if not _line(request, episode).can_set_need:
        raise PermissionDenied(CANNOT_CHANGE)
    initial = {"primary_need": episode.primary_need, "version": episode.version}
    form = PrimaryNeedForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        need = form.cleaned_data["primary_need"]
        try:
            services.episode_set_primary_need(
                by=request.user, episode=episode, primary_need=need, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion as stale:
            return stale_version_response(
                request,
                record=f"{_name(episode)}'s episode",
                rows=compare_rows(form, stale.current, {"primary_need": need}),
                restart_url=reverse("casework:episode_primary_need", kwargs={"episode_id": episode.pk}),
                cancel_url=_episode_url(episode),
                current=stale.current,
            )
        except ValidationError as error:
            form_errors_from_service(form, error)
        else:
            messages.success(request, f"{_name(episode)}'s primary need is {episode.get_primary_need_display()}")
            return redirect(_episode_url(episode))
    log_access(request, what="Primary need", people=[episode.child])
    return form_page(
        request,
        form,
        title=f"{_name(episode)}'s primary need",
        caption=episode.case.family.name,
        back_url=_episode_url(episode),
        submit="Save",
    )
