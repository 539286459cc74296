"""/api/v1/strategy-discussions/ and /api/v1/section47/ for the personas of PERMISSIONS.md."""

from __future__ import annotations

import datetime

import pytest

from casework.models import Section47, StrategyDiscussion
from tests.casework.api_support import *  # noqa: F403
from tests.casework.api_support import call
from tests.factories.strategy import discussion

pytestmark = pytest.mark.django_db

HELD = datetime.date(2026, 3, 2)
DISCUSSIONS, S47 = "/api/v1/strategy-discussions/", "/api/v1/section47/"


def body(case, children, **extra):
    return {
        "case": str(case.pk),
        "children": [str(c.pk) for c in children],
        "date": "2026-03-02",
        "agencies": ["Police", "Health"],
        "information": "A bruise",
        "decision": "s47",
        "reasoning": "Significant harm",
        **extra,
    }


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 201),
        ("colleague", 201),
        ("manager", 201),
        ("front_door_worker", 403),
        ("front_door_manager", 403),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_record_a_discussion(persona, code, request, api_as, case, siblings):
    response = call(api_as, request.getfixturevalue(persona), "post", DISCUSSIONS, body(case, [siblings["ava"]]))
    assert response.status_code == code, response.content
    assert Section47.objects.exists() == (code == 201)
    if code == 201:
        s47 = Section47.objects.get()
        assert response.json()["section47s"] == [str(s47.pk)]
        assert str(s47.icpc_target_date) == "2026-03-23"


def test_bad_input_is_a_400_naming_the_field(api_as, allocated_worker, case, siblings, teenager):
    response = call(api_as, allocated_worker, "post", DISCUSSIONS, body(case, [siblings["ava"]], reasoning=""))
    assert response.status_code == 400 and "reasoning" in response.json()
    response = call(api_as, allocated_worker, "post", DISCUSSIONS, body(case, [teenager]))
    assert response.status_code == 400 and "children" in response.json()
    assert not StrategyDiscussion.objects.exists()


def test_section47_is_never_posted(api_as, allocated_worker, case, siblings):
    assert call(api_as, allocated_worker, "post", S47, {"child": str(siblings["ava"].pk)}).status_code == 405


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("allocated_worker", 200),
        ("manager", 200),
        ("front_door_worker", 200),
        ("auditor", 200),
        ("performance_officer", 200),
        ("other_team_worker", 404),
    ],
)
def test_who_may_read(persona, code, request, api_as, allocated_worker, case, siblings):
    d = discussion(allocated_worker, case, [siblings["ava"]], date=HELD)
    s47 = Section47.objects.get()
    user = request.getfixturevalue(persona)
    assert call(api_as, user, "get", f"{DISCUSSIONS}{d.pk}/").status_code == code
    response = call(api_as, user, "get", f"{S47}{s47.pk}/")
    assert response.status_code == code
    if code == 200:
        assert response.json()["icpc_target_date"] == "2026-03-23"
        expected = None if persona == "performance_officer" else ""
        assert response.json()["findings"] == expected
    listed = call(api_as, user, "get", f"{S47}?open=true").json()["results"]
    assert len(listed) == (1 if code == 200 else 0)


@pytest.mark.parametrize(
    ("persona", "code"),
    [("allocated_worker", 200), ("auditor", 403), ("front_door_worker", 403), ("other_team_manager", 404)],
)
def test_completing_with_a_patch(persona, code, request, api_as, allocated_worker, case, siblings):
    discussion(allocated_worker, case, [siblings["ava"]], date=HELD)
    s47 = Section47.objects.get()
    patch = {"outcome": "icpc", "completed_date": "2026-03-10", "findings": "Harm", "version": s47.version}
    response = call(api_as, request.getfixturevalue(persona), "patch", f"{S47}{s47.pk}/", patch)
    assert response.status_code == code, response.content
    s47.refresh_from_db()
    assert (s47.completed_date is not None) == (code == 200)


def test_a_patch_of_the_discussion_moves_the_target(api_as, allocated_worker, case, siblings):
    d = discussion(allocated_worker, case, [siblings["ava"]], date=HELD)
    stale = call(api_as, allocated_worker, "patch", f"{DISCUSSIONS}{d.pk}/", {"date": "2026-03-03", "version": 9})
    assert stale.status_code == 409
    response = call(api_as, allocated_worker, "patch", f"{DISCUSSIONS}{d.pk}/", {"date": "2026-03-03", "version": 1})
    assert response.status_code == 200, response.content
    assert str(Section47.objects.get().icpc_target_date) == "2026-03-24"
