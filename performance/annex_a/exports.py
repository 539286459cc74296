"""The Annex A export jobs: ``annex_a`` (an XLSX workbook) and ``annex_a_csv`` (a ZIP of CSV files).

Two kinds, not one kind with a ``format`` parameter: the core stores one content type per kind, and a
ZIP served as a spreadsheet would be wrong. ``annex_a`` takes ``{"year_end": "YYYY-MM-DD"}`` and
optionally ``"format": "xlsx"`` (``"csv"`` is refused, naming ``annex_a_csv``); ``annex_a_csv``
takes ``{"year_end": ...}``. ``year_end`` is any date not in the future (today allowed): Annex A is
asked for at inspection, so it is not tied to 31 March; the lists cover the 12 months ending on it
(performance.annex_a.lists).

PERMISSIONS.md, "CIN census, Annex A, authority dashboard": performance officers may make it;
auditors may download it but not request it; every other role is refused (403). Authority-wide: other
performance officers and auditors may download a finished file. Rights are re-checked when the job
runs (RIGHTS_LOST) and when the file is fetched, by the core.
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

KIND = "annex_a"
CSV_KIND = "annex_a_csv"
LABEL = "Ofsted Annex A (XLSX)"
CSV_LABEL = "Ofsted Annex A (CSV)"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_CONTENT_TYPE = "application/zip"
REQUEST_ROLES = (Role.PERFORMANCE_OFFICER,)
DOWNLOAD_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR)
NOT_ALLOWED = "Only performance officers can make Ofsted Annex A."
YEAR_END_ERROR = "Enter the last day of the 12 months Annex A covers, for example 2026-03-31."
FORMATS = ("xlsx", "csv")
PROGRESS_EVERY = 200  # rows between progress reports


def _year_end(raw: Any) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        year_end = raw
    else:
        try:
            year_end = datetime.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            raise ValidationError({"year_end": YEAR_END_ERROR}) from None
    if year_end > timezone.localdate():
        raise ValidationError({"year_end": "The period Annex A covers cannot end in the future."})
    return year_end


def _validator(fmt: str):
    def validate_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
        allowed = {"year_end", "format"} if fmt == "xlsx" else {"year_end"}
        unknown = set(parameters) - allowed
        if unknown:
            raise ValidationError(dict.fromkeys(sorted(unknown), "This export takes no such parameter."))
        if fmt == "xlsx" and "format" in parameters:
            given = str(parameters.get("format") or "").strip().lower()
            if given == "csv":
                raise ValidationError({"format": f"For CSV files ask for the export kind {CSV_KIND}."})
            if given not in ("", "xlsx"):
                raise ValidationError({"format": "Choose xlsx or csv."})
        return {"year_end": _year_end(parameters.get("year_end")).isoformat()}

    return validate_parameters


validate_parameters = _validator("xlsx")
validate_csv_parameters = _validator("csv")


def check_permission(user: User, parameters: dict[str, Any]) -> None:
    """Request and run: performance officers only."""
    require_role(user, *REQUEST_ROLES, message=NOT_ALLOWED)


def check_download(user: User, parameters: dict[str, Any]) -> None:
    """Download: performance officers and auditors."""
    require_role(user, *DOWNLOAD_ROLES, message="Your role cannot see Ofsted Annex A.")


def may_request_annex_a(user: User) -> bool:
    """Whether the Performance page should show the Annex A form."""
    return user.role in REQUEST_ROLES


def period_text(year_end: datetime.date) -> str:
    from performance.annex_a.lists import annex_period

    period = annex_period(year_end)
    return f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}"


def _build(fmt: str):
    def build(context: ExportContext) -> None:
        from performance.annex_a import labels
        from performance.annex_a.lists import annex_a_rows, annex_a_total, annex_period
        from performance.annex_a.writer import note_rows, write_csv_zip, write_xlsx

        if context.user.role not in REQUEST_ROLES:
            raise ExportError(RIGHTS_LOST)
        year_end = datetime.date.fromisoformat(context.parameters["year_end"])
        period = annex_period(year_end)
        total = annex_a_total(period)
        context.progress(1)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if done % PROGRESS_EVERY == 0:
                context.progress_of(done, total)

        rows = {sheet: annex_a_rows(sheet, period) for sheet in labels.SHEETS}
        writer = write_xlsx if fmt == "xlsx" else write_csv_zip
        writer(context.file, rows, notes=note_rows(period_text(year_end)), tick=tick)
        context.progress(99)
        log_access_for(
            user=context.user,
            action=AccessAction.EXPORT,
            what=f"Ofsted Annex A ({fmt.upper()}) for {period_text(year_end)}: {done} {'row' if done == 1 else 'rows'}",
        )

    return build


def _filename(fmt: str):
    def filename(job: ExportJob) -> str:
        from django.conf import settings

        year_end = str(job.parameters.get("year_end", ""))
        return f"annex-a-{settings.LA_CODE}-{year_end}.{'xlsx' if fmt == 'xlsx' else 'zip'}"

    return filename


def register_annex_a_export() -> None:
    """Offer Annex A as export jobs (called from PerformanceConfig.ready)."""
    register_export_kind(
        KIND,
        label=LABEL,
        build=_build("xlsx"),
        check_permission=check_permission,
        check_download=check_download,
        validate_parameters=validate_parameters,
        content_type=XLSX_CONTENT_TYPE,
        filename=_filename("xlsx"),
        authority_wide=True,
    )
    register_export_kind(
        CSV_KIND,
        label=CSV_LABEL,
        build=_build("csv"),
        check_permission=check_permission,
        check_download=check_download,
        validate_parameters=validate_csv_parameters,
        content_type=ZIP_CONTENT_TYPE,
        filename=_filename("csv"),
        authority_wide=True,
    )


__all__ = [
    "CSV_KIND",
    "FORMATS",
    "KIND",
    "check_download",
    "check_permission",
    "may_request_annex_a",
    "register_annex_a_export",
    "validate_csv_parameters",
    "validate_parameters",
]
