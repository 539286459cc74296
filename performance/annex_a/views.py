"""The Performance page's "Make Annex A" form posts here (the URL is added in performance/urls.py by
``performance:annex_a_start``).

The form sends the period's last day either as one ISO field ``year_end`` or as a GOV.UK date
input (``year_end-day``, ``year_end-month``, ``year_end-year``), and ``format`` (``xlsx``, the
default, or ``csv``), which picks the export kind. Only performance officers may start it (403
otherwise, from the export core); a wrong date re-shows the Performance page with the error.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from casework.core.access import require_role
from casework.core.exports import export_request
from performance.annex_a.exports import CSV_KIND, KIND

FORMAT_ERROR = "Choose the format: a spreadsheet (XLSX) or CSV files"


def posted_year_end(data) -> str:
    """The ISO date the form sent (blank parts give a string the export refuses with its message)."""
    if data.get("year_end"):
        return str(data["year_end"]).strip()
    day, month, year = (str(data.get(f"year_end-{p}", "")).strip() for p in ("day", "month", "year"))
    if not (day and month and year):
        return ""
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return f"{year}-{month}-{day}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


@require_POST
def annex_a_start(request: HttpRequest) -> HttpResponse:
    """Start Annex A for the chosen period end and format, then show the job's progress."""
    from performance.views import PERFORMANCE_ROLES
    from performance.views_census import render_home

    require_role(request.user, *PERFORMANCE_ROLES)
    fmt = request.POST.get("format", "xlsx") or "xlsx"
    if fmt not in ("xlsx", "csv"):
        return render_home(request, annex_a_errors=[FORMAT_ERROR], status=400)
    try:
        job = export_request(
            by=request.user,
            kind=CSV_KIND if fmt == "csv" else KIND,
            parameters={"year_end": posted_year_end(request.POST)},
        )
    except ValidationError as exc:
        return render_home(request, annex_a_errors=exc.messages, status=400)
    return redirect("core:export_job", job_id=job.pk)
