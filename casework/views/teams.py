"""A team's caseload: its open cases grouped by worker, transfers in and out, and closures
waiting for a manager. Read by the team's members and managers and by authority-wide roles."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework import selectors
from casework.core.access_log import log_access
from casework.presenters.caseload import caseload_page
from casework.team_page import team_sections_for


@require_GET
def team_caseload(request: HttpRequest, team_id: UUID) -> HttpResponse:
    team = selectors.team_get_for_user(user=request.user, team_id=team_id)
    page = caseload_page(user=request.user, team=team)
    sections = team_sections_for(request, team)
    people = list(page.people) + [p for s in sections for p in s.context.get("people", [])]
    log_access(request, what=f"Caseload of {team.name}", people=list({p.pk: p for p in people}.values()))
    context = {"title": f"{team.name}: caseload", "page": page, "sections": sections}
    return render(request, "casework/teams/caseload.html", context)
