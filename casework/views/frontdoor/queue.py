"""The front-door queue: contacts awaiting a decision, oldest first, with how long each has
waited; what was decided lately; what waits for the manager's endorsement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.presenters.frontdoor import queue_page
from casework.views.frontdoor.draft import started_contacts


@require_GET
def frontdoor_queue(request: HttpRequest) -> HttpResponse:
    """Every signed-in user may look; the queue is that of the user's own front-door teams."""
    page = queue_page(user=request.user, started=started_contacts(request))
    return render(request, "casework/frontdoor/queue.html", {"title": "Front door", "page": page})
