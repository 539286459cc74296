"""The dashboard page and its CSV (issue 14): who sees what (PERMISSIONS.md), the period chooser,
CSV content equal to the tables, accessible charts, the access log, and a fixed number of queries
per measure whatever the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from casework.core.models import AccessLog, Role
from performance.dashboard import measures as m
from performance.dashboard.charts import chart_svg
from performance.views_dashboard import preset_period
from tests.factories import UserFactory
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
    visit,
)

pytestmark = pytest.mark.django_db

URL = "/performance/dashboard/"
CSV_URL = "/performance/dashboard/csv/"
Q2 = {"from": "2026-04-01", "to": "2026-06-30"}
WORDS = "Three visits and no access."


@pytest.fixture
def late_assessment(north, allocated_worker):
    c = case(north)
    k = person()
    return assessment(
        c, allocated_worker, children=[(k, episode(c, k, D(2025, 12, 1)))], authorised_at=at(D(2026, 5, 15)),
        due=D(2026, 4, 20), category="no_access", words=WORDS,
    )  # fmt: skip


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def test_routes():
    assert reverse("performance:dashboard") == URL
    assert reverse("performance:dashboard_csv") == CSV_URL


def test_manager_sees_their_team_with_the_words(client, manager, north, late_assessment):
    response = get(client, manager, **Q2)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quality and timeliness" in page
    assert "North" in page
    assert WORDS in page
    assert '<span class="govuk-caption-l">North</span>' in page


def test_manager_another_team_is_404(client, manager, south):
    assert get(client, manager, team=str(south.pk), **Q2).status_code == 404
    assert get(client, manager, CSV_URL, team=str(south.pk), table="all", **Q2).status_code == 404
    assert get(client, manager, team="not-a-team", **Q2).status_code == 404
    page = get(client, manager, team="authority", **Q2).content.decode()
    assert '<span class="govuk-caption-l">North</span>' in page


def test_manager_of_two_teams_chooses(client, north, south):
    both = UserFactory(role=Role.TEAM_MANAGER, teams=[north, south])
    response = get(client, both, team=str(south.pk), **Q2)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="govuk-caption-l">South</span>' in page
    assert page.index('<option value="' + str(north.pk)) < page.index('<option value="' + str(south.pk))
    assert "The whole authority" not in page


def test_performance_officer_sees_the_authority_without_words(client, performance_officer, north, late_assessment):
    response = get(client, performance_officer, **Q2)
    assert response.status_code == 200
    page = response.content.decode()
    assert "the whole authority (" in page
    assert "The whole authority" in page
    assert WORDS not in page
    assert "We could not get access" in page  # the category is counted
    response = get(client, performance_officer, team=str(north.pk), **Q2)
    assert '<span class="govuk-caption-l">North</span>' in response.content.decode()
    assert WORDS not in response.content.decode()
    body = get(client, performance_officer, CSV_URL, team=str(north.pk), table="all", **Q2).content.decode()
    assert WORDS not in body
    assert get(client, performance_officer, CSV_URL, table="delay_reason_words", **Q2).status_code == 404


def test_auditor_sees_the_authority(client, auditor):
    assert get(client, auditor, **Q2).status_code == 200


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "front_door_worker"])
def test_others_403(client, request, persona):
    user = request.getfixturevalue(persona)
    assert get(client, user, **Q2).status_code == 403
    assert get(client, user, CSV_URL, table="all", **Q2).status_code == 403


def test_every_view_and_download_is_logged(client, manager):
    before = AccessLog.objects.count()
    get(client, manager, **Q2)
    get(client, manager, CSV_URL, table="rereferrals", **Q2)
    rows = list(AccessLog.objects.order_by("-pk")[:2])
    assert AccessLog.objects.count() == before + 2
    whats = sorted(r.what for r in rows)
    assert whats[0].startswith("Dashboard CSV (rereferrals) 2026-04-01 to 2026-06-30: North")
    assert whats[1] == "Quality and timeliness dashboard 2026-04-01 to 2026-06-30: North"
    assert all(r.person_id is None and r.user_id == manager.pk for r in rows)
    assert {r.action for r in rows} == {"view", "download"}


def test_presets():
    today = D(2026, 5, 14)
    assert preset_period("last_month", today) == m.Period(D(2026, 4, 1), D(2026, 4, 30))
    assert preset_period("last_3_months", today) == m.Period(D(2026, 2, 1), D(2026, 4, 30))
    assert preset_period("year_to_date", today) == m.Period(D(2026, 4, 1), today)
    assert preset_period("year_to_date", D(2026, 2, 1)) == m.Period(D(2025, 4, 1), D(2026, 2, 1))
    assert preset_period("last_month", D(2026, 1, 10)) == m.Period(D(2025, 12, 1), D(2025, 12, 31))


def test_custom_dates_and_errors(client, manager):
    custom = {"period": "custom", "from-day": "1", "from-month": "4", "from-year": "2026"}
    response = get(client, manager, **custom, **{"to-day": "30", "to-month": "6", "to-year": "2026"})
    assert response.status_code == 200
    assert "1 April 2026 to 30 June 2026" in response.content.decode()
    response = get(client, manager, **custom, **{"to-day": "31", "to-month": "2", "to-year": "2026"})
    assert response.status_code == 400
    assert "Enter a real date for the end of the period" in response.content.decode()
    response = get(client, manager, **custom, **{"to-day": "1", "to-month": "3", "to-year": "2026"})
    assert response.status_code == 400
    assert "The end of the period must be on or after its start" in response.content.decode()
    default = get(client, manager)
    assert default.status_code == 200
    assert 'value="last_month" checked' in default.content.decode()


def test_csv_equals_the_tables(client, manager, north, late_assessment):
    tables = m.dashboard_tables(m.Period(D(2026, 4, 1), D(2026, 6, 30)), north, words=True)
    for table in tables:
        response = get(client, manager, CSV_URL, table=table.name, **Q2)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == table.columns
        assert rows[1:] == [[str(c) for c in row] for row in table.rows]
    every = get(client, manager, CSV_URL, table="all", **Q2).content.decode()
    for table in tables:
        assert f"{table.title}: {table.caption}, 2026-04-01 to 2026-06-30, North" in every
    assert get(client, manager, CSV_URL, table="nope", **Q2).status_code == 404


def test_the_page_links_a_csv_per_table_and_for_all(client, manager):
    page = get(client, manager, **Q2).content.decode()
    assert page.count("Download this table (CSV)") == len(m.TABLE_NAMES)  # the words too, for a manager
    assert "Download all tables (CSV)" in page
    assert "table=all" in page


def test_charts_have_accessible_text(client, manager, north, late_assessment):
    page = get(client, manager, **Q2).content.decode()
    assert page.count('role="img"') == 3  # timeliness, reasons, caseloads: the others have nothing to draw
    table = m.assessment_timeliness(m.Period(D(2026, 4, 1), D(2026, 6, 30)), north)
    svg = str(chart_svg(table))
    assert 'role="img"' in svg
    assert '<title id="chart-assessment_timeliness-title">' in svg
    assert "<desc" in svg
    assert "The time frame agreed: Within 0, Longer 1, Not known 0" in svg
    assert "url(#chart-assessment_timeliness-stripes)" in svg  # a pattern tells "Longer" apart, not a colour


def test_neutral_by_default_and_thresholds_as_a_reference_line(client, manager, north, allocated_worker, settings):
    visit(case(north), allocated_worker, at(D(2026, 5, 1)), [{"child": person(), "seen": True, "seen_alone": "yes"}])
    page = get(client, manager, **Q2).content.decode()
    assert "stroke-dasharray" not in page
    assert "govuk-tag--red" not in page
    settings.DASHBOARD_THRESHOLDS = {"children_seen": 80}
    page = get(client, manager, **Q2).content.decode()
    assert page.count("stroke-dasharray") == 1
    assert "Reference: 80%" in page


def test_performance_page_links_the_dashboard(client, manager):
    page = get(client, manager, "/performance/").content.decode()
    assert URL in page


# --- A fixed number of queries per measure ----------------------------------------------------------


def build(size, north, front_door_team, worker, manager):
    """``size`` of every kind of record the measures read, in the period."""
    for n in range(size):
        c = case(north, worker=worker)
        k = person()
        e = episode(c, k, D(2026, 4, 6))
        assessment(c, worker, children=[(k, e)], authorised_at=at(D(2026, 5, 1)), due=D(2026, 4, 20), category="other")
        s47(c, k, worker, D(2026, 4, 7), D(2026, 4, 28))
        conference(c, worker, D(2026, 4, 20 + n % 5), [k])
        p = plan(c, k, worker, D(2026, 4, 1), visiting_frequency_days=10, review_frequency_weeks=4)
        review(p, worker, D(2026, 5, 1))
        visit(c, worker, at(D(2026, 4, 10)), [{"child": k, "seen": True, "seen_alone": "yes"}], statutory=True)
        contact(front_door_team, worker, at(D(2026, 4, 2)), "9", [(k, "referral")], decision="referral")
        w = UserFactory(role=Role.SOCIAL_WORKER, teams=[north])
        supervision(manager, w, north, D(2026, 5, 2))


# The queries each measure makes, whatever the data.
QUERIES = {
    "assessment_timeliness": 2,  # the assessments, their children's referrals
    "delay_reasons": 2,
    "delay_reason_words": 2,
    "icpc_timeliness": 2,  # the conference outcomes, the Section 47 enquiries
    "children_seen": 1,
    "visit_quality": 1,
    "statutory_visits": 2,  # the plans, the seen statutory visits
    "plan_reviews": 2,  # the plans, the reviews
    "supervision_held": 3,  # workers, workers supervised, sessions
    "rereferrals": 2,  # the referrals, the children's other referrals
    "contacts_by_source": 1,
    "contacts_by_age": 1,
    "caseloads": 1,
}


def measured(north, assert_max):
    """Each measure run within its number of queries; returns the tables' first numbers."""
    period = m.Period(D(2026, 4, 1), D(2026, 6, 30))
    functions = dict(m.MEASURES) | {"delay_reason_words": m.delay_reason_words}
    totals = {}
    for name, function in functions.items():
        with assert_max(QUERIES[name], exact=True):
            table = function(period, north)
        totals[name] = sum(r[1] for r in table.rows if isinstance(r[1], int))
    return totals


def test_queries_do_not_grow_with_the_data(
    north, front_door_team, allocated_worker, manager, django_assert_max_num_queries, django_assert_num_queries
):
    assert set(QUERIES) == set(m.TABLE_NAMES)
    build(2, north, front_door_team, allocated_worker, manager)
    small = measured(north, django_assert_num_queries)
    build(6, north, front_door_team, allocated_worker, manager)
    large = measured(north, django_assert_num_queries)
    # The data did grow: the same queries count more.
    for name in ("assessment_timeliness", "icpc_timeliness", "children_seen", "statutory_visits", "plan_reviews",
                 "supervision_held", "rereferrals", "caseloads"):  # fmt: skip
        assert large[name] > small[name], name
    with django_assert_max_num_queries(2):
        m.statutory_visits(m.Period(D(2026, 4, 1), D(2026, 6, 30)), north)
