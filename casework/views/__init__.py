"""Pages of the case domain."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """The landing page: the signed-in person's own work, from what has been recorded."""
    return render(request, "casework/my_work.html", {"title": "My work"})
