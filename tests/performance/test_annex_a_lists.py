"""Ofsted Annex A derived from the record (performance.annex_a.lists), checked against a small
authority built by hand, where every row can be counted (period: 1 April 2025 to 31 March 2026).

The authority
    A  boy, WBRI, born 1 June 2015, no disability. Referred 1 Sep 2024 (closed 1 Oct 2024, before
       the period) and again 2 May 2025 from a school, closed 20 May 2025 with nothing done (NFA).
       Contacts 1 May 2025 (school) and 31 March 2026 at 23:30 London time; one on 20 March 2025
       (before the period) and one on 1 April 2026 at 00:30 London (after it) are not in list 1.
    B  girl, APKN, born 1 April 2012, autism. Anonymous contact 10 June 2025; referred 11 June
       2025; assessment 12 June to 20 July 2025 (seen on 20 June; requires support); CIN plan from
       1 Aug 2025; Section 47 from 1 Sep 2025 concluded 8 Sep with no conference needed. Seen on
       visits 20 June 2025 and 10 Feb 2026 (and 5 April 2026, after the period).
    C  restricted record, boy, born 15 Jan 2020, no disability recorded. Police contact 1 July
       2025; referred 1 Dec 2024; assessment started 1 March 2025, never authorised; only a phone
       call "seen" (which never counts).
    D  girl, born 10 Sep 2018, one CP plan in another authority, one on our record in 2023.
       Police contact 1 July 2025 (with C); referred 2 July 2025; strategy discussion 3 July 2025,
       ICPC 20 July 2025 -> CP plan (neglect; latest emotional abuse), reviews 15 Oct 2025 and
       20 Jan 2026. Statutory visits 2 Feb 2026 (seen alone) and 20 Mar 2026 (seen, not alone),
       28 Mar 2026 (no access, not seen); an ordinary visit 25 Mar 2026 (seen).

Hand counts: list 1 five rows, list 3 three, list 4 two, list 5 two, list 6 four, list 7 one.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AssessmentChild
from casework.models import Contact, ContactChild, Visit, VisitChild
from performance.annex_a import labels as L
from performance.annex_a.lists import annex_a_rows, annex_a_total, annex_period
from tests.performance.test_census_derive import Build, london

D = datetime.date
YEAR_END = D(2026, 3, 31)
pytestmark = pytest.mark.django_db


class AnnexBuild(Build):
    def contact(self, when: datetime.datetime, source: str, *children: Any) -> Contact:
        contact = Contact.objects.create(
            team=self.team,
            received_at=when,
            source=source,
            anonymous=source == "9",
            concerns="Concerns",
            consent="not_sought",
            recorded_by=self.worker,
        )
        for child in children:
            ContactChild.objects.create(contact=contact, child=child)
        return contact

    def visit(
        self,
        episode: Any,
        day: datetime.date,
        *,
        seen: bool = True,
        alone: str = "",
        statutory: bool = False,
        kind: str = "home_visit",
        outcome: str = "completed",
    ) -> Visit:
        visit = Visit.objects.create(
            case=episode.case,
            status="finished",
            occurred_at=london(day, 11),
            kind=kind,
            statutory=statutory,
            outcome=outcome,
            recorded_by=self.worker,
        )
        VisitChild.objects.create(visit=visit, child=episode.child, seen=seen, seen_alone=alone)
        return visit


@pytest.fixture
def authority(db) -> dict[str, Any]:
    b = AnnexBuild()
    a = b.child(la_child_id="A1", sex="M", ethnicity="WBRI", date_of_birth=D(2015, 6, 1))
    bb = b.child(la_child_id="B1", sex="F", ethnicity="APKN", date_of_birth=D(2012, 4, 1), disabilities=["AUT"])
    c = b.child(la_child_id="C1", sex="M", date_of_birth=D(2020, 1, 15), disabilities=[], restricted=True)
    d = b.child(la_child_id="D1", sex="F", date_of_birth=D(2018, 9, 10), previous_cp_plans_elsewhere=1)

    # A: an old referral, then a referral with no further action.
    b.episode(a, D(2024, 9, 1), closed=D(2024, 10, 1))
    b.episode(a, D(2025, 5, 2), closed=D(2025, 5, 20), reason="RC8", source="2A")
    b.contact(london(D(2025, 3, 20)), "2A", a)  # before the period
    b.contact(london(D(2025, 5, 1), 10), "2A", a)
    b.contact(london(D(2026, 3, 31), 23, 30), "1A", a)  # 22:30 UTC: still 31 March in London
    b.contact(london(D(2026, 4, 1), 0, 30), "1A", a)  # 23:30 UTC on 31 March: 1 April in London

    # B: assessed, CIN plan, a Section 47 enquiry with no conference needed.
    b.contact(london(D(2025, 6, 10)), "9", bb)
    b_episode = b.episode(bb, D(2025, 6, 11), source="9", need="N2")
    assessment = b.assessment(b_episode, D(2025, 6, 12), authorised=london(D(2025, 7, 20)))
    AssessmentChild.objects.filter(assessment=assessment).update(requires_support=True)
    b.cin_plan(b_episode, D(2025, 8, 1))
    b.s47(b_episode, D(2025, 9, 1), outcome="no_icpc", completed=D(2025, 9, 8))
    b.visit(b_episode, D(2025, 6, 20), alone="yes")
    b.visit(b_episode, D(2026, 2, 10), alone="yes")
    b.visit(b_episode, D(2026, 4, 5), alone="yes")  # after the period

    # C (restricted): an open assessment from before the period; a phone call only.
    b.contact(london(D(2025, 7, 1)), "6", c, d)
    c_episode = b.episode(c, D(2024, 12, 1), source="6")
    b.assessment(c_episode, D(2025, 3, 1))
    b.visit(c_episode, D(2025, 4, 1), kind="phone", alone="no")

    # D: an earlier CP plan on our record; Section 47, ICPC, CP plan, reviews, visits.
    old = b.episode(d, D(2022, 12, 1), closed=D(2023, 7, 1))
    b.cp_plan(old, D(2023, 1, 1), end=D(2023, 6, 1), conference=None)
    case = b.case()
    case.allocated_worker = b.worker
    case.save()
    d_episode = b.episode(d, D(2025, 7, 2), source="6", case=case)
    b.s47(d_episode, D(2025, 7, 3), outcome="icpc", completed=D(2025, 7, 20))
    plan = b.cp_plan(d_episode, D(2025, 7, 20), initial="NEG", latest="EMO")
    b.review(plan, d_episode, D(2025, 10, 15))
    b.review(plan, d_episode, D(2026, 1, 20))
    b.visit(d_episode, D(2026, 2, 2), statutory=True, alone="yes")
    b.visit(d_episode, D(2026, 3, 20), statutory=True, alone="no")
    b.visit(d_episode, D(2026, 3, 25), alone="yes")
    b.visit(d_episode, D(2026, 3, 28), statutory=True, seen=False, outcome="no_access")
    return {"build": b, "team": b.team.name, "worker": b.worker.display_name}


def rows(sheet: str, year_end: datetime.date = YEAR_END) -> list[dict[str, Any]]:
    return [dict(zip(L.HEADINGS[sheet], r, strict=True)) for r in annex_a_rows(sheet, annex_period(year_end))]


def test_the_period_is_the_12_months_ending_on_the_year_end():
    period = annex_period(YEAR_END)
    assert (period.start, period.end) == (D(2025, 4, 1), D(2026, 3, 31))
    assert annex_period(D(2028, 2, 29)).start == D(2027, 3, 1)


def test_every_child_list_starts_with_the_five_child_columns():
    for sheet in L.SHEETS:
        if sheet != "List 11":  # adopters, not children
            assert L.HEADINGS[sheet][0] == "Child Unique ID"
            assert "Age of Child (Years)" in L.HEADINGS[sheet]
    assert L.CHILD_COLUMNS == ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")


def test_list_1_contacts(authority):
    found = rows("List 1")
    assert [(r["Child Unique ID"], r["Date of Contact"]) for r in found] == [
        ("A1", D(2025, 5, 1)),
        ("B1", D(2025, 6, 10)),
        ("C1", D(2025, 7, 1)),
        ("D1", D(2025, 7, 1)),
        ("A1", D(2026, 3, 31)),  # London date of 23:30 on 31 March
    ]
    assert [r["Contact Source"] for r in found] == [
        "e) 2A: Schools",
        "t) 9: Anonymous",
        "q) 6: Police",
        "q) 6: Police",
        "a) 1A: Individual",
    ]
    a = found[0]
    assert (a["Gender"], a["Ethnicity"], a["Date of Birth"], a["Age of Child (Years)"]) == (
        "a) Male",
        "a) WBRI",
        D(2015, 6, 1),
        10,
    )
    b = found[1]
    assert (b["Gender"], b["Ethnicity"], b["Age of Child (Years)"]) == ("b) Female", "k) APKN", 13)


def test_list_3_referrals(authority):
    found = {r["Child Unique ID"]: r for r in rows("List 3")}
    assert sorted(found) == ["A1", "B1", "D1"]  # C was referred before the period
    a, b, d = found["A1"], found["B1"], found["D1"]
    assert a["Date of referral"] == D(2025, 5, 2)
    assert a["Referral Source"] == "e) 2A: Schools"
    assert a["Referral NFA?"] == "a) Yes"
    assert a["Number of Referrals in Last 12 Months"] == 1  # 1 Sep 2024
    assert (b["Referral NFA?"], b["Number of Referrals in Last 12 Months"]) == ("b) No", 0)
    assert (d["Referral NFA?"], d["Number of Referrals in Last 12 Months"]) == ("b) No", 0)
    assert a["Allocated Team"] == authority["team"]
    assert a["Allocated Worker"] == ""
    assert d["Allocated Worker"] == authority["worker"]


def test_list_4_assessments(authority):
    found = {r["Child Unique ID"]: r for r in rows("List 4")}
    assert sorted(found) == ["B1", "C1"]
    b, c = found["B1"], found["C1"]
    assert b["Does the Child have a Disability"] == "a) Yes"
    assert b["Continuous Assessment Start Date"] == D(2025, 6, 12)
    assert b["Child Seen During Continuous Assessment"] == "a) Yes"
    assert b["Continuous Assessment Date of Authorisation"] == D(2025, 7, 20)
    assert b["Was the child assessed as requiring LA children's social care support?"] == "a) Yes"
    # C: the restricted child is included; a phone call never counts as seen.
    assert c["Does the Child have a Disability"] == "c) Unknown"
    assert c["Child Seen During Continuous Assessment"] == "b) No"
    assert c["Continuous Assessment Date of Authorisation"] is None
    assert c["Was the child assessed as requiring LA children's social care support?"] == ""


def test_list_5_section_47_enquiries(authority):
    found = {r["Child Unique ID"]: r for r in rows("List 5")}
    assert sorted(found) == ["B1", "D1"]
    b, d = found["B1"], found["D1"]
    assert b["Strategy discussion initiating Section 47 Enquiry Start Date"] == D(2025, 9, 1)
    assert b["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert b["Date of Initial Child Protection Conference"] is None
    assert b["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == ""
    assert (b["Number of Section 47 Enquiries in the last 12 months"], b["Number of ICPCs in the last 12 months"]) == (
        1,
        0,
    )
    assert d["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    assert d["Date of Initial Child Protection Conference"] == D(2025, 7, 20)
    assert d["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    assert (d["Number of Section 47 Enquiries in the last 12 months"], d["Number of ICPCs in the last 12 months"]) == (
        1,
        1,
    )


def test_list_6_children_in_need(authority):
    found = {r["Child Unique ID"]: r for r in rows("List 6")}
    assert sorted(found) == ["A1", "B1", "C1", "D1"]  # A's 2024 and D's 2022 episodes closed before
    a, b, c, d = (found[k] for k in ("A1", "B1", "C1", "D1"))
    assert a["Case Status"] == "e) Closed episode"
    assert (a["CIN Closure Date"], a["Reason for Closure"]) == (
        D(2025, 5, 20),
        "RC8 - Case closed after assessment, no further action",
    )
    assert b["Case Status"] == "c) Child in need plan"
    assert b["Primary Need Code"] == "N2 - Child's disability"
    assert b["Date Child Was Last Seen"] == D(2026, 2, 10)  # not 5 April 2026
    assert (b["CIN Closure Date"], b["Reason for Closure"]) == (None, "")
    assert c["Case Status"] == "d) Open assessment"
    assert c["CIN Start Date"] == D(2024, 12, 1)
    assert c["Date Child Was Last Seen"] is None  # a phone call only
    assert d["Case Status"] == "b) Child Protection plan"
    assert d["Date Child Was Last Seen"] == D(2026, 3, 25)
    assert all(r["Case Status"] != L.CASE_STATUS_LAC for r in found.values())


def test_list_7_child_protection(authority):
    (d,) = rows("List 7")
    assert d["Child Unique ID"] == "D1"
    assert d["Child Protection Plan Start Date"] == D(2025, 7, 20)
    assert d["Initial Category of Abuse"] == "a) Neglect"
    assert d["Latest Category of Abuse"] == "d) Emotional abuse"
    assert d["Date of the Last Statutory Visit"] == D(2026, 3, 20)  # 28 March: no access
    assert d["Was the Child Seen Alone?"] == "b) No"
    assert d["Date of latest review conference"] == D(2026, 1, 20)
    assert d["Child Protection Plan End Date"] is None
    assert d["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"] == ""
    assert d["Number of Previous Child Protection Plans"] == 2  # one here in 2023, one elsewhere
    assert d["Allocated Worker"] == authority["worker"]


def test_an_earlier_year_end_sees_the_record_as_it_was(authority):
    # Year ending 30 Sep 2025: B's assessment authorised, D's plan started, no reviews yet after 15 Oct.
    (d,) = rows("List 7", D(2025, 9, 30))
    assert d["Date of latest review conference"] is None
    assert d["Date of the Last Statutory Visit"] is None
    found = {r["Child Unique ID"]: r for r in rows("List 6", D(2025, 9, 30))}
    assert found["B1"]["Date Child Was Last Seen"] == D(2025, 6, 20)


def test_the_total_counts_every_row(authority):
    assert annex_a_total(annex_period(YEAR_END)) == 5 + 3 + 2 + 2 + 4 + 1


def test_lists_held_elsewhere_have_no_rows():
    for sheet in ("List 2", "List 8", "List 9", "List 10", "List 11"):
        assert annex_a_rows(sheet, annex_period(YEAR_END)) is None


def test_queries_do_not_grow_with_the_number_of_children(authority):
    period = annex_period(YEAR_END)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for sheet in ("List 1", "List 3", "List 4", "List 5", "List 6", "List 7"):
                list(annex_a_rows(sheet, period))
        return len(captured)

    before = queries()
    b = authority["build"]
    for n in range(5):
        child = b.child(la_child_id=f"X{n}")
        episode = b.episode(child, D(2025, 8, 1))
        b.assessment(episode, D(2025, 8, 2))
        b.visit(episode, D(2025, 8, 3), alone="yes")
        b.contact(london(D(2025, 7, 30)), "8", child)
    assert queries() == before


def test_reading_in_small_chunks_gives_the_same_rows_in_the_same_order(authority, monkeypatch):
    from performance.annex_a import lists

    period = annex_period(YEAR_END)
    sheets = ("List 1", "List 3", "List 4", "List 5", "List 6", "List 7")
    whole = {sheet: list(annex_a_rows(sheet, period)) for sheet in sheets}
    monkeypatch.setattr(lists, "CHUNK", 1)
    assert {sheet: list(annex_a_rows(sheet, period)) for sheet in sheets} == whole
    dates = [r[5] for r in whole["List 1"]]
    assert dates == sorted(dates)


def test_the_headings_of_the_lists_we_fill_are_the_published_ones():
    """As published in liia-tools annex-a-merge.yml (returns.md section 3), typed out here."""
    child = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
    disability = "Does the Child have a Disability"
    team = ["Allocated Team", "Allocated Worker"]
    assert list(L.HEADINGS["List 4"]) == [
        *child,
        disability,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *team,
    ]
    assert list(L.HEADINGS["List 5"]) == [
        *child,
        disability,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *team,
    ]
    assert list(L.HEADINGS["List 6"]) == [
        *child,
        disability,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *team,
    ]
    assert list(L.HEADINGS["List 7"]) == [
        *child,
        disability,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *team,
    ]


def test_value_labels_are_the_published_lettered_strings():
    assert [L.gender_label(s) for s in ("M", "F", "U", "")] == [
        "a) Male",
        "b) Female",
        "c) Not stated/recorded",
        "c) Not stated/recorded",
    ]
    assert L.ethnicity_label("WBRI") == "a) WBRI" and L.ethnicity_label("NOBT") == "s) NOBT"
    assert L.source_label("10") == "u) 10: Unknown" and L.source_label("5D") == "5D: LA services"
    assert [L.disability_label(d) for d in (["NONE"], ["AUT"], [])] == ["b) No", "a) Yes", "c) Unknown"]
    assert L.category_label("MUL") == "e) Multiple/not recommended"
    assert L.primary_need_label("N0") == "N0 - Not stated"
    assert L.age_in_years(D(2016, 4, 1), D(2026, 3, 31)) == 9
    assert L.age_in_years(D(2026, 5, 1), D(2026, 3, 31)) is None
