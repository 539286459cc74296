"""Server-rendered, accessible SVG bar charts drawn from a dashboard ``Table``.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says every number in
words, so a screen reader hears what a sighted reader sees; the same numbers are in the table beside
it. Series are told apart by pattern and by a legend and a label on every bar, never by colour
alone; everything is drawn in the GOV.UK text colour. An authority's reference value
(``DASHBOARD_THRESHOLDS``) is a dashed line with its own label, not a colour.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from markupsafe import Markup

from performance.dashboard.measures import Table

WIDTH = 480
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
GAP = 10
LEFT = 4
RIGHT = 50  # room for the value after the longest bar
INK = "#0b0c0c"
# (pattern id suffix, the pattern's content, the legend's word for it)
PATTERNS = [
    ("solid", f'<rect width="8" height="8" fill="{INK}"/>', "solid"),
    (
        "stripes",
        f'<rect width="8" height="8" fill="#fff"/><path d="M0,8 L8,0" stroke="{INK}" stroke-width="2"/>',
        "diagonal stripes",
    ),
    ("dots", f'<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2" fill="{INK}"/>', "dots"),
    (
        "grid",
        f'<rect width="8" height="8" fill="#fff"/><path d="M0,4 H8 M4,0 V8" stroke="{INK}" stroke-width="1.5"/>',
        "grid",
    ),
    ("plain", '<rect width="8" height="8" fill="#fff"/>', "outline only"),
]


def number(value: Any) -> float:
    """A cell as a number: 12 → 12, "40%" → 40, "-" → 0."""
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return 0.0


def _fmt(value: float, percent: bool) -> str:
    text = f"{value:g}"
    return f"{text}%" if percent else text


def chart_svg(table: Table) -> Markup | None:
    """The table's chart, or None when it has none or nothing to draw."""
    spec = table.chart
    if spec is None:
        return None
    series = [table.columns[i] for i in spec.value_columns]
    rows = [(str(row[0]), [number(row[i]) for i in spec.value_columns]) for row in table.rows]
    if spec.stacked:
        rows = [r for r in rows if sum(r[1])]  # a source with no contacts is left out of the chart
    if not any(any(values) for _, values in rows):
        return None  # nothing to draw: the table says "0"
    if spec.percent:
        scale_max = 100.0
    elif spec.stacked:
        scale_max = max(sum(values) for _, values in rows) or 1.0
    else:
        scale_max = max(max(values) for _, values in rows) or 1.0
    if spec.threshold is not None and not spec.percent:
        scale_max = max(scale_max, float(spec.threshold))
    plot = WIDTH - LEFT - RIGHT
    uid = f"chart-{table.name}"
    parts: list[str] = []
    words: list[str] = []
    y = 0
    for label, values in rows:
        parts.append(f'<text x="{LEFT}" y="{y + 13}" class="cw-chart__label">{escape(label)}</text>')
        y += LABEL_HEIGHT
        if spec.stacked:
            x = LEFT
            for index, value in enumerate(values):
                width = plot * value / scale_max
                if width:
                    parts.append(_bar(uid, index, x, y, width))
                x += width
            total = sum(values)
            parts.append(f'<text x="{x + 4:.1f}" y="{y + 12}" class="cw-chart__value">{_fmt(total, False)}</text>')
            words.append(f"{label}: " + ", ".join(f"{s} {_fmt(v, False)}" for s, v in zip(series, values, strict=True)))
            y += BAR_HEIGHT + GAP
        else:
            for index, value in enumerate(values):
                width = plot * value / scale_max
                parts.append(_bar(uid, index, LEFT, y, width))
                shown = _fmt(value, spec.percent)
                parts.append(f'<text x="{LEFT + width + 4:.1f}" y="{y + 12}" class="cw-chart__value">{shown}</text>')
                y += BAR_HEIGHT + 2
            words.append(
                f"{label}: " + ", ".join(f"{s} {_fmt(v, spec.percent)}" for s, v in zip(series, values, strict=True))
            )
            y += GAP
    if spec.threshold is not None:
        x = LEFT + plot * float(spec.threshold) / scale_max
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{y}" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{min(x + 4, WIDTH - 120):.1f}" y="{y + 14}" class="cw-chart__value">'
            f"Reference: {_fmt(float(spec.threshold), spec.percent)}</text>"
        )
        words.append(f"The authority's reference value is {_fmt(float(spec.threshold), spec.percent)}")
        y += LABEL_HEIGHT + 4
    legend = ""
    if len(series) > 1:
        legend_parts = []
        ly = y + 4
        for index, name in enumerate(series):
            legend_parts.append(_bar(uid, index, LEFT, ly, 14, height=12))
            legend_parts.append(f'<text x="{LEFT + 20}" y="{ly + 11}" class="cw-chart__value">{escape(name)}</text>')
            ly += 18
        legend = "".join(legend_parts)
        y = ly
    defs = "".join(
        f'<pattern id="{uid}-{pid}" width="8" height="8" patternUnits="userSpaceOnUse">{content}</pattern>'
        for pid, content, _ in PATTERNS
    )
    kind = "Stacked bar chart" if spec.stacked else "Bar chart"
    scale = "per cent" if spec.percent else "number"
    description = f"{kind} of {table.caption.lower()} ({scale}). " + ". ".join(words) + "."
    height = y + 4
    return Markup(  # noqa: S704 - every text in it is escaped above
        f'<svg class="cw-chart" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="GDS Transport, arial, sans-serif" font-size="16" fill="{INK}">'
        f'<title id="{uid}-title">{escape(table.title)}</title>'
        f'<desc id="{uid}-desc">{escape(description)}</desc>'
        f"<defs>{defs}</defs>{''.join(parts)}{legend}</svg>"
    )


def _bar(uid: str, index: int, x: float, y: float, width: float, *, height: int = BAR_HEIGHT) -> str:
    pid = PATTERNS[index % len(PATTERNS)][0]
    return (
        f'<rect x="{x:.1f}" y="{y}" width="{max(width, 0):.1f}" height="{height}" '
        f'fill="url(#{uid}-{pid})" stroke="{INK}" stroke-width="1"/>'
    )
