"""Every dashboard measure against hand-counted fixtures (issue 14): small records, the exact
numbers, the period's London boundaries (the period is in British Summer Time, so a time late on
31 March UTC is 1 April in London, and late on 30 June UTC is 1 July), and the team scope."""

from __future__ import annotations

import pytest

from casework.core.models import Role, TeamKind
from performance.dashboard import measures as m
from tests.factories import TeamFactory, UserFactory
from tests.performance.dashboard_support import (
    D,
    assessment,
    at,
    case,
    conference,
    contact,
    episode,
    person,
    plan,
    review,
    s47,
    supervision,
    utc,
    visit,
)

pytestmark = pytest.mark.django_db

Q2 = m.Period(D(2026, 4, 1), D(2026, 6, 30))


def test_period_is_london_dates():
    assert Q2.start_at == utc(D(2026, 3, 31), 23)  # midnight BST
    assert Q2.end_before == utc(D(2026, 6, 30), 23)


# --- Timeliness -------------------------------------------------------------------------------------


@pytest.fixture
def assessments(north, south, allocated_worker):
    by = allocated_worker
    c = case(north)
    k1, k2, k3, k4 = person(), person(), person(), person()
    # Within the agreed time frame and within 45 working days of referral.
    assessment(
        c, by, children=[(k1, episode(c, k1, D(2026, 4, 7)))], authorised_at=at(D(2026, 4, 30)), due=D(2026, 5, 1)
    )
    # Longer than agreed (15 May after 20 April) and than 45 working days (referred 1 December).
    assessment(
        c, by, children=[(k2, episode(c, k2, D(2025, 12, 1)))], authorised_at=at(D(2026, 5, 15)),
        due=D(2026, 4, 20), category="no_access", words="Three visits and no access.",
    )  # fmt: skip
    # No time frame agreed; 1 April to 30 June is more than 45 working days: longer, no reason.
    # Authorised 23:30 London on 30 June (22:30 UTC): in the period.
    assessment(c, by, children=[(k3, episode(c, k3, D(2026, 4, 1)))], authorised_at=utc(D(2026, 6, 30), 22, 30))
    # Authorised 00:30 London on 1 July: outside.
    assessment(c, by, children=[(k4, None)], authorised_at=utc(D(2026, 6, 30), 23, 30), due=D(2026, 7, 30))
    # A draft: not authorised.
    assessment(c, by, children=[(person(), None)], due=D(2026, 5, 1))
    # South's: no time frame agreed, no episode (national measure not known).
    assessment(case(south), by, children=[(person(), None)], authorised_at=at(D(2026, 5, 1)))


def test_assessment_timeliness_team(assessments, north):
    t = m.assessment_timeliness(Q2, north)
    assert t.rows[0] == ["The time frame agreed", 1, 1, 1, 3, "33%"]
    assert t.rows[1] == ["45 working days from referral", 1, 2, 0, 3, "33%"]


def test_assessment_timeliness_authority(assessments):
    t = m.assessment_timeliness(Q2)
    assert t.rows[0] == ["The time frame agreed", 1, 1, 2, 4, "25%"]
    assert t.rows[1] == ["45 working days from referral", 1, 2, 1, 4, "25%"]


def test_delay_reasons_counts_and_words(assessments, north):
    t = m.delay_reasons(Q2, north)
    counts = {r[0]: r[1] for r in t.rows}
    assert counts["We could not get access"] == 1
    assert counts["Not recorded"] == 1
    assert sum(counts.values()) == 2
    words = m.delay_reason_words(Q2, north)
    assert [r[1:] for r in words.rows] == [
        ["We could not get access", "Three visits and no access."],
        ["Not recorded", "(no words recorded)"],
    ]


