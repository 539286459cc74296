"""Reading strategy discussions and Section 47 enquiries with the record's access rules
(PERMISSIONS.md): read like the child's record, recorded by the team holding the case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import User
from casework.models import Case, Section47, StrategyDiscussion
from casework.selectors import can_record
from families.models import Person
from families.selectors import person_list_for_user


def strategy_discussion_list_for_user(*, user: User) -> QuerySet[StrategyDiscussion]:
    """Discussions about a child the user may open."""
    visible = person_list_for_user(user=user).values("id")
    about_visible = StrategyDiscussion.children.through.objects.filter(person_id__in=visible)
    return (
        StrategyDiscussion.objects.filter(id__in=about_visible.values("strategydiscussion_id"))
        .select_related("case__family", "case__team", "recorded_by")
        .prefetch_related(
            Prefetch("children", queryset=Person.objects.order_by("date_of_birth")),
            Prefetch("section47s", queryset=Section47.objects.select_related("child")),
        )
    )


def strategy_discussion_get_for_user(*, user: User, discussion_id: UUID | str) -> StrategyDiscussion:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(strategy_discussion_list_for_user(user=user), pk=discussion_id)


def section47_list_for_user(*, user: User) -> QuerySet[Section47]:
    """Section 47 enquiries of children the user may open."""
    return Section47.objects.filter(child_id__in=person_list_for_user(user=user).values("id")).select_related(
        "child", "case__family", "case__team", "strategy_discussion", "recorded_by"
    )


def section47_get_for_user(*, user: User, s47_id: UUID | str) -> Section47:
    return get_object_or_404(section47_list_for_user(user=user), pk=s47_id)


def strategy_can_record(*, user: User, case: Case, children: list[Any]) -> bool:
    """Record a discussion or complete an enquiry: a writing role in the team holding the case,
    with write access to the children (never the front door, PERMISSIONS.md)."""
    return (
        user.role in WRITING_ROLES
        and case.team_id in team_ids_for(user)
        and bool(children)
        and all(can_record(user, person=c) for c in children)
    )


def open_section47_for_child(*, child_id: Any) -> Section47 | None:
    """The child's open Section 47 enquiry, if any (one at most)."""
    return (
        Section47.objects.filter(child_id=child_id, completed_date=None)
        .select_related("strategy_discussion")
        .order_by("-start_date")
        .first()
    )
