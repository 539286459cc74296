"""GENOGRAM.md test 25: genograms and eco-maps through WeasyPrint's tagged PDF. Renders with no
WeasyPrint error, each SVG <title> becomes the figure's /Alt, the text stays extractable and a
rasterised page is not blank; plus a probe SVG using every feature §6 says 70.0 renders."""

from __future__ import annotations

import io
import logging
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import Markup, escape
from PIL import Image
from pypdf import PdfReader

from families.ecomap import draw_ecomap
from families.views.drawings import genogram_for
from tests.families.test_drawings_data import smith_household

weasyprint = pytest.importorskip("weasyprint")
pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>
<style>@page {{ size: A4 landscape; margin: 12mm }} svg {{ width: 100%; height: auto; max-height: 175mm }}
figure {{ margin: 0; page-break-inside: avoid }} body {{ font-family: "DejaVu Sans" }}</style></head>
<body><h1>{title}</h1>{figures}</body></html>"""

PROBE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200" role="img"
 aria-labelledby="probe-title probe-desc"><title id="probe-title">Probe of SVG features</title>
<desc id="probe-desc">Every SVG feature the drawings rely on.</desc>
<style>.p-line{stroke:#0b0c0c;stroke-width:2} .p-group text{font-size:12px}</style>
<defs>
 <marker id="probe-arrow" markerWidth="10" markerHeight="10" refX="10" refY="5" orient="auto-start-reverse"
  markerUnits="userSpaceOnUse"><path d="M0,0 L10,5 L0,10 z" fill="#d4351c"/></marker>
 <pattern id="probe-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
  <line x1="0" y1="0" x2="0" y2="8" stroke="#0b0c0c" stroke-width="2"/></pattern>
 <clipPath id="probe-clip"><circle cx="330" cy="50" r="30"/></clipPath>
 <symbol id="probe-sym" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1d70b8"/></symbol>
</defs>
<rect x="5" y="5" width="60" height="40" rx="8" fill="#f3f2f1" stroke="#505a5f"/>
<circle cx="100" cy="25" r="20" fill="none" stroke="#0b0c0c"/>
<line class="p-line" x1="130" y1="25" x2="220" y2="25" marker-start="url(#probe-arrow)" marker-end="url(#probe-arrow)"/>
<polyline points="5,60 30,80 55,60" fill="none" stroke="#0b0c0c" stroke-dasharray="6 4" stroke-linecap="round"/>
<polygon points="80,60 100,90 60,90" fill="#d4351c"/>
<path d="M120,60 L200,90" stroke="currentColor" color="#0b0c0c" stroke-dasharray="10%"/>
<rect x="230" y="5" width="60" height="60" fill="url(#probe-hatch)"/>
<rect x="300" y="20" width="60" height="60" fill="#0b0c0c" clip-path="url(#probe-clip)"/>
<g opacity="0.5"><rect x="5" y="100" width="50" height="30" fill="#0b0c0c"/></g>
<svg x="70" y="100" width="40" height="40" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#00703c"/></svg>
<use href="#probe-sym" x="120" y="100" width="30" height="30"/>
<g class="p-group"><text x="200" y="120" text-anchor="middle">Probe <tspan font-weight="bold">text</tspan></text></g>
</svg>"""


def figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def render_pdf(title: str, svgs: list[tuple[str, str]], caplog) -> bytes:
    html = PAGE.format(title=escape(title), figures=Markup("".join(figure(s, c) for s, c in svgs)))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
    errors = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    return pdf


def alt_texts(pdf: bytes) -> list[str]:
    """Every /Alt in the PDF's structure tree (where tagged figures keep their alternative text)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[str] = []

    def walk(node, depth: int = 0) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 60:
            return
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"], depth + 1)
        elif isinstance(node, list):
            for child in node:
                walk(child, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "drawing.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def first_page_ink(pdf: bytes, tmp_path: Path) -> float:
    """The share of the first page's pixels that are not white, rasterised by pdftoppm."""
    path = tmp_path / "drawing.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "page")], check=True
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    histogram = image.histogram()  # 256 grey levels
    return sum(histogram[:200]) / sum(histogram)


needs_poppler = pytest.mark.poppler


@needs_poppler
def test_genogram_and_ecomap_render_to_a_tagged_pdf(allocated_worker, tmp_path, caplog):
    smiths = smith_household(allocated_worker)
    genogram = genogram_for(family=smiths.family, user=allocated_worker)
    ecomap = draw_ecomap(person=smiths.ava, user=allocated_worker)
    pdf = render_pdf(
        "Smith family: genogram and eco-map",
        [(genogram.svg, genogram.description), (ecomap.svg, ecomap.description)],
        caplog,
    )
    alts = alt_texts(pdf)
    assert genogram.title in alts and ecomap.title in alts
    text = pdf_text(pdf, tmp_path)
    assert "Kim Smith" in text or "Kim" in text
    assert "Oakfield Primary" in text and "Key" in text
    assert first_page_ink(pdf, tmp_path) > 0.005


@needs_poppler
def test_probe_svg_with_every_feature_renders(tmp_path, caplog):
    ET.fromstring(PROBE)  # well-formed
    pdf = render_pdf("Probe", [(PROBE, "Probe")], caplog)
    assert "Probe of SVG features" in alt_texts(pdf)
    assert "Probe text" in " ".join(pdf_text(pdf, tmp_path).split())
    assert first_page_ink(pdf, tmp_path) > 0.005


def test_a_missing_alt_would_be_reported(caplog):
    """The check above is real: tagged mode logs an error for an image without alternative text."""
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    html = f'<html><head><meta charset="utf-8"></head><body><img src="data:image/png;base64,{pixel}"></body></html>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        weasyprint.HTML(string=html).write_pdf(pdf_tags=True)
    assert any(r.levelno >= logging.ERROR for r in caplog.records if r.name.startswith("weasyprint"))
