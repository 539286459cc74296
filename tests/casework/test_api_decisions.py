"""/api/v1/decisions/: significant decisions with options and rationale, for every persona."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.models import DecisionRecord
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call

pytestmark = pytest.mark.django_db

URL = "/api/v1/decisions/"


def body(case, children, **overrides) -> dict:
    data = {
        "case": str(case.pk),
        "children": [str(c.pk) for c in children],
        "kind": "step_down",
        "decision": "Step down to early help",
        "options_considered": "CIN plan; early help; no further action",
        "rationale": "Needs are met with family support; Ava says things are better.",
        "date": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 201),
        ("front_door_manager", 201),
        ("allocated_worker", 201),
        ("colleague", 201),
        ("manager", 201),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_record_a_decision(request, api_as, persona, expected, case, repeat_contact, siblings):
    # The repeat contact about Ava gives the front door write access again (PERMISSIONS.md:
    # "front door" is a member of the front-door team while it holds write access).
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", URL, body(case, [siblings["ava"]]))
    assert response.status_code == expected, response.content
    assert DecisionRecord.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        data = response.json()
        assert data["children"] == [str(siblings["ava"].pk)] and data["kind"] == "step_down"
        assert data["recorded_by"] == str(user.pk)


def test_the_front_door_may_not_record_once_it_holds_read_only(api_as, front_door_worker, case, siblings):
    response = call(api_as, front_door_worker, "post", URL, body(case, [siblings["ava"]]))
    assert response.status_code == 403
    assert not DecisionRecord.objects.exists()


def test_a_decision_is_recorded_with_its_reasoning_and_in_the_chronology(
    api_as, allocated_worker, manager, case, siblings
):
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["sam"]], agreed_by=str(manager.pk)))
    assert response.status_code == 201
    record = DecisionRecord.objects.get()
    assert record.agreed_by == manager and list(record.children.all()) == [siblings["sam"]]
    assert record.options_considered.startswith("CIN plan")
    assert ChronologyEntry.objects.filter(event_kind="decision").exists()


def test_bad_input_names_the_fields_and_writes_nothing(api_as, allocated_worker, colleague, case, siblings, teenager):
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["ava"]], rationale=" ", kind="maybe"))
    assert response.status_code == 400 and "kind" in response.json()
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["ava"]], rationale=" ", decision=""))
    assert {"rationale", "decision"} <= set(response.json())
    response = call(api_as, allocated_worker, "post", URL, body(case, []))
    assert response.status_code == 400 and "children" in response.json()
    response = call(api_as, allocated_worker, "post", URL, body(case, [teenager]))
    assert response.status_code == 400 and "children" in response.json()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["ava"]], date=tomorrow))
    assert response.status_code == 400 and "date" in response.json()
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["ava"]], agreed_by=str(colleague.pk)))
    assert response.status_code == 400 and "agreed_by" in response.json()
    response = call(api_as, allocated_worker, "post", URL, body(case, [siblings["ava"]], agreed_by=str(case.pk)))
    assert response.status_code == 400 and "agreed_by" in response.json()
    assert not DecisionRecord.objects.exists()


def test_an_unknown_case_is_404(api_as, allocated_worker, siblings, referral):
    response = call(api_as, allocated_worker, "post", URL, body(referral, [siblings["ava"]]))
    assert response.status_code == 404


@pytest.fixture
def record(allocated_worker, manager, case, siblings) -> DecisionRecord:
    return services.decision_record(
        by=allocated_worker,
        case=case,
        children=[siblings["ava"], siblings["sam"]],
        kind="other",
        decision="Refer to the parenting programme",
        options_considered="Programme; no change",
        rationale="Parents asked for help",
        agreed_by=manager,
    )


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 200),
        ("front_door_manager", 200),
        ("allocated_worker", 200),
        ("colleague", 200),
        ("manager", 200),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 200),
        ("auditor", 200),
    ],
)
def test_who_may_read_a_decision(request, api_as, persona, expected, record, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", f"{URL}{record.pk}/")
    assert response.status_code == expected
    listed = call(api_as, user, "get", URL).json()["results"]
    assert [r["id"] for r in listed] == ([str(record.pk)] if expected == 200 else [])
    if expected == 200:
        assert AccessLog.objects.filter(user=user, person=siblings["ava"]).exists()


def test_performance_officers_read_structured_fields_only(api_as, performance_officer, auditor, record):
    data = call(api_as, performance_officer, "get", f"{URL}{record.pk}/").json()
    assert data["kind"] == "other" and data["date"] == record.date.isoformat()
    assert data["decision"] is None and data["rationale"] is None and data["options_considered"] is None
    assert call(api_as, auditor, "get", f"{URL}{record.pk}/").json()["rationale"] == "Parents asked for help"


def test_decision_records_are_not_changed(api_as, allocated_worker, record):
    response = call(api_as, allocated_worker, "patch", f"{URL}{record.pk}/", {"rationale": "Rewritten"})
    assert response.status_code == 405
    assert call(api_as, allocated_worker, "delete", f"{URL}{record.pk}/").status_code == 405
    assert DecisionRecord.objects.get().rationale == "Parents asked for help"


def test_list_filters(api_as, manager, record, case, siblings, teenager):
    def ids(query: str) -> list[str]:
        response = call(api_as, manager, "get", f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["results"]]

    assert ids(f"case={case.pk}") == [str(record.pk)]
    assert ids(f"child={siblings['sam'].pk}") == [str(record.pk)]
    assert ids(f"child={teenager.pk}") == []
    assert call(api_as, manager, "get", f"{URL}?case=not-an-id").status_code == 400


def test_list_query_count_does_not_grow_with_records(
    api_as, manager, allocated_worker, case, siblings, django_assert_max_num_queries
):
    def record_some(n: int) -> None:
        for i in range(n):
            services.decision_record(
                by=allocated_worker,
                case=case,
                children=[siblings["ava"]],
                kind="other",
                decision=f"D{i}",
                rationale="R",
            )

    record_some(1)
    client = api_as(manager)
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    record_some(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 7
