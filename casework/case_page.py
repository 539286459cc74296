"""The sections a family's case page gains from apps built on the case domain (assessments...),
registered like the team page's sections, so the case domain never imports those apps.

Each section is a template and a function of ``(request, case, page, records)`` — the case, the
case page's presenter (``page.children``: the children this user may see) and the latest records
— returning the template's context (read as ``section.context``), or None when the section is
not for this user. A section costs a fixed number of queries whatever its rows::

    register_case_section(30, "assessments", "assessments/_case_assessments.html", case_assessments)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from casework.my_work import RenderedSection, Section

__all__ = ["case_sections_for", "register_case_section", "unregister_case_section"]

CaseSectionContext = Callable[[HttpRequest, Any, Any, Any], dict[str, Any] | None]

_sections: dict[str, Section] = {}


def register_case_section(order: int, name: str, template: str, context_fn: CaseSectionContext) -> None:
    """Add (or replace: idempotent by name) a section of the case page."""
    if not name or not template or not callable(context_fn):
        raise ValueError("register_case_section needs a name, a template and a callable")
    _sections[name] = Section(order, name, template, context_fn)  # type: ignore[arg-type]


def unregister_case_section(name: str) -> None:
    _sections.pop(name, None)


def case_sections_for(request: HttpRequest, case: Any, page: Any, records: Any) -> list[RenderedSection]:
    """The registered sections for this user and case, in order (those returning None left out)."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context_fn(request, case, page, records)  # type: ignore[call-arg]
        if context is not None:
            rendered.append(RenderedSection(section.name, section.template, context))
    return rendered