def test_icpc_within_15_working_days(north, south, allocated_worker):
    by = allocated_worker
    c = case(north)
    k1, k2, k3, k4 = person(), person(), person(), person()
    s47(c, k1, by, D(2026, 4, 7), D(2026, 4, 28))  # 15 working days after 7 April (Easter in between)
    s47(c, k2, by, D(2026, 4, 1), D(2026, 4, 23))
    s47(c, k4, by, D(2026, 3, 1), None)  # no target recorded: 15 working days after 1 March is 20 March
    conference(c, by, D(2026, 4, 28), [k1])  # on the target: within
    conference(c, by, D(2026, 5, 5), [k2, k3])  # k2 late; k3 has no Section 47 enquiry
    conference(c, by, D(2026, 4, 2), [k4])  # after 20 March: late
    conference(c, by, D(2026, 5, 6), [k1], kind="review")  # not an initial conference
    conference(c, by, D(2026, 3, 31), [person()])  # before the period
    conference(case(south), by, D(2026, 5, 1), [person()])
    t = m.icpc_timeliness(Q2, north)
    assert [r[1] for r in t.rows] == [1, 2, 1]
    assert [r[1] for r in m.icpc_timeliness(Q2).rows] == [1, 2, 2]


# --- Quality ----------------------------------------------------------------------------------------


@pytest.fixture
def visits(north, south, allocated_worker):
    by = allocated_worker
    c = case(north)
    k1, k2, k3 = person(), person(dob=D(2026, 1, 1)), person()
    # 00:30 London on 1 April (23:30 UTC on 31 March): in the period.
    visit(
        c, by, utc(D(2026, 3, 31), 23, 30),
        [
            {"child": k1, "seen": True, "seen_alone": "yes"},
            {"child": k2, "seen": True, "seen_alone": "not_applicable"},
            {"child": k3, "seen": True, "seen_alone": "no"},
        ],
        childs_words="I like my new school.",
    )  # fmt: skip
    # A telephone call: never seen, even if the box was ticked.
    visit(c, by, at(D(2026, 5, 10)), [{"child": k1, "seen": True, "seen_alone": "yes"}], kind="phone")
    visit(
        c, by, at(D(2026, 5, 12)), [{"child": k1, "seen": False, "not_seen_reason": "no_access"}], outcome="no_access"
    )
    # A draft, a visit at 00:30 London on 1 July, and South's visit: none counted for North.
    visit(c, by, at(D(2026, 5, 13)), [{"child": k1, "seen": True, "seen_alone": "yes"}], status="draft")
    visit(c, by, utc(D(2026, 6, 30), 23, 30), [{"child": k1, "seen": True, "seen_alone": "yes"}])
    other = person()
    visit(case(south), by, at(D(2026, 5, 1)), [{"child": other, "seen": True, "seen_alone": "yes"}], childs_words="Hi")


def test_children_seen_and_seen_alone(visits, north):
    t = m.children_seen(Q2, north)
    assert t.rows[0] == ["Seen in person", 3, 5, "60%"]
    # Seen alone: yes 1 out of yes 1 + no 1; not applicable left out.
    assert t.rows[1] == ["Seen alone (not applicable left out)", 1, 2, "50%"]
    assert t.rows[2] == ["Seen alone: not applicable", 1, 3, "33%"]
    authority = m.children_seen(Q2)
    assert authority.rows[0][1:3] == [4, 6]
    assert authority.rows[1][1:3] == [2, 3]


def test_visit_quality(visits, north):
    t = m.visit_quality(Q2, north)
    assert t.rows[0] == ["No access", 1, 3, "33%"]
    assert t.rows[1] == ["The child's words recorded (completed visits)", 1, 2, "50%"]


def test_statutory_visits_within_frequency(north, allocated_worker):
    by = allocated_worker
    c = case(north)
    k = person()
    plan(c, k, by, D(2026, 4, 1), visiting_frequency_days=10)
    seen = [{"child": k, "seen": True, "seen_alone": "yes"}]
    visit(c, by, at(D(2026, 3, 20)), seen, statutory=True)  # before the plan: neither counted nor a base
    # 10 working days after 1 April is 17 April (Good Friday and Easter Monday are bank holidays).
    visit(c, by, at(D(2026, 4, 17)), seen, statutory=True)  # within
    visit(c, by, at(D(2026, 4, 20)), seen, statutory=True, kind="phone")  # a call: not a visit seen
    visit(c, by, at(D(2026, 4, 22)), [{"child": k, "seen": False}], statutory=True, outcome="no_access")
    # 10 working days after 17 April is 1 May; 5 May is later (4 May is a bank holiday).
    visit(c, by, at(D(2026, 5, 5)), seen, statutory=True)  # later
    visit(c, by, at(D(2026, 5, 6)), seen, statutory=False)  # not statutory
    # 10 working days after 5 May is 19 May: within.
    visit(c, by, at(D(2026, 5, 19)), seen, statutory=True)
    t = m.statutory_visits(Q2, north)
    assert t.rows[0] == ["Within the plan's frequency", 2, "67%"]
    assert t.rows[1] == ["Later than the plan's frequency", 1, "33%"]


