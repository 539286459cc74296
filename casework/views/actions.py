"""Actions: the owner's "Your actions" on My work, a case's actions, adding one, its page with
the form that completes it (a note of what was done), the "Actions" card of the child at a glance
and the team page's "Actions" section.

Thin: actions are found through casework.selectors_actions (404 outside access), who may add or
complete is asked before a form is read (403), casework.services.actions holds the rules, and
every page is access-logged. Due dates are said neutrally ("Due today", "Was due 1 December"):
no red, no counts of what is late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import selectors, selectors_actions
from casework.api.visits import record_can_write
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.models import User
from casework.core.pages import add_service_errors, govuk_fields
from casework.core.versioning import StaleVersion
from casework.forms_actions import WHOLE_CASE, ActionForm, CompleteForm
from casework.models import Action, ActionStatus, Case
from casework.services import actions as action_services
from casework.services.visits import case_children
from families.models import Person
from families.selectors import sees_narrative, visible_person_ids

CANNOT_ADD = "Only the team holding the case can add actions to it."
CANNOT_COMPLETE = "Only the action's owner, or a manager of the team, can complete it."


def due_text(due: datetime.date, today: datetime.date | None = None) -> str:
    """'Due today', 'Due 3 December', 'Was due 1 December' (the year only when it is not this one)."""
    today = today or timezone.localdate()
    if due == today:
        return "Due today"
    day = f"{due.day} {due:%B}" + (f" {due.year}" if due.year != today.year else "")
    return f"Due {day}" if due > today else f"Was due {day}"


@dataclass(frozen=True)
class ActionLine:
    """One action as the lists show it: the child only when the user may open them."""

    action: Action
    due: str
    child_visible: bool

    @property
    def child(self) -> Person | None:
        return self.action.child if self.child_visible else None


def action_lines(user: User, actions: list[Action]) -> list[ActionLine]:
    today = timezone.localdate()
    ids = [a.child_id for a in actions if a.child_id]
    visible = visible_person_ids(user=user, person_ids=ids) if ids else set()
    return [ActionLine(a, due_text(a.due_date, today), a.child_id in visible) for a in actions]


def shown_children(lines: list[ActionLine]) -> list[Person]:
    return list({line.child.pk: line.child for line in lines if line.child is not None}.values())


# --- Registered parts: My work, the child at a glance, the team page ---------------------------------


def my_work_section(request: HttpRequest) -> dict[str, Any] | None:
    """My work: the user's open actions, soonest due first."""
    if request.user.role not in WRITING_ROLES:
        return None
    lines = action_lines(request.user, list(selectors_actions.actions_open_for_owner(user=request.user)))
    return {"lines": lines, "people": shown_children(lines), "narrative": sees_narrative(request.user)}


