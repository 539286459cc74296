"""The Children in Need census pages: the census form on the Performance page, and the validation
page, which runs the derivation and the DfE rules for a collection year (to date) at any time and
lists the failures in plain words, each linking to the record screen where it is fixed.

PERMISSIONS.md, "CIN census, Annex A, authority dashboard": performance officers and auditors see
the validation page; everyone else 403. Only performance officers start the census export (the
kind's own check_permission says so again).

The page shows structured fields only (LA child ID, name, dates and codes in the messages): no
narrative. Each run is written to the access log as one row about no particular record (as an
export is), naming the year and the number of children checked; restricted children are listed by
LA child ID with "Restricted record" instead of their name.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.core.access import require_role
from casework.core.access_log import log_access_for
from casework.core.exports import export_kinds_to_start, export_list_for_user, export_request
from casework.core.models import Role, User
from casework.core.views_exports import export_job_view
from performance.annex_a.exports import may_request_annex_a
from performance.census.exports import KIND as CENSUS_KIND
from performance.census.exports import census_year_ends, may_request_census
from performance.census.rules import RULES, CensusFailure, census_validate
from performance.views import PERFORMANCE_ROLES, RECENT_JOBS

logger = logging.getLogger(__name__)

CENSUS_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR)
ROWS_PER_RULE = 100
RESTRICTED = "Restricted record"

# link_kind -> (URL name, keyword argument, what the link says)
LINKS: dict[str, tuple[str, str, str]] = {
    "person": ("families:person_detail", "person_id", "Child's record"),
    "episode": ("casework:episode_detail", "episode_id", "Episode"),
    "case": ("casework:case_detail", "case_id", "Case"),
    "assessment": ("assessments:assessment_detail", "assessment_id", "Assessment"),
    "plan": ("casework:plan_detail", "plan_id", "Plan"),
    "section47": ("casework:section47_detail", "s47_id", "Section 47 enquiry"),
    "conference": ("casework:conference_detail", "conference_id", "Conference"),
}


def collection_years(today: datetime.date | None = None) -> list[datetime.date]:
    """The collection years offered, newest (the current year, to date) first."""
    return census_year_ends(today=today)


def year_label(year_end: datetime.date) -> str:
    return f"April {year_end.year - 1} to March {year_end.year}"


def _year_items(selected: datetime.date | None) -> list[dict[str, Any]]:
    today_year = collection_years()[0]
    return [
        {
            "value": y.isoformat(),
            "text": year_label(y) + (" (this year, to date)" if y == today_year else ""),
            "selected": y == selected,
        }
        for y in collection_years()
    ]


def failure_link(failure: CensusFailure) -> tuple[str, str]:
    """The URL and link text of the screen where a failure is fixed (the child's record if the
    screen is not available)."""
    name, kwarg, text = LINKS.get(failure.link_kind, LINKS["person"])
    try:
        return reverse(name, kwargs={kwarg: failure.link_id}), text
    except NoReverseMatch:
        name, kwarg, text = LINKS["person"]
        return reverse(name, kwargs={kwarg: failure.person_id}), text


def _row(failure: CensusFailure) -> dict[str, Any]:
    url, text = failure_link(failure)
    return {
        "la_child_id": failure.la_child_id or "(no LA child ID)",
        "name": RESTRICTED if failure.restricted else (failure.name or "(no name)"),
        "restricted": failure.restricted,
        "message": failure.message,
        "url": url,
        "link_text": text,
    }


def group_failures(failures: list[CensusFailure]) -> list[dict[str, Any]]:
    """Failures grouped by rule: errors before queries, then by rule code."""
    by_rule: dict[str, list[CensusFailure]] = defaultdict(list)
    for failure in failures:
        by_rule[failure.rule].append(failure)
    groups = []
    for rule in sorted(by_rule, key=lambda r: (r.endswith("Q"), r.rstrip("Q").zfill(5))):
        items = by_rule[rule]
        groups.append(
            {
                "rule": rule,
                "query": rule.endswith("Q"),
                "title": RULES.get(rule, rule),
                "count": len(items),
                "children": len({f.person_id for f in items}),
                "rows": [_row(f) for f in items[:ROWS_PER_RULE]],
                "more": max(0, len(items) - ROWS_PER_RULE),
            }
        )
    return groups


def run_validation(year_end: datetime.date) -> dict[str, Any]:
    """Derive the census for the year (to date) and run the rules over it."""
    from performance.census.derive import census_children

    counts = {"children": 0, "episodes": 0}

    def counted() -> Any:
        for child in census_children(year_end):
            counts["children"] += 1
            counts["episodes"] += len(child.episodes)
            yield child

    failures = census_validate(counted(), year_end=year_end)
    errors = sum(1 for f in failures if not f.query)
    return {
        **counts,
        "errors": errors,
        "queries": len(failures) - errors,
        "groups": group_failures(failures),
    }


def _parse_year(raw: str | None) -> datetime.date | None:
    offered = collection_years()
    if not raw:
        return offered[0]
    try:
        value = datetime.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return value if value in offered else None


@require_GET
def census_validation(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *CENSUS_ROLES, message="Your role cannot see the Children in Need census.")
    year_end = _parse_year(request.GET.get("year_end"))
    context: dict[str, Any] = {"title": "Check the census data"}
    if year_end is None:
        context.update(
            year_items=_year_items(None),
            year_error="Choose a census year from the list",
            form_errors={
                "titleText": "There is a problem",
                "errorList": [{"text": "Choose a census year from the list", "href": "#year_end"}],
            },
        )
        return render(request, "performance/census_validation.html", context, status=400)
    result = run_validation(year_end)
    log_access_for(
        user=request.user,
        what=f"Children in Need census check {year_label(year_end)}: {result['children']} children",
        request=request,
    )
    logger.info(
        "census validation year_end=%s children=%s errors=%s queries=%s",
        year_end,
        result["children"],
        result["errors"],
        result["queries"],
    )
    today = timezone.localdate()
    context.update(
        result,
        year_end=year_end,
        year_text=year_label(year_end),
        to_date=year_end >= today,
        year_items=_year_items(year_end),
        may_start=may_request_census(request.user),
    )
    return render(request, "performance/census_validation.html", context)


# --- The Performance page, with the census form -----------------------------------------------


def may_see_census(user: User) -> bool:
    return user.role in CENSUS_ROLES


def census_context(user: User, *, year_end: datetime.date | None = None, error: str | None = None) -> dict[str, Any]:
    """What the Performance page's "Children in Need census" section needs (``census`` in home.html)."""
    return {
        "may_see": may_see_census(user),
        "may_start": may_request_census(user),
        "year_items": _year_items(year_end or collection_years()[0]),
        "error": error,
    }


