"""The census validation page and the census form on the Performance page."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import resolve, reverse

from casework.core.models import AccessLog, ExportJob
from performance import views_census
from performance.census.model import CensusChild, CensusEpisode
from tests.performance.test_census_derive import Build

D = datetime.date
YEAR_END = D(2026, 3, 31)
VALIDATION = reverse("performance:census_validation")


@pytest.fixture
def build(db) -> Build:
    return Build()


def page(client, user, **params):
    client.force_login(user)
    return client.get(VALIDATION, params)


def hand_built(monkeypatch, *children: CensusChild) -> list[datetime.date]:
    """Serve the page from hand-built census children; returns the years it was asked for."""
    asked: list[datetime.date] = []

    def fake(year_end, **kwargs):
        asked.append(year_end)
        return iter(children)

    monkeypatch.setattr("performance.census.derive.census_children", fake)
    return asked


def a_child(**fields) -> CensusChild:
    pid = uuid.uuid4()
    data = {
        "person_id": pid,
        "la_child_id": "C900001",
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": "",
        "upn_unknown": "UN6",
        "birth_date": D(2022, 6, 1),
        "disabilities": ["NONE"],
        "name": "Ada Lovelace",
        "episodes": [
            CensusEpisode(uuid.uuid4(), uuid.uuid4(), D(2025, 6, 2), "2A", primary_need="N1"),
        ],
    }
    data.update(fields)
    return CensusChild(**data)


def summary(html: str) -> dict[str, str]:
    """The counts at the top of the page (a GOV.UK summary list)."""
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">\s*(.*?)\s*</dt>\s*'
        r'<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>',
        html,
        re.S,
    )
    return {key: value.split(" ")[0] for key, value in pairs}


def rule_order(html: str) -> list[str]:
    return re.findall(r'id="rule-(\w+)-section"', html)


def section(html: str, rule: str) -> str:
    part = html[html.index(f'id="rule-{rule}-section"') :]
    return part[: part.index("</section>")]


# --- What the page shows ----------------------------------------------------------------------


def test_a_failure_is_shown_in_words_with_a_link_to_where_it_is_fixed(client, build, performance_officer, auditor):
    child = build.child(first_name="Bea", last_name="Jones")
    episode = build.episode(child, D(2025, 5, 1), need="")
    response = page(client, performance_officer, year_end="2026-03-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The referral led to further action but has no primary need. Record the primary need." in html
    assert child.la_child_id in html and "Bea Jones" in html
    link = reverse("casework:episode_detail", kwargs={"episode_id": episode.pk})
    assert f'href="{link}"' in html
    assert resolve(link).url_name == "episode_detail"
    counts = summary(html)
    assert counts["Children"] == "1" and counts["Episodes"] == "1" and int(counts["Errors"]) >= 1
    assert f'href="{link}"' in section(html, "8610") and "govuk-tag--red" in section(html, "8610")
    # The link works: an auditor (reads every record) opens the episode.
    client.force_login(auditor)
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("kind", "url_name"),
    [
        ("person", "families:person_detail"),
        ("episode", "casework:episode_detail"),
        ("case", "casework:case_detail"),
        ("assessment", "assessments:assessment_detail"),
        ("plan", "casework:plan_detail"),
        ("section47", "casework:section47_detail"),
        ("conference", "casework:conference_detail"),
    ],
)
def test_each_kind_of_record_links_to_its_screen(kind, url_name):
    from performance.census.rules import CensusFailure

    record = uuid.uuid4()
    url, text = views_census.failure_link(CensusFailure("8500", "x", a_child(), kind, record))
    assert str(record) in url and text
    assert f"{resolve(url).namespace}:{resolve(url).url_name}" == url_name


def test_a_link_that_cannot_be_made_falls_back_to_the_child(monkeypatch):
    from performance.census.rules import CensusFailure

    child = a_child()
    monkeypatch.setitem(views_census.LINKS, "plan", ("casework:no_such_page", "plan_id", "Plan"))
    url, _ = views_census.failure_link(CensusFailure("4011", "x", child, "plan", uuid.uuid4()))
    assert url == reverse("families:person_detail", kwargs={"person_id": child.person_id})


def test_queries_are_shown_as_checks_and_errors_as_errors(client, monkeypatch, performance_officer):
    both_dates = a_child(expected_birth_date=D(2026, 5, 1))  # 8525Q, a query
    no_ethnicity = a_child(la_child_id="C900002", ethnicity="", person_id=uuid.uuid4())  # 4220, an error
    hand_built(monkeypatch, both_dates, no_ethnicity)
    response = page(client, performance_officer, year_end="2026-03-31")
    html = response.content.decode()
    order = rule_order(html)
    assert order.index("4220") < order.index("8525Q")  # errors first, then queries
    query_section = section(html, "8525Q")
    assert "govuk-tag--grey" in query_section and "Check" in query_section
    assert "Error" not in query_section and "govuk-tag--red" not in query_section
    assert "What to check" in query_section
    error_section = section(html, "4220")
    assert "govuk-tag--red" in error_section and "Error" in error_section and "What to fix" in error_section
    counts = summary(html)
    assert counts["Errors"] == "2" and counts["Checks"] == "1"  # 4220 and 8606; 8525Q
    assert "Rule 8525Q" in html


def test_restricted_child_is_shown_without_a_name(client, build, monkeypatch, performance_officer):
    secret = build.child(first_name="Secret", last_name="Person", restricted=True, ethnicity="")
    build.episode(secret, D(2025, 5, 1))
    response = page(client, performance_officer, year_end="2026-03-31")
    html = response.content.decode()
    assert secret.la_child_id in html
    assert "Restricted record" in html
    assert "Secret" not in html

    hand_built(monkeypatch, a_child(restricted=True, name="Hidden Name", ethnicity=""))
    html = page(client, performance_officer, year_end="2026-03-31").content.decode()
    assert "Restricted record" in html and "Hidden Name" not in html


def test_no_problems(client, monkeypatch, auditor):
    hand_built(monkeypatch, a_child())
    response = page(client, auditor, year_end="2026-03-31")
    assert response.status_code == 200
    assert "No problems found." in response.content.decode()
    assert summary(response.content.decode())["Children"] == "1"
    assert rule_order(response.content.decode()) == []


def test_default_year_is_the_current_collection_year_to_date(client, monkeypatch, performance_officer):
    asked = hand_built(monkeypatch)
    response = page(client, performance_officer)
    current = views_census.collection_years()[0]
    assert asked == [current]
    assert current >= datetime.date.today()
    html = response.content.decode()
    assert "to date" in html
    assert f'<option value="{current.isoformat()}" selected' in html


def test_year_picker_offers_collection_years_and_refuses_others(client, monkeypatch, performance_officer):
    hand_built(monkeypatch)
    html = page(client, performance_officer, year_end="2026-03-31").content.decode()
    assert '<select class="govuk-select" id="year_end" name="year_end"' in html
    assert '<option value="2026-03-31" selected' in html
    assert "April 2025 to March 2026" in html
    for bad in ("2026-04-01", "nonsense", "1999-03-31"):
        response = page(client, performance_officer, year_end=bad)
        assert response.status_code == 400
        assert "Choose a census year from the list" in response.content.decode()


def test_pre_proceedings_note_from_2026_27(client, monkeypatch, performance_officer):
    hand_built(monkeypatch)
    later = page(client, performance_officer, year_end="2027-03-31").content.decode()
    assert "pre-proceedings section" in later and "until pre-proceedings are recorded" in later
    earlier = page(client, performance_officer, year_end="2026-03-31").content.decode()
    assert "pre-proceedings" not in earlier


def test_each_run_is_logged_without_naming_children(client, monkeypatch, performance_officer):
    hand_built(monkeypatch, a_child(ethnicity=""))
    page(client, performance_officer, year_end="2026-03-31")
    (row,) = AccessLog.objects.filter(user=performance_officer, what__startswith="Children in Need census check")
    assert row.person_id is None and "1 children" in row.what


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["performance_officer", "auditor"])
def test_performance_officers_and_auditors_see_the_page(client, monkeypatch, persona, request):
    hand_built(monkeypatch)
    assert page(client, request.getfixturevalue(persona), year_end="2026-03-31").status_code == 200


@pytest.mark.parametrize(
    "persona",
    ["allocated_worker", "colleague", "manager", "front_door_worker", "front_door_manager", "other_team_worker"],
)
def test_everyone_else_is_refused(client, monkeypatch, persona, request):
    asked = hand_built(monkeypatch)
    assert page(client, request.getfixturevalue(persona), year_end="2026-03-31").status_code == 403
    assert asked == []


def test_signed_out_goes_to_sign_in(client, db):
    response = client.get(VALIDATION)
    assert response.status_code == 302 and "sign-in" in response["Location"]


# --- The census on the Performance page -------------------------------------------------------

HOME = reverse("performance:home")
START = reverse("performance:census_start")


def test_performance_officer_sees_the_census_form_and_the_check_link(client, performance_officer):
    client.force_login(performance_officer)
    response = client.get(HOME)
    html = response.content.decode()
    assert "Children in Need census" in html
    assert f'action="{START}"' in html and "Make the census XML" in html
    assert f'href="{VALIDATION}"' in html and "Check the census data" in html
    current = views_census.collection_years()[0]
    assert f'<option value="{current.isoformat()}" selected' in html
    # The generic list (kinds with no parameters) never offers the census.
    assert 'name="kind" value="cin_census"' not in html


def test_cin_census_needs_parameters_so_is_not_a_parameterless_kind():
    from django.core.exceptions import ValidationError

    from casework.core.exports import export_kind

    kind = export_kind("cin_census")
    with pytest.raises(ValidationError):
        kind.validate_parameters({})


def test_auditor_sees_the_check_link_but_not_the_form(client, auditor):
    client.force_login(auditor)
    html = client.get(HOME).content.decode()
    assert "Check the census data" in html
    assert "Make the census XML" not in html


def test_team_manager_sees_neither(client, manager):
    client.force_login(manager)
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check the census data" not in html and "Make the census XML" not in html


def test_the_census_form_starts_a_job_with_the_year(client, performance_officer):
    client.force_login(performance_officer)
    response = client.post(START, {"year_end": "2026-03-31"})
    job = ExportJob.objects.get(requested_by=performance_officer)
    assert (job.kind, job.parameters) == ("cin_census", {"year_end": "2026-03-31"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:export_job", kwargs={"job_id": job.pk})


def test_the_census_form_refuses_a_bad_year(client, performance_officer):
    client.force_login(performance_officer)
    response = client.post(START, {"year_end": "2026-04-01"})
    assert response.status_code == 400
    assert "31 March" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "manager"])
def test_only_performance_officers_start_the_census(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(START, {"year_end": "2026-03-31"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_social_worker_cannot_start_the_census(client, allocated_worker):
    client.force_login(allocated_worker)
    assert client.post(START, {"year_end": "2026-03-31"}).status_code == 403
