"""The Performance page's roles, and starting an export that needs no parameters.

The page itself (the exports a user may start, the census form, their recent jobs) is drawn by
``performance.views_census.render_home``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from casework.core.access import require_role
from casework.core.exports import export_request
from casework.core.models import Role, User

PERFORMANCE_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR, Role.TEAM_MANAGER)
RECENT_JOBS = 20


def may_see_performance(user: User) -> bool:
    return user.role in PERFORMANCE_ROLES


@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    """Start an export that needs no parameters, then show its progress."""
    from performance.views_census import render_home

    require_role(request.user, *PERFORMANCE_ROLES)
    try:
        job = export_request(by=request.user, kind=request.POST.get("kind", ""), parameters={})
    except ValidationError as exc:
        return render_home(request, errors=exc.messages, status=400)
    return redirect("core:export_job", job_id=job.pk)
