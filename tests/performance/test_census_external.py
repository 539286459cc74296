"""The independent check (issue 13; shared/returns.md section 6): the census XML the service
produces for a synthetic authority passes an externally maintained implementation of the DfE
rules, ``csc-validator-be-cin`` in its own virtual environment (``bin/setup-cin-validator``), with
no errors. Queries (rules ending in Q) are allowed and printed.

The harness is checked too: a harness that never fails is worthless, so a deliberately broken
file must give errors, and a small valid file none.

Skipped when ``.venv-cinv`` is missing, except under CASEWORK_REQUIRE_ALL=1 (CI), where that fails.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.conftest import need
from tests.factories.census import build_synthetic_authority, make_upn
from tests.performance.cinv import ruleset_for, run_external_validator, validator_available

YEAR_END = datetime.date(2026, 3, 31)


@pytest.fixture
def cinv():
    need(validator_available(), "the external CIN validator is not installed: run bin/setup-cin-validator")
    return run_external_validator


VALID_CHILD = """
    <Child>
      <ChildIdentifiers>
        <LAchildID>{id}</LAchildID>
        <UPN>{upn}</UPN>
        <PersonBirthDate>2015-06-01</PersonBirthDate>
        <Sex>{sex}</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>
        <Disabilities><Disability>NONE</Disability></Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>{referral}</CINreferralDate>
        <ReferralSource>2A</ReferralSource>
        <PrimaryNeedCode>N4</PrimaryNeedCode>
        <Assessments>
          <AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <CINPlanDates><CINPlanStartDate>2025-07-02</CINPlanStartDate></CINPlanDates>
        <ReferralNFA>0</ReferralNFA>
      </CINdetails>
    </Child>"""

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>{ref}</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>Casework</SoftwareCode><Release>1</Release>
      <SerialNo>001</SerialNo><DateTime>2026-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>{children}
  </Children>
</Message>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ruleset_from_reference_date():
    assert ruleset_for("2026-03-31") == "cin2025_26"
    assert ruleset_for("2027-03-31") == "cin2026_27"


def test_harness_passes_a_valid_file(cinv, tmp_path):
    child = VALID_CHILD.format(id="A1", upn=make_upn(1234), sex="F", referral="2025-06-02")
    errors, _queries = cinv(_write(tmp_path, "ok.xml", HEADER.format(ref="2026-03-31", children=child)))
    assert errors == [], "\n".join(map(str, errors))


def test_harness_reports_errors_in_a_broken_file(cinv, tmp_path):
    upn = make_upn(1234)
    broken_upn = ("B" if upn[0] != "B" else "C") + upn[1:]  # wrong check letter: 1510
    children = (
        VALID_CHILD.format(id="A1", upn=broken_upn, sex="M", referral="2025-06-02")
        # referral after the year: 8600; sex not M/F/U: 4180; assessment before the referral: 1103
        + VALID_CHILD.format(id="A2", upn=make_upn(99), sex="X", referral="2026-05-01")
    )
    # Reference date not 31 March of Year: 100.
    errors, _ = cinv(_write(tmp_path, "broken.xml", HEADER.format(ref="2026-03-30", children=children)))
    rules = {e.rule for e in errors}
    assert {"100", "1510", "4180", "8600", "1103"} <= rules, "\n".join(map(str, errors))
    located = [e for e in errors if e.rule == "1510"]
    assert located[0].la_child_id == "A1" and located[0].table == "ChildIdentifiers"
    assert "UPN" in located[0].columns


def _census_xml(tmp_path: Path, year_end: datetime.date) -> tuple[Path, int]:
    from performance.census.derive import census_children, census_header
    from performance.census.xml import write_census_xml

    path = tmp_path / f"census-{year_end.year}.xml"
    with open(path, "wb") as out:
        written = write_census_xml(out, header=census_header(year_end), children=census_children(year_end))
    return path, written


@pytest.mark.django_db
def test_synthetic_authority_passes_the_external_validator(cinv, tmp_path):
    made = build_synthetic_authority(children=360, year_end=YEAR_END, seed=13)
    assert made["children"] == 360 and made["sibling_groups"] >= 1
    for reason in ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"):
        assert made.get(f"closed_{reason}", 0) >= 1, reason
    for kind in ("unborn", "two_episodes_in_year", "restricted", "transfers", "with_previous_plan", "referral_nfa"):
        assert made.get(kind, 0) >= 1, kind
    assert made["section47_with_conference"] and made["section47_without_conference"]
    assert made["cp_reviews"] and made["assessments_in_progress"] and made["assessments_no_factors"]

    path, written = _census_xml(tmp_path, YEAR_END)
    assert written == 360  # every child has an episode open at some time in the year
    text = path.read_text(encoding="utf-8")
    two = made["la_child_ids"]["two_episodes"]
    child_xml = text.split(f"<LAchildID>{two}</LAchildID>")[1].split("</Child>")[0]
    assert child_xml.count("<CINdetails>") == 2

    errors, queries = cinv(path)
    for query in queries:
        print("query:", query)
    assert errors == [], f"{len(errors)} errors from the external validator:\n" + "\n".join(map(str, errors[:50]))


@pytest.mark.django_db
def test_next_years_synthetic_authority_passes_its_ruleset(cinv, tmp_path):
    """The 2026-27 census (ruleset cin2026_27, chosen from the ReferenceDate), without the
    pre-proceedings block, which is out of scope."""
    year_end = datetime.date(2027, 3, 31)
    made = build_synthetic_authority(children=120, year_end=year_end, seed=27)
    path, written = _census_xml(tmp_path, year_end)
    assert written == made["children"] == 120
    assert "PreProceedings" not in path.read_text(encoding="utf-8")
    errors, queries = cinv(path)
    for query in queries:
        print("query:", query)
    assert errors == [], f"{len(errors)} errors from the external validator:\n" + "\n".join(map(str, errors[:50]))


@pytest.mark.django_db
def test_the_benchmark_command_runs_and_leaves_nothing_behind():
    """``manage.py benchmark_census`` (run by hand at 10,000 children; here a few, to keep it working)."""
    from io import StringIO

    from django.core.management import call_command

    from families.models import Person

    out = StringIO()
    call_command("benchmark_census", children=[40], stdout=out)
    text = out.getvalue()
    assert "40 children: built" in text and "export: 40 children" in text
    assert "| 40 |" in text and "Rolled back" in text
    assert not Person.objects.filter(last_name__startswith="Synthetic").exists()
