"""/api/v1/visits/ and /api/v1/notes/: seeing the child, drafts, finishing and amending, for
the personas of PERMISSIONS.md."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog
from casework.models import Amendment, Case, CaseNote, Visit
from casework.services import visits as visit_services
from families import services as family_services
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call
from tests.casework.conftest import contact_data

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/visits/"
NOTES = "/api/v1/notes/"
READERS = ["front_door_worker", "front_door_manager", "performance_officer", "auditor"]
WRITERS = ["allocated_worker", "colleague", "manager"]
OUTSIDERS = ["other_team_worker", "other_team_manager"]


def url(base: str, record: Any, action: str = "") -> str:
    return f"{base}{record.pk}/" + (f"{action}/" if action else "")


def when(hours: int = 2) -> str:
    return (timezone.now() - datetime.timedelta(hours=hours)).isoformat()


def seen(child, alone: str = "yes") -> dict[str, Any]:
    return {"child": str(child.pk), "seen": True, "seen_alone": alone}


def visit_body(case, children: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    body = {
        "case": str(case.pk),
        "occurred_at": when(),
        "kind": "home_visit",
        "statutory": True,
        "outcome": "completed",
        "children": children,
        "narrative": "Home warm; food in the cupboards.",
        "childs_words": "I like my new bed",
    }
    body.update(overrides)
    return body


@pytest.fixture
def draft(allocated_worker, case, siblings) -> Visit:
    """A draft home visit: Ava seen alone, Sam seen with his mother."""
    return visit_services.visit_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now() - datetime.timedelta(hours=3), "narrative": "First visit"},
        children=[
            {"child": siblings["ava"], "seen": True, "seen_alone": "yes"},
            {"child": siblings["sam"], "seen": True, "seen_alone": "no"},
        ],
    )


@pytest.fixture
def finished(allocated_worker, draft) -> Visit:
    return visit_services.visit_finish(by=allocated_worker, visit=draft)


@pytest.fixture
def note(allocated_worker, case) -> CaseNote:
    return visit_services.note_create(
        by=allocated_worker,
        case=case,
        data={"occurred_at": timezone.now() - datetime.timedelta(hours=1), "narrative": "Rang the school"},
    )


# --- Visits: the journey ------------------------------------------------------------------------


def test_a_worker_records_a_draft_visit_changes_it_and_finishes_it(api_as, allocated_worker, case, siblings):
    ava, sam = siblings["ava"], siblings["sam"]
    response = call(api_as, allocated_worker, "post", VISITS, visit_body(case, [seen(ava)], interpreter="Polish"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["version"] == 1 and body["case"] == str(case.pk)
    assert body["children"] == [
        {"child": str(ava.pk), "child_name": "Ava Smith", "seen": True, "seen_alone": "yes", "not_seen_reason": None}
    ]
    assert body["interpreter"] == "Polish" and body["childs_words"] == "I like my new bed"
    assert body["amendments"] == [] and body["finished_at"] is None
    visit = Visit.objects.get()

    patch = {"version": 1, "narrative": "Home warm; Sam asleep.", "children": [seen(ava), seen(sam, "no")]}
    response = call(api_as, allocated_worker, "patch", url(VISITS, visit), patch)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == 2 and body["narrative"] == "Home warm; Sam asleep."
    assert {(c["child"], c["seen_alone"]) for c in body["children"]} == {(str(ava.pk), "yes"), (str(sam.pk), "no")}

    response = call(api_as, allocated_worker, "post", url(VISITS, visit, "finish"), {"version": 2})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "finished" and response.json()["finished_by"] == str(allocated_worker.pk)
    visit.refresh_from_db()
    assert visit.status == "finished" and visit.finished_at is not None


def test_finishing_a_visit_puts_who_was_seen_in_the_childs_chronology(api_as, allocated_worker, draft, siblings):
    ava = siblings["ava"]
    before = call(api_as, allocated_worker, "get", f"/api/v1/people/{ava.pk}/chronology/").json()["results"]
    assert not [e for e in before if e["category"] == "visit"]
    assert call(api_as, allocated_worker, "post", url(VISITS, draft, "finish")).status_code == 200
    entries = call(api_as, allocated_worker, "get", f"/api/v1/people/{ava.pk}/chronology/").json()["results"]
    visits = [e for e in entries if e["category"] == "visit"]
    assert len(visits) == 1
    assert visits[0]["summary"] == "Home visit: Ava seen alone; Sam seen"
    assert visits[0]["link"]["id"] == str(draft.pk)


def test_a_finished_visit_cannot_be_patched_only_amended(api_as, allocated_worker, colleague, finished):
    response = call(api_as, allocated_worker, "patch", url(VISITS, finished), {"version": 2, "narrative": "Rewritten"})
    assert response.status_code == 400
    assert "amendment" in response.json()["non_field_errors"][0]
    finished.refresh_from_db()
    assert finished.narrative == "First visit" and finished.version == 2

    response = call(api_as, colleague, "post", url(VISITS, finished, "amend"), {"text": "Sam was seen in the garden"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["narrative"] == "First visit"  # the original stays as it was
    assert [(a["text"], a["by"]) for a in body["amendments"]] == [("Sam was seen in the garden", str(colleague.pk))]
    assert body["amendments"][0]["at"]
    call(api_as, allocated_worker, "post", url(VISITS, finished, "amend"), {"text": "And fed"})
    texts = [a["text"] for a in call(api_as, allocated_worker, "get", url(VISITS, finished)).json()["amendments"]]
    assert texts == ["Sam was seen in the garden", "And fed"]
    finished.refresh_from_db()
    assert finished.narrative == "First visit"


def test_a_draft_is_changed_not_amended(api_as, allocated_worker, draft):
    response = call(api_as, allocated_worker, "post", url(VISITS, draft, "amend"), {"text": "Correction"})
    assert response.status_code == 400 and "text" in response.json()
    assert not Amendment.objects.exists()


def test_finishing_twice_is_refused(api_as, allocated_worker, finished):
    response = call(api_as, allocated_worker, "post", url(VISITS, finished, "finish"))
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_an_empty_amendment_names_the_field(api_as, allocated_worker, finished):
    response = call(api_as, allocated_worker, "post", url(VISITS, finished, "amend"), {"text": "  "})
    assert response.status_code == 400 and "text" in response.json()
    assert not Amendment.objects.exists()


# --- Visits: the seeing-the-child rules --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["phone", "video"])
def test_a_phone_or_video_call_never_counts_as_seeing_the_child(api_as, allocated_worker, case, siblings, kind):
    body = visit_body(case, [seen(siblings["ava"])], kind=kind)
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 400
    assert "never counts as seeing Ava" in response.json()["children"][0]
    assert not Visit.objects.exists()


def test_a_phone_call_with_the_child_not_seen_is_accepted(api_as, allocated_worker, case, siblings):
    body = visit_body(case, [{"child": str(siblings["ava"].pk), "seen": False}], kind="phone")
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 201
    assert response.json()["children"][0]["seen"] is False


def test_patching_a_draft_into_a_phone_call_with_a_child_seen_is_refused(api_as, allocated_worker, draft):
    response = call(api_as, allocated_worker, "patch", url(VISITS, draft), {"version": 1, "kind": "phone"})
    assert response.status_code == 400 and "children" in response.json()
    draft.refresh_from_db()
    assert draft.kind == "home_visit" and draft.version == 1


def test_a_no_access_visit_is_accepted_finished_and_listed(api_as, allocated_worker, case, siblings):
    children = [
        {"child": str(siblings["ava"].pk), "seen": False, "not_seen_reason": "no_access"},
        {"child": str(siblings["sam"].pk), "seen": False, "not_seen_reason": "no_access"},
    ]
    body = visit_body(case, children, outcome="no_access", narrative="Nobody answered", childs_words="")
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 201, response.json()
    visit = Visit.objects.get()
    assert call(api_as, allocated_worker, "post", url(VISITS, visit, "finish")).status_code == 200
    listed = call(api_as, allocated_worker, "get", f"{VISITS}?status=finished").json()["results"]
    assert [v["id"] for v in listed] == [str(visit.pk)]
    assert listed[0]["outcome"] == "no_access"
    assert {c["not_seen_reason"] for c in listed[0]["children"]} == {"no_access"}


def test_a_child_seen_on_a_no_access_visit_is_refused(api_as, allocated_worker, case, siblings):
    body = visit_body(case, [seen(siblings["ava"])], outcome="no_access")
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 400 and "children" in response.json()


def test_a_baby_seen_but_not_alone_is_not_applicable(api_as, allocated_worker, front_door_worker, case, siblings):
    baby = family_services.person_create(
        by=front_door_worker,
        data={
            "first_name": "Mia",
            "last_name": "Smith",
            "sex": "F",
            "date_of_birth": timezone.localdate() - datetime.timedelta(days=120),
        },
    )
    contact = services.contact_record(
        by=front_door_worker, children=[baby], family=siblings["family"], data=contact_data()
    )
    services.contact_decide(by=front_door_worker, contact=contact, decision="referral", reason="Baby", team=case.team)
    baby_case = Case.objects.get(episodes__child=baby)
    response = call(api_as, allocated_worker, "post", VISITS, visit_body(baby_case, [seen(baby, "not_applicable")]))
    assert response.status_code == 201, response.json()
    assert response.json()["children"][0]["seen_alone"] == "not_applicable"
    visit = Visit.objects.get()
    assert call(api_as, allocated_worker, "post", url(VISITS, visit, "finish")).status_code == 200


def test_finishing_needs_a_reason_for_a_child_not_seen(api_as, allocated_worker, case, siblings):
    body = visit_body(case, [{"child": str(siblings["ava"].pk), "seen": False}])
    visit_id = call(api_as, allocated_worker, "post", VISITS, body).json()["id"]
    response = call(api_as, allocated_worker, "post", f"{VISITS}{visit_id}/finish/")
    assert response.status_code == 400 and "Say why Ava was not seen" in response.json()["children"][0]
    assert Visit.objects.get().status == "draft"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"occurred_at": "not a date"}, "occurred_at"),
        ({"occurred_at": None}, "occurred_at"),
        ({"kind": "carrier_pigeon"}, "kind"),
        ({"children": [{"child": "not-a-uuid"}]}, "children"),
        ({"children": [{"seen": True}]}, "children"),
        ({"others_seen": ["7b0a0a52-0000-4000-8000-000000000000"]}, "others_seen"),
        ({"case": None}, "case"),
    ],
)
def test_bad_visit_input_names_the_field_and_writes_nothing(api_as, allocated_worker, case, siblings, overrides, field):
    body = {**visit_body(case, [seen(siblings["ava"])]), **overrides}
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Visit.objects.exists()


def test_a_future_visit_is_refused(api_as, allocated_worker, case, siblings):
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    response = call(
        api_as, allocated_worker, "post", VISITS, visit_body(case, [seen(siblings["ava"])], occurred_at=future)
    )
    assert response.status_code == 400 and "occurred_at" in response.json()


def test_a_child_of_another_case_is_refused(api_as, allocated_worker, front_door_worker, case, siblings):
    from tests.families.conftest import make_person

    stranger = make_person(front_door_worker, "Lee", "Jones")
    response = call(api_as, allocated_worker, "post", VISITS, visit_body(case, [seen(stranger)]))
    assert response.status_code == 400 and "not a child of this case" in response.json()["children"][0]


def test_others_seen_are_people_the_worker_may_open(api_as, allocated_worker, case, siblings):
    mother = family_services.person_create(
        by=allocated_worker,
        data={"first_name": "Jo", "last_name": "Smith", "sex": "F", "date_of_birth": datetime.date(1990, 1, 1)},
    )
    family_services.membership_add(
        by=allocated_worker, family=siblings["family"], person=mother, role="adult", joined=datetime.date(2020, 1, 1)
    )
    body = visit_body(case, [seen(siblings["ava"])], others_seen=[str(mother.pk)])
    response = call(api_as, allocated_worker, "post", VISITS, body)
    assert response.status_code == 201, response.json()
    assert response.json()["others_seen"] == [str(mother.pk)]


# --- Versions --------------------------------------------------------------------------------------


def test_a_stale_or_missing_version_is_a_conflict_and_nothing_is_saved(api_as, allocated_worker, colleague, draft):
    assert (
        call(api_as, colleague, "patch", url(VISITS, draft), {"version": 1, "narrative": "Colleague"}).status_code
        == 200
    )
    response = call(api_as, allocated_worker, "patch", url(VISITS, draft), {"version": 1, "narrative": "Mine"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert call(api_as, allocated_worker, "patch", url(VISITS, draft), {"narrative": "Mine"}).status_code == 409
    assert call(api_as, allocated_worker, "post", url(VISITS, draft, "finish"), {"version": 1}).status_code == 409
    draft.refresh_from_db()
    assert draft.narrative == "Colleague" and draft.status == "draft" and draft.version == 2


# --- Who may read and write -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [(p, 200) for p in READERS + WRITERS] + [(p, 404) for p in OUTSIDERS],
)
def test_who_may_read_a_visit(request, api_as, persona, expected, finished, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(VISITS, finished))
    assert response.status_code == expected
    listed = [v["id"] for v in call(api_as, user, "get", VISITS).json()["results"]]
    assert listed == ([str(finished.pk)] if expected == 200 else [])
    if expected == 200:
        logged = AccessLog.objects.filter(user=user, what="API: visit")
        assert {row.person_id for row in logged} == {siblings["ava"].pk, siblings["sam"].pk}
        assert response.json()["children"][0]["seen"] is True
    else:
        assert not AccessLog.objects.filter(user=user).exists()


def test_performance_officers_read_who_was_seen_but_not_the_narrative(
    api_as, performance_officer, auditor, allocated_worker, finished
):
    visit_services.amend(by=allocated_worker, record=finished, text="Correction")
    body = call(api_as, performance_officer, "get", url(VISITS, finished)).json()
    assert body["narrative"] is None and body["childs_words"] is None
    assert body["amendments"][0]["text"] is None and body["amendments"][0]["by"] == str(allocated_worker.pk)
    assert body["children"][0]["seen_alone"] == "yes" and body["statutory"] is False
    assert call(api_as, auditor, "get", url(VISITS, finished)).json()["narrative"] == "First visit"


@pytest.mark.parametrize("persona", READERS)
def test_readers_may_not_record_visits(request, api_as, persona, case, draft, finished_other, siblings):
    user = request.getfixturevalue(persona)
    body = visit_body(case, [seen(siblings["ava"])])
    assert call(api_as, user, "post", VISITS, body).status_code == 403
    assert call(api_as, user, "patch", url(VISITS, draft), {"version": 1, "narrative": "x"}).status_code == 403
    assert call(api_as, user, "post", url(VISITS, draft, "finish")).status_code == 403
    assert call(api_as, user, "post", url(VISITS, finished_other, "amend"), {"text": "x"}).status_code == 403
    assert Visit.objects.count() == 2 and not Amendment.objects.exists()
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.version == 1


@pytest.fixture
def finished_other(colleague, case, siblings) -> Visit:
    visit = visit_services.visit_create(
        by=colleague,
        case=case,
        data={"occurred_at": timezone.now() - datetime.timedelta(days=1)},
        children=[{"child": siblings["ava"], "seen": True, "seen_alone": "yes"}],
    )
    return visit_services.visit_finish(by=colleague, visit=visit)


def test_the_front_door_holding_a_new_contact_still_may_not_record_visits(
    api_as, front_door_worker, repeat_contact, case, siblings
):
    response = call(api_as, front_door_worker, "post", VISITS, visit_body(case, [seen(siblings["ava"])]))
    assert response.status_code == 403
    assert not Visit.objects.exists()


@pytest.mark.parametrize("persona", WRITERS)
def test_the_holding_team_records_visits(request, api_as, persona, case, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", VISITS, visit_body(case, [seen(siblings["ava"])]))
    assert response.status_code == 201
    assert Visit.objects.get().recorded_by == user


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_another_team_gets_404_for_every_visit_endpoint(
    request, api_as, persona, case, draft, finished_other, siblings
):
    user = request.getfixturevalue(persona)
    assert call(api_as, user, "get", url(VISITS, draft)).status_code == 404
    assert call(api_as, user, "get", f"{VISITS}?case={case.pk}").json()["count"] == 0
    assert call(api_as, user, "post", VISITS, visit_body(case, [seen(siblings["ava"])])).status_code == 404
    assert call(api_as, user, "patch", url(VISITS, draft), {"version": 1, "narrative": "x"}).status_code == 404
    assert call(api_as, user, "post", url(VISITS, draft, "finish")).status_code == 404
    assert call(api_as, user, "post", url(VISITS, finished_other, "amend"), {"text": "x"}).status_code == 404
    assert Visit.objects.count() == 2 and not Amendment.objects.exists()
    assert not AccessLog.objects.filter(user=user).exists()


def test_the_receiving_team_of_a_transfer_reads_but_may_not_record(
    api_as, manager, other_team_manager, case, draft, siblings
):
    services.case_transfer_propose(by=manager, case=case, team=other_team_manager.teams.get(), summary="Moved")
    assert call(api_as, other_team_manager, "get", url(VISITS, draft)).status_code == 200
    response = call(api_as, other_team_manager, "post", VISITS, visit_body(case, [seen(siblings["ava"])]))
    assert response.status_code == 403


# --- Lists ----------------------------------------------------------------------------------------------


def test_visit_list_filters(api_as, manager, case, draft, finished_other, siblings):
    def ids(query: str) -> set[str]:
        return {v["id"] for v in call(api_as, manager, "get", f"{VISITS}?{query}").json()["results"]}

    assert ids("") == {str(draft.pk), str(finished_other.pk)}
    assert ids("status=draft") == {str(draft.pk)}
    assert ids("status=finished") == {str(finished_other.pk)}
    assert ids(f"child={siblings['sam'].pk}") == {str(draft.pk)}
    assert ids(f"child={siblings['ava'].pk}") == {str(draft.pk), str(finished_other.pk)}
    assert ids(f"case={case.pk}") == {str(draft.pk), str(finished_other.pk)}
    assert ids("case=7b0a0a52-0000-4000-8000-000000000000") == set()
    assert call(api_as, manager, "get", f"{VISITS}?status=lost").status_code == 400
    assert call(api_as, manager, "get", f"{VISITS}?child=nope").status_code == 400


def test_visit_list_is_newest_first_and_paginated(api_as, manager, case, draft, finished_other):
    body = call(api_as, manager, "get", f"{VISITS}?page_size=1").json()
    assert body["count"] == 2 and body["next"] and [v["id"] for v in body["results"]] == [str(draft.pk)]


def test_visit_list_query_count_does_not_grow_with_visits(
    api_as, manager, allocated_worker, case, siblings, django_assert_max_num_queries
):
    def record(n: int) -> None:
        for i in range(n):
            visit = visit_services.visit_create(
                by=allocated_worker,
                case=case,
                data={"occurred_at": timezone.now() - datetime.timedelta(hours=i + 1), "narrative": f"Visit {i}"},
                children=[
                    {"child": siblings["ava"], "seen": True, "seen_alone": "yes"},
                    {"child": siblings["sam"], "seen": True, "seen_alone": "no"},
                ],
            )
            if i % 2:
                visit_services.visit_finish(by=allocated_worker, visit=visit)
                visit_services.amend(by=allocated_worker, record=visit, text="Amended")

    record(5)
    client = api_as(manager)
    with django_assert_max_num_queries(20) as few:
        assert client.get(VISITS).json()["count"] == 5
    record(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(VISITS)
    assert response.json()["count"] == 50 and len(response.json()["results"]) == 50


# --- Case notes --------------------------------------------------------------------------------------


def test_a_worker_records_a_note_changes_it_finishes_and_amends_it(api_as, allocated_worker, case, siblings):
    body = {"case": str(case.pk), "kind": "phone_call", "narrative": "Spoke to the school", "significant": True}
    response = call(api_as, allocated_worker, "post", NOTES, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft" and created["kind"] == "phone_call"
    assert set(created["children"]) == {str(siblings["ava"].pk), str(siblings["sam"].pk)}
    note = CaseNote.objects.get()
    response = call(
        api_as, allocated_worker, "patch", url(NOTES, note), {"version": 1, "narrative": "Spoke to Ms Patel"}
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    response = call(api_as, allocated_worker, "post", url(NOTES, note, "finish"), {"version": 2})
    assert response.status_code == 200 and response.json()["status"] == "finished"

    refused = call(api_as, allocated_worker, "patch", url(NOTES, note), {"version": 3, "narrative": "Rewritten"})
    assert refused.status_code == 400 and "amendment" in refused.json()["non_field_errors"][0]
    response = call(api_as, allocated_worker, "post", url(NOTES, note, "amend"), {"text": "It was Mr Patel"})
    assert response.status_code == 201
    assert response.json()["narrative"] == "Spoke to Ms Patel"
    assert [a["text"] for a in response.json()["amendments"]] == ["It was Mr Patel"]
    chronology = call(api_as, allocated_worker, "get", f"/api/v1/people/{siblings['ava'].pk}/chronology/").json()
    assert any(e["category"] == "note" for e in chronology["results"])  # significant: in the chronology


def test_a_note_about_one_child(api_as, allocated_worker, case, siblings):
    body = {"case": str(case.pk), "children": [str(siblings["sam"].pk)], "narrative": "Sam's nursery"}
    response = call(api_as, allocated_worker, "post", NOTES, body)
    assert response.status_code == 201 and response.json()["children"] == [str(siblings["sam"].pk)]
    sam_only = call(api_as, allocated_worker, "get", f"{NOTES}?child={siblings['ava'].pk}").json()
    assert sam_only["count"] == 0


def test_a_note_needs_words_to_finish_and_children_of_its_case(api_as, allocated_worker, front_door_worker, case):
    from tests.families.conftest import make_person

    stranger = make_person(front_door_worker, "Lee", "Jones")
    response = call(api_as, allocated_worker, "post", NOTES, {"case": str(case.pk), "children": [str(stranger.pk)]})
    assert response.status_code == 400 and "children" in response.json()
    note_id = call(api_as, allocated_worker, "post", NOTES, {"case": str(case.pk)}).json()["id"]
    response = call(api_as, allocated_worker, "post", f"{NOTES}{note_id}/finish/")
    assert response.status_code == 400 and "narrative" in response.json()
    response = call(api_as, allocated_worker, "post", NOTES, {"case": str(case.pk), "kind": "gossip"})
    assert response.status_code == 400 and "kind" in response.json()
    assert CaseNote.objects.count() == 1


@pytest.mark.parametrize(
    "persona, expected",
    [(p, 200) for p in READERS + WRITERS] + [(p, 404) for p in OUTSIDERS],
)
def test_who_may_read_a_note(request, api_as, persona, expected, note, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(NOTES, note))
    assert response.status_code == expected
    assert call(api_as, user, "get", NOTES).json()["count"] == (1 if expected == 200 else 0)
    if expected == 200:
        assert AccessLog.objects.filter(user=user, what="API: case note", person=siblings["ava"]).exists()
        narrative = response.json()["narrative"]
        assert narrative == (None if persona == "performance_officer" else "Rang the school")


@pytest.mark.parametrize("persona, expected", [(p, 403) for p in READERS] + [(p, 404) for p in OUTSIDERS])
def test_who_may_not_write_notes(request, api_as, persona, expected, case, note, allocated_worker):
    user = request.getfixturevalue(persona)
    finished_note = visit_services.note_create(by=allocated_worker, case=case, data={"narrative": "Done"})
    visit_services.note_finish(by=allocated_worker, note=finished_note)
    assert call(api_as, user, "post", NOTES, {"case": str(case.pk), "narrative": "x"}).status_code == expected
    assert call(api_as, user, "patch", url(NOTES, note), {"version": 1, "narrative": "x"}).status_code == expected
    assert call(api_as, user, "post", url(NOTES, note, "finish")).status_code == expected
    assert call(api_as, user, "post", url(NOTES, finished_note, "amend"), {"text": "x"}).status_code == expected
    note.refresh_from_db()
    assert CaseNote.objects.count() == 2 and note.status == "draft" and not Amendment.objects.exists()


def test_note_version_conflict(api_as, allocated_worker, note):
    response = call(api_as, allocated_worker, "patch", url(NOTES, note), {"version": 7, "narrative": "x"})
    assert response.status_code == 409
    note.refresh_from_db()
    assert note.narrative == "Rang the school"


def test_note_list_query_count_does_not_grow_with_notes(
    api_as, manager, allocated_worker, case, django_assert_max_num_queries
):
    def record(n: int) -> None:
        for i in range(n):
            made = visit_services.note_create(by=allocated_worker, case=case, data={"narrative": f"Note {i}"})
            if i % 2:
                visit_services.note_finish(by=allocated_worker, note=made)
                visit_services.amend(by=allocated_worker, record=made, text="Amended")

    record(5)
    client = api_as(manager)
    with django_assert_max_num_queries(20) as few:
        assert client.get(NOTES).json()["count"] == 5
    record(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(NOTES).json()["count"] == 50
