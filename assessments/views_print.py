"""The family's copy of an assessment: a print layout in plain language, and the PDF of it.

The page (``assessments:assessment_print``) and the ``assessment_pdf`` export (assessments.exports)
render the same template, ``assessments/print.html``: the page inside the service's layout (its
print style sheet hides the service's header, menu and buttons), the PDF inside a bare layout for
WeasyPrint. What it shows comes from ``assessment_sections(for_family=True)`` (confidential
addresses and restricted people already left out) and is checked again here: an address flagged
confidential is never shown, whatever the value says. Sections whose template entry says
``"family_copy": false`` are left out. Pre-filled sections are live in a draft and the frozen
snapshot once submitted, so an authorised assessment's copy never changes.

Who may read it follows "Read a child's record" (other team 404), except that performance
officers read structured fields only and this document is narrative (403).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_POST
from markupsafe import Markup

from assessments.kinds import SCALE_VIEWPOINTS, THREE_COLUMNS
from assessments.models import Assessment, AssessmentStatus
from assessments.selectors import assessment_children, assessment_get_for_user, assessment_sections
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.codes import ASSESSMENT_FACTORS
from casework.core.exports import export_kind, export_request
from casework.core.models import User
from families.selectors import sees_narrative
from families.views.drawings import allow_styles, inline_svg

PDF_KIND = "assessment_pdf"
NARRATIVE_ONLY = "Performance officers read structured fields only; this document is written text about the family."
CSS_PATH = "css/assessment-family.css"
PDF_LAYOUT = "assessments/_family_pdf_layout.html"
FACTOR_LABELS = dict(ASSESSMENT_FACTORS)
ANSWERS = {"yes": "Yes", "no": "No"}
# Elements and attributes a drawing may never carry into a page or a PDF (our own drawings never do).
UNSAFE_TAGS = ("script", "foreignObject", "iframe", "object", "embed")


# --- The document ------------------------------------------------------------------------------


@dataclass
class Table:
    head: list[str]
    rows: list[list[str]]


@dataclass
class FamilySection:
    """One section as the family reads it: its title and one way of showing its content."""

    key: str
    title: str
    kind: str
    text: str = ""  # narrative, and the detail of a yes/no answer
    answer: str = ""  # yes/no
    columns: list[tuple[str, str]] = field(default_factory=list)  # three columns, scale viewpoints
    facts: list[tuple[str, str]] = field(default_factory=list)  # summary rows
    table: Table | None = None
    drawings: list[Markup] = field(default_factory=list)
    empty: str = "Nothing has been written here yet."

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.answer or self.columns or self.facts or self.table or self.drawings)


def _date(value: Any) -> str:
    """An ISO date (as frozen in a snapshot) or a date, in words: 3 March 2026."""
    if not value:
        return ""
    parsed = parse_date(value) if isinstance(value, str) else value
    if parsed is None:
        return str(value)
    return f"{parsed.day} {parsed:%B %Y}"


def _yes_no(value: Any) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _person_born(row: dict[str, Any]) -> str:
    if row.get("date_of_birth"):
        return _date(row["date_of_birth"]) + (" (estimated)" if row.get("date_of_birth_estimated") else "")
    if row.get("expected_date_of_birth"):
        return f"Expected {_date(row['expected_date_of_birth'])}"
    return "Not recorded"


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value or [] if isinstance(row, dict) and not row.get("restricted")]


def _children_table(value: Any) -> Table:
    columns = ("gender", "disability", "ethnicity", "religion")
    rows = [[r.get("name", ""), _person_born(r), *(r.get(key, "") for key in columns)] for r in _rows(value)]
    return Table(["Name", "Date of birth", "Gender", "Disability", "Ethnicity", "Religion"], rows)


def _household_table(value: Any) -> Table:
    rows = []
    for r in _rows(value):
        responsibility = r.get("parental_responsibility_for") or []
        pr = f"Yes, for {', '.join(responsibility)}" if responsibility else _yes_no(r.get("parental_responsibility"))
        lives_here = _yes_no(r.get("in_household"))
        rows.append([r.get("name", ""), r.get("relationship", ""), _person_born(r), lives_here, pr or "No"])
    return Table(["Name", "Relationship", "Date of birth", "Lives in the household", "Parental responsibility"], rows)


def _address_facts(value: Any) -> list[tuple[str, str]]:
    """Addresses and telephone, never an address flagged confidential."""
    value = value if isinstance(value, dict) else {}
    facts = []
    for row in value.get("addresses") or []:
        if not isinstance(row, dict) or row.get("confidential"):
            continue
        text = row.get("text") or ", ".join(row.get(k) or "" for k in ("line1", "line2", "town", "postcode"))
        facts.append(("Address", text))
    if value.get("telephone"):
        facts.append(("Telephone", value["telephone"]))
    return facts


def _professionals_table(value: Any) -> Table:
    rows = [
        [r.get("name", ""), r.get("role_agency", ""), r.get("contact", ""), r.get("working_with", "") or "The family"]
        for r in _rows(value)
    ]
    return Table(["Name", "Role and organisation", "How to contact them", "Working with"], rows)


def _timeline_table(value: Any) -> Table:
    rows = [[r.get("date_text") or _date(r.get("date")), r.get("summary", "")] for r in _rows(value)]
    return Table(["When", "What happened"], rows)


def _child_protection_facts(value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, dict):
        return [("Child protection enquiry (Section 47)", "No enquiry has been made")]
    facts = [("Is a child protection enquiry (Section 47) under way?", _yes_no(value.get("under_way")) or "No")]
    for key, label in (
        ("start_date", "The enquiry started on"),
        ("completed_date", "The enquiry finished on"),
        ("icpc_target_date", "A child protection conference is due by"),
    ):
        if value.get(key):
            facts.append((label, _date(value[key])))
    if value.get("outcome"):
        facts.append(("What the enquiry found", str(value["outcome"])))
    if value.get("conference_within_15_working_days") is not None:
        facts.append(
            ("Conference held within 15 working days", _yes_no(value.get("conference_within_15_working_days")))
        )
    return facts


def safe_drawings(value: Any) -> list[str]:
    """The SVG drawings in a pre-filled value (one, or several one after another), each checked
    to be a well-formed SVG carrying nothing that could run; anything else is left out."""
    text = value.get("svg", "") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text.strip():
        return []
    drawings = []
    for part in re.split(r"\n(?=\s*(?:<\?xml|<svg))", text.strip()):
        svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", part)
        try:
            root = ET.fromstring(svg)  # noqa: S314 - our own drawing engine's output, checked below
        except ET.ParseError:
            continue
        if not root.tag.endswith("svg") or any(_unsafe(element) for element in root.iter()):
            continue
        drawings.append(svg)
    return drawings


def _unsafe(element: ET.Element) -> bool:
    if element.tag.rsplit("}", 1)[-1] in UNSAFE_TAGS:
        return True
    for name, value in element.attrib.items():
        local = name.rsplit("}", 1)[-1].lower()
        if local.startswith("on") or (local == "href" and not value.startswith("#")):
            return True
    return False


def _scale_columns(section: dict[str, Any], value: dict[str, Any]) -> list[tuple[str, str]]:
    asked = section.get("viewpoints") or [key for key, _ in SCALE_VIEWPOINTS]
    labels = dict(SCALE_VIEWPOINTS)
    return [
        (labels.get(key, key), f"{value[key]} out of 10")
        for key in asked
        if isinstance(value.get(key), int) and not isinstance(value.get(key), bool)
    ]


def _written(section: FamilySection, spec: dict[str, Any], value: Any) -> None:
    if section.kind == "narrative":
        section.text = value if isinstance(value, str) else ""
    elif section.kind == "yes_no" and isinstance(value, dict):
        section.answer = ANSWERS.get(value.get("answer") or "", "")
        section.text = value.get("detail") or ""
    elif section.kind == "three_columns" and isinstance(value, dict):
        section.columns = [(label, value.get(key) or "Nothing written yet.") for key, label in THREE_COLUMNS]
        if not any(value.get(key) for key, _ in THREE_COLUMNS):
            section.columns = []
    elif section.kind == "scale" and isinstance(value, dict):
        section.columns = _scale_columns(spec, value)
        anchors = spec.get("anchors") or {}
        section.facts = [(f"{point} means", words) for point, words in sorted(anchors.items(), key=lambda a: a[0])]
        section.text = value.get("comment") or ""
        if not section.columns and not section.text:
            section.facts = []


def _prefilled(section: FamilySection, value: Any) -> None:
    kind = section.kind
    section.empty = "Nothing is recorded."
    if kind == "subject_children":
        section.table = _children_table(value)
    elif kind == "household":
        section.table = _household_table(value)
    elif kind == "professionals":
        section.table = _professionals_table(value)
    elif kind == "timeline":
        section.table = _timeline_table(value)
    elif kind == "address":
        section.facts = _address_facts(value)
        section.empty = "No address is shown in this copy."
    elif kind == "child_protection":
        section.facts = _child_protection_facts(value)
    elif kind in ("genogram", "ecomap"):
        section.drawings = [inline_svg(svg) for svg in safe_drawings(value)]
        section.empty = "There is no drawing yet."
    if section.table is not None and not section.table.rows:
        section.table = None


def _outcomes(section: FamilySection, assessment: Assessment) -> None:
    """The factors identified for each child, in words (the census codes are for the return)."""
    section.empty = "Nothing has been identified yet."
    rows = []
    for subject in assessment_children(assessment):
        if subject.child.restricted:
            continue
        factors = "; ".join(FACTOR_LABELS.get(code, code) for code in subject.factors or []) or "None identified"
        support = {True: "Yes", False: "No", None: "Not decided yet"}[subject.requires_support]
        rows.append([subject.child.full_name, factors, support])
    section.table = Table(["Child", "What we identified", "Needs help and support from children's services"], rows)


def family_sections(*, assessment: Assessment, user: User) -> list[FamilySection]:
    """The template's sections meant for the family, in template order, ready to show."""
    nothing_written = "Nothing has been written here yet." if assessment.is_open else "Nothing was written here."
    found = []
    for view in assessment_sections(assessment=assessment, user=user, for_family=True):
        spec = view.section or {}
        if spec.get("family_copy") is False:
            continue
        section = FamilySection(key=view.key, title=view.title, kind=view.kind, empty=nothing_written)
        if view.prefilled:
            _prefilled(section, view.value)
        elif view.kind == "factors":
            _outcomes(section, assessment)
        else:
            _written(section, spec, view.value)
        found.append(section)
    if assessment.analysis and not any(s.key == "analysis" and not s.is_empty for s in found):
        _place_analysis(found, assessment.analysis)
    return found


