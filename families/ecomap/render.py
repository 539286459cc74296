"""Eco-map SVG (GENOGRAM.md §5, §6, §7): ElementTree only (names escaped), ids prefixed per
drawing, its own <style> plus presentation attributes that carry the same look where that style
is blocked, real text in DejaVu Sans, a legend readable without colour, deterministic output.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Any

from families.ecomap.layout import CENTRE_R, SYSTEM_R, Placed, footprint, label_box, label_lines, text_width, truncate
from families.models import Energy, Strength

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans"
KIND_ABBREVIATION = {
    "family": "Fam",
    "friend": "Fr",
    "school": "Sch",
    "health": "Hlth",
    "leisure": "Lei",
    "faith": "Fth",
    "work": "Wk",
    "other": "Oth",
    "professional": "Pro",
}
# Line style carries the meaning (SC 1.4.1); colour only reinforces it, each ≥ 3:1 on white.
STROKE = {"strong": ("3", ""), "moderate": ("1.5", ""), "tenuous": ("1.5", "6 4"), "stressful": ("1.5", "")}
COLOUR = {"strong": "#0b0c0c", "moderate": "#505a5f", "tenuous": "#505a5f", "stressful": "#d4351c"}
MARKER = {"#0b0c0c": "dark", "#505a5f": "grey", "#d4351c": "red"}
MARGIN = 16
STYLE = (
    ".ex-ecomap text{font-family:'DejaVu Sans',sans-serif;fill:#0b0c0c}"
    ".ex-label{font-size:12px}.ex-sub{font-size:11px;fill:#505a5f}.ex-abbr{font-size:10px}"
    ".ex-centre-name{font-size:13px;font-weight:bold}.ex-centre-sub{font-size:11px}"
    ".ex-node{fill:#f3f2f1;stroke:#505a5f;stroke-width:1.5}.ex-centre{fill:#ffffff;stroke:#0b0c0c;stroke-width:2}"
    ".ex-tie{fill:none}.ex-strong{stroke:#0b0c0c;stroke-width:3}.ex-moderate{stroke:#505a5f;stroke-width:1.5}"
    ".ex-tenuous{stroke:#505a5f;stroke-width:1.5;stroke-dasharray:6 4}.ex-stressful{stroke:#d4351c;stroke-width:1.5}"
    ".ex-ticks{stroke:#d4351c;stroke-width:1.5;fill:none}.ex-label-bg{fill:#ffffff}"
    ".ex-legend-title{font-size:13px;font-weight:bold}.ex-legend text{font-size:12px}"
)


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _el(parent: ET.Element, tag: str, attrs: dict[str, Any] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k: (_n(v) if isinstance(v, float) else str(v)) for k, v in (attrs or {}).items()}
    )
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, x: float, y: float, text: str, cls: str, size: float, **attrs: Any) -> ET.Element:
    base = {"x": x, "y": y, "class": cls, "text-anchor": "middle", "font-family": FONT, "font-size": size}
    return _el(parent, "text", {**base, **attrs}, text)


def _markers(defs: ET.Element, prefix: str) -> None:
    for colour, name in sorted(MARKER.items(), key=lambda i: i[1]):
        marker = _el(
            defs,
            "marker",
            {
                "id": f"{prefix}-arrow-{name}",
                "markerWidth": "10",
                "markerHeight": "10",
                "refX": "10",
                "refY": "5",
                "orient": "auto-start-reverse",
                "markerUnits": "userSpaceOnUse",
            },
        )
        _el(marker, "path", {"d": "M0,0 L10,5 L0,10 z", "fill": colour})


def _tie(parent: ET.Element, prefix: str, start: tuple, end: tuple, strength: str, energy: str) -> None:
    """A straight line from the centre's edge to the system's edge: style by strength, arrows
    by energy (towards the person: at the centre end; from the person: at the system end)."""
    width, dash = STROKE.get(strength, STROKE["moderate"])
    colour = COLOUR.get(strength, COLOUR["moderate"])
    attrs: dict[str, Any] = {
        "class": f"ex-tie ex-{strength}",
        "x1": start[0],
        "y1": start[1],
        "x2": end[0],
        "y2": end[1],
        "stroke": colour,
        "stroke-width": width,
    }
    if dash:
        attrs["stroke-dasharray"] = dash
    marker = f"url(#{prefix}-arrow-{MARKER[colour]})"
    if energy in (Energy.TO_PERSON, Energy.BOTH):
        attrs["marker-start"] = marker
    if energy in (Energy.FROM_PERSON, Energy.BOTH):
        attrs["marker-end"] = marker
    _el(parent, "line", attrs)
    if strength == Strength.STRESSFUL:
        _el(parent, "path", {"class": "ex-ticks", "d": _ticks(start, end), "stroke": colour, "stroke-width": "1.5"})


def _ticks(start: tuple, end: tuple) -> str:
    """Short cross-ticks every 8 px (Hartman's crossed line), clear of the arrowheads."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1
    ux, uy = dx / length, dy / length
    parts, along = [], 14.0
    while along <= length - 14:
        cx, cy = start[0] + ux * along, start[1] + uy * along
        parts.append(f"M{_n(cx - uy * 4)},{_n(cy + ux * 4)} L{_n(cx + uy * 4)},{_n(cy - ux * 4)}")
        along += 8
    return " ".join(parts)


def _tie_group(parent: ET.Element, prefix: str, p: Placed) -> None:
    """The tie, carrying the record's id, with a tooltip saying what it means."""
    s, row = p.system, p.system.row
    group = _el(parent, "g", {"class": f"ex-tie-group ex-tie-{s.strength} ex-energy-{s.energy}", s.attr: s.key})
    _el(group, "title", text=f"{s.name} ({s.detail}): {row['strength'].lower()}, energy {row['energy'].lower()}")
    length = math.hypot(p.x, p.y) or 1
    ux, uy = p.x / length, p.y / length
    start = (ux * CENTRE_R, uy * CENTRE_R)
    end = (p.x - ux * SYSTEM_R, p.y - uy * SYSTEM_R)
    _tie(group, prefix, start, end, s.strength, s.energy)


def _node(parent: ET.Element, p: Placed) -> None:
    """The system's circle (with its kind abbreviated inside) and its label on a white ground."""
    s = p.system
    group = _el(parent, "g", {"class": f"ex-node-group ex-kind-{s.kind}"})
    _el(group, "title", text=f"{s.name} ({s.detail})")
    circle = {"class": "ex-node", "cx": p.x, "cy": p.y, "r": SYSTEM_R, "fill": "#f3f2f1", "stroke": "#505a5f"}
    _el(group, "circle", {**circle, "stroke-width": "1.5"})
    _text(group, p.x, p.y, KIND_ABBREVIATION.get(s.kind, ""), "ex-abbr", 10, dy="0.35em")
    name, detail = label_lines(s)
    x0, y0, x1, y1 = label_box(p.x, p.y, s)
    _el(
        group,
        "rect",
        {"class": "ex-label-bg", "x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0, "fill": "#ffffff"},
    )
    _text(group, (x0 + x1) / 2, y0 + 13, name, "ex-label", 12)
    _text(group, (x0 + x1) / 2, y0 + 27, detail, "ex-sub", 11, fill="#505a5f")


def _centre(
    parent: ET.Element, heading: str, lines: list[list[tuple[str, str]]], attrs: dict[str, str], title: str
) -> None:
    """The person (name, age) or the family (name, members two to a line) in a double circle."""
    group = _el(parent, "g", {"class": "ex-centre-group", **attrs})
    _el(group, "title", text=title)
    _el(
        group,
        "circle",
        {
            "class": "ex-centre",
            "cx": "0",
            "cy": "0",
            "r": CENTRE_R,
            "fill": "#ffffff",
            "stroke": "#0b0c0c",
            "stroke-width": "2",
        },
    )
    _el(
        group,
        "circle",
        {
            "class": "ex-centre",
            "cx": "0",
            "cy": "0",
            "r": CENTRE_R - 4,
            "fill": "none",
            "stroke": "#0b0c0c",
            "stroke-width": "1",
        },
    )
    top = -7.0 * len(lines)
    heading = _fit(heading, 13 * 1.1, top)  # bold runs about a tenth wider
    _text(group, 0.0, top, heading, "ex-centre-name", 13, dy="0.35em", **{"font-weight": "bold"})
    for i, parts in enumerate(lines):
        y = top + 15 * (i + 1)
        line = _text(group, 0.0, y, None, "ex-centre-sub", 11, dy="0.35em")
        room = _room(11, y)
        for j, (text, person_id) in enumerate(parts):
            span = _el(line, "tspan", {"data-person-id": person_id} if person_id else {}, text)
            if j + 1 < len(parts):
                span.tail = ", "
        if len(parts) == 1:
            line[0].text = _fit(parts[0][0], 11, y)
        elif text_width(", ".join(p[0] for p in parts), 11) > room:
            for span in line:
                span.text = truncate(span.text, 6)


def _room(size: float, y: float) -> float:
    inner = CENTRE_R - 8
    return 2 * math.sqrt(max(inner * inner - (abs(y) + size / 2) ** 2, 0))


def _fit(text: str, size: float, y: float) -> str:
    """Shorten text (with an ellipsis) to fit across the centre circle at height y."""
    room = _room(size, y)
    limit = len(text)
    while limit > 1 and text_width(truncate(text, limit), size) > room:
        limit -= 1
    return truncate(text, limit)


def _legend(parent: ET.Element, prefix: str, x: float, y: float, who: str) -> None:
    legend = _el(parent, "g", {"class": "ex-legend", "transform": f"translate({_n(x)},{_n(y)})"})
    _el(
        legend,
        "text",
        {"class": "ex-legend-title", "x": "0", "y": "0", "font-family": FONT, "font-size": "13", "font-weight": "bold"},
        "Key",
    )
    for i, strength in enumerate(["strong", "moderate", "tenuous", "stressful"]):
        row_y = 20.0 + 22 * i
        _tie(legend, prefix, (0.0, row_y), (44.0, row_y), strength, "none")
        _el(
            legend,
            "text",
            {"x": "52", "y": _n(row_y), "dy": "0.35em", "font-family": FONT, "font-size": "12"},
            Strength(strength).label + " tie",
        )
    for i, (energy, words) in enumerate(
        [
            ("to_person", f"Energy flows to {who}"),
            ("from_person", f"Energy flows from {who}"),
            ("both", "Energy flows both ways"),
        ]
    ):
        row_y = 20.0 + 22 * i
        _el(legend, "circle", {"cx": "170", "cy": _n(row_y), "r": "4", "fill": "#0b0c0c"})
        _tie(legend, prefix, (175.0, row_y), (213.0, row_y), "moderate", energy)
        _el(legend, "circle", {"cx": "218", "cy": _n(row_y), "r": "4", "fill": "#ffffff", "stroke": "#505a5f"})
        _el(legend, "text", {"x": "228", "y": _n(row_y), "dy": "0.35em", "font-family": FONT, "font-size": "12"}, words)
    _el(
        legend,
        "text",
        {"x": "170", "y": "86", "dy": "0.35em", "font-family": FONT, "font-size": "12"},
        f"● {who.capitalize()}   ○ a system",
    )


LEGEND_W, LEGEND_H = 420, 110


def render(prefix: str, title: str, desc: str, centre: dict[str, Any], placed: list[Placed], who: str) -> str:
    boxes = footprint(placed)
    min_x, min_y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_x, max_y = max(b[2] for b in boxes), max(b[3] for b in boxes)
    width = max(max_x - min_x, LEGEND_W) + 2 * MARGIN
    height = max_y - min_y + 2 * MARGIN + LEGEND_H
    ox = MARGIN - min_x + (width - 2 * MARGIN - (max_x - min_x)) / 2
    oy = MARGIN - min_y
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "class": "ex-ecomap",
            "font-family": FONT,
        },
    )
    _el(root, "title", {"id": f"{prefix}-title"}, title)
    _el(root, "desc", {"id": f"{prefix}-desc"}, desc)
    _el(root, "style", text=STYLE)
    _markers(_el(root, "defs"), prefix)
    diagram = _el(root, "g", {"class": "ex-map", "transform": f"translate({_n(ox)},{_n(oy)})"})
    ties, nodes = _el(diagram, "g", {"class": "ex-ties"}), _el(diagram, "g", {"class": "ex-nodes"})
    for p in placed:
        _tie_group(ties, prefix, p)
        _node(nodes, p)
    _centre(diagram, **centre)
    _legend(root, prefix, MARGIN, height - LEGEND_H + 14, who)
    return ET.tostring(root, encoding="unicode")
