"""Reading a child's access log (PERMISSIONS.md, "Read a child's access log"): a manager of the
team holding the child's case, and auditors, see who viewed the child's record and files, when,
what and from where; newest first, a page at a time, filterable by who viewed. Anyone else who
may open the child gets 403; anyone who may not, 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casework.core.access import team_ids_for
from casework.core.access_log import log_access
from casework.core.forms import error_summary_params
from casework.core.models import AccessLog, RecordAccess, Role, TeamKind, User
from casework.core.pages import govuk_fields
from casework.forms_story import AccessLogFilterForm
from casework.models import Episode, EpisodeStatus
from families.models import FamilyMembership, Person
from families.presenters import person_bar
from families.selectors import person_get_for_user

PAGE_SIZE = 50
CANNOT_READ = "Only a manager of the team holding the child's case, or an auditor, can read who viewed the record."


def holding_team_ids(*, person: Person) -> set[Any]:
    """The team holding the child: the team of each open episode's case; else the last case's
    team (the former holder); else, for a child never referred, the teams with write access
    other than the front door (which never holds a child's case)."""
    episodes = list(Episode.objects.filter(child=person).order_by("-opened_at").values_list("case__team_id", "status"))
    current = {team_id for team_id, status in episodes if status != EpisodeStatus.CLOSED}
    if current or episodes:
        return current or {episodes[0][0]}
    families = FamilyMembership.objects.filter(person=person).values("family_id")
    rows = (
        RecordAccess.objects.current()
        .writable()
        .filter(Q(person=person) | Q(family_id__in=families))
        .exclude(team__kind=TeamKind.FRONT_DOOR)
    )
    return set(rows.values_list("team_id", flat=True))


def access_log_can_read(*, user: User, person: Person) -> bool:
    """Auditors, and managers of the holding team (the person is already scoped to the user)."""
    if user.role == Role.AUDITOR:
        return True
    if user.role != Role.TEAM_MANAGER:
        return False
    return bool(holding_team_ids(person=person) & set(team_ids_for(user)))


def access_log_for_child(*, person: Person, viewer: str = "") -> QuerySet[AccessLog]:
    """Who viewed the child's record and files, newest first (optionally one person's views)."""
    rows = AccessLog.objects.filter(person=person).select_related("user").order_by("-at", "-id")
    return rows.filter(user_id=viewer) if viewer else rows


def access_log_viewers(*, person: Person) -> list[tuple[str, str]]:
    """Everyone who has viewed the child, for the filter."""
    viewers = User.objects.filter(id__in=AccessLog.objects.filter(person=person).values("user_id"))
    return [(str(u.pk), f"{u.display_name} ({u.get_role_display()})") for u in viewers]


def _pagination(request: HttpRequest, page: Page, viewer: str) -> dict[str, Any] | None:
    if page.paginator.num_pages < 2:
        return None
    base = reverse("casework:person_access_log", kwargs={"person_id": request.resolver_match.kwargs["person_id"]})
    prefix = f"{base}?viewer={viewer}&" if viewer else f"{base}?"
    params: dict[str, Any] = {"landmarkLabel": "Pages of the access log", "items": []}
    if page.has_previous():
        params["previous"] = {"href": f"{prefix}page={page.previous_page_number()}"}
    if page.has_next():
        params["next"] = {"href": f"{prefix}page={page.next_page_number()}"}
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            params["items"].append({"ellipsis": True})
        else:
            params["items"].append(
                {"number": number, "href": f"{prefix}page={number}", "current": number == page.number}
            )
    return params


@require_GET
def person_access_log(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Who viewed this child's record and files: who, when, what, from where."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    if not access_log_can_read(user=request.user, person=person):
        raise PermissionDenied(CANNOT_READ)
    form = AccessLogFilterForm(request.GET or None, viewers=access_log_viewers(person=person))
    viewer = form.cleaned_data["viewer"] if form.is_bound and form.is_valid() else ""
    page = Paginator(access_log_for_child(person=person, viewer=viewer), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    log_access(request, what="Access log", people=[person])
    context = {
        "title": f"{person.full_name}: who viewed the record",
        "person": person,
        "bar": person_bar(person),
        "rows": rows,
        "page": page,
        "pagination": _pagination(request, page, viewer),
        "viewer": viewer,
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
    }
    return render(request, "casework/access_log/person_access_log.html", context)
