"""The external CIN census validator as a test harness (shared/returns.md section 6).

``csc-validator-be-cin`` (module ``cin_validator``) is a community implementation of the DfE
validation rules. It pins pandas<2 and numpy<2, so it lives in its own virtual environment,
``.venv-cinv/`` at the repository root (``bin/setup-cin-validator`` makes it), and runs here in a
subprocess on an XML file. Its ``python -m cin_validator run`` command needs pytest and only prints a
data frame, so the harness drives the package's Python API with a small script instead.

Rules whose code ends in Q are DfE queries (warnings); the others are errors. A rule that crashes
inside the validator is reported as an error too (the package prints and swallows such crashes, which
would otherwise pass silently).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_PYTHON = REPO / ".venv-cinv" / "bin" / "python"


@dataclass(frozen=True)
class ExternalFailure:
    """One failure the external validator reported: a rule, where it fired, and its message."""

    rule: str
    message: str
    la_child_id: str = ""  # empty for header and LA-level rules
    table: str = ""
    columns: tuple[str, ...] = ()
    row: int | None = None  # row number in the validator's flattened table

    @property
    def query(self) -> bool:
        return self.rule.endswith("Q")

    def __str__(self) -> str:
        where = f"{self.table}[{self.row}] {','.join(self.columns)}" if self.table else "return level"
        child = f"child {self.la_child_id} " if self.la_child_id else ""
        return f"{self.rule}: {child}{where}: {self.message}"


def validator_available() -> bool:
    return VENV_PYTHON.exists()


def ruleset_for(reference_date: str) -> str:
    """``cin{Y-1}_{YY}`` for a ReferenceDate in year Y (2026-03-31 gives cin2025_26)."""
    year = int(reference_date[:4])
    return f"cin{year - 1}_{str(year)[2:]}"


def reference_date_of(xml_path: str | Path) -> str:
    """The Header's ReferenceDate, read without parsing the whole file."""
    with open(xml_path, "rb") as fh:
        head = fh.read(4096).decode("utf-8", errors="replace")
    found = re.search(r"<ReferenceDate>\s*(\d{4}-\d{2}-\d{2})\s*</ReferenceDate>", head)
    if not found:
        raise ValueError(f"{xml_path}: no Header/CollectionDetails/ReferenceDate")
    return found.group(1)


# Runs inside .venv-cinv: argv = xml path, ruleset. Prints one JSON document on the last line.
_RUNNER = r"""
import contextlib, importlib, io, json, sys
import xml.etree.ElementTree as ET
import pandas as pd
from cin_validator import cin_validator

xml_path, ruleset = sys.argv[1], sys.argv[2]
registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
kinds = {str(rule.code): rule.rule_type.name for _, rule in registry.items()}
messages = {str(rule.code): rule.message for _, rule in registry.items()}
root = ET.parse(xml_path).getroot()
data = cin_validator.process_data(cin_validator.convert_data(root))
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    validator = cin_validator.CinValidator(data, registry)

def text(value):
    return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else str(value)

failures = []
for rec in validator.full_issue_df.to_dict("records"):
    row = rec.get("row_id")
    failures.append({
        "rule": text(rec.get("rule_code")),
        "message": text(rec.get("rule_description")),
        "la_child_id": text(rec.get("child_id")),
        "table": text(rec.get("tables_affected")),
        "columns": [text(rec.get("columns_affected"))],
        "row": None if text(row) == "" else int(row),
    })
for rec in validator.multichild_issues.to_dict("records"):
    failures.append({"rule": text(rec.get("rule_code")), "message": text(rec.get("rule_description")),
                     "la_child_id": "", "table": "", "columns": [], "row": None})
# A rule that fired but whose locations were lost (CINV drops some when mapping rows to children).
located = {f["rule"] for f in failures}
for code in validator.rules_broken:
    if str(code) not in located:
        failures.append({"rule": str(code), "message": messages.get(str(code), "") + " (location not reported)",
                         "la_child_id": "", "table": "", "columns": [], "row": None})
for line in printed.getvalue().splitlines():
    if line.startswith("Error with rule "):
        code = line[len("Error with rule "):].split(":", 1)[0].strip()
        failures.append({"rule": code, "message": "the rule crashed in the validator: " + line,
                         "la_child_id": "", "table": "", "columns": [], "row": None, "crash": True})
print(json.dumps({"failures": failures, "kinds": kinds, "rules_run": len(kinds)}))
"""


def run_external_validator(
    xml_path: str | Path, *, ruleset: str | None = None, timeout: int = 900
) -> tuple[list[ExternalFailure], list[ExternalFailure]]:
    """Validate a CIN census XML file with cin_validator in .venv-cinv: (errors, queries).

    ``ruleset`` defaults to the one for the file's ReferenceDate (2026-03-31: ``cin2025_26``).
    Failures at the same rule, child, table and row are merged (their columns joined).
    Raises RuntimeError when the validator itself cannot run.
    """
    if not validator_available():
        raise RuntimeError(f"{VENV_PYTHON} is missing: run bin/setup-cin-validator")
    ruleset = ruleset or ruleset_for(reference_date_of(xml_path))
    proc = subprocess.run(
        [str(VENV_PYTHON), "-c", _RUNNER, str(xml_path), ruleset],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"cin_validator failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    kinds: dict[str, str] = report["kinds"]
    merged: dict[tuple, dict] = {}
    for item in report["failures"]:
        key = (item["rule"], item["la_child_id"], item["table"], item["row"], item["message"])
        if key in merged:
            merged[key]["columns"] += [c for c in item["columns"] if c not in merged[key]["columns"]]
        else:
            merged[key] = dict(item, columns=[c for c in item["columns"] if c])
    errors: list[ExternalFailure] = []
    queries: list[ExternalFailure] = []
    for item in merged.values():
        failure = ExternalFailure(
            rule=item["rule"],
            message=item["message"],
            la_child_id=item["la_child_id"],
            table=item["table"],
            columns=tuple(item["columns"]),
            row=item["row"],
        )
        is_query = kinds.get(failure.rule) == "QUERY" or failure.rule.endswith("Q")
        (queries if is_query and not item.get("crash") else errors).append(failure)
    key = lambda f: (f.rule, f.la_child_id, f.table, f.row if f.row is not None else -1)  # noqa: E731
    return sorted(errors, key=key), sorted(queries, key=key)
