"""Export kinds used only by tests (never imported by the application).

The unit tests register them for one test at a time (``monkeypatch.setitem`` on the registry);
a Celery worker started by a test imports ``tests.core.export_worker_kinds`` (``celery worker
-I ...``), which registers the slow kind so the worker can run it.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError

from casework.core.access import require_role
from casework.core.exports import ExportContext, ExportKind
from casework.core.models import Role, User

SLOW_KIND = "test_slow"


def performance_officers_only(user: User, parameters: dict[str, Any]) -> None:
    require_role(user, Role.PERFORMANCE_OFFICER)


def _slow_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    try:
        lines = int(parameters.get("lines", 20))
        delay = float(parameters.get("delay", 0.1))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"lines": "Give a number of lines and a delay in seconds."}) from exc
    return {"lines": lines, "delay": delay}


def slow_build(context: ExportContext) -> None:
    """Writes `lines` numbered lines, sleeping `delay` seconds before each, reporting progress."""
    lines, delay = context.parameters["lines"], context.parameters["delay"]
    with context.text() as out:
        for number in range(1, lines + 1):
            time.sleep(delay)
            out.write(f"line {number} of {lines}\n")
            out.flush()
            context.progress_of(number, lines)


def slow_kind() -> ExportKind:
    return ExportKind(
        kind=SLOW_KIND,
        label="Test: slow lines (text)",
        build=slow_build,
        check_permission=performance_officers_only,
        validate_parameters=_slow_parameters,
        content_type="text/plain; charset=utf-8",
        filename="slow.txt",
    )