def test_plan_reviews_on_time(north, allocated_worker):
    by = allocated_worker
    c = case(north)
    p1 = plan(c, person(), by, D(2026, 3, 1), review_frequency_weeks=6)
    review(p1, by, D(2026, 4, 10))  # 6 weeks after 1 March is 12 April: on time
    review(p1, by, D(2026, 6, 1))  # 6 weeks after 10 April is 22 May: late
    plan(c, person(), by, D(2026, 4, 1), review_frequency_weeks=4)  # due 29 April, never reviewed
    cp = plan(c, person(), by, D(2026, 4, 1), review_frequency_weeks=4, kind="cp")  # not a CIN plan
    review(cp, by, D(2026, 6, 1))
    t = m.plan_reviews(Q2, north)
    assert [r[1] for r in t.rows] == [1, 1, 1]


def test_supervision_held(north, south, manager):
    w1, w2, w3 = (UserFactory(role=Role.SOCIAL_WORKER, teams=[north]) for _ in range(3))
    UserFactory(role=Role.SOCIAL_WORKER, teams=[north], is_active=False)
    w4 = UserFactory(role=Role.SOCIAL_WORKER, teams=[south])
    supervision(manager, w1, north, D(2026, 5, 1))
    supervision(manager, w1, north, D(2026, 6, 30))
    supervision(manager, w2, north, D(2026, 7, 1))  # after the period
    supervision(manager, w4, south, D(2026, 5, 1))
    t = m.supervision_held(Q2, north)
    assert t.rows[0] == ["Social workers supervised", 1, 3, "33%"]
    assert t.rows[1][1] == 2
    assert m.supervision_held(Q2).rows[0][1:3] == [2, 4]
    assert w3  # never supervised


def test_rereferrals_by_the_design_definition(north, south):
    c = case(north)
    x, y, z, w = person(), person(), person(), person()
    episode(c, x, D(2025, 6, 1), status="closed", closed=D(2025, 7, 1))
    episode(c, x, D(2026, 5, 1))  # 11 months after: a re-referral
    episode(c, y, D(2025, 3, 1), status="closed", closed=D(2025, 4, 1))
    episode(c, y, D(2026, 5, 1))  # 14 months after: not
    episode(c, z, D(2025, 5, 1), status="closed", closed=D(2025, 6, 1))
    episode(c, z, D(2026, 5, 1))  # exactly 12 months after: a re-referral
    episode(c, w, D(2026, 6, 15))  # a first referral
    other = person()
    episode(case(south), other, D(2026, 4, 1), status="closed", closed=D(2026, 4, 2))
    episode(case(south), other, D(2026, 4, 20))
    t = m.rereferrals(Q2, north)
    assert t.rows[0][1:] == [2, "50%"]
    assert t.rows[1][1:] == [2, "50%"]
    assert m.rereferrals(Q2).rows[0][1] == 3


