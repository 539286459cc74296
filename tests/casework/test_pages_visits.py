"""Seeing the child on the pages: recording a visit (each child seen or not, alone or not, or
why not), case notes, drafts autosaved and restored, finishing, corrections appended; who may see
and do what (PERMISSIONS.md) and query counts that do not grow with the records."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog, Draft
from casework.models import Amendment, Case, CaseNote, Visit
from casework.services import visits as visit_services
from chronology.models import ChronologyEntry
from tests.casework.pages_cases_helpers import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(front_door_worker, school_contact, north):
    """The Smith siblings, Ava (born 2016) and Sam (born 2019), referred to North."""
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    return Case.objects.get()


def url(name: str, **kwargs) -> str:
    return reverse(f"casework:{name}", kwargs=kwargs)


def when(moment: datetime.datetime | None = None) -> dict[str, str]:
    local = timezone.localtime(moment or timezone.now() - datetime.timedelta(hours=1))
    return {
        "occurred_date-day": str(local.day),
        "occurred_date-month": str(local.month),
        "occurred_date-year": str(local.year),
        "occurred_time": f"{local:%H:%M}",
    }


def child_data(child, seen: str = "", alone: str = "", reason: str = "") -> dict[str, str]:
    key = child.pk.hex
    data = {f"seen_{key}": seen, f"seen_alone_{key}": alone, f"not_seen_reason_{key}": reason}
    return {k: v for k, v in data.items() if v}


def visit_form(siblings, action: str = "finish", **overrides) -> dict[str, str]:
    data = {
        **when(),
        "kind": "home_visit",
        "outcome": "completed",
        "statutory": "on",
        "narrative": "The home was warm and there was food in the cupboards.",
        "childs_words": "I like my new bed",
        **child_data(siblings["ava"], "yes", "yes"),
        **child_data(siblings["sam"], "yes", "no"),
        "action": action,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def finished_visit(case, by, siblings, **data) -> Visit:
    visit = visit_services.visit_create(
        by=by,
        case=case,
        data={"occurred_at": timezone.now() - datetime.timedelta(hours=2), "kind": "home_visit", **data},
        children=[
            {"child": siblings["ava"], "seen": True, "seen_alone": "yes"},
            {"child": siblings["sam"], "seen": True, "seen_alone": "no"},
        ],
    )
    return visit_services.visit_finish(by=by, visit=visit)


# --- Recording a visit -------------------------------------------------------------------------


def test_the_visit_form_has_a_fieldset_per_child_and_is_access_logged(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    response = client.get(url("visit_new", case_id=case.pk))
    page = body(response)
    assert response.status_code == 200
    for child in (siblings["ava"], siblings["sam"]):
        assert f'id="child-{child.pk}"' in page and f'name="seen_alone_{child.pk.hex}"' in page
    assert "Was Ava seen alone?" in page and "Not applicable" in page
    assert 'data-autosave="visit"' in page and f'data-autosave-record="case-{case.pk}"' in page
    logged = set(AccessLog.objects.filter(user=allocated_worker, what="Visit form").values_list("person_id", flat=True))
    assert logged == {siblings["ava"].pk, siblings["sam"].pk}


def test_an_empty_visit_form_shows_errors_and_saves_nothing(client, case, allocated_worker):
    client.force_login(allocated_worker)
    response = client.post(url("visit_new", case_id=case.pk), {"action": "draft"})
    page = body(response)
    assert response.status_code == 400 and "There is a problem" in page
    assert "Choose what kind of visit it was" in page and "Enter the time" in page
    assert not Visit.objects.exists()


def test_a_home_visit_with_a_child_seen_alone_is_finished_and_goes_in_the_chronology(
    client, case, allocated_worker, siblings
):
    client.force_login(allocated_worker)
    response = client.post(url("visit_new", case_id=case.pk), visit_form(siblings))
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == url("visit_detail", visit_id=visit.pk)
    assert visit.status == "finished" and visit.statutory and visit.childs_words == "I like my new bed"
    rows = {r.child_id: (r.seen, r.seen_alone) for r in visit.visit_children.all()}
    assert rows == {siblings["ava"].pk: (True, "yes"), siblings["sam"].pk: (True, "no")}
    entry = ChronologyEntry.objects.get(event_kind="visit")
    assert "Ava seen alone" in entry.summary
    page = body(client.get(url("visit_detail", visit_id=visit.pk)))
    assert "Ava Smith: Seen alone" in page and "Sam Smith: Seen, not alone" in page
    assert "I like my new bed" in page and "Add a correction" in page


@pytest.mark.parametrize("kind", ["phone", "video"])
def test_a_phone_or_video_call_with_a_child_marked_seen_is_a_form_error_not_a_500(
    client, case, allocated_worker, siblings, kind
):
    client.force_login(allocated_worker)
    data = visit_form(siblings, kind=kind, statutory=None)
    response = client.post(url("visit_new", case_id=case.pk), data)
    page = body(response)
    assert response.status_code == 400 and "There is a problem" in page
    assert "never counts as seeing Ava" in page
    assert f'href="#seen_{siblings["ava"].pk.hex}"' in page  # the error links to Ava's question
    assert not Visit.objects.exists()


def test_not_applicable_is_allowed_for_a_baby(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    data = visit_form(siblings, **child_data(siblings["sam"], "yes", "not_applicable"))
    response = client.post(url("visit_new", case_id=case.pk), data)
    assert response.status_code == 302
    assert Visit.objects.get().visit_children.get(child=siblings["sam"]).seen_alone == "not_applicable"


def test_finishing_asks_about_every_child(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    data = visit_form(siblings)
    for name in child_data(siblings["sam"], "yes", "no"):
        del data[name]
    response = client.post(url("visit_new", case_id=case.pk), data)
    assert response.status_code == 400 and "Say why Sam was not seen" in body(response)
    assert not Visit.objects.exists()  # finishing failed: no half-written draft either


def test_a_no_access_visit_is_recorded_and_listed_as_an_attempt(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    for hours in (50, 26, 2):
        data = {**when(timezone.now() - datetime.timedelta(hours=hours)), "kind": "home_visit"}
        data.update({"outcome": "no_access", "narrative": "Nobody answered the door.", "action": "finish"})
        assert client.post(url("visit_new", case_id=case.pk), data).status_code == 302
    assert Visit.objects.filter(status="finished", outcome="no_access").count() == 3
    for visit in Visit.objects.all():
        assert {(r.seen, r.not_seen_reason) for r in visit.visit_children.all()} == {(False, "no_access")}
    page = body(client.get(url("case_records", case_id=case.pk)))
    assert page.count("Attempt: no access") == 3
    assert page.count("Ava Smith: Not seen (no access)") == 3


def test_a_draft_accepts_partial_answers_and_is_changed_then_finished(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    draft = {**when(), "kind": "home_visit", "outcome": "completed", "action": "draft"}
    draft.update(child_data(siblings["ava"], "yes", "yes"))  # Sam not answered, nothing written yet: a draft
    response = client.post(url("visit_new", case_id=case.pk), draft)
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.status == "draft"
    page = body(client.get(url("visit_detail", visit_id=visit.pk)))
    assert "Draft" in page and "Change the draft visit" in page
    edit = visit_form(siblings, narrative="Second version.", version=str(visit.version))
    response = client.post(url("visit_edit", visit_id=visit.pk), edit)
    visit.refresh_from_db()
    assert response.status_code == 302 and visit.status == "finished" and visit.narrative == "Second version."


def test_finish_from_the_detail_page_with_missing_answers_goes_back_to_the_form(
    client, case, allocated_worker, siblings
):
    visit = visit_services.visit_create(
        by=allocated_worker, case=case, data={"occurred_at": timezone.now(), "kind": "home_visit"}, children=[]
    )
    client.force_login(allocated_worker)
    response = client.post(url("visit_finish", visit_id=visit.pk))
    assert response.status_code == 302 and response["Location"] == url("visit_edit", visit_id=visit.pk)
    assert "Record at least one child" in body(client.get(response["Location"]))
    visit.refresh_from_db()
    assert visit.status == "draft"


def test_a_finished_visit_cannot_be_edited(client, case, allocated_worker, siblings):
    visit = finished_visit(case, allocated_worker, siblings, narrative="As it was.")
    client.force_login(allocated_worker)
    response = client.get(url("visit_edit", visit_id=visit.pk))
    assert response.status_code == 302 and response["Location"].startswith(url("visit_detail", visit_id=visit.pk))
    assert "never rewritten" in body(client.get(response["Location"]))
    response = client.post(url("visit_edit", visit_id=visit.pk), visit_form(siblings, narrative="Rewritten"))
    assert response.status_code == 302
    assert client.post(url("visit_finish", visit_id=visit.pk)).status_code == 302
    visit.refresh_from_db()
    assert visit.narrative == "As it was."


def test_a_correction_is_appended_with_who_and_when_and_the_original_is_kept(
    client, case, allocated_worker, colleague, siblings
):
    visit = finished_visit(case, allocated_worker, siblings, narrative="Ava was at school.")
    client.force_login(colleague)
    response = client.post(url("visit_amend", visit_id=visit.pk), {"text": ""})
    assert response.status_code == 400 and "Write the correction" in body(response)
    assert not Amendment.objects.exists()
    response = client.post(url("visit_amend", visit_id=visit.pk), {"text": "Ava was at home, not at school."})
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.added_by == colleague and amendment.record_id == visit.pk
    page = body(client.get(url("visit_detail", visit_id=visit.pk)))
    assert "Ava was at school." in page and "Ava was at home, not at school." in page
    assert "Added by Jo Lewis" in page
    visit.refresh_from_db()
    assert visit.narrative == "Ava was at school."


def test_a_draft_cannot_be_corrected_it_is_changed(client, case, allocated_worker):
    visit = visit_services.visit_create(
        by=allocated_worker, case=case, data={"occurred_at": timezone.now(), "kind": "office"}, children=[]
    )
    client.force_login(allocated_worker)
    response = client.post(url("visit_amend", visit_id=visit.pk), {"text": "Too soon"})
    assert response.status_code == 400 and "change it instead" in body(response)
    assert not Amendment.objects.exists()


# --- Autosave and drafts restored --------------------------------------------------------------


def test_the_draft_comes_back_on_the_form_after_the_session_expires(client, case, allocated_worker, siblings):
    client.force_login(allocated_worker)
    typed = {
        "draft_form_key": "visit",
        "draft_record_key": f"case-{case.pk}",
        "narrative": "Ava showed me her room and her drawings.",
        "kind": "home_visit",
        **child_data(siblings["ava"], "yes", "yes"),
    }
    assert client.post(reverse("core:draft_save"), typed).status_code == 204
    client.logout()  # the session ends (timeout, crash, closed tab)
    assert client.get(url("visit_new", case_id=case.pk)).status_code == 302
    client.force_login(allocated_worker)
    page = body(client.get(url("visit_new", case_id=case.pk)))
    assert "We restored what you typed on" in page
    assert "Ava showed me her room and her drawings." in page
    assert f'name="seen_alone_{siblings["ava"].pk.hex}" type="radio" value="yes" checked' in page
    client.post(url("visit_new", case_id=case.pk), visit_form(siblings))
    assert not Draft.objects.exists()  # saved: no draft is left behind


def test_the_note_draft_comes_back_after_signing_in_again(client, case, allocated_worker):
    client.force_login(allocated_worker)
    words = "Spoke to the school nurse about the asthma plan for Ava. " * 40
    typed = {"draft_form_key": "note", "draft_record_key": f"case-{case.pk}", "narrative": words}
    assert client.post(reverse("core:draft_save"), typed).status_code == 204
    client.logout()
    client.force_login(allocated_worker)
    page = body(client.get(url("note_new", case_id=case.pk)))
    assert "We restored what you typed on" in page and words.strip() in page


# --- Case notes --------------------------------------------------------------------------------


def test_a_case_note_is_drafted_then_finished_and_a_significant_one_is_in_the_chronology(
    client, case, allocated_worker
):
    client.force_login(allocated_worker)
    response = client.post(url("note_new", case_id=case.pk), {**when(), "kind": "phone_call", "action": "finish"})
    assert response.status_code == 400 and "Write the note before finishing it" in body(response)
    assert not CaseNote.objects.exists()
    data = {**when(), "kind": "phone_call", "narrative": "GP called about Sam.", "significant": "on"}
    response = client.post(url("note_new", case_id=case.pk), {**data, "action": "draft"})
    note = CaseNote.objects.get()
    assert response.status_code == 302 and note.status == "draft"
    response = client.post(url("note_finish", note_id=note.pk))
    note.refresh_from_db()
    assert response.status_code == 302 and note.status == "finished"
    assert ChronologyEntry.objects.filter(event_kind="note").exists()
    response = client.get(url("note_edit", note_id=note.pk))
    assert response.status_code == 302 and "note_edit" not in response["Location"]
    client.post(url("note_amend", note_id=note.pk), {"text": "It was the practice nurse."})
    page = body(client.get(url("note_detail", note_id=note.pk)))
    assert "GP called about Sam." in page and "It was the practice nurse." in page


# --- Who may see and do what -------------------------------------------------------------------


def all_urls(case: Case, visit: Visit, note: CaseNote) -> list[str]:
    return [
        url("case_records", case_id=case.pk),
        url("visit_new", case_id=case.pk),
        url("visit_detail", visit_id=visit.pk),
        url("visit_edit", visit_id=visit.pk),
        url("visit_finish", visit_id=visit.pk),
        url("visit_amend", visit_id=visit.pk),
        url("note_new", case_id=case.pk),
        url("note_detail", note_id=note.pk),
        url("note_edit", note_id=note.pk),
        url("note_finish", note_id=note.pk),
        url("note_amend", note_id=note.pk),
    ]


@pytest.fixture
def records(case, allocated_worker, siblings):
    visit = finished_visit(case, allocated_worker, siblings, narrative="Secret narrative", childs_words="Ava's words")
    note = visit_services.note_create(
        by=allocated_worker, case=case, data={"kind": "case_note", "narrative": "Note narrative"}
    )
    return visit, note


def test_other_team_gets_404_on_every_page(client, case, records, other_team_worker, other_team_manager):
    visit, note = records
    read_only = {url("case_records", case_id=case.pk), url("visit_detail", visit_id=visit.pk)}
    read_only.add(url("note_detail", note_id=note.pk))
    for user in (other_team_worker, other_team_manager):
        client.force_login(user)
        for address in all_urls(case, *records):
            if "finish" not in address:  # finishing is POST only: a GET is 405 whatever the id
                assert client.get(address).status_code == 404, address
            if address not in read_only:  # pages only read answer 405 to a POST
                assert client.post(address, {"text": "x", "action": "draft"}).status_code == 404, address
    assert not Amendment.objects.exists() and Visit.objects.count() == 1
    assert CaseNote.objects.get().status == "draft"


def test_a_draft_changed_by_someone_else_meanwhile_is_not_overwritten(
    client, case, allocated_worker, colleague, siblings
):
    visit = visit_services.visit_create(
        by=allocated_worker, case=case, data={"occurred_at": timezone.now(), "narrative": "Mine"}, children=[]
    )
    started_from = visit.version
    visit_services.visit_update(by=colleague, visit=visit, data={"narrative": "Theirs"}, expected_version=started_from)
    client.force_login(allocated_worker)
    data = visit_form(siblings, action="draft", narrative="Mine, longer", version=str(started_from))
    response = client.post(url("visit_edit", visit_id=visit.pk), data)
    assert response.status_code == 409 and "Someone else changed this" in body(response)
    visit.refresh_from_db()
    assert visit.narrative == "Theirs" and visit.status == "draft"


@pytest.mark.parametrize("persona", ["performance_officer", "auditor", "front_door_worker"])
def test_read_only_roles_see_no_write_buttons_and_get_403_on_writes(client, request, case, records, persona):
    visit, note = records
    client.force_login(request.getfixturevalue(persona))
    page = body(client.get(url("case_records", case_id=case.pk)))
    assert "Record a visit" not in page and "Add a case note" not in page
    assert "Record a visit" not in body(client.get(url("case_detail", case_id=case.pk)))
    detail = body(client.get(url("visit_detail", visit_id=visit.pk)))
    assert "Add the correction" not in detail
    assert ("Secret narrative" in detail) is (persona != "performance_officer")
    for address in all_urls(case, *records):
        if address.endswith(f"{visit.pk}/") or address.endswith(f"{note.pk}/") or "records" in address:
            continue  # read pages
        assert client.post(address, {"text": "x", "action": "draft"}).status_code == 403, address
        if "finish" not in address:
            assert client.get(address).status_code == 403, address
    assert not Amendment.objects.exists() and CaseNote.objects.get().status == "draft"


def test_the_case_page_shows_the_latest_three_visits_and_notes(client, case, allocated_worker, siblings):
    for hours in range(5):
        visit_services.note_create(
            by=allocated_worker,
            case=case,
            data={"occurred_at": timezone.now() - datetime.timedelta(days=hours), "narrative": f"Note {hours}"},
        )
    client.force_login(allocated_worker)
    page = body(client.get(url("case_detail", case_id=case.pk)))
    assert "Visits and notes" in page and "All visits and notes (5)" in page
    assert page.count('data-record="') == 3
    assert url("visit_new", case_id=case.pk) in page and url("case_records", case_id=case.pk) in page


def test_the_records_page_is_newest_first_paginated_and_access_logged(client, case, allocated_worker, siblings):
    for days in range(25):
        visit_services.note_create(
            by=allocated_worker,
            case=case,
            data={"occurred_at": timezone.now() - datetime.timedelta(days=days, hours=3), "narrative": "n"},
        )
    visit = finished_visit(case, allocated_worker, siblings)
    client.force_login(allocated_worker)
    page = body(client.get(url("case_records", case_id=case.pk)))
    assert page.count('data-record="') == 20
    assert page.index(str(visit.pk)) < page.index(str(CaseNote.objects.order_by("-occurred_at").first().pk))
    assert "Ava Smith: Seen alone" in page and "Sam Smith: Seen, not alone" in page
    assert body(client.get(url("case_records", case_id=case.pk) + "?page=2")).count('data-record="') == 6
    assert AccessLog.objects.filter(user=allocated_worker, what="Visits and notes").exists()


def _add_records(case, by, siblings, count: int) -> None:
    for n in range(count):
        if n % 2:
            finished_visit(case, by, siblings, narrative=f"Visit {n}")
        else:
            visit_services.note_create(by=by, case=case, data={"narrative": f"Note {n}"})


def test_the_records_page_query_count_does_not_grow_with_records(
    client, case, allocated_worker, siblings, django_assert_max_num_queries
):
    client.force_login(allocated_worker)
    _add_records(case, allocated_worker, siblings, 5)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url("case_records", case_id=case.pk)).status_code == 200
    _add_records(case, allocated_worker, siblings, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("case_records", case_id=case.pk)).status_code == 200
