"""Eco-map layout (GENOGRAM.md §3): systems on one, two or three rings around the centre.

Strongest ties inside; each ring ordered by sector (connection kinds in a fixed order, then
professionals by agency) and name, evenly spaced from 12 o'clock; an outer system turns a little
where its tie would cross an inner system; the rings grow until no circle or label overlaps.
Text is measured with fontTools on DejaVu Sans, the font of the image and the PDFs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from families.models import Strength

FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
STRENGTH_RANK = {Strength.STRONG: 0, Strength.MODERATE: 1, Strength.STRESSFUL: 1, Strength.TENUOUS: 2}
CENTRE_R = 64
SYSTEM_R = 26
LABEL_CHARS = 24


@dataclass(frozen=True)
class System:
    key: str
    attr: str  # data-connection-id or data-professional-id
    sector: tuple
    kind: str
    group: str
    name: str
    detail: str
    strength: str
    energy: str
    row: dict[str, Any]


@dataclass
class Placed:
    system: System
    x: float
    y: float


def ring_count(count: int) -> int:
    """GENOGRAM.md §3: one ring for up to 6 systems, 2 rings for up to 12, 3 beyond."""
    return 0 if count == 0 else 1 if count <= 6 else 2 if count <= 12 else 3


def _ring_sizes(count: int, rings: int) -> list[int]:
    """Outer rings are longer, so they take more systems (weights 2, 3, 4)."""
    if not rings:
        return []
    weights = [j + 2 for j in range(rings)]
    shares = [count * w / sum(weights) for w in weights]
    sizes = [math.floor(s) for s in shares]
    by_remainder = sorted(range(rings), key=lambda j: (-(shares[j] - sizes[j]), j))
    for j in by_remainder[: count - sum(sizes)]:
        sizes[j] += 1
    return sizes


def _rings(systems: list[System]) -> list[list[System]]:
    """Strongest ties inside; within a ring, by sector then name. A ring's share moves by up to a
    quarter of its size so that ties of one strength share a ring where they can."""
    ordered = sorted(systems, key=lambda s: (STRENGTH_RANK.get(s.strength, 1), s.sector, s.name.casefold(), s.key))
    if not ordered:
        return []
    ranks = [STRENGTH_RANK.get(s.strength, 1) for s in ordered]
    sizes = _ring_sizes(len(ordered), ring_count(len(ordered)))
    bounds, end = [0], 0
    for size in sizes[:-1]:
        end += size
        reach = max(1, size // 4)
        changes = [
            p for p in range(end - reach, end + reach + 1) if bounds[-1] < p < len(ordered) and ranks[p - 1] != ranks[p]
        ]
        bounds.append(min(changes, key=lambda p: (abs(p - end), p)) if changes else end)
    bounds.append(len(ordered))
    return [
        sorted(ordered[start:stop], key=lambda s: (s.sector, s.name.casefold(), s.key))
        for start, stop in itertools.pairwise(bounds)
    ]


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % (2 * math.pi)
    return min(d, 2 * math.pi - d)


def _ring_angles(rings: list[list[System]]) -> list[list[float]]:
    """Evenly spaced from 12 o'clock; outer rings turn by the fraction of a step that keeps their
    lines furthest from the inner systems (deterministic: the smallest such turn)."""
    angles: list[list[float]] = []
    inner: list[float] = []
    for j, ring in enumerate(rings):
        step = 2 * math.pi / len(ring)
        best = 0.0
        if j and inner:
            candidates = [k * step / 12 for k in range(12)]
            best = max(
                candidates,
                key=lambda o: (round(min(_angle_gap(o + i * step, a) for i in range(len(ring)) for a in inner), 6), -o),
            )
        angles.append([best + i * step for i in range(len(ring))])
        inner += angles[-1]
    return angles


def label_lines(system: System) -> tuple[str, str]:
    return truncate(system.name), truncate(system.detail)


def truncate(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_box(x: float, y: float, system: System) -> tuple[float, float, float, float]:
    """Labels sit outside the circle, away from the centre: above it in the top sector, below it
    at the bottom, beside it on the left and right (so no tie runs through its own label)."""
    name, detail = label_lines(system)
    width = max(text_width(name, 12), text_width(detail, 11)) + 6
    length = math.hypot(x, y) or 1
    if abs(x) / length < 0.5:
        top = y - SYSTEM_R - 4 - LABEL_H if y < 0 else y + SYSTEM_R + 4
        return (x - width / 2, top, x + width / 2, top + LABEL_H)
    left = x + SYSTEM_R + 4 if x > 0 else x - SYSTEM_R - 4 - width
    return (left, y - LABEL_H / 2, left + width, y + LABEL_H / 2)


LABEL_H = 32


def footprint(placed: list[Placed]) -> list[tuple[float, float, float, float]]:
    """The centre's box, then each system's circle and label boxes."""
    boxes = [(-CENTRE_R, -CENTRE_R, CENTRE_R, CENTRE_R)]
    for p in placed:
        boxes.append((p.x - SYSTEM_R, p.y - SYSTEM_R, p.x + SYSTEM_R, p.y + SYSTEM_R))
        boxes.append(label_box(p.x, p.y, p.system))
    return boxes


def _overlap(a: tuple, b: tuple, pad: float = 2) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _any_overlap(boxes: list[tuple]) -> bool:
    # A system's circle (index 2k+1) and its own label (2k+2) sit together by design.
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            if not (i % 2 == 1 and j == i + 1) and _overlap(a, boxes[j]):
                return True
    return False


def layout(systems: list[System]) -> list[Placed]:
    rings = _rings(systems)
    angles = _ring_angles(rings)
    widest = max((label_box(0, 0, s)[2] * 2 for s in systems), default=0)
    radii: list[float] = []
    for ring in rings:
        step = 2 * math.pi / len(ring)
        fit = (widest + 12) / (2 * math.sin(step / 2)) if len(ring) > 1 else 0
        radii.append(max(fit, (radii[-1] + 110) if radii else CENTRE_R + SYSTEM_R + 70))
    placed: list[Placed] = []
    for _ in range(40):  # grow the rings until nothing overlaps (bounded, deterministic)
        placed = []
        for j, ring in enumerate(rings):
            step = 2 * math.pi / len(ring)
            for s, a in zip(ring, angles[j], strict=True):
                a = _clear_angle(a, step * 0.4, radii[j], placed)
                placed.append(Placed(s, radii[j] * math.sin(a), -radii[j] * math.cos(a)))
        if not _any_overlap(footprint(placed)):
            break
        radii = [r * 1.1 for r in radii]
    return placed


def _bearing(x: float, y: float) -> float:
    """Clockwise from 12 o'clock."""
    return math.atan2(x, -y)


