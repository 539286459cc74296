"""The sections of My work, registered by the parts of the product that put work there.

Each section is a template and a function of the request that returns the template's context,
or None when the section is not for this user (a worker sees no "Closures awaiting your
decision")::

    # casework/apps.py (or another app's AppConfig.ready)
    register_section(30, "closures_to_decide", "casework/my_work/_closures_to_decide.html", closures_to_decide)

    def closures_to_decide(request) -> dict | None:
        ...

A section that applies to the user but has nothing in it returns its context anyway, and its
template says so plainly (an honest empty state). A context may list the children it shows
under "people": My work writes them to the access log in one go. A section must cost a fixed
number of queries whatever the number of rows (My work's query-count tests hold it to that).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

__all__ = ["RenderedSection", "Section", "register_section", "sections_for", "unregister_section"]

SectionContext = Callable[[HttpRequest], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    order: int
    name: str
    template: str
    context_fn: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    """One section to include: its template reads its context as `section.context`."""

    name: str
    template: str
    context: dict[str, Any]


_sections: dict[str, Section] = {}


def register_section(order: int, name: str, template: str, context_fn: SectionContext) -> None:
    """Add (or replace: idempotent by name) a section of My work."""
    if not name or not template or not callable(context_fn):
        raise ValueError("register_section needs a name, a template and a callable")
    _sections[name] = Section(order, name, template, context_fn)


def unregister_section(name: str) -> None:
    _sections.pop(name, None)


def sections_for(request: HttpRequest) -> list[RenderedSection]:
    """The sections for the signed-in user, in order (those that return None left out)."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context_fn(request)
        if context is not None:
            rendered.append(RenderedSection(section.name, section.template, context))
    return rendered