def render_home(
    request: HttpRequest,
    *,
    errors: list[str] | None = None,
    census_errors: list[str] | None = None,
    annex_a_errors: list[str] | None = None,
    year_end: datetime.date | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    jobs = [export_job_view(job, user) for job in export_list_for_user(user=user)[:RECENT_JOBS]]
    problems = [{"text": e, "href": "#start-exports"} for e in errors or []]
    problems += [{"text": e, "href": "#census-year"} for e in census_errors or []]
    problems += [{"text": e, "href": "#year_end"} for e in annex_a_errors or []]
    context = {
        "title": "Performance",
        "kinds": export_kinds_to_start(user=user),  # parameterless kinds only: never the census
        "jobs": jobs,
        "form_errors": {"titleText": "There is a problem", "errorList": problems} if problems else None,
        "annex_a": {"may_start": may_request_annex_a(user), "error": annex_a_errors[0] if annex_a_errors else None},
        "census": census_context(user, year_end=year_end, error=census_errors[0] if census_errors else None),
    }
    return render(request, "performance/home.html", context, status=status)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The Performance page (the exports, the census form and recent jobs)."""
    require_role(request.user, *PERFORMANCE_ROLES)
    return render_home(request)


@require_POST
def census_start(request: HttpRequest) -> HttpResponse:
    """Start the census export for the chosen year, then show its progress."""
    require_role(request.user, *PERFORMANCE_ROLES)
    raw = request.POST.get("year_end", "")
    try:
        job = export_request(by=request.user, kind=CENSUS_KIND, parameters={"year_end": raw})
    except ValidationError as exc:
        return render_home(request, census_errors=exc.messages, year_end=_parse_year(raw), status=400)
    return redirect("core:export_job", job_id=job.pk)
