"""The sections a team's page gains from later parts of the product (plans due for review,
actions, visits due...), registered like My work's sections.

Each section is a template and a function of ``(request, team)`` returning the template's
context, or None when the section is not for this user. A context may list the children it
shows under "people" (written to the access log with the page). Sections present work
neutrally (no red, no league tables) and cost a fixed number of queries whatever the rows::

    register_team_section(40, "plans_due", "casework/plans/_team_plans_due.html", plans_due)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from casework.my_work import RenderedSection, Section

__all__ = ["register_team_section", "team_sections_for", "unregister_team_section"]

TeamSectionContext = Callable[[HttpRequest, Any], dict[str, Any] | None]

_sections: dict[str, Section] = {}


def register_team_section(order: int, name: str, template: str, context_fn: TeamSectionContext) -> None:
    """Add (or replace: idempotent by name) a section of the team page."""
    if not name or not template or not callable(context_fn):
        raise ValueError("register_team_section needs a name, a template and a callable")
    _sections[name] = Section(order, name, template, context_fn)  # type: ignore[arg-type]


def unregister_team_section(name: str) -> None:
    _sections.pop(name, None)


def team_sections_for(request: HttpRequest, team: Any) -> list[RenderedSection]:
    """The registered sections for this user and team, in order (those returning None left out)."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context_fn(request, team)  # type: ignore[call-arg]
        if context is not None:
            rendered.append(RenderedSection(section.name, section.template, context))
    return rendered
