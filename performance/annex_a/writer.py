"""Writing Annex A: an XLSX workbook (sheets "List 1" … "List 11" and "Notes") or a ZIP of CSV files.

Both take the same input: for each sheet its rows (an iterable) or None for a list held elsewhere.
The workbook is written in openpyxl's write-only mode (rows stream to the file; memory stays bounded).
Dates are real Excel dates (number format dd/mm/yyyy); in the CSV files they are ISO dates
(yyyy-mm-dd), which Excel reads as dates. CSV files are UTF-8 with a byte-order mark so that Excel
opens them with the right characters.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from performance.annex_a import labels as L

DATE_FORMAT = "dd/mm/yyyy"
NOTES_SHEET = "Notes"
NOTES_HEADINGS = ("List", "Column", "Note")

Rows = dict[str, Iterable[list[Any]] | None]


def note_rows(period_text: str) -> list[tuple[str, str, str]]:
    """The Notes sheet: the period, the lists held elsewhere and the columns left blank."""
    rows = [("All lists", "", f"Derived from the Casework record for {period_text}. Restricted records included.")]
    rows += [(sheet, "(whole list)", note) for sheet, note in L.HELD_ELSEWHERE.items()]
    rows += [(sheet, column, note) for (sheet, column), note in L.NOT_HELD_COLUMNS.items()]
    return rows


def csv_name(sheet: str) -> str:
    return f"Annex A {sheet}.csv"


def write_xlsx(file: IO[bytes], rows: Rows, *, notes: list[tuple[str, str, str]], tick: Callable[[], None]) -> None:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def heading(sheet: Any, values: Iterable[str]) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            cells.append(cell)
        return cells

    for name in L.SHEETS:
        sheet = workbook.create_sheet(name)
        sheet.append(heading(sheet, L.HEADINGS[name]))
        data = rows.get(name)
        if data is None:
            sheet.append([L.HELD_ELSEWHERE.get(name, "")])
            continue
        for row in data:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            tick()
    sheet = workbook.create_sheet(NOTES_SHEET)
    sheet.append(heading(sheet, NOTES_HEADINGS))
    for row in notes:
        sheet.append(list(row))
    workbook.save(file)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_csv_zip(file: IO[bytes], rows: Rows, *, notes: list[tuple[str, str, str]], tick: Callable[[], None]) -> None:
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in L.SHEETS:
            with archive.open(csv_name(name), "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
                writer = csv.writer(text)
                writer.writerow(L.HEADINGS[name])
                data = rows.get(name)
                if data is None:
                    writer.writerow([L.HELD_ELSEWHERE.get(name, "")])
                else:
                    for row in data:
                        writer.writerow([_csv_value(v) for v in row])
                        tick()
                text.flush()
                text.detach()
        with archive.open("Annex A Notes.csv", "w") as member:
            text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(NOTES_HEADINGS)
            writer.writerows(notes)
            text.flush()
            text.detach()