@pytest.fixture
def contacts(front_door_team, front_door_worker):
    by = front_door_worker
    team = front_door_team
    contact(team, by, at(D(2026, 4, 15)), "9", [(person(dob=D(2012, 1, 1)), "nfa")], decision="nfa", anonymous=True)
    contact(team, by, at(D(2026, 4, 16)), "1A", [(person(dob=D(2023, 1, 1)), "nfa")], decision="nfa")
    contact(
        team, by, at(D(2026, 5, 10)), "2A",
        [
            (person(dob=D(2013, 5, 10)), "referral"),  # 13 on the day
            (person(dob=None, expected=D(2026, 8, 1)), "nfa"),  # unborn
            (person(dob=D(2013, 5, 11)), "referral"),  # 12 until tomorrow
        ],
        decision="referral",
    )  # fmt: skip
    # 00:30 London on 1 April: in the period; not decided yet; 17 that day.
    contact(team, by, utc(D(2026, 3, 31), 23, 30), "6", [(person(dob=D(2009, 4, 1)), "")])
    contact(team, by, utc(D(2026, 6, 30), 23, 30), "6", [(person(), "")])  # 1 July in London
    other = TeamFactory(name="Front Door East", kind=TeamKind.FRONT_DOOR)
    contact(other, by, at(D(2026, 5, 1)), "9", [(person(), "nfa")], decision="nfa", anonymous=True)


COLUMNS = ["No further action", "Advice and signposting", "Early help", "Referral to children's social care"]


def test_contacts_by_source_and_decision(contacts, front_door_team):
    t = m.contacts_by_source(Q2, front_door_team)
    assert t.columns == ["Source", *COLUMNS, "No decision yet", "Total"]
    assert t.value("Anonymous", "No further action") == 1
    assert t.value("Individual: family, relative or carer", "No further action") == 1
    assert t.value("Schools", "Referral to children's social care") == 1
    assert t.value("Police", "No decision yet") == 1
    assert t.value("Police", "Total") == 1
    assert t.value("Referrer asked not to be named (any source)", "Total") == 1
    assert t.rows[-1] == ["All contacts", 2, 0, 0, 1, 1, 4]
    assert m.contacts_by_source(Q2).rows[-1][-1] == 5


def test_contacts_by_age_band(contacts, front_door_team):
    t = m.contacts_by_age(Q2, front_door_team)
    assert [r[0] for r in t.rows] == ["Unborn", "0 to 4", "5 to 9", "10 to 12", "13 to 15", "16 to 17"]
    assert t.value("13 to 15", "No further action") == 1
    assert t.value("13 to 15", "Referral to children's social care") == 1
    assert t.value("13 to 15", "Total") == 2
    assert t.value("10 to 12", "Referral to children's social care") == 1
    assert t.value("Unborn", "No further action") == 1
    assert t.value("0 to 4", "Total") == 1
    assert t.value("5 to 9", "Total") == 0
    assert t.value("16 to 17", "No decision yet") == 1


def test_age_bands():
    on = D(2026, 5, 10)
    assert m.age_band(None, D(2026, 8, 1), on) == "Unborn"
    assert m.age_band(D(2026, 5, 11), None, on) == "Unborn"
    assert m.age_band(None, None, on) == "Not known"
    assert m.age_band(D(2021, 5, 11), None, on) == "0 to 4"
    assert m.age_band(D(2021, 5, 10), None, on) == "5 to 9"
    assert m.age_band(D(2016, 5, 10), None, on) == "10 to 12"
    assert m.age_band(D(2013, 5, 10), None, on) == "13 to 15"
    assert m.age_band(D(2010, 5, 10), None, on) == "16 to 17"
    assert m.age_band(D(2008, 5, 10), None, on) == "18 or over"


def test_caseloads(north, south, allocated_worker, colleague):
    c1 = case(north, worker=allocated_worker)
    episode(c1, person(), D(2026, 1, 1))
    episode(c1, person(), D(2026, 1, 1))
    episode(c1, person(), D(2025, 1, 1), status="closed", closed=D(2025, 2, 1))
    episode(case(north, worker=allocated_worker), person(), D(2026, 1, 1))
    episode(case(north), person(), D(2026, 1, 1))
    case(north, worker=colleague, status="closed")
    episode(case(south, worker=colleague), person(), D(2026, 1, 1))
    t = m.caseloads(Q2, north)
    assert t.rows == [["Sam Okafor", 2, 3], ["Not allocated", 1, 1]]
    assert ["Jo Lewis", 1, 1] in m.caseloads(Q2).rows
