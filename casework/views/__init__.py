"""Pages of the case domain."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.core.access_log import log_access
from casework.my_work import sections_for


@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """The landing page: the signed-in person's own work, from what has been recorded, in the
    sections registered with casework.my_work (the children they show are logged once)."""
    sections = sections_for(request)
    people = {p.pk: p for s in sections for p in s.context.get("people", [])}
    log_access(request, what="My work", people=list(people.values()))
    return render(request, "casework/my_work.html", {"title": "My work", "sections": sections})
