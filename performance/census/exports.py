"""The ``cin_census`` export job: the census XML for a year ending 31 March.

PERMISSIONS.md, "CIN census, Annex A, authority dashboard": performance officers may run it;
auditors may read and download it (not start it); every other role is refused (403). The core
(casework.core.exports) checks ``check_permission`` when a job is requested and when it runs (a
performance officer), and ``check_download`` when its file is fetched (a performance officer or
an auditor).

The job is authority-wide: other performance officers and auditors may download it. Its
parameters are ``{"year_end": "YYYY-03-31"}``, so the Performance page's generic "Start" button
(kinds that need no parameters) does not offer it; the page's census form posts the year.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.core.access import require_role
from casework.core.access_log import log_access_for
from casework.core.exports import RIGHTS_LOST, ExportContext, ExportError, register_export_kind
from casework.core.models import ExportJob, Role, User
from casework.core.models.access import AccessAction

KIND = "cin_census"
LABEL = "Children in Need census (XML)"
CONTENT_TYPE = "application/xml"
REQUEST_ROLES = (Role.PERFORMANCE_OFFICER,)
DOWNLOAD_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR)
NOT_ALLOWED = "Only performance officers can make the Children in Need census."
PROGRESS_EVERY = 100  # children between progress reports
YEAR_END_ERROR = "Enter the census year's end date: 31 March, for example 2026-03-31."


def census_year_ends(*, today: datetime.date | None = None) -> list[datetime.date]:
    """The years that may be asked for, newest first: next 31 March back to five years ago."""
    today = today or timezone.localdate()
    latest = datetime.date(today.year + (1 if (today.month, today.day) > (3, 31) else 0), 3, 31)
    return [datetime.date(latest.year - n, 3, 31) for n in range(6)]


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def validate_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """``year_end``: a 31 March, not more than one year ahead of today."""
    unknown = set(parameters) - {"year_end"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This export takes no such parameter."))
    raw = parameters.get("year_end")
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        year_end = raw
    else:
        try:
            year_end = datetime.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            raise ValidationError({"year_end": YEAR_END_ERROR}) from None
    if (year_end.month, year_end.day) != (3, 31):
        raise ValidationError({"year_end": "A census year ends on 31 March: enter a 31 March date."})
    if year_end > _a_year_after(timezone.localdate()):
        raise ValidationError({"year_end": "The census year can end at most one year from today."})
    return {"year_end": year_end.isoformat()}


def check_permission(user: User, parameters: dict[str, Any]) -> None:
    """Request and run: performance officers only."""
    require_role(user, *REQUEST_ROLES, message=NOT_ALLOWED)


def check_download(user: User, parameters: dict[str, Any]) -> None:
    """Download: performance officers and auditors."""
    require_role(user, *DOWNLOAD_ROLES, message="Your role cannot see the Children in Need census.")


def may_request_census(user: User) -> bool:
    """Whether the user may start a census (the Performance page shows its form only then)."""
    return user.role in REQUEST_ROLES


def census_build(context: ExportContext) -> None:
    from performance.census.derive import census_children, census_children_count, census_header
    from performance.census.xml import write_census_xml

    if context.user.role not in REQUEST_ROLES:
        raise ExportError(RIGHTS_LOST)
    year_end = datetime.date.fromisoformat(context.parameters["year_end"])
    total = census_children_count(year_end)
    context.progress(1)

    def children():
        for done, child in enumerate(census_children(year_end), start=1):
            yield child
            if done % PROGRESS_EVERY == 0:
                context.progress_of(done, total)

    count = write_census_xml(context.file, header=census_header(year_end), children=children())
    context.progress(99)
    log_access_for(
        user=context.user,
        action=AccessAction.EXPORT,
        what=f"Children in Need census {year_end.year}: {count} {'child' if count == 1 else 'children'}",
    )


def census_filename(job: ExportJob) -> str:
    from django.conf import settings

    year = str(job.parameters.get("year_end", ""))[:4]
    return f"cin-census-{settings.LA_CODE}-{year}.xml"


def register_census_export() -> None:
    """Offer the census as an export job (called from PerformanceConfig.ready)."""
    register_export_kind(
        KIND,
        label=LABEL,
        build=census_build,
        check_permission=check_permission,
        check_download=check_download,
        validate_parameters=validate_parameters,
        content_type=CONTENT_TYPE,
        filename=census_filename,
        authority_wide=True,
    )


__all__ = [
    "KIND",
    "census_year_ends",
    "check_permission",
    "may_request_census",
    "register_census_export",
    "validate_parameters",
]
