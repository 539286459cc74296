"""Reading actions, always scoped to the user: an action is seen by whoever may open its case
(casework.selectors.case_list_for_user), and one about a child only by those who may open that
child (a restricted record stays hidden). Lists cost a fixed number of queries."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from casework.core.models import User
from casework.models import Action, ActionStatus
from casework.selectors import case_list_for_user
from families.selectors import person_list_for_user

RELATED = ("case__family", "case__team", "child", "owner", "created_by", "done_by", "plan")


def action_list_for_user(*, user: User) -> QuerySet[Action]:
    """Actions on cases the user may open (about a child they may open, or about no one child)."""
    visible_children = person_list_for_user(user=user).values("id")
    return (
        Action.objects.filter(case__in=case_list_for_user(user=user).values("id"))
        .filter(Q(child__isnull=True) | Q(child__in=visible_children))
        .select_related(*RELATED)
    )


def action_get_for_user(*, user: User, action_id: UUID | str) -> Action:
    return get_object_or_404(action_list_for_user(user=user), pk=action_id)


def actions_open_for_owner(*, user: User) -> QuerySet[Action]:
    """My work: the user's open actions, soonest due first."""
    return (
        action_list_for_user(user=user)
        .filter(owner=user, status=ActionStatus.OPEN)
        .order_by("due_date", "created_at", "id")
    )


def actions_open_for_child(*, user: User, child_id: Any) -> QuerySet[Action]:
    """A child's open actions: those about the child, and those about the whole of a case the
    child is in, soonest due first."""
    return (
        action_list_for_user(user=user)
        .filter(status=ActionStatus.OPEN)
        .filter(Q(child_id=child_id) | Q(child__isnull=True, case__episodes__child_id=child_id))
        .distinct()
        .order_by("due_date", "created_at", "id")
    )


def actions_open_for_case(*, user: User, case_id: Any) -> QuerySet[Action]:
    return (
        action_list_for_user(user=user)
        .filter(case_id=case_id, status=ActionStatus.OPEN)
        .order_by("due_date", "created_at", "id")
    )


def actions_open_for_team(*, user: User, team_id: Any) -> QuerySet[Action]:
    """The open actions on a team's open cases, by owner then due date (the team page)."""
    return (
        action_list_for_user(user=user)
        .filter(case__team_id=team_id, case__status="open", status=ActionStatus.OPEN)
        .order_by("owner__last_name", "owner__first_name", "owner_id", "due_date", "id")
    )
