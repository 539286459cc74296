"""The `people_csv` export: structured fields of every person a performance officer may see.

Structured fields only (PERMISSIONS.md: performance officers never read narrative): no warnings,
notes, communication needs or other free text written about a person. Restricted records are
left out unless the requester may open them (families.selectors.person_list_for_user).
"""

from __future__ import annotations

import csv
from typing import Any

from django.utils import timezone

from casework.core.access import require_role
from casework.core.access_log import log_access_for
from casework.core.exports import ExportContext, register_export_kind
from casework.core.models import ExportJob, Role, User
from casework.core.models.access import AccessAction
from families.models import Person
from families.selectors import person_list_for_user

COLUMNS = [
    "id",
    "la_child_id",
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "date_of_birth_estimated",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "ethnicity",
    "disabilities",
    "nhs_number",
    "upn",
    "upn_unknown",
    "first_language",
    "interpreter_needed",
    "uasc",
    "is_child",
    "previous_cp_plans_elsewhere",
]
# Fields read from the database (is_child is worked out from the dates).
MODEL_FIELDS = [c for c in COLUMNS if c != "is_child"]
CHUNK_SIZE = 500
PROGRESS_EVERY = 500  # rows between progress reports
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _row(person: Person) -> list[str]:
    return [_cell(getattr(person, column)) for column in COLUMNS]


def people_csv_permission(user: User, parameters: dict[str, Any]) -> None:
    require_role(user, Role.PERFORMANCE_OFFICER, message="Only performance officers can export people.")


def people_csv_build(context: ExportContext) -> None:
    """One row per person the requester may see, streamed in chunks, with progress."""
    people = person_list_for_user(user=context.user).only(*MODEL_FIELDS).order_by("la_child_id")
    total = people.count()
    count = 0
    with context.text(encoding="utf-8-sig") as out:  # with a BOM, so spreadsheets read UTF-8
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for count, person in enumerate(people.iterator(chunk_size=CHUNK_SIZE), start=1):
            writer.writerow(_row(person))
            if count % PROGRESS_EVERY == 0:
                context.progress_of(count, total)
    log_access_for(
        user=context.user,
        action=AccessAction.EXPORT,
        what=f"People CSV export: {count} {'person' if count == 1 else 'people'}",
    )


def people_csv_filename(job: ExportJob) -> str:
    return f"people-{timezone.localdate():%Y-%m-%d}.csv"


register_export_kind(
    "people_csv",
    label="People: structured fields (CSV)",
    build=people_csv_build,
    check_permission=people_csv_permission,
    content_type="text/csv; charset=utf-8",
    filename=people_csv_filename,
)
