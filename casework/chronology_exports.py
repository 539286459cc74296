"""The `chronology_csv` and `chronology_pdf` exports of a person's chronology (core export jobs).

The CSV holds every entry the requester may read; the PDF is the curated chronology (entries
included) in the court layout of the Public Law Outline: number, date, event, source or document
reference, significance, analysis. The requester's rights are checked when the job is asked
for and again when it runs (casework.core.exports); confidential addresses never reach a
summary (the services that record events leave them out), and entries concerning anyone the
requester may not open (restricted records) are left out.
"""

from __future__ import annotations

import csv
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from casework.core.access_log import log_access_for
from casework.core.exports import ExportContext, register_export_kind
from casework.core.models import ExportJob
from casework.core.models.access import AccessAction
from casework.person_exports import export_person, person_export_permission, person_parameters

CSV, PDF = "chronology_csv", "chronology_pdf"
EXPORT_KINDS = [(CSV, "Download as a spreadsheet (CSV)"), (PDF, "Court chronology (PDF)")]
CSV_COLUMNS = [
    "number",
    "date",
    "date_precision",
    "approximate_date",
    "category",
    "event",
    "detail",
    "source",
    "origin",
    "significance",
    "included",
    "analysis",
    "people",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


validate_parameters = person_parameters("chronology")
check_permission = person_export_permission("Your role cannot export a child's chronology.")
_person = export_person


def _lines(context: ExportContext, *, curated: bool):
    from casework.views.chronology import person_chronology_entries
    from chronology import presenters

    person = _person(context.user, context.parameters)
    entries = person_chronology_entries(context.user, person)
    if curated:
        entries = entries.filter(curation__included=True)
    return person, presenters.entry_lines(entries, narrative=True)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _log(context: ExportContext, person: Any, what: str) -> None:
    log_access_for(user=context.user, action=AccessAction.EXPORT, what=what, people=[person])


def csv_build(context: ExportContext) -> None:
    person, lines = _lines(context, curated=False)
    with context.text(encoding="utf-8-sig") as out:  # with a BOM, so spreadsheets read UTF-8
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for number, line in enumerate(lines, start=1):
            e = line.entry
            row = [number, e.occurred_on.isoformat(), e.date_precision, e.date_text, line.category, line.summary]
            row += [line.detail, line.source, e.origin, line.significance, "yes" if line.included else "no"]
            row += [line.analysis, "; ".join(line.people)]
            writer.writerow([_cell(v) for v in row])
            if number % 500 == 0:
                context.progress_of(number, len(lines))
    _log(context, person, f"Chronology CSV export: {len(lines)} entries")


def pdf_build(context: ExportContext) -> None:
    from weasyprint import HTML

    person, lines = _lines(context, curated=True)
    context.progress(20)
    html = render_to_string(
        "chronology/pdf_court.html",
        {"person": person, "lines": lines, "made_at": timezone.localtime(), "made_by": context.user},
    )
    context.progress(50)
    HTML(string=html).write_pdf(context.file)
    _log(context, person, f"Chronology PDF (court) export: {len(lines)} entries")


def _filename(suffix: str):
    def filename(job: ExportJob) -> str:
        return f"chronology-{job.parameters.get('person', '')[:8]}-{timezone.localdate():%Y-%m-%d}.{suffix}"

    return filename


def register() -> None:
    register_export_kind(
        CSV,
        label="Chronology (CSV)",
        build=csv_build,
        check_permission=check_permission,
        validate_parameters=validate_parameters,
        content_type="text/csv; charset=utf-8",
        filename=_filename("csv"),
    )
    register_export_kind(
        PDF,
        label="Chronology for court (PDF)",
        build=pdf_build,
        check_permission=check_permission,
        validate_parameters=validate_parameters,
        content_type="application/pdf",
        filename=_filename("pdf"),
    )
