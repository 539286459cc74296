"""Text measurement with the font the PDF uses (DejaVu Sans), so labels fit and never overlap."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FALLBACK_EM = 0.62  # a conservative average advance (in ems) when the font is not installed
ELLIPSIS = "…"


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[int, int], int] | None:
    """Advance widths by code point and units per em, read once."""
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(FONT_PATH), lazy=True)
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
        return widths, font["head"].unitsPerEm
    except Exception:
        return None


def text_width(text: str, size: float) -> float:
    """Width of `text` in px at `size` px."""
    metrics = _metrics()
    if metrics is None:
        return len(text) * size * FALLBACK_EM
    widths, per_em = metrics
    fallback = per_em * FALLBACK_EM
    return sum(widths.get(ord(ch), fallback) for ch in text) * size / per_em


def fit(text: str, size: float, max_width: float) -> str:
    """`text`, truncated with an ellipsis to fit `max_width` (the full text goes in <title>)."""
    if text_width(text, size) <= max_width:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + ELLIPSIS, size) > max_width:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS
