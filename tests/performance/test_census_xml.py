"""The census XML (performance.census.xml): schema order and cardinality, values, header, streaming.

The schema below is written out here from the PIPE ``CIN_schema_2026.xsd`` (returns.md section 1,
"Shape"), independently of the writer's own table, so the test checks the writer against the XSD.
"""

from __future__ import annotations

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest

from casework.models import Plan
from performance.census.derive import census_children, census_header
from performance.census.model import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusHeader,
    CensusSection47,
)
from performance.census.xml import write_census_xml
from tests.performance.test_census_derive import YEAR_END, a_upn, build, london  # noqa: F401  (fixture)

D = datetime.date

# element: [(child, min, max)] in xs:sequence order; max None = unbounded.
XSD: dict[str, list[tuple[str, int, int | None]]] = {
    "Message": [("Header", 0, 1), ("Children", 1, 1)],
    "Header": [("CollectionDetails", 0, 1), ("Source", 0, None)],
    "CollectionDetails": [("Collection", 0, 1), ("Year", 0, 1), ("ReferenceDate", 0, 1)],
    "Source": [
        ("SourceLevel", 0, 1),
        ("LEA", 1, 1),
        ("SoftwareCode", 0, 1),
        ("Release", 0, 1),
        ("SerialNo", 0, 1),
        ("DateTime", 0, 1),
    ],
    "Children": [("Child", 1, None)],
    "Child": [("ChildIdentifiers", 1, 1), ("ChildCharacteristics", 1, 1), ("CINdetails", 1, None)],
    "ChildIdentifiers": [
        ("LAchildID", 1, 1),
        ("UPN", 0, 1),
        ("FormerUPN", 0, 1),
        ("UPNunknown", 0, 1),
        ("PersonBirthDate", 0, 1),
        ("ExpectedPersonBirthDate", 0, 1),
        ("Sex", 1, 1),
        ("PersonDeathDate", 0, 1),
    ],
    "ChildCharacteristics": [("Ethnicity", 1, 1), ("Disabilities", 0, 1)],
    "Disabilities": [("Disability", 1, None)],
    "CINdetails": [
        ("CINreferralDate", 1, 1),
        ("ReferralSource", 1, 1),
        ("PrimaryNeedCode", 0, 1),
        ("CINclosureDate", 0, 1),
        ("ReasonForClosure", 0, 1),
        ("DateOfInitialCPC", 0, 1),
        ("Assessments", 0, None),
        ("CINPlanDates", 0, None),
        ("Section47", 0, None),
        ("ReferralNFA", 1, 1),
        ("ChildProtectionPlans", 0, None),
    ],
    "Assessments": [
        ("AssessmentActualStartDate", 1, 1),
        ("AssessmentInternalReviewDate", 0, 1),
        ("AssessmentAuthorisationDate", 0, 1),
        ("FactorsIdentifiedAtAssessment", 0, 1),
    ],
    "FactorsIdentifiedAtAssessment": [("AssessmentFactors", 1, None)],
    "CINPlanDates": [("CINPlanStartDate", 1, 1), ("CINPlanEndDate", 0, 1)],
    "Section47": [
        ("S47ActualStartDate", 1, 1),
        ("InitialCPCtarget", 0, 1),
        ("DateOfInitialCPC", 0, 1),
        ("ICPCnotRequired", 1, 1),
    ],
    "ChildProtectionPlans": [
        ("CPPstartDate", 1, 1),
        ("CPPendDate", 0, 1),
        ("InitialCategoryOfAbuse", 1, 1),
        ("LatestCategoryOfAbuse", 1, 1),
        ("NumberOfPreviousCPP", 1, 1),
        ("Reviews", 0, 1),
    ],
    "Reviews": [("CPPreviewDate", 1, None)],
}
DATES = {
    "ReferenceDate",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "PersonDeathDate",
    "CINreferralDate",
    "CINclosureDate",
    "DateOfInitialCPC",
    "AssessmentActualStartDate",
    "AssessmentInternalReviewDate",
    "AssessmentAuthorisationDate",
    "CINPlanStartDate",
    "CINPlanEndDate",
    "S47ActualStartDate",
    "InitialCPCtarget",
    "CPPstartDate",
    "CPPendDate",
    "CPPreviewDate",
}
BOOLEANS = {"ReferralNFA", "ICPCnotRequired"}


def check_against_schema(element: ET.Element) -> None:
    """Every element's children in the XSD's order, each within its cardinality; leaves valued."""
    children = [c.tag for c in element]
    if element.tag not in XSD:
        assert not children, f"{element.tag} should hold a value, not elements"
        return
    sequence = XSD[element.tag]
    order = [name for name, _, _ in sequence]
    assert all(tag in order for tag in children), f"{element.tag}: unexpected {set(children) - set(order)}"
    positions = [order.index(tag) for tag in children]
    assert positions == sorted(positions), f"{element.tag}: {children} is not in schema order {order}"
    for name, low, high in sequence:
        count = children.count(name)
        assert count >= low, f"{element.tag} needs {low} {name}, has {count}"
        assert high is None or count <= high, f"{element.tag} allows {high} {name}, has {count}"
    for child in element:
        check_against_schema(child)


def all_values(root: ET.Element, tag: str) -> list[str]:
    return [e.text or "" for e in root.iter(tag)]


def header(**overrides) -> CensusHeader:
    data = {
        "year": 2026,
        "reference_date": YEAR_END,
        "lea": "201",
        "software_code": "Casework",
        "release": "0.1.0",
        "serial_no": 7,
        "generated_at": datetime.datetime(2026, 4, 2, 10, 30, 5),
    }
    data.update(overrides)
    return CensusHeader(**data)


def full_child() -> CensusChild:
    """A child with every optional element, two episodes."""
    return CensusChild(
        person_id=1,
        la_child_id="C1",
        sex="F",
        ethnicity="WBRI",
        upn=a_upn(1),
        former_upn=a_upn(2),
        birth_date=D(2015, 6, 1),
        death_date=D(2026, 3, 1),
        disabilities=["MOB", "LD"],
        episodes=[
            CensusEpisode(
                episode_id=1,
                case_id=1,
                referral_date=D(2025, 4, 2),
                referral_source="2A",
                primary_need="N1",
                closure_date=D(2025, 9, 1),
                reason_for_closure="RC7",
                date_of_initial_cpc=D(2025, 5, 6),
                assessments=[
                    CensusAssessment(1, D(2025, 4, 3), D(2025, 4, 20), D(2025, 5, 1), ["3B", "4B"]),
                    CensusAssessment(2, D(2025, 8, 3)),
                ],
                cin_plans=[CensusCINPlan(1, D(2025, 5, 2), D(2025, 5, 5))],
                section47s=[
                    CensusSection47(1, D(2025, 4, 10), D(2025, 5, 1), D(2025, 5, 1), False),
                    CensusSection47(2, D(2025, 7, 1), D(2025, 7, 22), None, True),
                ],
                cp_plans=[
                    CensusCPPlan(1, D(2025, 5, 6), "NEG", "EMO", 2, D(2025, 8, 30), [D(2025, 7, 1), D(2025, 8, 1)])
                ],
            ),
            CensusEpisode(
                episode_id=2,
                case_id=1,
                referral_date=D(2025, 12, 1),
                referral_source="6",
                referral_nfa=True,
                closure_date=D(2025, 12, 1),
                reason_for_closure="RC7",
            ),
        ],
    )


def written(children, **kwargs) -> tuple[ET.Element, bytes, int]:
    out = io.BytesIO()
    count = write_census_xml(out, header=kwargs.pop("header", header()), children=children)
    return ET.fromstring(out.getvalue()), out.getvalue(), count


def test_every_element_in_schema_order_and_cardinality():
    root, _, count = written([full_child(), full_child()])
    assert count == 2
    check_against_schema(root)
    assert [c.tag for c in root.find("Children/Child/CINdetails/Assessments")] == [
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    ]


def test_no_namespace_utf8_dates_and_booleans():
    root, raw, _ = written([full_child()])
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert root.tag == "Message" and b"xmlns" not in raw
    for tag in DATES:
        for value in all_values(root, tag):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (tag, value)
    for tag in BOOLEANS:
        assert set(all_values(root, tag)) <= {"0", "1"}
    assert all_values(root, "ReferralNFA") == ["0", "1"]
    assert all_values(root, "ICPCnotRequired") == ["0", "1"]
    assert all_values(root, "CPPreviewDate") == ["2025-07-01", "2025-08-01"]
    assert len(root.findall("Children/Child/CINdetails/ChildProtectionPlans/Reviews")) == 1
    assert all_values(root, "AssessmentFactors") == ["3B", "4B"]
    assert all_values(root, "NumberOfPreviousCPP") == ["2"]


def test_header_values():
    root, _, _ = written([full_child()], header=header(serial_no=7))
    h = root.find("Header")
    assert [e.text for e in h.find("CollectionDetails")] == ["CIN", "2026", "2026-03-31"]
    source = {e.tag: e.text for e in h.find("Source")}
    assert source == {
        "SourceLevel": "L",
        "LEA": "201",
        "SoftwareCode": "Casework",
        "Release": "0.1.0",
        "SerialNo": "007",
        "DateTime": "2026-04-02T10:30:05",
    }
    root, _, _ = written([full_child()], header=header(serial_no=1234))
    assert root.find("Header/Source/SerialNo").text == "1234"


def test_optional_elements_are_left_out_when_empty_and_required_ones_written():
    bare = CensusChild(
        person_id=2,
        la_child_id="C2",
        sex="U",
        ethnicity="",
        expected_birth_date=D(2026, 6, 1),
        episodes=[CensusEpisode(episode_id=3, case_id=2, referral_date=D(2026, 1, 5), referral_source="3B")],
    )
    root, _, _ = written([bare])
    check_against_schema(root)
    identifiers = root.find("Children/Child/ChildIdentifiers")
    assert [e.tag for e in identifiers] == ["LAchildID", "ExpectedPersonBirthDate", "Sex"]
    assert identifiers.find("Sex").text == "U"
    assert [e.tag for e in root.find("Children/Child/ChildCharacteristics")] == ["Ethnicity"]
    assert [e.tag for e in root.find("Children/Child/CINdetails")] == [
        "CINreferralDate",
        "ReferralSource",
        "ReferralNFA",
    ]


def test_children_are_written_as_they_come():
    out = io.BytesIO()
    seen = []

    def children():
        for n in range(3):
            seen.append(len(out.getvalue()))
            child = full_child()
            child.la_child_id = f"C{n}"
            yield child

    write_census_xml(out, header=header(), children=children())
    assert seen[0] < seen[1] < seen[2]  # each child was in the file before the next was made
    assert b"<LAchildID>C0</LAchildID>" in out.getvalue()[: seen[1]]


def test_derived_census_as_xml(build, settings):  # noqa: F811
    settings.LA_CODE = "201"
    two = build.child(upn=a_upn(5))
    build.episode(two, D(2025, 4, 10), closed=D(2025, 7, 1), reason="RC7")
    second = build.episode(two, D(2025, 11, 3))
    build.assessment(second, D(2025, 11, 4), authorised=london(D(2025, 12, 1)), factors=["21"])
    unborn = build.child(expected_date_of_birth=D(2026, 6, 1), upn=None, upn_unknown="")
    build.episode(unborn, D(2026, 1, 5), closed=D(2026, 1, 5))
    protected = build.child(previous_cp_plans_elsewhere=1)
    episode = build.episode(protected, D(2025, 5, 1))
    build.s47(episode, D(2025, 5, 5), outcome="icpc", completed=D(2025, 5, 23), target=D(2025, 5, 27))
    plan = build.cp_plan(episode, D(2025, 5, 23))
    build.review(plan, episode, D(2025, 8, 20))
    nfa_s47 = build.child()
    build.s47(build.episode(nfa_s47, D(2025, 6, 2)), D(2025, 6, 3), outcome="no_icpc", completed=D(2025, 6, 10))

    root, _, count = written(census_children(YEAR_END), header=census_header(YEAR_END))
    assert count == 4
    check_against_schema(root)
    assert root.find("Header/Source/LEA").text == "201"
    by_id = {c.find("ChildIdentifiers/LAchildID").text: c for c in root.iter("Child")}
    assert len(by_id[two.la_child_id].findall("CINdetails")) == 2
    u = by_id[unborn.la_child_id].find("ChildIdentifiers")
    assert (u.find("ExpectedPersonBirthDate").text, u.find("Sex").text, u.find("PersonBirthDate")) == (
        "2026-06-01",
        "U",
        None,
    )
    assert u.find("UPNunknown").text == "UN7"
    assert by_id[unborn.la_child_id].find("CINdetails/ReferralNFA").text == "1"
    p = by_id[protected.la_child_id].find("CINdetails")
    assert p.find("Section47/DateOfInitialCPC").text == "2025-05-23"
    assert p.find("Section47/ICPCnotRequired").text == "0"
    assert p.find("DateOfInitialCPC") is None
    assert p.find("ChildProtectionPlans/NumberOfPreviousCPP").text == "1"
    assert all_values(p, "CPPreviewDate") == ["2025-08-20"]
    assert by_id[nfa_s47.la_child_id].find("CINdetails/Section47/ICPCnotRequired").text == "1"


@pytest.mark.postgres
def test_varied_histories_pass_the_external_validator(build, settings, tmp_path):  # noqa: F811
    """The derivation's decisions (what is left out, where a conference is recorded, NFA, UN7) give
    a return the external validator accepts (errors only; queries are DfE questions)."""
    from casework.core.working_days import add_working_days
    from tests.conftest import need
    from tests.factories.census import make_upn
    from tests.performance.cinv import run_external_validator, validator_available

    need(validator_available(), "the external CIN validator is not installed: run bin/setup-cin-validator")
    settings.LA_CODE = "201"
    upns = iter(make_upn(n) for n in range(500, 600))

    plan_child = build.child(upn=next(upns))
    e = build.episode(plan_child, D(2025, 4, 22), closed=D(2026, 2, 2), reason="RC7", need="N5")
    build.assessment(e, D(2025, 4, 23), authorised=london(D(2025, 6, 2)), factors=["3B", "4B"])
    build.cin_plan(e, D(2025, 6, 3), end=D(2026, 1, 30))

    protected = build.child(upn=next(upns), previous_cp_plans_elsewhere=1)
    e = build.episode(protected, D(2025, 5, 1))
    build.assessment(e, D(2025, 5, 2), authorised=london(D(2025, 6, 13)), factors=["16A"])
    build.s47(e, D(2025, 5, 6), outcome="icpc", completed=D(2025, 5, 23), target=add_working_days(D(2025, 5, 6), 15))
    plan = build.cp_plan(e, D(2025, 5, 23), initial="NEG", latest="EMO")
    build.review(plan, e, D(2025, 8, 20))
    build.review(plan, e, D(2026, 1, 13))

    nfa = build.child(upn=None, upn_unknown="UN2", date_of_birth=D(2022, 1, 1))
    build.episode(nfa, D(2025, 9, 2), closed=D(2025, 9, 2), reason="RC7", need="")

    unborn = build.child(expected_date_of_birth=D(2026, 6, 1), upn=None, upn_unknown="UN2", disabilities=[])
    e = build.episode(unborn, D(2026, 1, 5))
    build.assessment(e, D(2026, 1, 6))

    moved_in = build.child(upn=next(upns))
    e = build.episode(moved_in, D(2025, 6, 2))
    build.assessment(e, D(2025, 6, 3), authorised=london(D(2025, 7, 1)), factors=["17A"])
    build.cp_plan(e, D(2025, 6, 10), conference="transfer_in")

    twice = build.child(upn=next(upns))
    first = build.episode(twice, D(2025, 4, 14), closed=D(2025, 6, 24), reason="RC8")
    build.assessment(first, D(2025, 4, 15), authorised=london(D(2025, 6, 24)), factors=["21"])
    second = build.episode(twice, D(2025, 9, 2))
    build.assessment(second, D(2025, 9, 3), authorised=london(D(2025, 10, 1)), factors=["1B"])
    build.s47(
        second, D(2025, 9, 2), outcome="no_icpc", completed=D(2025, 9, 23), target=add_working_days(D(2025, 9, 2), 15)
    )

    from_before = build.child(upn=next(upns))
    e = build.episode(from_before, D(2024, 9, 2))
    build.assessment(e, D(2024, 9, 3), authorised=london(D(2024, 10, 1)), factors=["2B"])
    build.s47(e, D(2024, 10, 1), outcome="icpc", completed=D(2024, 10, 22))
    plan = build.cp_plan(e, D(2024, 10, 22))
    build.review(plan, e, D(2025, 1, 14))
    build.review(plan, e, D(2025, 7, 1))
    build.review(plan, e, D(2025, 12, 1), end=True)
    Plan.objects.filter(pk=plan.pk).update(status="ended", end_date=D(2025, 12, 1))
    build.cin_plan(e, D(2025, 12, 2))

    path = tmp_path / "census.xml"
    with open(path, "wb") as out:
        count = write_census_xml(out, header=census_header(YEAR_END), children=census_children(YEAR_END))
    assert count == 7
    root = ET.parse(path).getroot()
    check_against_schema(root)
    errors, _queries = run_external_validator(path)
    assert errors == [], "\n".join(map(str, errors))
