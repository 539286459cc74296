"""Genogram and eco-map pages: the drawing inline in a <figure>, its key, and the text
alternative tables beside it (GENOGRAM.md §7), plus what the API and the child's record share.

The SVG is inlined (not an <img>) so screen readers reach its title, description and per-person
titles, and the page's text alternative sits in the same document. It is our own ElementTree
output (names escaped), so it is the only markup marked safe here. The page's CSP forbids inline
styles, so each page allows exactly the drawing's own <style> element by its SHA-256 hash.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import xml.etree.ElementTree as ET
from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from markupsafe import Markup

from casework.core.access_log import log_access
from casework.core.forms import GovukDateField, error_summary_params
from casework.core.pages import govuk_fields
from families import selectors
from families.ecomap import draw_ecomap
from families.models import Family, FamilyMembership, Person

SVG_STYLE_TAGS = ("{http://www.w3.org/2000/svg}style", "style")


class AsAtForm(forms.Form):
    """The date a genogram is drawn as at (ages, memberships and unions on that day)."""

    as_at = GovukDateField(
        label="Draw the genogram as at",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2024. Leave blank for today.",
    )


# --- Shared with the API and the child's record ----------------------------------------------


def style_hashes(*svgs: str) -> list[str]:
    """CSP hash sources for the <style> elements inside these SVGs (as the browser hashes them)."""
    hashes = []
    for svg in svgs:
        for element in ET.fromstring(svg).iter():  # noqa: S314 - our own drawing, not outside input
            if element.tag in SVG_STYLE_TAGS and element.text:
                digest = hashlib.sha256(element.text.encode()).digest()
                hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def allow_styles(response: HttpResponse, *svgs: str) -> HttpResponse:
    """Let the drawing's own <style> through the Content Security Policy, and nothing else."""
    hashes = style_hashes(*svgs)
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
    return response


def inline_svg(svg: str) -> Markup:
    """Our ElementTree output, ready to inline: no XML declaration, and no fixed width or height
    on the root, so the viewBox scales it to the column."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    root_end = svg.index(">")
    root = re.sub(r'\s(width|height)="[^"]*"', "", svg[:root_end])
    return Markup(root + svg[root_end:])  # noqa: S704 - escaped by ElementTree, never user markup


def people_drawn(drawing: Any) -> list[Person]:
    """The real people a genogram shows (placeholders have no record), for the access log."""
    ids = []
    for row in drawing.people:
        try:
            ids.append(UUID(str(row.get("person_id"))))
        except ValueError:
            continue
    return list(Person.objects.filter(pk__in=ids)) if ids else []


def genogram_for(*, family: Family, user: Any, as_at: datetime.date | None = None) -> Any:
    from families.genogram import draw_genogram  # the genogram engine (families/genogram/)

    return draw_genogram(family, as_at=as_at, user=user)


def cell(value: Any) -> str:
    """One table cell of the text alternative: lists joined, nothing shown as blank."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    return str(value)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> dict[str, Any]:
    return {"head": [label for _, label in columns], "rows": [[cell(r.get(key)) for key, _ in columns] for r in rows]}


PEOPLE_COLUMNS = [
    ("name", "Name"),
    ("relationship", "Relationship to the child"),
    ("age", "Age"),
    ("status", "Living or deceased"),
    ("household", "Household"),
]
UNION_COLUMNS = [("partners", "Partners"), ("kind", "Type"), ("dates", "Dates"), ("status", "Status")]
SYSTEM_COLUMNS = [
    ("name", "Name"),
    ("person", "Member"),
    ("kind", "Connection or professional"),
    ("group", "Kind or agency"),
    ("role", "Role"),
    ("strength", "Strength of the tie"),
    ("energy", "Energy flows"),
]


# --- Pages -------------------------------------------------------------------------------------


@require_GET
def family_genogram(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """The family's genogram, as at today or a date typed in (the form redraws it)."""
    family = selectors.family_get_for_user(user=request.user, family_id=family_id)
    form = AsAtForm(request.GET if any(k.startswith("as_at-") for k in request.GET) else None)
    as_at = form.cleaned_data["as_at"] if form.is_bound and form.is_valid() else None
    drawing = genogram_for(family=family, user=request.user, as_at=as_at)
    log_access(request, what="Family genogram", people=people_drawn(drawing), family=family)
    context = {
        "title": f"Genogram: {family.name}",
        "family": family,
        "drawing": drawing,
        "svg": inline_svg(drawing.svg),
        "as_at": as_at or timezone.localdate(),
        "fields": govuk_fields(form),
        "form_errors": error_summary_params(form),
        "people_table": _table(drawing.people, PEOPLE_COLUMNS),
        "unions_table": _table(drawing.unions, UNION_COLUMNS),
        "back_url": reverse("families:family_detail", kwargs={"family_id": family.pk}),
    }
    status = 400 if form.is_bound and form.errors else 200
    response = render(request, "families/drawings/genogram.html", context, status=status)
    return allow_styles(response, drawing.svg)


def _ecomap_page(request: HttpRequest, drawing: Any, *, subject: str, back_url: str, family: bool) -> HttpResponse:
    columns = [c for c in SYSTEM_COLUMNS if family or c[0] != "person"]
    context = {
        "title": f"Eco-map: {subject}",
        "subject": subject,
        "drawing": drawing,
        "svg": inline_svg(drawing.svg),
        "systems_table": _table(drawing.systems, columns),
        "back_url": back_url,
    }
    return allow_styles(render(request, "families/drawings/ecomap.html", context), drawing.svg)


@require_GET
def family_ecomap(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """The family at the centre, with its members' connections and the professionals involved."""
    family = selectors.family_get_for_user(user=request.user, family_id=family_id)
    drawing = draw_ecomap(family=family, user=request.user)
    log_access(request, what="Family eco-map", people=drawing.people, family=family)
    back_url = reverse("families:family_detail", kwargs={"family_id": family.pk})
    return _ecomap_page(request, drawing, subject=family.name, back_url=back_url, family=True)


@require_GET
def person_ecomap(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A child (or adult) at the centre, with their connections and the professionals involved."""
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    drawing = draw_ecomap(person=person, user=request.user)
    log_access(request, what="Eco-map", people=[person])
    back_url = reverse("families:person_detail", kwargs={"person_id": person.pk})
    return _ecomap_page(request, drawing, subject=person.full_name, back_url=back_url, family=False)


# --- The child's record (casework.core.record_parts) -------------------------------------------


def record_drawings_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person's eco-map and their current families' genograms, as links with thumbnails
    (images from the API, so the record page's CSP needs nothing more). Two queries."""
    in_family = FamilyMembership.objects.filter(person=person, left__isnull=True).values("family_id")
    families = selectors.family_list_for_user(user=request.user).filter(id__in=in_family).order_by("name", "id")
    return {"person": person, "families": list(families)}


__all__ = [
    "family_ecomap",
    "family_genogram",
    "person_ecomap",
    "record_drawings_part",
]
