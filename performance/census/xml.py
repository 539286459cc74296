"""The CIN census XML (returns.md section 1, "Shape": the PIPE ``CIN_schema_2026.xsd``).

Elements are written in the schema's order (each type is an ``xs:sequence``), with its
cardinality: required elements are always written (empty if the record lacks the value, so the
validation page and the DfE's checks name what is missing), optional ones only when there is a
value. No namespace (CINV reads bare tag names); dates ``YYYY-MM-DD``; booleans ``0``/``1``;
``DateTime`` the London time of the export without a zone (``xs:dateTime``).

The file is streamed: each ``Child`` is written as soon as it is given, and nothing but the
current child is held in memory.

Not written: the 2026-27 ``PreProceedingsandFGDM`` block (pre-proceedings are not recorded yet;
it is in no XSD and CINV 0.1.13 does not read it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator

from performance.census.model import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusHeader,
    CensusSection47,
)

# The schema's order of each element's children (the tests compare the XML with this).
SCHEMA_ORDER: dict[str, list[str]] = {
    "Message": ["Header", "Children"],
    "Header": ["CollectionDetails", "Source"],
    "CollectionDetails": ["Collection", "Year", "ReferenceDate"],
    "Source": ["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"],
    "Children": ["Child"],
    "Child": ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"],
    "ChildIdentifiers": [
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "Sex",
        "PersonDeathDate",
    ],
    "ChildCharacteristics": ["Ethnicity", "Disabilities"],
    "Disabilities": ["Disability"],
    "CINdetails": [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ],
    "Assessments": [
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    ],
    "FactorsIdentifiedAtAssessment": ["AssessmentFactors"],
    "CINPlanDates": ["CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"],
    "ChildProtectionPlans": [
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
        "Reviews",
    ],
    "Reviews": ["CPPreviewDate"],
}
# (min, max) occurrences of each element within its parent; None = unbounded.
CARDINALITY: dict[str, tuple[int, int | None]] = {
    "Header": (0, 1),
    "Children": (1, 1),
    "CollectionDetails": (0, 1),
    "Source": (0, None),
    "LEA": (1, 1),
    "Child": (1, None),
    "ChildIdentifiers": (1, 1),
    "ChildCharacteristics": (1, 1),
    "CINdetails": (1, None),
    "LAchildID": (1, 1),
    "Sex": (1, 1),
    "Ethnicity": (1, 1),
    "Disabilities": (0, 1),
    "Disability": (1, None),
    "CINreferralDate": (1, 1),
    "ReferralSource": (1, 1),
    "ReferralNFA": (1, 1),
    "Assessments": (0, None),
    "AssessmentActualStartDate": (1, 1),
    "FactorsIdentifiedAtAssessment": (0, 1),
    "AssessmentFactors": (1, None),
    "CINPlanDates": (0, None),
    "CINPlanStartDate": (1, 1),
    "Section47": (0, None),
    "S47ActualStartDate": (1, 1),
    "ICPCnotRequired": (1, 1),
    "ChildProtectionPlans": (0, None),
    "CPPstartDate": (1, 1),
    "InitialCategoryOfAbuse": (1, 1),
    "LatestCategoryOfAbuse": (1, 1),
    "NumberOfPreviousCPP": (1, 1),
    "Reviews": (0, 1),
    "CPPreviewDate": (1, None),
}
INDENT = "  "


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Writer:
    """A small indenting writer over XMLGenerator: elements open, close, or hold one value."""

    def __init__(self, out: BinaryIO) -> None:
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=False)
        self.depth = 0

    def _newline(self) -> None:
        self.xml.ignorableWhitespace("\n" + INDENT * self.depth)

    def open(self, name: str) -> None:
        self._newline()
        self.xml.startElement(name, {})
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self._newline()
        self.xml.endElement(name)

    def value(self, name: str, value: object) -> None:
        """A required element: written even when empty."""
        self._newline()
        self.xml.startElement(name, {})
        self.xml.characters(_text(value))
        self.xml.endElement(name)

    def optional(self, name: str, value: object) -> None:
        """An optional element: written only with a value (a boolean is always a value)."""
        if value is None or value == "" or value == []:
            return
        self.value(name, value)


def _header(w: _Writer, header: CensusHeader) -> None:
    w.open("Header")
    w.open("CollectionDetails")
    w.value("Collection", "CIN")
    w.value("Year", header.year)
    w.value("ReferenceDate", header.reference_date)
    w.close("CollectionDetails")
    w.open("Source")
    w.value("SourceLevel", "L")
    w.value("LEA", header.lea)
    w.value("SoftwareCode", header.software_code)
    w.value("Release", header.release)
    w.value("SerialNo", f"{header.serial_no:03d}")
    w.value("DateTime", header.generated_at)
    w.close("Source")
    w.close("Header")


def _assessment(w: _Writer, a: CensusAssessment) -> None:
    w.open("Assessments")
    w.value("AssessmentActualStartDate", a.start_date)
    w.optional("AssessmentInternalReviewDate", a.internal_review_date)
    w.optional("AssessmentAuthorisationDate", a.authorisation_date)
    if a.factors:
        w.open("FactorsIdentifiedAtAssessment")
        for factor in a.factors:
            w.value("AssessmentFactors", factor)
        w.close("FactorsIdentifiedAtAssessment")
    w.close("Assessments")


def _cin_plan(w: _Writer, p: CensusCINPlan) -> None:
    w.open("CINPlanDates")
    w.value("CINPlanStartDate", p.start_date)
    w.optional("CINPlanEndDate", p.end_date)
    w.close("CINPlanDates")


def _section47(w: _Writer, s: CensusSection47) -> None:
    w.open("Section47")
    w.value("S47ActualStartDate", s.start_date)
    w.optional("InitialCPCtarget", s.icpc_target)
    w.optional("DateOfInitialCPC", s.date_of_initial_cpc)
    w.value("ICPCnotRequired", bool(s.icpc_not_required))
    w.close("Section47")


def _cp_plan(w: _Writer, p: CensusCPPlan) -> None:
    w.open("ChildProtectionPlans")
    w.value("CPPstartDate", p.start_date)
    w.optional("CPPendDate", p.end_date)
    w.value("InitialCategoryOfAbuse", p.initial_category)
    w.value("LatestCategoryOfAbuse", p.latest_category)
    w.value("NumberOfPreviousCPP", int(p.number_of_previous_cpp))
    if p.review_dates:
        w.open("Reviews")
        for day in p.review_dates:
            w.value("CPPreviewDate", day)
        w.close("Reviews")
    w.close("ChildProtectionPlans")


def _episode(w: _Writer, e: CensusEpisode) -> None:
    w.open("CINdetails")
    w.value("CINreferralDate", e.referral_date)
    w.value("ReferralSource", e.referral_source)
    w.optional("PrimaryNeedCode", e.primary_need)
    w.optional("CINclosureDate", e.closure_date)
    w.optional("ReasonForClosure", e.reason_for_closure)
    w.optional("DateOfInitialCPC", e.date_of_initial_cpc)
    for assessment in e.assessments:
        _assessment(w, assessment)
    for plan in e.cin_plans:
        _cin_plan(w, plan)
    for s47 in e.section47s:
        _section47(w, s47)
    w.value("ReferralNFA", bool(e.referral_nfa))
    for plan in e.cp_plans:
        _cp_plan(w, plan)
    w.close("CINdetails")


def _child(w: _Writer, c: CensusChild) -> None:
    w.open("Child")
    w.open("ChildIdentifiers")
    w.value("LAchildID", c.la_child_id)
    w.optional("UPN", c.upn)
    w.optional("FormerUPN", c.former_upn)
    w.optional("UPNunknown", "" if c.upn else c.upn_unknown)
    w.optional("PersonBirthDate", c.birth_date)
    w.optional("ExpectedPersonBirthDate", None if c.birth_date else c.expected_birth_date)
    w.value("Sex", c.sex)
    w.optional("PersonDeathDate", c.death_date)
    w.close("ChildIdentifiers")
    w.open("ChildCharacteristics")
    w.value("Ethnicity", c.ethnicity)
    if c.disabilities:
        w.open("Disabilities")
        for code in c.disabilities:
            w.value("Disability", code)
        w.close("Disabilities")
    w.close("ChildCharacteristics")
    for episode in c.episodes:
        _episode(w, episode)
    w.close("Child")


def write_census_xml(out: BinaryIO, *, header: CensusHeader, children: Iterable[CensusChild]) -> int:
    """Write the census to ``out`` (bytes, UTF-8), one child at a time; returns how many children."""
    w = _Writer(out)
    w.xml.startDocument()
    w.xml.startElement("Message", {})
    w.depth = 1
    _header(w, header)
    w.open("Children")
    count = 0
    for child in children:
        _child(w, child)
        count += 1
    w.close("Children")
    w.depth = 0
    w._newline()
    w.xml.endElement("Message")
    w.xml.ignorableWhitespace("\n")
    w.xml.endDocument()
    return count