def glance_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child at a glance: the open actions about the child (or their whole case)."""
    actions = list(selectors_actions.actions_open_for_child(user=request.user, child_id=person.pk))
    if not actions:
        return None
    return {"lines": action_lines(request.user, actions), "narrative": sees_narrative(request.user)}


@dataclass(frozen=True)
class OwnerGroup:
    owner: User
    lines: list[ActionLine]


def team_section(request: HttpRequest, team: Any) -> dict[str, Any] | None:
    """The team page: open actions on the team's cases, grouped by owner (in name order, never
    ranked)."""
    actions = list(selectors_actions.actions_open_for_team(user=request.user, team_id=team.pk))
    lines = action_lines(request.user, actions)
    groups = [
        OwnerGroup(owner=rows[0].action.owner, lines=rows)
        for rows in (list(g) for _, g in groupby(lines, key=lambda line: line.action.owner_id))
    ]
    return {"groups": groups, "people": shown_children(lines), "narrative": sees_narrative(request.user)}


# --- Pages -------------------------------------------------------------------------------------------


def action_url(action: Action) -> str:
    return reverse("casework:action_detail", kwargs={"action_id": action.pk})


def case_actions_url(case: Case | Any) -> str:
    return reverse("casework:case_actions", kwargs={"case_id": getattr(case, "pk", case)})


def _visible_children(request: HttpRequest, case: Case) -> list[Person]:
    children = case_children(case)
    visible = visible_person_ids(user=request.user, person_ids=[c.pk for c in children])
    return [c for c in children if c.pk in visible]


@require_GET
def case_actions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A case's open actions, soonest due first, and those done (latest first)."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    rows = list(selectors_actions.action_list_for_user(user=request.user).filter(case=case))
    open_rows = sorted((a for a in rows if a.status == ActionStatus.OPEN), key=lambda a: (a.due_date, a.created_at))
    done_rows = sorted((a for a in rows if a.status == ActionStatus.DONE), key=lambda a: a.done_at, reverse=True)
    log_access(request, what="Case actions", people=_visible_children(request, case))
    context = {
        "title": f"Actions: {case.family.name}",
        "case": case,
        "open_lines": action_lines(request.user, open_rows),
        "done_lines": action_lines(request.user, done_rows),
        "can_add": record_can_write(user=request.user, case=case),
        "narrative": sees_narrative(request.user),
    }
    return render(request, "casework/actions/case_actions.html", context)


def _owner_choices(by: User, case: Case) -> list[tuple[str, str]]:
    teams = {case.team_id, *team_ids_for(by)}
    people = (
        User.objects.filter(teams__in=teams, is_active=True, role__in=WRITING_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [(str(u.pk), u.display_name + (" (you)" if u.pk == by.pk else "")) for u in people]


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Add an action to a case: what, who, by when, and which child it is about."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if not record_can_write(user=request.user, case=case):
        raise PermissionDenied(CANNOT_ADD)
    children = _visible_children(request, case)
    owners = _owner_choices(request.user, case)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        owners=owners,
        children=[(str(c.pk), c.full_name) for c in children],
        initial={"owner": str(request.user.pk), "child": WHOLE_CASE},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = data.get("child") or WHOLE_CASE
        owner = User.objects.filter(pk=data["owner"]).first()
        child = next((c for c in children if str(c.pk) == chosen), None)
        if child is None and len(children) == 1:
            child = children[0]
        try:
            action = action_services.action_create(
                by=request.user, case=case, action=data["action"], owner=owner, due_date=data["due_date"], child=child
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Action added for {action.owner.display_name}, {due_text(action.due_date)}")
            return redirect(case_actions_url(case))
    log_access(request, what="Add an action", people=children)
    context = {
        "title": "Add an action",
        "caption": case.family.name,
        "back_url": case_actions_url(case),
        "submit": "Add the action",
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
    }
    return render(request, "components/form_page.html", context, status=400 if form.is_bound and form.errors else 200)


def _detail(request: HttpRequest, action: Action, form: CompleteForm, status: int = 200) -> HttpResponse:
    log_access(
        request, what="Action", people=[action.child] if action.child else _visible_children(request, action.case)
    )
    line = action_lines(request.user, [action])[0]
    context = {
        "title": "Action",
        "line": line,
        "action": action,
        "form": form,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "can_complete": action_services.action_can_complete(user=request.user, action=action),
        "narrative": sees_narrative(request.user),
        "back_url": case_actions_url(action.case),
    }
    return render(request, "casework/actions/action_detail.html", context, status=status)


@require_GET
def action_detail(request: HttpRequest, action_id: UUID) -> HttpResponse:
    action = selectors_actions.action_get_for_user(user=request.user, action_id=action_id)
    return _detail(request, action, CompleteForm(initial={"version": action.version}))


@require_POST
def action_complete(request: HttpRequest, action_id: UUID) -> HttpResponse:
    """Complete an action with a note of what was done (its owner, or a manager of the team)."""
    action = selectors_actions.action_get_for_user(user=request.user, action_id=action_id)
    if action.status != ActionStatus.OPEN:
        messages.info(request, "This action is already done")
        return redirect(action_url(action))
    if not action_services.action_can_complete(user=request.user, action=action):
        raise PermissionDenied(CANNOT_COMPLETE)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            action_services.action_complete(
                by=request.user,
                action=action,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion:
            form.add_error(None, "Someone else changed this action while you were completing it. Nothing was saved.")
            action.refresh_from_db()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action completed")
            return redirect(action_url(action))
    return _detail(request, action, form, status=400)
