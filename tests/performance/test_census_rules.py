"""The census validation rules (performance/census/rules.py): each rule fails on a record that
breaks it and passes on one that (just) keeps it. Hand-built census dataclasses; no database."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from performance.census.model import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusSection47,
)
from performance.census.rules import RULES, CensusFailure, census_validate

YEAR_END = datetime.date(2026, 3, 31)
D = datetime.date


def valid_child() -> CensusChild:
    """A child whose census record breaks no rule: referral, assessment, S47 with conference, CP
    plan with a review, then a CIN plan, closed in February."""
    return CensusChild(
        person_id="p1",
        la_child_id="C1001",
        sex="F",
        ethnicity="WBRI",
        upn="F938000000012",
        birth_date=D(2015, 6, 1),
        disabilities=["NONE"],
        name="Amy Example",
        episodes=[
            CensusEpisode(
                episode_id="e1",
                case_id="k1",
                referral_date=D(2025, 5, 1),
                referral_source="2A",
                primary_need="N1",
                closure_date=D(2026, 2, 2),
                reason_for_closure="RC7",
                assessments=[CensusAssessment("a1", D(2025, 5, 2), authorisation_date=D(2025, 6, 10), factors=["2A"])],
                section47s=[
                    CensusSection47(
                        "s1",
                        D(2025, 5, 5),
                        icpc_target=D(2025, 5, 23),
                        date_of_initial_cpc=D(2025, 5, 23),
                        conference_id="c1",
                    )
                ],
                cp_plans=[
                    CensusCPPlan(
                        "cp1",
                        D(2025, 5, 23),
                        initial_category="NEG",
                        latest_category="NEG",
                        number_of_previous_cpp=0,
                        end_date=D(2025, 11, 20),
                        review_dates=[D(2025, 8, 20)],
                    )
                ],
                cin_plans=[CensusCINPlan("cin1", D(2025, 11, 20), D(2026, 1, 30))],
            )
        ],
    )


NFA_REFERRAL = D(2025, 4, 10)
CPP_START = D(2025, 6, 2)


def nfa_episode(episode_id: str = "e9", referral: datetime.date = NFA_REFERRAL) -> CensusEpisode:
    return CensusEpisode(
        episode_id, "k9", referral, "6", closure_date=referral, reason_for_closure="RC7", referral_nfa=True
    )


def ep(c: CensusChild) -> CensusEpisode:
    return c.episodes[0]


def open_episode(c: CensusChild) -> None:
    """Episode still open, with the CIN plan open (the CP plan ended)."""
    e = ep(c)
    e.closure_date, e.reason_for_closure = None, ""
    e.cin_plans[0].end_date = None


def rules_of(child: CensusChild, *others: CensusChild) -> list[str]:
    return [f.rule for f in census_validate([child, *others], year_end=YEAR_END)]


def test_the_valid_child_breaks_no_rule():
    assert census_validate([valid_child()], year_end=YEAR_END) == []


def _set(obj, **values):
    for key, value in values.items():
        setattr(obj, key, value)


def _second_child(c: CensusChild, **values) -> CensusChild:
    other = valid_child()
    _set(other, **{"person_id": "p2", "la_child_id": "C1002", "upn": "V938000000013", **values})
    return other


# (rule, change that breaks it) — each applied to a fresh valid child.
Mutation = Callable[[CensusChild], object]
FAILING: list[tuple[str, Mutation]] = [
    ("8500", lambda c: _set(c, la_child_id="")),
    ("1570", lambda c: _set(c, la_child_id="A" * 21)),
    ("1580", lambda c: _set(c, la_child_id="C-1001")),
    ("1510", lambda c: _set(c, upn="A938000000012")),
    ("1530", lambda c: _set(c, upn="A999000000012")),
    ("1540", lambda c: _set(c, upn="F9380000X0012")),
    ("1550", lambda c: _set(c, upn="F93800000001I")),
    ("1560Q", lambda c: _set(c, former_upn="F93800000001")),
    ("4180", lambda c: _set(c, sex="X")),
    ("8750", lambda c: _set(c, birth_date=None, expected_birth_date=D(2026, 5, 1), sex="F")),
    ("8520", lambda c: _set(c, birth_date=D(2026, 4, 2))),
    ("8525Q", lambda c: _set(c, expected_birth_date=D(2026, 5, 1))),
    ("8530Q", lambda c: _set(c, birth_date=None, expected_birth_date=D(2027, 1, 1), sex="U")),
    ("8535Q", lambda c: _set(c, death_date=D(2015, 5, 1))),
    ("8545Q", lambda c: _set(c, death_date=D(2026, 4, 1))),
    ("8555Q", lambda c: _set(c, death_date=D(2025, 4, 30))),
    ("8590", lambda c: _set(c, episodes=[])),
    ("8770Q", lambda c: _set(c, upn="", upn_unknown="UN1")),
    ("8772", lambda c: _set(c, upn="", upn_unknown="UN7")),
    ("8775Q", lambda c: (_set(c, birth_date=D(2000, 1, 1)), open_episode(c))),
    ("4220", lambda c: _set(c, ethnicity="")),
    ("8540", lambda c: _set(c, disabilities=[])),
    ("8790", lambda c: _set(c, disabilities=["NONE", "MOB"])),
    ("8794", lambda c: _set(c, disabilities=["MOB", "MOB"])),
    ("8600", lambda c: _set(ep(c), referral_date=D(2026, 4, 1))),
    ("8606", lambda c: _set(c, birth_date=D(2026, 3, 1))),
    ("8610", lambda c: _set(ep(c), primary_need="")),
    ("8620", lambda c: _set(ep(c), closure_date=D(2026, 4, 1))),
    ("8630", lambda c: _set(ep(c), closure_date=D(2025, 4, 30))),
    ("8640", lambda c: _set(ep(c), reason_for_closure="RC0")),
    ("8650", lambda c: _set(ep(c), primary_need="N10")),
    ("8866", lambda c: _set(ep(c), referral_source="")),
    ("8805", lambda c: _set(ep(c), reason_for_closure="")),
    ("8810", lambda c: _set(ep(c), closure_date=None)),
    ("8815", lambda c: (open_episode(c), c.episodes.append(_open_second(c)))),
    ("8816", lambda c: (open_episode(c), c.episodes.append(_later_closed(c)))),
    ("8820", lambda c: c.episodes.append(_overlapping(c))),
    ("8569Q", lambda c: c.episodes.insert(0, nfa_episode(referral=D(2025, 3, 28)))),
    ("8585Q", lambda c: _set(ep(c), reason_for_closure="RC2")),
    ("2990", lambda c: _set(ep(c), reason_for_closure="RC8")),
    (
        "8825Q",
        lambda c: _set(ep(c), reason_for_closure="RC9", assessments=[], section47s=[], cp_plans=[], cin_plans=[]),
    ),
    ("8831", lambda c: _set(ep(c), referral_nfa=True)),
    ("8832", lambda c: _set(ep(c), referral_nfa=True)),
    ("4000", lambda c: _set(ep(c), referral_nfa=True)),
    ("8867", lambda c: _set(ep(c).assessments[0], authorisation_date=None, factors=[])),
    ("8868", lambda c: _set(ep(c).section47s[0], date_of_initial_cpc=None)),
    ("8565", lambda c: _set(ep(c).cin_plans[0], end_date=D(2026, 2, 3))),
    ("2991Q", lambda c: _set(ep(c), assessments=[])),
    ("1103", lambda c: _set(ep(c).assessments[0], start_date=D(2025, 4, 30))),
    ("8608", lambda c: _set(ep(c).assessments[0], authorisation_date=D(2025, 5, 1))),
    ("8614", lambda c: (open_episode(c), _set(ep(c).assessments[0], authorisation_date=None))),
    ("8897Q", lambda c: _set(ep(c).assessments[0], factors=[])),
    ("8898", lambda c: _set(ep(c).assessments[0], factors=["2A", "2A"])),
    ("8869", lambda c: _set(ep(c).assessments[0], factors=["21", "2A"])),
    ("8670Q", lambda c: (open_episode(c), _set(ep(c).assessments[0], authorisation_date=None, factors=[]))),
    ("8696", lambda c: (open_episode(c), _set(ep(c).assessments[0], authorisation_date=D(2026, 4, 1)))),
    (
        "8736",
        lambda c: (open_episode(c), _set(ep(c).assessments[0], start_date=D(2026, 4, 1), authorisation_date=None)),
    ),
    (
        "8863Q",
        lambda c: ep(c).assessments.append(
            CensusAssessment("a2", D(2025, 6, 1), authorisation_date=D(2025, 7, 1), factors=["2A"])
        ),
    ),
    (
        "8896",
        lambda c: (
            open_episode(c),
            _set(ep(c).assessments[0], authorisation_date=None, factors=[]),
            ep(c).assessments.append(CensusAssessment("a2", D(2026, 3, 2))),
        ),
    ),
    ("8873Q", lambda c: _set(ep(c).assessments[0], factors=["21"])),
    ("8945Q", lambda c: _set(ep(c).assessments[0], factors=["18A"])),
    ("8950Q", lambda c: _set(ep(c).assessments[0], factors=["19A"])),
    ("4001", lambda c: (open_episode(c), _set(ep(c).cp_plans[0], end_date=None))),
    ("4003", lambda c: _set(ep(c).cp_plans[0], review_dates=[D(2025, 8, 20), D(2025, 12, 1)])),
    ("4004", lambda c: (open_episode(c), ep(c).cin_plans.append(CensusCINPlan("cin2", D(2026, 1, 5))))),
    ("4008", lambda c: (_set(c, death_date=D(2025, 11, 19)), _set(ep(c), closure_date=None, reason_for_closure=""))),
    ("4009Q", lambda c: _set(c, death_date=D(2026, 1, 29))),
    ("4010", lambda c: (open_episode(c), _set(ep(c).cin_plans[0], start_date=D(2026, 4, 1)))),
    ("4011", lambda c: _set(ep(c).cin_plans[0], end_date=D(2025, 11, 19))),
    ("4012Q", lambda c: _set(ep(c).cin_plans[0], end_date=D(2025, 11, 20))),
    ("4013", lambda c: (open_episode(c), _set(ep(c).cin_plans[0], end_date=D(2026, 4, 1)))),
    ("4014", lambda c: ep(c).cin_plans.append(CensusCINPlan("cin2", D(2026, 1, 30), D(2026, 2, 1)))),
    ("4015", lambda c: _set(ep(c).cin_plans[0], start_date=D(2025, 4, 30))),
    ("4016", lambda c: _set(ep(c).cin_plans[0], start_date=D(2025, 11, 19))),
    ("4017", lambda c: _set(ep(c).cin_plans[0], start_date=D(2025, 5, 22))),
    ("1104", lambda c: _set(ep(c).section47s[0], date_of_initial_cpc=D(2025, 4, 30), start_date=D(2025, 4, 29))),
    ("2884", lambda c: _set(ep(c), date_of_initial_cpc=D(2025, 5, 23))),
    ("2889", lambda c: _set(ep(c).section47s[0], start_date=D(2025, 4, 30))),
    ("8615", lambda c: _set(ep(c).section47s[0], start_date=D(2025, 5, 26))),
    (
        "8675Q",
        lambda c: (open_episode(c), _set(ep(c).section47s[0], date_of_initial_cpc=None), _set(ep(c), cp_plans=[])),
    ),
    ("8715", lambda c: _set(ep(c).section47s[0], date_of_initial_cpc=D(2026, 4, 1))),
    (
        "8740",
        lambda c: (
            open_episode(c),
            _set(ep(c), referral_date=D(2025, 3, 1), cp_plans=[]),
            _set(ep(c).section47s[0], start_date=D(2025, 3, 3), date_of_initial_cpc=None),
        ),
    ),
    (
        "8839",
        lambda c: (
            open_episode(c),
            _set(ep(c), cp_plans=[]),
            _set(ep(c).section47s[0], date_of_initial_cpc=None),
            ep(c).section47s.append(CensusSection47("s2", D(2025, 6, 2))),
        ),
    ),
    ("8870Q", lambda c: _set(ep(c).section47s[0], icpc_target=D(2025, 5, 24))),
    ("8875", lambda c: _set(ep(c).section47s[0], date_of_initial_cpc=D(2025, 5, 24))),
    ("8890", lambda c: ep(c).section47s.append(CensusSection47("s2", D(2025, 5, 20), icpc_not_required=True))),
    ("1105", lambda c: _set(ep(c).cp_plans[0], start_date=D(2025, 4, 30))),
    ("2885", lambda c: _set(ep(c).cp_plans[0], start_date=D(2025, 5, 26))),
    (
        "8720",
        lambda c: (open_episode(c), _set(ep(c).cp_plans[0], start_date=D(2026, 4, 1), end_date=None, review_dates=[])),
    ),
    ("8730", lambda c: _set(ep(c).cp_plans[0], number_of_previous_cpp=None)),
    ("8840", lambda c: _set(ep(c).cp_plans[0], end_date=D(2025, 5, 23), review_dates=[])),
    ("8841", lambda c: _set(ep(c).cp_plans[0], review_dates=[D(2025, 5, 23)])),
    ("8905", lambda c: _set(ep(c).cp_plans[0], initial_category="")),
    ("8910", lambda c: _set(ep(c).cp_plans[0], latest_category="ABC")),
    ("8915", lambda c: (_set(c, death_date=D(2025, 5, 22)), _set(ep(c), closure_date=None, reason_for_closure=""))),
    ("8920", lambda c: (_set(c, death_date=D(2025, 11, 19)), _set(ep(c), closure_date=None, reason_for_closure=""))),
    ("8925", lambda c: _set(ep(c).cp_plans[0], end_date=D(2025, 5, 22), review_dates=[])),
    ("8930", lambda c: (open_episode(c), _set(ep(c).cp_plans[0], end_date=D(2026, 4, 1)))),
    ("8935", lambda c: (open_episode(c), _set(ep(c).cp_plans[0], end_date=None), ep(c).cp_plans.append(_cpp("cp2")))),
    ("8940", lambda c: ep(c).cp_plans.append(_cpp("cp2", start=D(2025, 11, 20), end=D(2025, 11, 25)))),
]


def _cpp(plan_id: str, start: datetime.date = CPP_START, end: datetime.date | None = None) -> CensusCPPlan:
    return CensusCPPlan(plan_id, start, "PHY", "PHY", 0, end_date=end)


def _open_second(c: CensusChild) -> CensusEpisode:
    return CensusEpisode("e2", "k2", D(2026, 3, 1), "6", primary_need="N1")


def _later_closed(c: CensusChild) -> CensusEpisode:
    return CensusEpisode(
        "e2", "k2", D(2026, 3, 1), "6", primary_need="N1", closure_date=D(2026, 3, 20), reason_for_closure="RC7"
    )


def _overlapping(c: CensusChild) -> CensusEpisode:
    return CensusEpisode(
        "e2", "k2", D(2026, 2, 1), "6", primary_need="N1", closure_date=D(2026, 3, 20), reason_for_closure="RC7"
    )


# (rule, change that keeps to it, at or near its boundary)
PASSING: list[tuple[str, Mutation]] = [
    ("8500", lambda c: _set(c, la_child_id="X")),
    ("1570", lambda c: _set(c, la_child_id="A" * 20)),
    ("1580", lambda c: _set(c, la_child_id="abc123")),
    ("1510", lambda c: _set(c, upn="V938000000013")),
    ("1530", lambda c: _set(c, upn="F938000000012")),
    ("1540", lambda c: _set(c, upn="F938000000012")),
    ("1550", lambda c: _set(c, upn="F93800000001A")),
    ("1560Q", lambda c: _set(c, former_upn="V938000000013")),
    ("4180", lambda c: _set(c, sex="U")),
    ("8750", lambda c: _set(c, birth_date=None, expected_birth_date=D(2026, 5, 1), sex="U")),
    ("8520", lambda c: _set(c, birth_date=D(2026, 3, 31))),
    ("8525Q", lambda c: _set(c, birth_date=None, expected_birth_date=D(2026, 5, 1), sex="U")),
    ("8530Q", lambda c: _set(c, birth_date=None, expected_birth_date=D(2026, 12, 30), sex="U")),
    ("8535Q", lambda c: _set(c, death_date=D(2026, 3, 1))),
    ("8545Q", lambda c: _set(c, death_date=D(2026, 3, 31))),
    ("8555Q", lambda c: _set(c, death_date=D(2025, 5, 1))),
    ("8590", lambda c: None),
    ("8770Q", lambda c: _set(c, upn="", upn_unknown="UN5")),
    ("8772", lambda c: _set(c, upn="", upn_unknown="UN7", episodes=[nfa_episode()])),
    ("8775Q", lambda c: _set(c, birth_date=D(2001, 4, 1))),
    ("4220", lambda c: _set(c, ethnicity="REFU")),
    ("8540", lambda c: _set(c, disabilities=[], episodes=[nfa_episode()])),
    ("8790", lambda c: _set(c, disabilities=["MOB", "HAND"])),
    ("8794", lambda c: _set(c, disabilities=["MOB"])),
    ("8600", lambda c: None),
    ("8606", lambda c: _set(c, birth_date=None, expected_birth_date=D(2026, 2, 5), sex="U")),
    ("8610", lambda c: _set(c, episodes=[nfa_episode()])),
    ("8620", lambda c: _set(ep(c), closure_date=D(2026, 3, 31))),
    ("8630", lambda c: None),
    ("8640", lambda c: _set(ep(c), reason_for_closure="RC1")),
    ("8650", lambda c: _set(ep(c), primary_need="N0")),
    ("8866", lambda c: _set(ep(c), referral_source="10")),
    ("8805", lambda c: None),
    ("8810", lambda c: open_episode(c)),
    ("8815", lambda c: (open_episode(c), c.episodes.append(nfa_episode("e2", D(2026, 3, 1))))),
    ("8816", lambda c: (open_episode(c), c.episodes.insert(0, nfa_episode()))),
    ("8820", lambda c: c.episodes.append(_later_closed(c))),
    ("8569Q", lambda c: c.episodes.insert(0, nfa_episode(referral=D(2025, 3, 31)))),
    ("8585Q", lambda c: (_set(c, death_date=D(2026, 2, 2)), _set(ep(c), reason_for_closure="RC2"))),
    ("2990", lambda c: _set(ep(c), reason_for_closure="RC8", section47s=[], cp_plans=[], cin_plans=[])),
    ("8825Q", lambda c: _set(ep(c), reason_for_closure="RC9", section47s=[], cp_plans=[], cin_plans=[])),
    ("8831", lambda c: _set(c, episodes=[nfa_episode()])),
    ("8832", lambda c: _set(c, episodes=[nfa_episode()])),
    ("4000", lambda c: _set(c, episodes=[nfa_episode()])),
    ("8867", lambda c: (open_episode(c), _set(ep(c).assessments[0], authorisation_date=None, factors=[]))),
    ("8868", lambda c: _set(ep(c).section47s[0], date_of_initial_cpc=None, icpc_not_required=True)),
    ("8565", lambda c: _set(ep(c).cin_plans[0], end_date=D(2026, 2, 2))),
    ("2991Q", lambda c: None),
    ("1103", lambda c: _set(ep(c).assessments[0], start_date=D(2025, 5, 1))),
    ("8608", lambda c: _set(ep(c).assessments[0], authorisation_date=D(2025, 5, 2))),
    ("8614", lambda c: (open_episode(c), _set(ep(c).assessments[0], authorisation_date=None, factors=[]))),
    ("8897Q", lambda c: _set(ep(c).assessments[0], factors=["21"])),
    ("8898", lambda c: _set(ep(c).assessments[0], factors=["2A", "2B"])),
    ("8869", lambda c: _set(ep(c).assessments[0], factors=["21"])),
    (
        "8670Q",
        lambda c: (
            open_episode(c),
            _set(ep(c).assessments[0], start_date=D(2026, 1, 28), authorisation_date=None, factors=[]),
        ),
    ),
    ("8696", lambda c: _set(ep(c).assessments[0], authorisation_date=D(2026, 2, 2))),
    (
        "8736",
        lambda c: (
            open_episode(c),
            _set(ep(c).assessments[0], start_date=D(2026, 3, 31), authorisation_date=None, factors=[]),
        ),
    ),
    (
        "8863Q",
        lambda c: ep(c).assessments.append(
            CensusAssessment("a2", D(2025, 6, 11), authorisation_date=D(2025, 7, 1), factors=["2A"])
        ),
    ),
    ("8896", lambda c: (open_episode(c), ep(c).assessments.append(CensusAssessment("a2", D(2026, 3, 2))))),
    (
        "8873Q",
        lambda c: (
            _set(ep(c), reason_for_closure="RC8", section47s=[], cp_plans=[], cin_plans=[]),
            _set(ep(c).assessments[0], factors=["21"]),
        ),
    ),
    ("8945Q", lambda c: _set(ep(c).assessments[0], factors=["18B"])),
    ("8950Q", lambda c: _set(ep(c).assessments[0], factors=["19C"])),
    ("4001", lambda c: open_episode(c)),
    ("4003", lambda c: _set(ep(c).cp_plans[0], review_dates=[D(2025, 8, 20), D(2025, 11, 20)])),
    ("4004", lambda c: open_episode(c)),
    ("4008", lambda c: _set(c, death_date=D(2026, 2, 2))),
    ("4009Q", lambda c: _set(c, death_date=D(2026, 2, 2))),
    ("4010", lambda c: None),
    ("4011", lambda c: _set(ep(c).cin_plans[0], end_date=D(2025, 11, 21))),
    ("4012Q", lambda c: _set(ep(c).cin_plans[0], end_date=D(2025, 11, 21))),
    ("4013", lambda c: None),
    ("4014", lambda c: ep(c).cin_plans.append(CensusCINPlan("cin2", D(2026, 1, 31), D(2026, 2, 1)))),
    ("4015", lambda c: None),
    ("4016", lambda c: None),
    ("4017", lambda c: None),
    ("1104", lambda c: None),
    ("2884", lambda c: _set(ep(c), date_of_initial_cpc=D(2025, 5, 22))),
    ("2889", lambda c: _set(ep(c).section47s[0], start_date=D(2025, 5, 1))),
    ("8615", lambda c: _set(ep(c).section47s[0], start_date=D(2025, 5, 23))),
    (
        "8675Q",
        lambda c: (
            open_episode(c),
            _set(ep(c), cp_plans=[]),
            _set(ep(c).section47s[0], start_date=D(2026, 3, 11), date_of_initial_cpc=None),
        ),
    ),
    ("8715", lambda c: None),
    (
        "8740",
        lambda c: (
            open_episode(c),
            _set(ep(c), referral_date=D(2025, 3, 1), cp_plans=[]),
            _set(ep(c).section47s[0], start_date=D(2025, 3, 3), date_of_initial_cpc=None, icpc_not_required=True),
        ),
    ),
    ("8839", lambda c: ep(c).section47s.append(CensusSection47("s2", D(2025, 6, 2), icpc_not_required=True))),
    ("8870Q", lambda c: _set(ep(c).section47s[0], icpc_target=D(2025, 5, 26))),
    ("8875", lambda c: None),
    ("8890", lambda c: ep(c).section47s.append(CensusSection47("s2", D(2025, 5, 26), icpc_not_required=True))),
    ("1105", lambda c: None),
    ("2885", lambda c: _set(ep(c), section47s=[], date_of_initial_cpc=D(2025, 5, 23))),
    ("8720", lambda c: None),
    ("8730", lambda c: _set(ep(c).cp_plans[0], number_of_previous_cpp=3)),
    ("8840", lambda c: None),
    ("8841", lambda c: _set(ep(c).cp_plans[0], review_dates=[D(2025, 5, 24)])),
    ("8905", lambda c: _set(ep(c).cp_plans[0], initial_category="MUL")),
    ("8910", lambda c: _set(ep(c).cp_plans[0], latest_category="SAB")),
    ("8915", lambda c: _set(c, death_date=D(2026, 2, 2))),
    ("8920", lambda c: _set(c, death_date=D(2026, 2, 2))),
    ("8925", lambda c: None),
    ("8930", lambda c: None),
    ("8935", lambda c: (open_episode(c), ep(c).cp_plans.append(_cpp("cp2", start=D(2025, 11, 21))))),
    ("8940", lambda c: ep(c).cp_plans.append(_cpp("cp2", start=D(2025, 11, 21), end=D(2025, 11, 25)))),
]


@pytest.mark.parametrize(("rule", "change"), FAILING, ids=[r for r, _ in FAILING])
def test_rule_fails(rule, change):
    child = valid_child()
    change(child)
    failures = [f for f in census_validate([child], year_end=YEAR_END) if f.rule == rule]
    assert failures, f"{rule} did not fire"
    for failure in failures:
        assert failure.query is rule.endswith("Q")
        assert failure.message and failure.message[0].isupper()
        assert failure.child is child and failure.la_child_id == child.la_child_id
        assert failure.link_kind in ("person", "episode", "assessment", "plan", "section47", "conference", "case")
        assert failure.link_id is not None
        assert failure.description == RULES[rule]


@pytest.mark.parametrize(("rule", "change"), PASSING, ids=[r for r, _ in PASSING])
def test_rule_passes(rule, change):
    child = valid_child()
    change(child)
    assert rule not in rules_of(child)


def test_every_rule_has_a_failing_and_a_passing_case():
    cross_child = {"8510", "1520"}
    assert {r for r, _ in FAILING} | cross_child == set(RULES)
    assert {r for r, _ in PASSING} | cross_child == set(RULES)


def test_duplicate_la_child_id_and_upn_across_children():
    one, two = valid_child(), _second_child(valid_child(), la_child_id="C1001", upn="F938000000012")
    failures = census_validate([one, two], year_end=YEAR_END)
    assert sorted((f.rule, f.person_id) for f in failures) == [
        ("1520", "p1"),
        ("1520", "p2"),
        ("8510", "p1"),
        ("8510", "p2"),
    ]
    assert rules_of(valid_child(), _second_child(valid_child())) == []


def test_failure_links_to_where_it_is_fixed():
    child = valid_child()
    ep(child).primary_need = ""
    ep(child).cin_plans[0].end_date = D(2025, 11, 19)
    ep(child).section47s[0].date_of_initial_cpc = D(2025, 5, 24)  # a Saturday
    ep(child).cp_plans[0].start_date = D(2025, 5, 24)
    child.ethnicity = ""
    links = {f.rule: (f.link_kind, f.link_id) for f in census_validate([child], year_end=YEAR_END)}
    assert links["8610"] == ("episode", "e1")
    assert links["4011"] == ("plan", "cin1")
    assert links["8875"] == ("conference", "c1")
    assert links["4220"] == ("person", "p1")


def test_messages_are_plain_words():
    child = valid_child()
    child.birth_date = D(2026, 3, 1)
    (failure,) = [f for f in census_validate([child], year_end=YEAR_END) if f.rule == "8606"]
    assert failure.message == (
        "The referral date (1 May 2025) is more than 40 weeks before the child's date of birth (1 March 2026). "
        "Check both dates."
    )
    assert not failure.query


def test_restricted_child_has_no_name_on_the_failure():
    child = valid_child()
    child.restricted = True
    child.ethnicity = ""
    (failure,) = census_validate([child], year_end=YEAR_END)
    assert failure.restricted and failure.name == "" and failure.la_child_id == "C1001"


def test_working_day_thresholds_match_the_external_validator():
    """8670Q and 8675Q: CINV's ``end - england_working_days(n)`` (computed with pandas for 31 March
    2026: 45 -> 28 January, 15 -> 11 March) is the (n-1)th working day before 31 March."""
    from performance.census.rules import _minus_working_days

    assert _minus_working_days(D(2026, 3, 31), 45) == D(2026, 1, 28)
    assert _minus_working_days(D(2026, 3, 31), 15) == D(2026, 3, 11)
    assert _minus_working_days(D(2027, 3, 31), 15) == D(2027, 3, 9)
    assert _minus_working_days(D(2024, 3, 31), 15) == D(2024, 3, 11)  # a Sunday after Good Friday
    assert _minus_working_days(D(2024, 3, 31), 45) == D(2024, 1, 29)


def test_failure_is_the_contract_dataclass():
    child = valid_child()
    f = CensusFailure("8500", "x", child, "person", "p1")
    assert (f.rule, f.query, f.person_id, f.name) == ("8500", False, "p1", "Amy Example")
    assert CensusFailure("8525Q", "x", child, "person", "p1").query is True
