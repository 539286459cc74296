"""Ofsted Annex A: the published sheet names, column headings and value labels (returns.md section 3).

Headings are those of SocialFinanceDigitalLabs/liia-tools ``liiatools/spec/annex_a/annex-a-merge.yml``
(liiatools 0.2.0), which are the canonical names that the liiatools cleaner maps every Annex A
template's headings to. They agree with the template in ``samples/Annex_A.xlsx`` apart from that
sample's "Age" (for "Age of Child (Years)") and "Date of Referral" (for "Date of referral"), and
with the columns of PIPE ``Annex_A_schema.yml`` that we read (lists 10 and 11). Note: PIPE's
``Annex_A_schema_2026.diff.yml`` renames "Gender" to "Sex" in every list from the 2026 template;
returns.md and issue 14 ask for "Gender", which is what is written here (change ``HEADINGS`` if the
authority's inspection uses the 2026 template). Value labels are the ``code``
strings of liia-tools ``liiatools/spec/annex_a/data-map.yml``, letters included ("a) Male"). Where
the published list has no label for one of our newer codes (referral source 5D, closure reason
RC9), the code is written in the same style without a letter.
"""

from __future__ import annotations

import datetime
from typing import Any

# Generated from liia-tools annex-a-merge.yml (liiatools 0.2.0); do not retype.
HEADINGS: dict[str, tuple[str, ...]] = {
    "List 1": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    ),
    "List 2": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ),
    "List 3": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 4": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 5": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 6": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 7": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 8": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        "Allocated Team",
        "Allocated Worker",
    ),
    "List 9": (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    "List 10": (
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Does the Child have a Disability",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
    "List 11": (
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ),
}

SHEETS = tuple(HEADINGS)  # "List 1" … "List 11"
CHILD_COLUMNS = HEADINGS["List 1"][:5]  # Child Unique ID, Gender, Ethnicity, Date of Birth, Age of Child (Years)

LIST_TITLES = {
    "List 1": "Contacts",
    "List 2": "Early help assessments",
    "List 3": "Referrals",
    "List 4": "Assessments",
    "List 5": "Section 47 enquiries and Initial Child Protection Conferences",
    "List 6": "Children in need",
    "List 7": "Child protection",
    "List 8": "Children looked after",
    "List 9": "Care leavers",
    "List 10": "Adoption (children)",
    "List 11": "Adopters",
}

# Lists this system does not hold: the sheet keeps its headings and carries this note.
HELD_ELSEWHERE = {
    "List 2": "Early help assessments are not recorded in Casework: this list is held elsewhere.",
    "List 8": "Looked-after children are not recorded in Casework (SSDA903 system): this list is held elsewhere.",
    "List 9": "Care leavers are not recorded in Casework: this list is held elsewhere.",
    "List 10": "Adoption is not recorded in Casework: this list is held elsewhere.",
    "List 11": "Adopters are not recorded in Casework: this list is held elsewhere.",
}

# Columns of the lists we hold that Casework does not (yet) record: always blank.
NOT_HELD_COLUMNS = {
    ("List 6", "Case Status"): (
        "Status a) Looked after child is never given: looked-after status is held elsewhere. "
        "Statuses b) to e) are derived from plans, assessments and episodes."
    ),
    ("List 7", "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"): (
        "Left blank: emergency protection orders and police protection are not recorded in Casework."
    ),
}

# --- Value labels (liia-tools data-map.yml codes) -------------------------------------------

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
GENDER_NOT_STATED = "c) Not stated/recorded"

# data-map.yml letters both REFU and NOBT "s)"; kept exactly as published.
ETHNICITY = {
    "WBRI": "a) WBRI",
    "WIRI": "b) WIRI",
    "WIRT": "c) WIRT",
    "WOTH": "d) WOTH",
    "WROM": "e) WROM",
    "MWBC": "f) MWBC",
    "MWBA": "g) MWBA",
    "MWAS": "h) MWAS",
    "MOTH": "i) MOTH",
    "AIND": "j) AIND",
    "APKN": "k) APKN",
    "ABAN": "l) ABAN",
    "AOTH": "m) AOTH",
    "BCRB": "n) BCRB",
    "BAFR": "o) BAFR",
    "BOTH": "p) BOTH",
    "CHNE": "q) CHNE",
    "OOTH": "r) OOTH",
    "REFU": "s) REFU",
    "NOBT": "s) NOBT",
}

SOURCE = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}
# 5D (LA services: early help, added to the CIN census after the published Annex A list) has no
# letter in data-map.yml: it is written in the same style without a letter.
SOURCE_UNLETTERED = {"5D": "5D: LA services"}

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"

PRIMARY_NEED = {
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
    "N0": "N0 - Not stated",
}

CLOSURE_REASON = {
    "RC1": "RC1 - Adopted",
    "RC2": "RC2 - Died",
    "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",  # not in data-map.yml (newer code)
}

CASE_STATUS_LAC = "a) Looked after child"  # never given (NOT_HELD_COLUMNS)
CASE_STATUS_CPP = "b) Child Protection plan"
CASE_STATUS_CIN = "c) Child in need plan"
CASE_STATUS_ASSESSMENT = "d) Open assessment"
CASE_STATUS_CLOSED = "e) Closed episode"

CATEGORY = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}


def gender_label(sex: str) -> str:
    return GENDER.get(sex or "", GENDER_NOT_STATED)


def ethnicity_label(code: str) -> str:
    return ETHNICITY.get(code or "", "")


def source_label(code: str) -> str:
    return SOURCE.get(code or "") or SOURCE_UNLETTERED.get(code or "", code or "")


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return YES if value else NO


def disability_label(disabilities: list[str] | None) -> str:
    """a) Yes when any disability is recorded, b) No when "no disability" is, c) Unknown when none."""
    recorded = [d for d in (disabilities or []) if d]
    if not recorded:
        return UNKNOWN
    return NO if recorded == ["NONE"] else YES


def primary_need_label(code: str) -> str:
    return PRIMARY_NEED.get(code or "", "")


def closure_reason_label(code: str) -> str:
    return CLOSURE_REASON.get(code or "", "")


def category_label(code: str) -> str:
    return CATEGORY.get(code or "", "")


def age_in_years(date_of_birth: datetime.date | None, on: datetime.date) -> int | None:
    """Whole years on the last day of the period (blank for a child not yet born)."""
    if date_of_birth is None or date_of_birth > on:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def child_columns(person: Any, on: datetime.date) -> list[Any]:
    """The five columns every child list starts with."""
    born = person.date_of_birth if person.date_of_birth and person.date_of_birth <= on else None
    return [
        person.la_child_id,
        gender_label(person.sex) if born else GENDER_NOT_STATED,
        ethnicity_label(person.ethnicity),
        born,
        age_in_years(born, on),
    ]
