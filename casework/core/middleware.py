"""Sign-in for every page, and signing out after a period without activity."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# The API authenticates itself (DRF: 401 with WWW-Authenticate), static files are public.
OPEN_PREFIXES = ("/api/", "/static/")
LAST_ACTIVITY_KEY = "casework_last_activity"
PASSIVE_HEADER = "HTTP_X_CASEWORK_PASSIVE"  # polling requests that must not count as activity


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs sign-in except those marked `login_not_required` (sign-in, /healthz)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class IdleTimeoutMiddleware:
    """Sign a browser session out after SESSION_IDLE_MINUTES without a request.

    The page warns SESSION_WARNING_MINUTES beforehand (static/src/js/session-timeout.mjs),
    and text being typed is kept by the draft store, so nothing is lost by signing out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            if last is not None and now - float(last) > idle_limit:
                logout(request)
                return self._signed_out_response(request)
            if not request.META.get(PASSIVE_HEADER):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _signed_out_response(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return HttpResponse(status=401, headers={"WWW-Authenticate": "Token"})
        query = {"timeout": "1"}
        if request.method == "GET":
            query["next"] = request.get_full_path()
        url = f"{reverse('core:sign_in')}?{urlencode(query)}"
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


class RejectNullCharactersMiddleware:
    """A NUL character in a query string is never meaningful and PostgreSQL refuses it in
    text: answer 400 at the door rather than letting it reach a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "The request contains a character that is not allowed."}, status=400)
            return HttpResponse(
                "The request contains a character that is not allowed.", status=400, content_type="text/plain"
            )
        return self.get_response(request)
