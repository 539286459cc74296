"""Sign-in and sign-out, session keep-alive, /healthz and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework.core.forms import SignInForm, error_summary_params
from casework.core.health import broker_check, database_check, last_worker_heartbeat

LOCKED_OUT_MESSAGE = (
    "This account is locked because the password was entered wrongly {limit} times. "
    "Try again in {minutes} minutes, or ask your team manager or system administrator to unlock it."
)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _render_sign_in(request: HttpRequest, form: SignInForm, status: int = 200) -> HttpResponse:
    context = {
        "title": "Sign in",
        "form": form,
        "form_errors": error_summary_params(form),
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "timed_out": request.GET.get("timeout") == "1",
    }
    return render(request, "core/sign_in.html", context, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request))
    form = SignInForm(request.POST or None)
    if form.is_valid():
        user = auth.authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            auth.login(request, user)
            return redirect(_safe_next(request))
        form.add_error(None, "Enter a correct username and password. Both are case-sensitive.")
    return _render_sign_in(request, form, status=200 if request.method == "GET" else 400)


def locked_out(request: HttpRequest, response: HttpResponse, credentials: dict | None) -> HttpResponse:
    """django-axes calls this when a username is locked after too many failed attempts."""
    form = SignInForm(request.POST or None)
    form.is_valid()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form.add_error(None, LOCKED_OUT_MESSAGE.format(limit=settings.AXES_FAILURE_LIMIT, minutes=minutes))
    return _render_sign_in(request, form, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """A request that counts as activity (the idle-timeout middleware records it)."""
    return HttpResponse(status=204)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability: 200 when both answer, 503 otherwise."""
    database = database_check()
    broker = broker_check()
    healthy = database.ok and broker.ok
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": {"ok": database.ok, "detail": database.detail},
        "broker": {"ok": broker.ok, "detail": broker.detail},
        "worker_last_seen": last_worker_heartbeat() if database.ok else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _error(request: HttpRequest, status: int, template: str, title: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        messages = {
            400: "Bad request.",
            403: "You do not have permission to do this.",
            404: "Not found.",
            500: "Something went wrong on our side.",
        }
        return JsonResponse({"detail": messages[status]}, status=status)
    return render(request, template, {"title": title}, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "errors/400.html", "Sorry, there is a problem with that request")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "errors/403.html", "You cannot do this")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html", "Page not found")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "errors/500.html", "Sorry, there is a problem with the service")