def _clear_angle(angle: float, slack: float, radius: float, inner: list[Placed]) -> float:
    """Turn an outer system by the least amount (at most `slack`) so that its tie passes no inner
    system's circle or label; if no such turn exists, keep the even spacing."""
    blocked = []
    for p in inner:
        for x0, y0, x1, y1 in (
            (p.x - SYSTEM_R - 5, p.y - SYSTEM_R - 5, p.x + SYSTEM_R + 5, p.y + SYSTEM_R + 5),
            label_box(p.x, p.y, p.system),
        ):
            corners = [_bearing(x, y) for x in (x0, x1) for y in (y0, y1)]
            middle = _bearing((x0 + x1) / 2, (y0 + y1) / 2)
            spread = max(abs(_signed(c - middle)) for c in corners) + 0.02
            blocked.append((middle, spread))
    for turn in sorted((k * slack / 8 for k in range(-8, 9)), key=lambda t: (abs(t), t)):
        if all(abs(_signed(angle + turn - middle)) > spread for middle, spread in blocked):
            return angle + turn
    return angle


def _signed(angle: float) -> float:
    return (angle + math.pi) % (2 * math.pi) - math.pi


@lru_cache(maxsize=1)
def _font_metrics() -> tuple[dict[int, str], Any, int] | None:
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(FONT_FILE, lazy=True)
        return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    except Exception:  # no font file: fall back to an estimate
        return None


def text_width(text: str, size: float) -> float:
    """Width of text in DejaVu Sans (the font the image and the PDFs use), measured with fontTools."""
    metrics = _font_metrics()
    if metrics is None:
        return len(text) * size * 0.62
    cmap, hmtx, units = metrics
    total = sum(hmtx[cmap[ord(ch)]][0] if ord(ch) in cmap else units * 0.6 for ch in text)
    return total * size / units
