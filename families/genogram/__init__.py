"""Genograms drawn server-side as SVG from the record (GENOGRAM.md).

    draw_genogram(family, as_at=None, user=None) -> GenogramDrawing   # from the database
    build_genogram(graph_input) -> GenogramDrawing                    # from plain data (tests)
    build_genogram_svg(graph_input) -> str                            # the SVG only

`graph_input` is plain data: {"family": {id, name}, "as_at": date, "people": [...],
"relationships": [...], "memberships": [...]} with the API's field names (see graph.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from families.genogram.describe import (
    description_for,
    people_rows,
    relationship_to_index,
    title_for,
    tooltip,
    union_rows,
)
from families.genogram.graph import GenogramDataError, build_graph, graph_input_for_family
from families.genogram.layout import layout
from families.genogram.render import render_svg

__all__ = ["GenogramDataError", "GenogramDrawing", "build_genogram", "build_genogram_svg", "draw_genogram"]


@dataclass(frozen=True)
class GenogramDrawing:
    svg: str  # the whole <svg> element (UTF-8 text, no XML declaration)
    title: str
    description: str
    people: list[dict]  # text alternative: person_id, name, relationship, age, status, household
    unions: list[dict]  # partners, kind, dates, status
    generations: int
    warnings: tuple[str, ...] = ()


def build_genogram(graph_input: dict[str, Any]) -> GenogramDrawing:
    """Draw a genogram from plain data (deterministic: the same data gives the same bytes)."""
    graph = build_graph(graph_input)
    lay = layout(graph)
    relationships = {pid: relationship_to_index(graph, pid) for pid in sorted(graph.people)}
    tooltips = {pid: tooltip(graph, graph.people[pid], relationships[pid]) for pid in sorted(graph.people)}
    title = title_for(graph)
    description = description_for(graph, relationships)
    if graph.warnings:
        description += " " + " ".join(graph.warnings)
    svg = render_svg(graph, lay, title=title, description=description, tooltips=tooltips)
    return GenogramDrawing(
        svg=svg,
        title=title,
        description=description,
        people=people_rows(graph, relationships),
        unions=union_rows(graph),
        generations=graph.generations,
        warnings=tuple(graph.warnings),
    )


def build_genogram_svg(graph_input: dict[str, Any]) -> str:
    return build_genogram(graph_input).svg


def draw_genogram(family: Any, *, as_at: datetime.date | None = None, user: Any = None) -> GenogramDrawing:
    """A family's genogram as at a date (default today), without restricted records the user
    may not open. Access to the family itself is the caller's check (family_get_for_user)."""
    from django.utils import timezone

    when = as_at or timezone.localdate()
    return build_genogram(graph_input_for_family(family, as_at=when, user=user))
