"""The DfE validation rules of the Children in Need census, run over the derived census
(``performance.census.model``) all year, so errors are found and fixed where they were recorded.

Each rule is the DfE rule of the same code, as implemented by the community validator
``csc-validator-be-cin`` 0.1.13 (returns.md, section 1 "What CINV checks"; ruleset ``cin2025_26``,
which is ``cin2022_23`` updated by ``cin2023_24`` and ``cin2024_25``). Rules ending in ``Q`` are DfE
*queries*: they ask the authority to check and either amend the record or give a reason; the others
are errors that stop the return. A failure names the child and the record where it is fixed
(``link_kind`` + ``link_id``).

Where the community validator has a plain bug, the DfE rule text is followed and the difference
noted here:

* 8565 (activity after closure): CINV replaces the real CP plans with test data, so a CP plan ending
  after the episode's closure never fires there; here it does.
* 8869 (factor 21 used with others), 8945Q (18A), 8950Q (19A): CINV compares the whole factor
  list with a single code, so they never fire there; here each factor is checked.
* 8870Q (initial conference target on a weekend): CINV parses the date with the wrong format, so
  it never fires there; here it does.
* 8935 (more than one open CP plan) and 8940 (overlapping CP plans): CINV compares plans by a
  counter that restarts in each episode; here all of a child's plans are compared.
* 8569Q (no further action on a referral before the year): the DfE text "before one working day
  prior to the collection start date" is followed (CINV also flags a referral on that last working
  day).
* 4003 and 8841 (review conference dates): CINV reads only the first ``CPPreviewDate`` of a plan's
  ``Reviews``; here every review date is checked.
* 8832 (CP plan on a no-further-action referral), 8614 and 8898 fire in CINV too, but CINV reports
  them against the wrong row or no child; 8540 (no disability recorded) fires in CINV but is
  located on an empty table, so a harness reading CINV's issue list may not show it.

These were checked by writing the rule tests' cases (tests/performance/test_census_rules.py) as
census XML and running CINV 0.1.13 on them: every other implemented rule fires on the same children
in both.

Working days use ``casework.core.working_days`` (England and Wales bank holidays). CINV's "more than
N working days before the end of the census year" is the (N-1)th working day before 31 March.

Rules not implemented, because they cannot fire on what this service records or are not about one
child:

* 100 (header reference date): the service writes the header itself.
* 8568 (ReferralNFA missing or invalid): the service derives it, always 0 or 1.
* 8842Q (review record with no date): a review conference always has a date.
* 2883, 2886Q, 2887Q, 2888Q: authority-level counts (plans against conferences, unrecorded sex,
  disability codes used), not a failure of one child's record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from casework.core.working_days import add_working_days
from performance.census.model import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusSection47,
    census_period,
)

__all__ = ["RULES", "CensusFailure", "census_validate"]

# Where a failure is fixed.
PERSON, EPISODE, ASSESSMENT, PLAN, SECTION47, CONFERENCE, CASE = (
    "person",
    "episode",
    "assessment",
    "plan",
    "section47",
    "conference",
    "case",
)

ETHNICITIES = frozenset(
    [
        "ABAN",
        "AIND",
        "AOTH",
        "APKN",
        "BAFR",
        "BCRB",
        "BOTH",
        "CHNE",
        "MOTH",
        "MWAS",
        "MWBA",
        "MWBC",
        "NOBT",
        "OOTH",
        "REFU",
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
    ]
)
DISABILITIES = frozenset(["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"])
REFERRAL_SOURCES = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "1D",
        "2A",
        "2B",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "4",
        "5A",
        "5B",
        "5C",
        "5D",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
)
PRIMARY_NEEDS = frozenset(f"N{i}" for i in range(10))
CLOSURE_REASONS = frozenset(f"RC{i}" for i in range(1, 10))
CATEGORIES = frozenset(["NEG", "PHY", "SAB", "EMO", "MUL"])
FACTORS = frozenset(
    [
        "1A",
        "1B",
        "1C",
        "2A",
        "2B",
        "2C",
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
        "5C",
        "6A",
        "6B",
        "6C",
        "7A",
        "8B",
        "8C",
        "8D",
        "8E",
        "8F",
        "9A",
        "10A",
        "11A",
        "12A",
        "13A",
        "14A",
        "15A",
        "16A",
        "17A",
        "18A",
        "18B",
        "18C",
        "19A",
        "19B",
        "19C",
        "20",
        "21",
        "22A",
        "23A",
        "24A",
    ]
)
UPN_UNKNOWN_SCHOOL_AGE = frozenset(["UN2", "UN3", "UN4", "UN5", "UN6", "UN7"])
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_LAST_CHARACTERS = frozenset("ABCDEFGHJKLMNPQRTUVWYXZ0123456789")


def _upn_la_codes() -> frozenset[str]:
    ranges = [
        (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384), (390, 394),
        (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (820, 823), (835, 839), (850, 852),
        (855, 857), (865, 896), (935, 938), (940, 941),
    ]  # fmt: skip
    codes = {f"00{n}" for n in range(1, 6)}
    codes |= {str(n) for low, high in ranges for n in range(low, high + 1)}
    singles = "420 815 816 825 826 830 831 840 841 845 846 860 861 908 909 916 919 921 925 926 928 929 931 933 942 943"
    return frozenset(codes | set(singles.split()))


UPN_LA_CODES = _upn_la_codes()

# code -> what the rule checks, in plain words (the heading of its group on the validation page)
RULES: dict[str, str] = {
    # ChildIdentifiers
    "8500": "The child has no LA child ID",
    "1570": "The LA child ID is longer than 20 characters",
    "1580": "The LA child ID has characters other than letters and numbers",
    "8510": "Two children have the same LA child ID",
    "1510": "The UPN's check letter is wrong",
    "1520": "Two children have the same UPN",
    "1530": "The UPN does not contain a recognised local authority code",
    "1540": "The UPN's characters 5 to 12 are not all numbers",
    "1550": "The UPN's last character is not allowed",
    "1560Q": "The former UPN is not in the right format",
    "4180": "The child's sex is missing or not M, F or U",
    "8750": "An unborn child's sex must be recorded as unknown (U)",
    "8520": "The date of birth is after the end of the census year",
    "8525Q": "The child needs either a date of birth or an expected date of birth, not both",
    "8530Q": "The expected date of birth is outside the range for this census",
    "8535Q": "The date of death is before the date of birth, or there is no date of birth",
    "8545Q": "The date of death is outside the census year",
    "8555Q": "The child was referred after their recorded date of death",
    "8590": "The child has no episode in the census",
    "8770Q": "A child of school age has no UPN and no accepted reason why",
    "8772": "UPN unknown reason UN7 is used but a referral led to further action",
    "8775Q": "The child is over 25 years old",
    # ChildCharacteristics
    "4220": "The child's ethnicity is missing or not a census code",
    "8540": "The child's disability is missing or not a census code",
    "8790": "Disability 'None' is recorded with other disabilities",
    "8794": "The same disability is recorded twice",
    # CINdetails
    "8600": "The referral date is after the end of the census year",
    "8606": "The referral date is more than 40 weeks before the date of birth",
    "8610": "A referral that led to further action has no primary need",
    "8620": "The closure date is outside the census year",
    "8630": "The closure date is before the referral date",
    "8640": "The reason for closure is not a census code",
    "8650": "The primary need is not a census code",
    "8866": "The referral source is missing or not a census code",
    "8805": "The episode has a closure date but no reason for closure",
    "8810": "The episode has a reason for closure but no closure date",
    "8815": "The child has more than one open episode",
    "8816": "An open episode is not the child's latest episode",
    "8820": "The child's episodes overlap",
    "8569Q": "A referral from before the census year is marked as no further action",
    "8585Q": "The episode was closed because the child died, but no date of death is recorded",
    "2990": "Work is recorded on an episode closed after assessment (RC8 or RC9)",
    "8825Q": "The episode was closed after assessment (RC8 or RC9) but has no assessment",
    "8831": "A referral with no further action has a section 47 enquiry or conference",
    "8832": "A referral with no further action has a child protection plan",
    "4000": "A referral with no further action has a CIN plan",
    "8867": "The episode is closed but an assessment is not authorised",
    "8868": "The episode is closed but a section 47 enquiry is not concluded",
    "8565": "Work is recorded after the episode's closure date",
    "2991Q": "A section 47 enquiry is recorded on an episode with no assessment",
    # Assessments
    "1103": "The assessment started before the referral date",
    "8608": "The assessment was authorised before it started",
    "8614": "Factors are recorded on an assessment that is not authorised",
    "8897Q": "An authorised assessment has no factors, or a factor that is not a census code",
    "8898": "The same factor is recorded twice on an assessment",
    "8869": "Factor 21 (no factors identified) is used with other factors",
    "8670Q": "An assessment started more than 45 working days before the end of the year is not authorised",
    "8696": "The assessment's authorisation date is outside the census year",
    "8736": "An assessment not yet authorised started outside the census year",
    "8863Q": "An assessment started while another assessment on the episode was still open",
    "8896": "The episode has more than one open assessment",
    "8873Q": "The only assessment found no factors (21) but the episode was not closed with RC8 or RC9",
    "8945Q": "Factor 18A is used (use 18B or 18C instead)",
    "8950Q": "Factor 19A is used (use 19B or 19C instead)",
    # CINplanDates
    "4001": "A CIN plan is open at the same time as a child protection plan on the episode",
    "4003": "A child protection review was held while a CIN plan was open",
    "4004": "The episode has more than one open CIN plan",
    "4008": "A CIN plan starts after the child's date of death",
    "4009Q": "A CIN plan ends after the child's date of death",
    "4010": "A CIN plan starts after the end of the census year",
    "4011": "A CIN plan ends before it starts",
    "4012Q": "A CIN plan starts and ends on the same day",
    "4013": "A CIN plan's end date is outside the census year",
    "4014": "The child's CIN plans overlap",
    "4015": "A CIN plan starts before the referral date",
    "4016": "A CIN plan starts while a child protection plan is open",
    "4017": "A child protection plan starts while a CIN plan is open",
    # Section47
    "1104": "The initial child protection conference is before the referral date",
    "2884": "The initial conference is recorded both on the episode and on the section 47 enquiry",
    "2889": "The section 47 enquiry starts before the referral date",
    "8615": "The section 47 enquiry starts after its initial child protection conference",
    "8675Q": "A section 47 enquiry started more than 15 working days before the end of the year has no "
    "initial conference",
    "8715": "The initial child protection conference is outside the census year",
    "8740": "A section 47 enquiry with no conference yet started outside the census year",
    "8839": "The episode has more than one open section 47 enquiry",
    "8870Q": "The target date for the initial conference is a weekend",
    "8875": "The initial child protection conference is on a weekend",
    "8890": "A section 47 enquiry started while another was still open",
    # ChildProtectionPlans
    "1105": "The child protection plan starts before the referral date",
    "2885": "The child protection plan does not start on the day of the initial conference",
    "8720": "The child protection plan starts after the end of the census year",
    "8730": "The number of previous child protection plans is missing",
    "8840": "The child protection plan starts and ends on the same day",
    "8841": "A review conference is on or before the plan's start date",
    "8905": "The initial category of abuse is missing or not a census code",
    "8910": "The latest category of abuse is missing or not a census code",
    "8915": "The child protection plan starts after the child's date of death",
    "8920": "The child protection plan ends after the child's date of death",
    "8925": "The child protection plan ends before it starts",
    "8930": "The child protection plan's end date is outside the census year",
    "8935": "The child has more than one open child protection plan",
    "8940": "The child's child protection plans overlap",
}


@dataclass
class CensusFailure:
    """One rule failing for one child, and the record where it is fixed."""

    rule: str
    message: str
    child: CensusChild
    link_kind: str
    link_id: Any
    query: bool = field(init=False)

    def __post_init__(self) -> None:
        self.query = self.rule.endswith("Q")

    @property
    def person_id(self) -> Any:
        return self.child.person_id

    @property
    def la_child_id(self) -> str:
        return self.child.la_child_id

    @property
    def name(self) -> str:
        return "" if self.child.restricted else self.child.name

    @property
    def restricted(self) -> bool:
        return self.child.restricted

    @property
    def description(self) -> str:
        return RULES.get(self.rule, "")


def _d(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February, as pandas' DateOffset does)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _minus_working_days(day: datetime.date, n: int) -> datetime.date:
    """CINV's ``day - england_working_days(n)``: the (n-1)th working day before ``day``."""
    return add_working_days(day, -(n - 1))