def _place_analysis(found: list[FamilySection], analysis: str) -> None:
    """The worker's analysis (kept on the assessment itself) goes where the template puts a
    section keyed ``analysis``, else before "what happens next", else at the end."""
    for section in found:
        if section.key == "analysis":
            section.kind, section.text = "narrative", analysis
            return
    position = next((i for i, s in enumerate(found) if "next" in s.key), len(found))
    found.insert(position, FamilySection(key="analysis", title="Analysis", kind="narrative", text=analysis))


def family_document_context(*, assessment: Assessment, user: User) -> dict[str, Any]:
    """Everything the family's copy shows (the page and the PDF)."""
    children = [s.child for s in assessment_children(assessment) if not s.child.restricted]
    author = assessment.created_by
    return {
        "title": f"{assessment.template.name}: the family's copy",
        "assessment": assessment,
        "template_name": assessment.template.name,
        "children": children,
        "children_names": _names([c.full_name for c in children]),
        "author": author,
        "author_role": author.get_role_display().lower() if author.role in WRITING_ROLES else "",
        "sections": family_sections(assessment=assessment, user=user),
        "authorised": assessment.status == AssessmentStatus.AUTHORISED,
        "made_at": timezone.localtime(),
    }


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def document_svgs(context: dict[str, Any]) -> list[str]:
    return [str(svg) for section in context["sections"] for svg in section.drawings]


