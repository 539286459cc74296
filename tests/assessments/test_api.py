"""/api/v1/assessments/: start, write (409 on a stale version, nothing saved), submit, return with a
reason, authorise (never by the author), agree and revise the time frame, for the personas of
PERMISSIONS.md; performance officers read no narrative; other teams get 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus
from chronology.models import ChronologyEntry
from families.models import Person
from tests.casework.api_support import call
from tests.factories.assessments import *  # noqa: F403
from tests.factories.assessments import authorised, due_in, publish_new_version, start, submitted, written

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments/"


def one(assessment) -> str:
    return f"{URL}{assessment.pk}/"


def fresh(assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 201),
        ("manager", 201),
        ("front_door_worker", 403),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_start_one(persona, code, request, api_as, case, siblings, template):
    body = {
        "case": str(case.pk),
        "children": [str(siblings["ava"].pk)],
        "due_date": due_in(30).isoformat(),
        "timeframe_reason": "Six weeks: Dad works away",
    }
    response = call(api_as, request.getfixturevalue(persona), "post", URL, body)
    assert response.status_code == code, response.content
    assert Assessment.objects.exists() == (code == 201)
    if code == 201:
        data = response.json()
        assert data["status"] == "draft" and data["template"] == "understanding-families"
        assert data["template_version"] == template.version and data["children"] == [str(siblings["ava"].pk)]
        assert data["due_date"] == due_in(30).isoformat() and data["version"] == 1
        assert data["sections"]["family-membership"][0]["name"] == "Ava Smith"  # pre-filled, live


def test_starting_refuses_a_child_not_of_the_case_and_a_second_open_one(
    api_as, allocated_worker, case, siblings, teenager, assessment
):
    body = {"case": str(case.pk), "children": [str(teenager.pk)]}
    response = call(api_as, allocated_worker, "post", URL, body)
    assert response.status_code == 400 and "children" in response.json()
    body = {"case": str(case.pk), "children": [str(siblings["ava"].pk)]}
    response = call(api_as, allocated_worker, "post", URL, body)
    assert response.status_code == 400 and "already has an open assessment" in response.json()["children"][0]
    assert Assessment.objects.count() == 1


def test_fields_as_api_md(api_as, allocated_worker, assessment):
    data = call(api_as, allocated_worker, "get", one(assessment)).json()
    assert {
        "id",
        "case",
        "template",
        "template_version",
        "children",
        "start_date",
        "internal_review_date",
        "due_date",
        "timeframe_reason",
        "timeframe_agreed_by",
        "timeframe_agreed_at",
        "working_days_since_referral",
        "delay_reason_category",
        "delay_reason",
        "s47",
        "sections",
        "child_outcomes",
        "analysis",
        "status",
        "submitted_at",
        "authorised_at",
        "authorised_by",
        "version",
    } <= set(data)
    assert isinstance(data["working_days_since_referral"], int) and data["s47"] is None
    assert data["child_outcomes"] == [{"child": data["children"][0], "factors": [], "requires_support": None}]


def test_patch_writes_and_a_stale_version_is_409_with_nothing_saved(api_as, allocated_worker, colleague, assessment):
    child = str(assessment.subjects.get().child_id)
    body = {
        "version": 1,
        "sections": {"child-profile": "Ava loves drawing.", "analysis": "Food insecurity."},
        "internal_review_date": due_in(10).isoformat(),
        "child_outcomes": [{"child": child, "factors": ["16A"], "requires_support": True}],
    }
    response = call(api_as, allocated_worker, "patch", one(assessment), body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["version"] == 2 and data["sections"]["child-profile"] == "Ava loves drawing."
    assert data["analysis"] == "Food insecurity." and data["internal_review_date"] == due_in(10).isoformat()
    assert data["child_outcomes"][0]["factors"] == ["16A"]

    stale = {"version": 1, "analysis": "Overwritten", "sections": {"child-profile": "Lost"}}
    response = call(api_as, colleague, "patch", one(assessment), stale)
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    saved = fresh(assessment)
    assert saved.analysis == "Food insecurity." and saved.sections["child-profile"] == "Ava loves drawing."
    assert saved.version == 2
    # A PATCH that does not say which version it read is refused too.
    assert call(api_as, colleague, "patch", one(assessment), {"analysis": "x"}).status_code == 409


def test_patch_errors_name_the_field(api_as, allocated_worker, assessment):
    child = str(assessment.subjects.get().child_id)
    response = call(
        api_as,
        allocated_worker,
        "patch",
        one(assessment),
        {"version": 1, "child_outcomes": [{"child": child, "factors": ["21", "1A"]}]},
    )
    assert response.status_code == 400 and "used alone" in response.json()["child_outcomes"][0]
    response = call(api_as, allocated_worker, "patch", one(assessment), {"version": 1, "sections": {"household": "x"}})
    assert response.status_code == 400 and "sections" in response.json()
    response = call(api_as, allocated_worker, "patch", one(assessment), {"version": 1, "delay_reason_category": "x"})
    assert response.status_code == 400 and "delay_reason_category" in response.json()
    assert fresh(assessment).version == 1


@pytest.mark.parametrize(
    ("persona", "code"),
    [("colleague", 200), ("front_door_worker", 403), ("other_team_worker", 404), ("auditor", 403)],
)
def test_who_may_write(persona, code, request, api_as, assessment):
    response = call(api_as, request.getfixturevalue(persona), "patch", one(assessment), {"version": 1, "analysis": "x"})
    assert response.status_code == code, response.content
    assert (fresh(assessment).analysis == "x") == (code == 200)


def test_submit_return_authorise_through_the_api(api_as, allocated_worker, manager, assessment, siblings):
    response = call(api_as, allocated_worker, "post", f"{one(assessment)}submit/", {"version": 1})
    assert response.status_code == 400 and "analysis" in response.json()
    written(assessment, allocated_worker)
    version = fresh(assessment).version
    response = call(api_as, allocated_worker, "post", f"{one(assessment)}submit/", {"version": version})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert response.json()["submitted_at"]

    url = f"{one(assessment)}return/"
    response = call(api_as, manager, "post", url, {"version": version + 1, "reason": ""})
    assert response.status_code == 400 and "reason" in response.json()
    response = call(api_as, manager, "post", url, {"version": version + 1, "reason": "Say more about Sam's dad."})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["returned_reason"] == "Say more about Sam's dad."

    version = fresh(assessment).version
    call(api_as, allocated_worker, "post", f"{one(assessment)}submit/", {"version": version})
    body = {"version": version + 1, "primary_needs": {str(siblings["ava"].pk): "N2"}}
    response = call(api_as, manager, "post", f"{one(assessment)}authorise/", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "authorised" and data["authorised_by"] == str(manager.pk) and data["authorised_at"]
    assert siblings["ava"].episodes.get().primary_need == "N2"
    kinds = ChronologyEntry.objects.filter(category="assessment").values_list("event_kind", flat=True)
    steps = ["started", "submitted", "returned", "submitted", "authorised"]
    assert sorted(kinds) == sorted(f"assessment_{step}" for step in steps)


def test_authorised_is_read_only(api_as, allocated_worker, manager, assessment):
    authorised(assessment, allocated_worker, manager)
    version = fresh(assessment).version
    response = call(api_as, allocated_worker, "patch", one(assessment), {"version": version, "analysis": "Changed"})
    assert response.status_code == 400 and "read-only" in str(response.json())
    assert fresh(assessment).analysis != "Changed" and fresh(assessment).version == version


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 200),
        ("front_door_manager", 403),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_authorise(persona, code, request, api_as, allocated_worker, assessment):
    submitted(assessment, allocated_worker)
    version = fresh(assessment).version
    response = call(
        api_as, request.getfixturevalue(persona), "post", f"{one(assessment)}authorise/", {"version": version}
    )
    assert response.status_code == code, response.content
    assert (fresh(assessment).status == AssessmentStatus.AUTHORISED) == (code == 200)


def test_the_author_cannot_authorise(api_as, manager, case, siblings, template):
    assessment = start(manager, case, [siblings["ava"]])
    submitted(assessment, manager)
    version = fresh(assessment).version
    response = call(api_as, manager, "post", f"{one(assessment)}authorise/", {"version": version})
    assert response.status_code == 403 and "another manager" in response.json()["detail"]
    assert fresh(assessment).status == AssessmentStatus.SUBMITTED


def test_a_stale_authorisation_is_409(api_as, allocated_worker, manager, assessment):
    submitted(assessment, allocated_worker)
    version = fresh(assessment).version
    response = call(api_as, manager, "post", f"{one(assessment)}authorise/", {"version": version - 1})
    assert response.status_code == 409 and fresh(assessment).status == AssessmentStatus.SUBMITTED
    assert not fresh(assessment).steps.filter(kind="authorised").exists()


def test_time_frame_agreed_and_revised(api_as, allocated_worker, manager, case, siblings, template):
    assessment = start(allocated_worker, case, [siblings["ava"]], due_date=due_in(20))
    response = call(api_as, allocated_worker, "post", f"{one(assessment)}agree_timeframe/", {"version": 1})
    assert response.status_code == 403
    response = call(api_as, manager, "post", f"{one(assessment)}agree_timeframe/", {"version": 1})
    assert response.status_code == 200 and response.json()["timeframe_agreed_by"] == str(manager.pk)
    url = f"{one(assessment)}propose_timeframe/"
    response = call(api_as, allocated_worker, "post", url, {"version": 2, "due_date": due_in(40).isoformat()})
    assert response.status_code == 400 and "reason" in response.json()
    body = {"version": 2, "due_date": due_in(40).isoformat(), "reason": "Dad is away for two weeks"}
    response = call(api_as, allocated_worker, "post", url, body)
    data = response.json()
    assert response.status_code == 200 and data["due_date"] == due_in(40).isoformat()
    assert data["timeframe_agreed_by"] is None and data["timeframe_reason"] == "Dad is away for two weeks"
    assert fresh(assessment).timeframe_history.count() == 3


def test_performance_officer_reads_no_narrative(api_as, allocated_worker, performance_officer, auditor, assessment):
    written(assessment, allocated_worker)
    data = call(api_as, performance_officer, "get", one(assessment)).json()
    assert data["analysis"] is None and data["timeframe_reason"] is None and data["delay_reason"] is None
    assert data["returned_reason"] is None
    assert data["sections"]["child-profile"] is None and data["sections"]["analysis"] is None
    assert data["sections"]["family-membership"][0]["name"] == "Ava Smith"
    assert data["child_outcomes"][0]["factors"] == ["3B"]  # structured: the census factors
    audited = call(api_as, auditor, "get", one(assessment)).json()
    assert audited["analysis"] and audited["sections"]["child-profile"]


def test_other_team_gets_404_and_lists_are_scoped(api_as, other_team_worker, allocated_worker, assessment, siblings):
    assert call(api_as, other_team_worker, "get", one(assessment)).status_code == 404
    assert call(api_as, other_team_worker, "get", URL).json()["count"] == 0
    assert call(api_as, allocated_worker, "get", URL).json()["count"] == 1
    assert call(api_as, allocated_worker, "get", f"{URL}?child={siblings['sam'].pk}").json()["count"] == 0
    assert call(api_as, allocated_worker, "get", f"{URL}?child={siblings['ava'].pk}").json()["count"] == 1
    assert call(api_as, allocated_worker, "get", f"{URL}?status=submitted").json()["count"] == 0
    assert call(api_as, allocated_worker, "get", f"{URL}?case={assessment.case_id}").json()["count"] == 1
    assert call(api_as, allocated_worker, "get", f"{URL}?status=nonsense").status_code == 400


def test_frozen_after_submission_through_the_api(api_as, allocated_worker, manager, assessment, siblings):
    submitted(assessment, allocated_worker)
    Person.objects.filter(pk=siblings["ava"].pk).update(first_name="Eva")
    data = call(api_as, manager, "get", one(assessment)).json()
    assert data["sections"]["family-membership"][0]["name"] == "Ava Smith"


def test_keeps_its_template_version(api_as, allocated_worker, assessment, template):
    newer = publish_new_version()
    data = call(api_as, allocated_worker, "get", one(assessment)).json()
    assert data["template_version"] == template.version != newer.version
    assert "extra-notes" not in data["sections"]


def test_queries_are_bounded_for_a_list(
    api_as, allocated_worker, case, siblings, template, django_assert_max_num_queries
):
    start(allocated_worker, case, [siblings["ava"]])
    start(allocated_worker, case, [siblings["sam"]])
    client = api_as(allocated_worker)
    with django_assert_max_num_queries(120):
        response = client.get(URL)
    assert response.status_code == 200 and response.json()["count"] == 2
    assert timezone.localdate().isoformat() == response.json()["results"][0]["start_date"]
