"""The dashboard's tables as CSV: one table, or all of them one after another (each headed by its
caption), exactly the numbers the page shows."""

from __future__ import annotations

import csv
import io

from performance.dashboard.measures import Period, Table


def _safe(value: object) -> object:
    """Guard a spreadsheet against a cell read as a formula (a worker's words could start with =)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and value != "-":
        return "'" + value
    return value


def tables_csv(tables: list[Table], *, period: Period, scope: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    single = len(tables) == 1
    for index, table in enumerate(tables):
        if not single:
            if index:
                writer.writerow([])
            writer.writerow(
                [f"{table.title}: {table.caption}, {period.start.isoformat()} to {period.end.isoformat()}, {scope}"]
            )
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()
