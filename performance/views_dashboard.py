"""The quality-and-timeliness dashboard page and its CSV downloads (issue 14).

PERMISSIONS.md, "CIN census, Annex A, authority dashboard": a team manager sees their own team's
dashboard (a manager of several teams chooses among them; another team's id answers 404);
performance officers and auditors see the authority's and any team's; everyone else 403.

The recorded words of why an assessment took longer are shown only to the team's managers:
performance officers see structured fields only, so they see the counts by category.

Every view of the page and every CSV download is one row in the access log, about no particular
record, naming the period and the scope.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.core.access import require_role, team_ids_for
from casework.core.access_log import log_access_for
from casework.core.models import Role, Team, User
from casework.core.models.access import AccessAction
from performance.dashboard.charts import chart_svg
from performance.dashboard.csv import tables_csv
from performance.dashboard.measures import Period, Table, dashboard_tables

DASHBOARD_ROLES = (Role.TEAM_MANAGER, Role.PERFORMANCE_OFFICER, Role.AUDITOR)
AUTHORITY = "authority"
PRESETS = [
    ("last_month", "Last month"),
    ("last_3_months", "The last 3 months"),
    ("year_to_date", "This year to date (from 1 April)"),
    ("custom", "Choose the dates"),
]


def may_see_dashboard(user: User) -> bool:
    return user.role in DASHBOARD_ROLES


# --- Period -----------------------------------------------------------------------------------------


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def preset_period(name: str, today: datetime.date) -> Period:
    this_month = today.replace(day=1)
    if name == "last_3_months":
        return Period(_month_start(today, 3), this_month - datetime.timedelta(days=1))
    if name == "year_to_date":
        year = today.year if today.month >= 4 else today.year - 1
        return Period(datetime.date(year, 4, 1), today)
    return Period(_month_start(today, 1), this_month - datetime.timedelta(days=1))


def _date_parts(params: Any, name: str) -> tuple[dict[str, str], datetime.date | None]:
    parts = {k: params.get(f"{name}-{k}", "").strip() for k in ("day", "month", "year")}
    try:
        return parts, datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return parts, None


def _iso(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def parse_period(params: Any, today: datetime.date) -> tuple[Period | None, str, dict[str, Any], list[dict[str, str]]]:
    """The period asked for: a preset, dates typed in (GOV.UK date inputs), or ``from``/``to`` (ISO
    dates, as the page's own links carry). Returns (period, preset, the typed parts, errors)."""
    preset = params.get("period", "")
    typed = {"from": {"day": "", "month": "", "year": ""}, "to": {"day": "", "month": "", "year": ""}}
    errors: list[dict[str, str]] = []
    if preset in ("last_month", "last_3_months", "year_to_date"):
        return preset_period(preset, today), preset, typed, errors
    if preset == "custom":
        typed["from"], start = _date_parts(params, "from")
        typed["to"], end = _date_parts(params, "to")
        if start is None:
            errors.append({"text": "Enter a real date for the start of the period", "href": "#from-day"})
        if end is None:
            errors.append({"text": "Enter a real date for the end of the period", "href": "#to-day"})
    elif params.get("from") or params.get("to"):
        start, end = _iso(params.get("from")), _iso(params.get("to"))
        preset = "custom"
        if start is None or end is None:
            errors.append({"text": "Enter real dates for the period", "href": "#from-day"})
    else:
        return preset_period("last_month", today), "last_month", typed, errors
    if errors:
        return None, preset, typed, errors
    if end < start:
        return None, preset, typed, [{"text": "The end of the period must be on or after its start", "href": "#to-day"}]
    for key, day in (("from", start), ("to", end)):
        typed[key] = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    return Period(start, end), preset, typed, errors


# --- Scope ------------------------------------------------------------------------------------------


def teams_for_dashboard(user: User) -> list[Team]:
    if user.is_authority_wide:
        return list(Team.objects.order_by("name"))
    return list(Team.objects.filter(id__in=team_ids_for(user)).order_by("name"))


def resolve_team(user: User, raw: str | None, teams: list[Team]) -> Team | None:
    """The team asked for (None: the authority). A manager always has one of their own; any other
    team, or an id that is not a team, is 404."""
    raw = (raw or "").strip()
    if not raw or raw == AUTHORITY:
        if user.is_authority_wide:
            return None
        if not teams:
            raise Http404("You do not manage a team.")
        return teams[0]
    found = next((t for t in teams if str(t.pk) == raw), None)
    if found is None:
        raise Http404("No such team.")
    return found


def scope_label(team: Team | None) -> str:
    return team.name if team is not None else f"the whole authority ({settings.LA_NAME})"


def _thresholds() -> dict[str, float]:
    return dict(getattr(settings, "DASHBOARD_THRESHOLDS", {}) or {})


def _query(period: Period, team: Team | None, **extra: str) -> str:
    return urlencode(
        {"from": period.start.isoformat(), "to": period.end.isoformat(), "team": str(team.pk) if team else AUTHORITY}
        | extra
    )


def _period_text(period: Period) -> str:
    return f"{period.start.isoformat()} to {period.end.isoformat()}"


def _words_allowed(user: User, team: Team | None) -> bool:
    return user.role == Role.TEAM_MANAGER and team is not None


def _tables(user: User, period: Period, team: Team | None) -> list[Table]:
    return dashboard_tables(period, team, words=_words_allowed(user, team), thresholds=_thresholds())


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_role(user, *DASHBOARD_ROLES, message="Your role cannot see the quality and timeliness dashboard.")
    teams = teams_for_dashboard(user)
    team = resolve_team(user, request.GET.get("team"), teams)
    today = timezone.localdate()
    period, preset, typed, errors = parse_period(request.GET, today)
    team_items = [{"value": str(t.pk), "text": t.name, "selected": team == t} for t in teams]
    if user.is_authority_wide:
        team_items.insert(0, {"value": AUTHORITY, "text": "The whole authority", "selected": team is None})
    context: dict[str, Any] = {
        "title": "Quality and timeliness",
        "team": team,
        "scope": scope_label(team),
        "team_items": team_items,
        "preset": preset,
        "presets": PRESETS,
        "typed": typed,
        "errors": {e["href"]: e["text"] for e in errors},
        "form_errors": {"titleText": "There is a problem", "errorList": errors} if errors else None,
    }
    if period is None:
        return render(request, "performance/dashboard.html", context, status=400)
    tables = _tables(user, period, team)
    log_access_for(
        user=user,
        what=f"Quality and timeliness dashboard {_period_text(period)}: {scope_label(team)}",
        request=request,
    )
    csv_url = reverse("performance:dashboard_csv")
    context.update(
        period=period,
        sections=[
            {"table": t, "chart": chart_svg(t), "csv_url": f"{csv_url}?{_query(period, team, table=t.name)}"}
            for t in tables
        ],
        all_csv_url=f"{csv_url}?{_query(period, team, table='all')}",
        thresholds=bool(_thresholds()),
    )
    return render(request, "performance/dashboard.html", context)


@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_role(user, *DASHBOARD_ROLES, message="Your role cannot see the quality and timeliness dashboard.")
    team = resolve_team(user, request.GET.get("team"), teams_for_dashboard(user))
    period, _, _, errors = parse_period(request.GET, timezone.localdate())
    if period is None:
        return HttpResponse("; ".join(e["text"] for e in errors), status=400, content_type="text/plain")
    name = request.GET.get("table", "all")
    tables = _tables(user, period, team)
    if name != "all":
        tables = [t for t in tables if t.name == name]
        if not tables:
            raise Http404("No such table.")
    log_access_for(
        user=user,
        what=f"Dashboard CSV ({name}) {_period_text(period)}: {scope_label(team)}",
        action=AccessAction.DOWNLOAD,
        request=request,
    )
    slug = team.name.lower().replace(" ", "-") if team else AUTHORITY
    filename = f"dashboard-{name}-{slug}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"
    response = HttpResponse(
        tables_csv(tables, period=period, scope=scope_label(team)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