class _Checker:
    def __init__(self, year_end: datetime.date) -> None:
        self.start, self.end = census_period(year_end)
        self.year_end = year_end
        self.failures: list[CensusFailure] = []
        self.by_la_child_id: dict[str, list[CensusChild]] = defaultdict(list)
        self.by_upn: dict[str, list[CensusChild]] = defaultdict(list)
        self.school_age_born_by = datetime.date(year_end.year - 6, 8, 31)
        self.over_25_born_before = _add_years(year_end, -25)
        self.expected_birth_range = (year_end - datetime.timedelta(days=30), datetime.date(year_end.year, 12, 31))
        self.nfa_before = add_working_days(self.start, -1)
        self.assessment_overdue_before = _minus_working_days(self.end, 45)
        self.s47_overdue_before = _minus_working_days(self.end, 15)

    def in_year(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    # ---------------------------------------------------------------------------------------
    def child(self, c: CensusChild) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, kind: str = PERSON, link_id: Any = c.person_id) -> CensusFailure:
            return CensusFailure(rule, message, c, kind, link_id)

        if c.la_child_id or c.upn:
            # Only who the child is (no episodes) is kept for the rules across children.
            who = CensusChild(
                c.person_id, c.la_child_id, c.sex, c.ethnicity, upn=c.upn, name=c.name, restricted=c.restricted
            )
            if c.la_child_id:
                self.by_la_child_id[c.la_child_id].append(who)
            if c.upn:
                self.by_upn[c.upn].append(who)
        yield from self.identifiers(c, fail)
        yield from self.characteristics(c, fail)
        for episode in c.episodes:
            yield from self.episode(c, episode)
        yield from self.across_episodes(c)

    def identifiers(self, c: CensusChild, fail) -> Iterator[CensusFailure]:
        lid = c.la_child_id or ""
        if not lid.strip():
            yield fail("8500", "The child has no LA child ID. Add it to the child's record.")
        else:
            if len(lid) > 20:
                yield fail("1570", f"The LA child ID '{lid}' has {len(lid)} characters; it can have at most 20.")
            if not lid.isalnum():
                yield fail("1580", f"The LA child ID '{lid}' may contain only letters and numbers.")
        upn = c.upn or ""
        if upn:
            if len(upn) == 13 and upn[1:].isdigit():
                total = sum(int(upn[i]) * (i + 1) for i in range(1, 13)) % 23
                if UPN_CHECK_LETTERS[total] != upn[0]:
                    yield fail("1510", f"The UPN {upn} is not valid: its check letter (the first character) is wrong.")
            if len(upn) == 13 and upn[1:4] not in UPN_LA_CODES:
                yield fail("1530", f"The UPN {upn} is not valid: characters 2 to 4 are not a local authority code.")
            if not upn[4:12].isdigit():
                yield fail("1540", f"The UPN {upn} is not valid: characters 5 to 12 must all be numbers.")
            if len(upn) == 13 and upn[12] not in UPN_LAST_CHARACTERS:
                yield fail("1550", f"The UPN {upn} is not valid: its last character is not allowed.")
        former = c.former_upn or ""
        if former and (len(former) != 13 or not former[1:].isdigit() or not former[0].isalpha()):
            yield fail(
                "1560Q", f"The former UPN {former} should be a letter followed by 12 numbers. Check and correct it."
            )
        if c.sex not in ("M", "F", "U"):
            yield fail("4180", "The child's sex is not recorded as male, female or unknown. Record it.")
        born, expected, died = c.birth_date, c.expected_birth_date, c.death_date
        if born is None and expected is not None and c.sex != "U":
            yield fail("8750", "This unborn child's sex must be recorded as unknown. Check the child's record.")
        if born and born > self.end:
            yield fail("8520", f"The date of birth ({_d(born)}) is after the end of the census year. Check it.")
        if (born is None) == (expected is None):
            yield fail(
                "8525Q",
                "The child has both a date of birth and an expected date of birth. Remove the one that does not apply."
                if born
                else "The child has no date of birth and no expected date of birth. Record one.",
            )
        low, high = self.expected_birth_range
        if expected and not (low < expected < high):
            yield fail(
                "8530Q",
                f"The expected date of birth ({_d(expected)}) is not between {_d(low)} and {_d(high)}. "
                "If the child has been born, record the date of birth.",
            )
        if died:
            if born is None or born > died:
                yield fail("8535Q", "The date of death is before the date of birth, or there is no date of birth.")
            if not self.in_year(died):
                yield fail("8545Q", f"The date of death ({_d(died)}) is outside the census year. Check it.")
        if born and born < self.over_25_born_before:
            limit = _add_years(born, 25)
            if any(e.closure_date is None or e.closure_date > limit for e in c.episodes):
                yield fail("8775Q", "The child is over 25 years old. Check the date of birth.")
        further_action = [e for e in c.episodes if not e.referral_nfa]
        school_age = born is not None and born <= self.school_age_born_by
        if school_age and further_action and not c.upn:  # noqa: SIM102
            if (c.upn_unknown or "").upper() not in UPN_UNKNOWN_SCHOOL_AGE:
                yield fail(
                    "8770Q",
                    "The child is of school age but has no UPN"
                    + (" (UN1 is not a reason for a child of school age)." if c.upn_unknown else ".")
                    + " Record the UPN, or the reason it is not known.",
                )
        if c.upn_unknown == "UN7" and further_action:
            yield fail(
                "8772",
                "The reason for no UPN is UN7 (referral with no further action), but a referral led to further "
                "action. Record the UPN or another reason.",
            )
        if not c.episodes:
            yield fail("8590", "The child has no episode in the census year.")

    def characteristics(self, c: CensusChild, fail) -> Iterator[CensusFailure]:
        if c.ethnicity not in ETHNICITIES:
            yield fail("4220", "The child's ethnicity is not recorded. Record it, or 'refused' or 'not obtained'.")
        disabilities = list(c.disabilities)
        if c.birth_date and any(not e.referral_nfa for e in c.episodes):
            invalid = [d for d in disabilities if d not in DISABILITIES]
            if not disabilities:
                yield fail("8540", "The child's disability is not recorded. Record each disability, or 'None'.")
            elif invalid:
                yield fail("8540", f"The disability code {', '.join(invalid)} is not a census code. Correct it.")
        if "NONE" in (d.upper() for d in disabilities) and any(d.upper() != "NONE" for d in disabilities):
            yield fail("8790", "Disability 'None' is recorded together with other disabilities. Remove one.")
        repeated = sorted({d for d in disabilities if disabilities.count(d) > 1})
        if repeated:
            yield fail("8794", f"The disability {', '.join(repeated)} is recorded more than once.")

    # ---------------------------------------------------------------------------------------
    def episode(self, c: CensusChild, e: CensusEpisode) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, kind: str = EPISODE, link_id: Any = e.episode_id) -> CensusFailure:
            return CensusFailure(rule, message, c, kind, link_id)

        ref = e.referral_date
        ref_text = _d(ref)
        if ref > self.end:
            yield fail("8600", f"The referral date ({ref_text}) is after the end of the census year.")
        for label, due in (("date of birth", c.birth_date), ("expected date of birth", c.expected_birth_date)):
            if due and ref < due - datetime.timedelta(days=280):
                yield fail(
                    "8606",
                    f"The referral date ({ref_text}) is more than 40 weeks before the child's {label} "
                    f"({_d(due)}). Check both dates.",
                )
                break
        if c.death_date and c.death_date < ref:
            yield fail("8555Q", f"The referral date ({ref_text}) is after the child's date of death. Check both.")
        if not e.referral_nfa and not e.primary_need:
            yield fail("8610", "The referral led to further action but has no primary need. Record the primary need.")
        if e.primary_need and e.primary_need not in PRIMARY_NEEDS:
            yield fail("8650", f"The primary need '{e.primary_need}' is not a census code. Correct it.")
        if ref >= datetime.date(2013, 4, 1) and e.referral_source not in REFERRAL_SOURCES:
            yield fail(
                "8866", "The referral source is missing or not a census code. Record where the referral came from."
            )
        closed, reason = e.closure_date, e.reason_for_closure
        if closed and not self.in_year(closed):
            yield fail("8620", f"The closure date ({_d(closed)}) is outside the census year. Check it.")
        if closed and closed < ref:
            yield fail("8630", f"The closure date ({_d(closed)}) is before the referral date ({ref_text}).")
        if reason and reason not in CLOSURE_REASONS:
            yield fail("8640", f"The reason for closure '{reason}' is not a census code. Correct it.")
        if closed and not reason:
            yield fail("8805", "The episode has a closure date but no reason for closure. Record the reason.")
        if reason and not closed:
            yield fail("8810", "The episode has a reason for closure but no closure date. Record the date.")
        if e.referral_nfa and ref < self.nfa_before:
            yield fail(
                "8569Q",
                f"The referral ({ref_text}) was before the census year but is marked as no further action. Check it.",
            )
        if reason == "RC2" and not c.death_date:
            yield fail("8585Q", "The episode was closed because the child died, but no date of death is recorded.")
        if reason in ("RC8", "RC9"):
            if e.date_of_initial_cpc or e.cp_plans or e.section47s or e.cin_plans:
                yield fail(
                    "2990",
                    f"The episode was closed after assessment ({reason}), but a section 47 enquiry, conference or "
                    "plan is recorded on it. Check the reason for closure.",
                )
            if not e.assessments:
                yield fail(
                    "8825Q",
                    f"The episode was closed after assessment ({reason}), but it has no assessment. "
                    "Check the reason for closure.",
                )
        if e.referral_nfa:
            if e.date_of_initial_cpc or e.section47s:
                yield fail(
                    "8831",
                    "The referral is recorded as no further action, but a section 47 enquiry or conference follows it.",
                )
            if e.cp_plans:
                yield fail(
                    "8832", "The referral is recorded as no further action, but a child protection plan follows it."
                )
            if e.cin_plans:
                yield fail("4000", "The referral is recorded as no further action, but a CIN plan follows it.")
        if closed:
            yield from self.after_closure(c, e, closed)
        if e.section47s and not e.assessments:
            yield fail(
                "2991Q", "A section 47 enquiry is recorded on this episode but there is no assessment. Check it."
            )
        yield from self.assessments(c, e)
        yield from self.cin_plans(c, e)
        yield from self.section47s(c, e)
        yield from self.cp_plans(c, e)

    def after_closure(self, c: CensusChild, e: CensusEpisode, closed: datetime.date) -> Iterator[CensusFailure]:
        for a in e.assessments:
            if a.authorisation_date is None:
                yield CensusFailure(
                    "8867",
                    "The episode is closed but this assessment is not authorised.",
                    c,
                    ASSESSMENT,
                    a.assessment_id,
                )
        for s in e.section47s:
            if (s.date_of_initial_cpc is None and not s.icpc_not_required) or (
                s.date_of_initial_cpc and s.icpc_not_required
            ):
                yield CensusFailure(
                    "8868",
                    "The episode is closed but this section 47 enquiry has no outcome: record the initial "
                    "conference, or that none was needed.",
                    c,
                    SECTION47,
                    s.section47_id,
                )
        later: list[tuple[str, datetime.date, str, Any]] = []
        for a in e.assessments:
            later += [("assessment start", a.start_date, ASSESSMENT, a.assessment_id)]
            if a.authorisation_date:
                later += [("assessment authorisation", a.authorisation_date, ASSESSMENT, a.assessment_id)]
        for s in e.section47s:
            later += [("section 47 start", s.start_date, SECTION47, s.section47_id)]
            if s.date_of_initial_cpc:
                later += [("initial conference", s.date_of_initial_cpc, SECTION47, s.section47_id)]
        if e.date_of_initial_cpc:
            later += [("initial conference", e.date_of_initial_cpc, EPISODE, e.episode_id)]
        for p in e.cp_plans:
            if p.end_date:
                later += [("child protection plan end", p.end_date, PLAN, p.plan_id)]
        for p in e.cin_plans:
            later += [("CIN plan start", p.start_date, PLAN, p.plan_id)]
            if p.end_date:
                later += [("CIN plan end", p.end_date, PLAN, p.plan_id)]
        for what, day, kind, link in later:
            if day and day > closed:
                yield CensusFailure(
                    "8565",
                    f"The episode closed on {_d(closed)}, but the {what} is later ({_d(day)}). Check both dates.",
                    c,
                    kind,
                    link,
                )

    def across_episodes(self, c: CensusChild) -> Iterator[CensusFailure]:
        episodes = c.episodes
        open_further = [e for e in episodes if e.closure_date is None and not e.referral_nfa]
        if len(open_further) > 1:
            for e in episodes:
                if e.closure_date is None:
                    yield CensusFailure(
                        "8815",
                        "The child has more than one open episode. Close the ones that ended.",
                        c,
                        EPISODE,
                        e.episode_id,
                    )
        if episodes:
            latest = max(episodes, key=lambda e: e.referral_date)  # the first of equal dates, as CINV
            for e in open_further:
                if e is not latest:
                    yield CensusFailure(
                        "8816",
                        f"The episode referred on {_d(e.referral_date)} is still open, but the child has a later "
                        "episode. Close it.",
                        c,
                        EPISODE,
                        e.episode_id,
                    )
        for a in episodes:
            for b in episodes:
                if a is b or a.referral_date < b.referral_date:
                    continue
                if (b.closure_date and a.referral_date < b.closure_date) or (
                    b.closure_date is None and a.referral_date < self.end and not b.referral_nfa
                ):
                    yield CensusFailure(
                        "8820",
                        f"The episode referred on {_d(a.referral_date)} starts before the episode referred on "
                        f"{_d(b.referral_date)} closed. Check the dates.",
                        c,
                        EPISODE,
                        a.episode_id,
                    )
                    break
        # CIN plans and CP plans of the child, across episodes
        cin = [p for e in episodes for p in e.cin_plans]
        cpp = [p for e in episodes for p in e.cp_plans]
        reviews = [(r, p) for p in cpp for r in p.review_dates]
        for p in cin:
            for q in cin:
                if p is q or p.start_date < q.start_date:
                    continue
                if (q.end_date and p.start_date <= q.end_date) or (q.end_date is None and p.start_date <= self.end):
                    yield CensusFailure(
                        "4014",
                        f"The CIN plan starting {_d(p.start_date)} overlaps another CIN plan.",
                        c,
                        PLAN,
                        p.plan_id,
                    )
                    break
            for q in cpp:
                if p.start_date >= q.start_date and (
                    (q.end_date and p.start_date < q.end_date) or (q.end_date is None and p.start_date <= self.end)
                ):
                    yield CensusFailure(
                        "4016",
                        f"The CIN plan starting {_d(p.start_date)} starts while a child protection plan is open. "
                        "End one of them.",
                        c,
                        PLAN,
                        p.plan_id,
                    )
                    break
            for r, q in reviews:
                if p.end_date and p.start_date <= r < p.end_date and q.end_date and r != q.end_date:
                    yield CensusFailure(
                        "4003",
                        f"A child protection review on {_d(r)} was held while the CIN plan starting "
                        f"{_d(p.start_date)} was open.",
                        c,
                        PLAN,
                        p.plan_id,
                    )
                    break
        for q in cpp:
            for p in cin:
                if q.start_date >= p.start_date and (
                    (p.end_date and q.start_date < p.end_date) or (p.end_date is None and q.start_date <= self.end)
                ):
                    yield CensusFailure(
                        "4017",
                        f"The child protection plan starting {_d(q.start_date)} starts while a CIN plan is open. "
                        "End the CIN plan when the child protection plan starts.",
                        c,
                        PLAN,
                        q.plan_id,
                    )
                    break
            for r in cpp:
                if q is r or q.start_date < r.start_date:
                    continue
                if (r.end_date and q.start_date <= r.end_date) or (r.end_date is None and q.start_date <= self.end):
                    yield CensusFailure(
                        "8940",
                        f"The child protection plan starting {_d(q.start_date)} overlaps another plan.",
                        c,
                        PLAN,
                        q.plan_id,
                    )
                    break
        open_cpp = [p for p in cpp if p.end_date is None]
        if len(open_cpp) > 1:
            for p in open_cpp:
                yield CensusFailure(
                    "8935",
                    "The child has more than one open child protection plan. End the ones that ended.",
                    c,
                    PLAN,
                    p.plan_id,
                )
        episode_icpcs = {e.date_of_initial_cpc for e in episodes if e.date_of_initial_cpc}
        for e in episodes:
            for s in e.section47s:
                if s.date_of_initial_cpc and s.date_of_initial_cpc in episode_icpcs:
                    yield CensusFailure(
                        "2884",
                        f"The initial conference on {_d(s.date_of_initial_cpc)} is recorded both on the episode and "
                        "on the section 47 enquiry.",
                        c,
                        SECTION47,
                        s.section47_id,
                    )

    # ---------------------------------------------------------------------------------------
    def assessments(self, c: CensusChild, e: CensusEpisode) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, a: CensusAssessment) -> CensusFailure:
            return CensusFailure(rule, message, c, ASSESSMENT, a.assessment_id)

        items = e.assessments
        for a in items:
            start, done, factors = a.start_date, a.authorisation_date, list(a.factors)
            if start < e.referral_date:
                yield fail(
                    "1103", f"The assessment started ({_d(start)}) before the referral ({_d(e.referral_date)}).", a
                )
            if done and start > done:
                yield fail("8608", f"The assessment was authorised ({_d(done)}) before it started ({_d(start)}).", a)
            if done is None and factors:
                yield fail("8614", "Factors are recorded on an assessment that is not authorised.", a)
            if done and done >= self.start and (not factors or any(f not in FACTORS for f in factors)):
                yield fail(
                    "8897Q",
                    "The authorised assessment has no factors identified"
                    + ("" if not factors else ", or a factor that is not a census code")
                    + ". Record the factors, or 21 (no factors identified).",
                    a,
                )
            repeated = sorted({f for f in factors if factors.count(f) > 1})
            if repeated:
                yield fail("8898", f"The factor {', '.join(repeated)} is recorded more than once on the assessment.", a)
            if "21" in factors and len(factors) > 1:
                yield fail("8869", "Factor 21 (no factors identified) cannot be used with other factors.", a)
            if "18A" in factors:
                yield fail("8945Q", "Factor 18A should not be used: use 18B or 18C.", a)
            if "19A" in factors:
                yield fail("8950Q", "Factor 19A should not be used: use 19B or 19C.", a)
            if done is None and start < self.assessment_overdue_before:
                yield fail(
                    "8670Q",
                    f"The assessment started on {_d(start)}, more than 45 working days before the end of the census "
                    "year, and is not authorised. Check it.",
                    a,
                )
            if done and not self.in_year(done):
                yield fail("8696", f"The assessment's authorisation date ({_d(done)}) is outside the census year.", a)
            if done is None and not self.in_year(start):
                yield fail(
                    "8736",
                    f"The assessment is not authorised and its start date ({_d(start)}) is outside the census year.",
                    a,
                )
            for b in items:
                if a is b or (a.start_date == b.start_date and a.authorisation_date == b.authorisation_date):
                    continue
                if a.start_date >= b.start_date and (
                    (b.authorisation_date and a.start_date <= b.authorisation_date)
                    or (b.authorisation_date is None and a.start_date <= self.end)
                ):
                    yield fail(
                        "8863Q",
                        f"The assessment started on {_d(start)} while the assessment started on {_d(b.start_date)} "
                        "was still open. Check the dates.",
                        a,
                    )
                    break
        open_items = [a for a in items if a.authorisation_date is None]
        if len(open_items) > 1:
            for a in open_items:
                yield fail(
                    "8896", "The episode has more than one open assessment. Authorise or remove the extra one.", a
                )
        if len(items) == 1 and "21" in items[0].factors and e.reason_for_closure not in ("RC8", "RC9"):
            yield fail(
                "8873Q",
                "The only assessment on this episode found no factors (21), so the episode would normally be closed "
                "with RC8 or RC9. Check the closure.",
                items[0],
            )

    def cin_plans(self, c: CensusChild, e: CensusEpisode) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, p: CensusCINPlan) -> CensusFailure:
            return CensusFailure(rule, message, c, PLAN, p.plan_id)

        died = c.death_date
        open_cpp = any(p.end_date is None for p in e.cp_plans)
        open_plans = [p for p in e.cin_plans if p.end_date is None]
        for p in e.cin_plans:
            start, end = p.start_date, p.end_date
            if open_cpp and end is None:
                yield fail("4001", "The CIN plan is open at the same time as an open child protection plan. End it.", p)
            if died and start > died:
                yield fail("4008", f"The CIN plan starts ({_d(start)}) after the child's date of death.", p)
            if died and end and end > died:
                yield fail("4009Q", f"The CIN plan ends ({_d(end)}) after the child's date of death. Check it.", p)
            if start > self.end:
                yield fail("4010", f"The CIN plan starts ({_d(start)}) after the end of the census year.", p)
            if end and end < start:
                yield fail("4011", f"The CIN plan ends ({_d(end)}) before it starts ({_d(start)}).", p)
            if end and end == start:
                yield fail("4012Q", f"The CIN plan starts and ends on the same day ({_d(start)}). Check it.", p)
            if end and not self.in_year(end):
                yield fail("4013", f"The CIN plan's end date ({_d(end)}) is outside the census year.", p)
            if start < e.referral_date:
                yield fail("4015", f"The CIN plan starts ({_d(start)}) before the referral ({_d(e.referral_date)}).", p)
        if len(open_plans) > 1:
            for p in open_plans:
                yield fail("4004", "The episode has more than one open CIN plan. End the ones that ended.", p)

    def section47s(self, c: CensusChild, e: CensusEpisode) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, s: CensusSection47) -> CensusFailure:
            kind, link = (
                (CONFERENCE, s.conference_id)
                if rule in ("8715", "8875") and s.conference_id
                else (SECTION47, s.section47_id)
            )
            return CensusFailure(rule, message, c, kind, link)

        items = e.section47s
        for s in items:
            start, icpc, target = s.start_date, s.date_of_initial_cpc, s.icpc_target
            if icpc and icpc < e.referral_date:
                yield fail(
                    "1104", f"The initial conference ({_d(icpc)}) is before the referral ({_d(e.referral_date)}).", s
                )
            if start < e.referral_date:
                yield fail(
                    "2889",
                    f"The section 47 enquiry starts ({_d(start)}) before the referral ({_d(e.referral_date)}).",
                    s,
                )
            if icpc and start > icpc:
                yield fail(
                    "8615", f"The section 47 enquiry starts ({_d(start)}) after its initial conference ({_d(icpc)}).", s
                )
            if icpc is None and not s.icpc_not_required and start < self.s47_overdue_before:
                yield fail(
                    "8675Q",
                    f"The section 47 enquiry started on {_d(start)}, more than 15 working days before the end of the "
                    "census year, and has no initial conference. Record the conference or that none was needed.",
                    s,
                )
            if icpc and not self.in_year(icpc):
                yield fail("8715", f"The initial conference ({_d(icpc)}) is outside the census year.", s)
            if icpc is None and not s.icpc_not_required and not self.in_year(start):
                yield fail(
                    "8740",
                    f"The section 47 enquiry has no initial conference and started ({_d(start)}) "
                    "outside the census year.",
                    s,
                )
            if target and target.weekday() >= 5:
                yield fail("8870Q", f"The target date for the initial conference ({_d(target)}) is a weekend.", s)
            if icpc and icpc.weekday() >= 5:
                yield fail("8875", f"The initial conference date ({_d(icpc)}) is a weekend. Check it.", s)
            for t in items:
                if s is t or (s.start_date == t.start_date and s.date_of_initial_cpc == t.date_of_initial_cpc):
                    continue
                if s.start_date >= t.start_date and (
                    (t.date_of_initial_cpc and s.start_date <= t.date_of_initial_cpc)
                    or (t.date_of_initial_cpc is None and s.start_date <= self.end and not t.icpc_not_required)
                ):
                    yield fail(
                        "8890",
                        f"The section 47 enquiry started on {_d(start)} while another enquiry (started "
                        f"{_d(t.start_date)}) was still open.",
                        s,
                    )
                    break
        open_items = [s for s in items if s.date_of_initial_cpc is None and not s.icpc_not_required]
        if len(open_items) > 1:
            for s in open_items:
                yield fail("8839", "The episode has more than one open section 47 enquiry. Conclude the extra one.", s)

    def cp_plans(self, c: CensusChild, e: CensusEpisode) -> Iterator[CensusFailure]:
        def fail(rule: str, message: str, p: CensusCPPlan) -> CensusFailure:
            return CensusFailure(rule, message, c, PLAN, p.plan_id)

        died = c.death_date
        conferences = [s for s in e.section47s if not s.icpc_not_required]
        for p in e.cp_plans:
            start, end = p.start_date, p.end_date
            if start < e.referral_date:
                yield fail("1105", f"The plan starts ({_d(start)}) before the referral ({_d(e.referral_date)}).", p)
            if self.in_year(start):
                if conferences:
                    ok = any(s.date_of_initial_cpc == start for s in conferences)
                else:
                    ok = e.date_of_initial_cpc == start
                if not ok:
                    yield fail(
                        "2885",
                        f"The plan starts on {_d(start)}, which is not the date of an initial child protection "
                        "conference on this episode. Check the plan's start date and the conference.",
                        p,
                    )
            if start > self.end:
                yield fail("8720", f"The plan starts ({_d(start)}) after the end of the census year.", p)
            if p.number_of_previous_cpp is None or p.number_of_previous_cpp < 0:
                yield fail(
                    "8730", "The number of previous child protection plans is missing. Record it on the child.", p
                )
            if end and end == start:
                yield fail("8840", f"The plan starts and ends on the same day ({_d(start)}).", p)
            for r in p.review_dates:
                if r <= start:
                    yield fail(
                        "8841", f"A review conference ({_d(r)}) is on or before the plan's start ({_d(start)}).", p
                    )
                    break
            if p.initial_category not in CATEGORIES:
                yield fail("8905", "The initial category of abuse is missing or not a census code. Record it.", p)
            if p.latest_category not in CATEGORIES:
                yield fail("8910", "The latest category of abuse is missing or not a census code. Record it.", p)
            if died and start > died:
                yield fail("8915", f"The plan starts ({_d(start)}) after the child's date of death.", p)
            if died and end and end > died:
                yield fail("8920", f"The plan ends ({_d(end)}) after the child's date of death.", p)
            if end and end < start:
                yield fail("8925", f"The plan ends ({_d(end)}) before it starts ({_d(start)}).", p)
            if end and not self.in_year(end):
                yield fail("8930", f"The plan's end date ({_d(end)}) is outside the census year.", p)

    # ---------------------------------------------------------------------------------------
    def across_children(self) -> Iterator[CensusFailure]:
        for lid, children in self.by_la_child_id.items():
            if len(children) > 1:
                for c in children:
                    yield CensusFailure(
                        "8510",
                        f"Another child has the same LA child ID ({lid}). Each child needs their own.",
                        c,
                        PERSON,
                        c.person_id,
                    )
        for upn, children in self.by_upn.items():
            if len(children) > 1:
                for c in children:
                    yield CensusFailure(
                        "1520",
                        f"Another child has the same UPN ({upn}). Check both children's records.",
                        c,
                        PERSON,
                        c.person_id,
                    )


def census_validate(children: Iterable[CensusChild], *, year_end: datetime.date) -> list[CensusFailure]:
    """Every failure of the implemented DfE rules, child by child (then the rules across children)."""
    checker = _Checker(year_end)
    failures: list[CensusFailure] = []
    for child in children:
        failures.extend(checker.child(child))
    failures.extend(checker.across_children())
    return failures
