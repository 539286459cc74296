"""The census as plain data: what the derivation reads from the record, and what the XML writer
and the validation rules both work on (returns.md section 1, "Shape").

Each item carries the primary keys of the records it came from, so a validation failure can link
to the screen where it is fixed. Dates are dates (London dates of any datetime they came from).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


def census_period(year_end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The collection year: 1 April of the year before to ``year_end`` (31 March), inclusive."""
    if (year_end.month, year_end.day) != (3, 31):
        raise ValueError("A census year ends on 31 March")
    return datetime.date(year_end.year - 1, 4, 1), year_end


@dataclass
class CensusHeader:
    year: int  # the year of the reference date
    reference_date: datetime.date  # 31 March
    lea: str  # the LA_CODE setting (3 digits)
    software_code: str
    release: str
    serial_no: int
    generated_at: datetime.datetime


@dataclass
class CensusAssessment:
    assessment_id: Any
    start_date: datetime.date
    internal_review_date: datetime.date | None = None
    authorisation_date: datetime.date | None = None
    factors: list[str] = field(default_factory=list)


@dataclass
class CensusCINPlan:
    plan_id: Any
    start_date: datetime.date
    end_date: datetime.date | None = None


@dataclass
class CensusSection47:
    section47_id: Any
    start_date: datetime.date
    icpc_target: datetime.date | None = None
    date_of_initial_cpc: datetime.date | None = None
    icpc_not_required: bool = False
    conference_id: Any = None


@dataclass
class CensusCPPlan:
    plan_id: Any
    start_date: datetime.date
    initial_category: str
    latest_category: str
    number_of_previous_cpp: int
    end_date: datetime.date | None = None
    review_dates: list[datetime.date] = field(default_factory=list)


@dataclass
class CensusEpisode:
    """One ``CINdetails``: one child's episode (referral to closure)."""

    episode_id: Any
    case_id: Any
    referral_date: datetime.date
    referral_source: str
    primary_need: str = ""
    closure_date: datetime.date | None = None
    reason_for_closure: str = ""
    date_of_initial_cpc: datetime.date | None = None
    referral_nfa: bool = False
    assessments: list[CensusAssessment] = field(default_factory=list)
    cin_plans: list[CensusCINPlan] = field(default_factory=list)
    section47s: list[CensusSection47] = field(default_factory=list)
    cp_plans: list[CensusCPPlan] = field(default_factory=list)


@dataclass
class CensusChild:
    person_id: Any
    la_child_id: str
    sex: str  # M, F or U
    ethnicity: str
    upn: str = ""
    former_upn: str = ""
    upn_unknown: str = ""
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    death_date: datetime.date | None = None
    disabilities: list[str] = field(default_factory=list)
    episodes: list[CensusEpisode] = field(default_factory=list)
    # Not in the return: for the validation page only ("Restricted record" instead of the name).
    name: str = ""
    restricted: bool = False