def family_document_html(*, assessment: Assessment, user: User) -> str:
    """The document alone, for WeasyPrint (the PDF): the same template in a bare layout (its
    style sheet, CSS_PATH, is given to WeasyPrint)."""
    context = family_document_context(assessment=assessment, user=user)
    return render_to_string("assessments/print.html", {**context, "layout": PDF_LAYOUT, "pdf": True})


# --- Pages -------------------------------------------------------------------------------------


def readable_for_family(*, user: User, assessment_id: Any) -> Assessment:
    """The assessment, if the user may read its family document: other team 404 (through the
    selector), performance officers 403 (narrative)."""
    assessment = assessment_get_for_user(user=user, assessment_id=assessment_id)
    if not sees_narrative(user):
        raise PermissionDenied(NARRATIVE_ONLY)
    return assessment


@require_GET
def assessment_print(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """The family's copy, laid out for reading and for the browser's print."""
    assessment = readable_for_family(user=request.user, assessment_id=assessment_id)
    context = family_document_context(assessment=assessment, user=request.user)
    log_access(request, what="Assessment: the family's copy", people=[s.child for s in assessment_children(assessment)])
    entry = export_kind(PDF_KIND)
    context |= {
        "layout": "layouts/base.html",
        "back_url": reverse("assessments:assessment_detail", kwargs={"assessment_id": assessment.pk}),
        "can_download": entry is not None and entry.may_request(request.user, {"assessment": str(assessment.pk)}),
    }
    response = render(request, "assessments/print.html", context)
    return allow_styles(response, *document_svgs(context))


@require_POST
def assessment_print_export(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """Ask for the family's copy as a PDF, then show the job's progress (the export pages)."""
    assessment = readable_for_family(user=request.user, assessment_id=assessment_id)
    job = export_request(by=request.user, kind=PDF_KIND, parameters={"assessment": str(assessment.pk)})
    return redirect("core:export_job", job_id=job.pk)
