"""Parts of a child's record page that other apps add, without the families app importing them.

The person page (families) shows who the person is; the case domain and later apps know what is
happening to the child (episodes, plans, assessments). Each registers a part when it starts::

    # casework/apps.py, in ready()
    register_record_part("episodes", 10, "casework/cases/_record_episodes.html", episodes_part)

    def episodes_part(request, person) -> dict | None:
        ...  # what the template needs, or None when there is nothing to show

The person page calls ``record_parts_for(request, person)`` and includes each part's template
with ``part.context`` in its context. A part that returns None is not shown at all, so the page
never carries an empty heading or a dead link. A part must cost a fixed number of queries,
whatever the number of rows it shows (the page's query-count tests hold it to that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

__all__ = ["RecordPart", "RenderedPart", "record_parts_for", "register_record_part", "unregister_record_part"]

PartContext = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class RecordPart:
    name: str
    order: int
    template: str
    context_fn: PartContext


@dataclass(frozen=True)
class RenderedPart:
    """One part to include on the page: its template and what that template reads as `part.context`."""

    name: str
    template: str
    context: dict[str, Any]


_parts: dict[str, RecordPart] = {}


def register_record_part(name: str, order: int, template: str, context_fn: PartContext) -> None:
    """Add (or replace: idempotent by name) a part of the person's record page."""
    if not name or not template or not callable(context_fn):
        raise ValueError("register_record_part needs a name, a template and a callable")
    _parts[name] = RecordPart(name, order, template, context_fn)


def unregister_record_part(name: str) -> None:
    _parts.pop(name, None)


def record_parts_for(request: HttpRequest, person: Any) -> list[RenderedPart]:
    """The parts that have something to show about this person, in order."""
    rendered = []
    for part in sorted(_parts.values(), key=lambda p: (p.order, p.name)):
        context = part.context_fn(request, person)
        if context is not None:
            rendered.append(RenderedPart(part.name, part.template, context))
    return rendered
