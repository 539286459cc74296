"""/api/v1/contacts/: the front door through the API, for every persona of PERMISSIONS.md."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casework import services
from casework.core.models import AccessLog, Role, TeamKind
from casework.models import Case, Contact, Episode
from families import services as family_services
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call, contact_body
from tests.casework.conftest import contact_data
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/contacts/"


def url(contact, action: str = "") -> str:
    return f"{URL}{contact.pk}/" + (f"{action}/" if action else "")


# --- Recording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 201),
        ("front_door_manager", 201),
        ("allocated_worker", 201),
        ("colleague", 201),
        ("manager", 201),
        ("other_team_worker", 201),
        ("other_team_manager", 201),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_record_a_contact(request, api_as, persona, expected, siblings, front_door_team):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", URL, contact_body([siblings["ava"]]))
    assert response.status_code == expected, response.content
    assert Contact.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert body["team"] == str(front_door_team.pk)
        assert body["children"] == [str(siblings["ava"].pk)]
        assert body["decision"] is None and body["version"] == 1


def test_contact_recorded_by_a_north_worker_lands_in_the_default_front_door_queue(
    api_as, allocated_worker, front_door_team, front_door_worker, teenager, settings
):
    TeamFactory(name="Another Front Door", kind=TeamKind.FRONT_DOOR)
    settings.FRONT_DOOR_TEAM = "Front Door"
    response = call(api_as, allocated_worker, "post", URL, contact_body([teenager]))
    assert response.status_code == 201, response.content
    assert response.json()["team"] == str(front_door_team.pk)
    queue = call(api_as, front_door_worker, "get", f"{URL}?decided=false").json()
    assert [c["id"] for c in queue["results"]] == [response.json()["id"]]


def test_the_default_front_door_team_is_the_setting_when_the_recorder_is_in_none(
    api_as, allocated_worker, front_door_team, teenager, settings
):
    duty = TeamFactory(name="Duty", kind=TeamKind.FRONT_DOOR)
    settings.FRONT_DOOR_TEAM = "Duty"
    response = call(api_as, allocated_worker, "post", URL, contact_body([teenager]))
    assert response.json()["team"] == str(duty.pk)


def test_a_front_door_worker_records_into_their_own_team_and_may_name_another(
    api_as, front_door_worker, siblings, front_door_team, north
):
    response = call(api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]]))
    assert response.json()["team"] == str(front_door_team.pk)
    refused = call(api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]], team=str(north.pk)))
    assert refused.status_code == 400 and "team" in refused.json()
    unknown = call(
        api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]], team=str(front_door_worker.pk))
    )
    assert unknown.status_code == 400 and "team" in unknown.json()
    assert Contact.objects.count() == 1


def test_consent_reason_is_required_unless_consent_was_given(api_as, front_door_worker, siblings):
    refused = call(
        api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]], consent="refused", consent_reason="")
    )
    assert refused.status_code == 400
    assert "consent_reason" in refused.json()
    assert not Contact.objects.exists()
    with_reason = contact_body([siblings["ava"]], consent="not_sought", consent_reason="Risk to the child if asked")
    assert call(api_as, front_door_worker, "post", URL, with_reason).status_code == 201
    given = call(api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]], consent="given"))
    assert given.status_code == 201


def test_bad_input_names_the_fields_and_writes_nothing(api_as, front_door_worker, siblings):
    body = contact_body([], source="ZZ", concerns=" ", received_at="yesterday")
    response = call(api_as, front_door_worker, "post", URL, body)
    assert response.status_code == 400
    assert {"source", "received_at"} <= set(response.json())
    response = call(api_as, front_door_worker, "post", URL, contact_body([], concerns=" "))
    assert {"children", "concerns"} <= set(response.json())
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    response = call(api_as, front_door_worker, "post", URL, contact_body([siblings["ava"]], received_at=future))
    assert "received_at" in response.json()
    assert not Contact.objects.exists()


def test_children_may_be_any_unrestricted_record_but_not_a_restricted_one_outside_access(
    api_as, other_team_worker, siblings, front_door_manager, front_door_team
):
    response = call(api_as, other_team_worker, "post", URL, contact_body([siblings["sam"]]))
    assert response.status_code == 201
    assert response.json()["children"] == [str(siblings["sam"].pk)]
    assert response.json()["previous_contacts"] == []  # not theirs to read
    ava = siblings["ava"]
    family_services.person_set_restriction(
        by=front_door_manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    hidden = call(api_as, other_team_worker, "post", URL, contact_body([ava]))
    assert hidden.status_code == 404
    assert Contact.objects.count() == 1


def test_the_family_must_be_one_the_user_may_open(api_as, other_team_worker, siblings):
    body = contact_body([siblings["sam"]], family=str(siblings["family"].pk))
    assert call(api_as, other_team_worker, "post", URL, body).status_code == 404
    assert not Contact.objects.exists()


# --- Reading -----------------------------------------------------------------------------------


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
def test_who_may_read_a_referred_contact(request, api_as, persona, expected, referral, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(referral))
    assert response.status_code == expected
    listed = call(api_as, user, "get", URL).json()["results"]
    assert [c["id"] for c in listed] == ([str(referral.pk)] if expected == 200 else [])
    if expected == 200:
        assert AccessLog.objects.filter(user=user, person=siblings["ava"]).exists()
    else:
        assert not AccessLog.objects.filter(user=user).exists()


def test_an_undecided_contact_is_read_by_the_front_door_only(
    api_as, school_contact, front_door_worker, allocated_worker, other_team_worker
):
    assert call(api_as, front_door_worker, "get", url(school_contact)).status_code == 200
    assert call(api_as, allocated_worker, "get", url(school_contact)).status_code == 404
    assert call(api_as, other_team_worker, "get", url(school_contact)).status_code == 404


def test_reading_a_contact_logs_each_child_it_shows(api_as, front_door_worker, school_contact, siblings):
    call(api_as, front_door_worker, "get", url(school_contact))
    rows = AccessLog.objects.filter(user=front_door_worker)
    assert {row.person_id for row in rows} == {siblings["ava"].pk, siblings["sam"].pk}
    assert all(row.path == url(school_contact) for row in rows)


def test_a_restricted_child_is_left_out_of_the_contact_for_those_who_may_not_open_it(
    api_as, front_door_worker, front_door_manager, school_contact, siblings
):
    ava = siblings["ava"]
    family_services.person_set_restriction(
        by=front_door_manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    body = call(api_as, front_door_worker, "get", url(school_contact)).json()
    assert body["children"] == [str(siblings["sam"].pk)]
    assert [row["child"] for row in body["children_detail"]] == [str(siblings["sam"].pk)]
    assert not AccessLog.objects.filter(user=front_door_worker, person=ava).exists()
    managed = call(api_as, front_door_manager, "get", url(school_contact)).json()
    assert set(managed["children"]) == {str(ava.pk), str(siblings["sam"].pk)}


def test_a_contact_about_only_a_restricted_child_is_404_for_the_front_door_worker(
    api_as, front_door_worker, front_door_manager, siblings
):
    ava = siblings["ava"]
    contact = services.contact_record(by=front_door_worker, children=[ava], data=contact_data())
    family_services.person_set_restriction(
        by=front_door_manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    assert call(api_as, front_door_worker, "get", url(contact)).status_code == 404
    assert call(api_as, front_door_manager, "get", url(contact)).status_code == 200


def test_performance_officers_read_structured_fields_only(api_as, performance_officer, auditor, referral):
    body = call(api_as, performance_officer, "get", url(referral)).json()
    for name in ("concerns", "decision_reason", "consent_reason", "referrer_name", "referrer_agency"):
        assert body[name] is None, name
    assert body["decision"] == "referral" and body["source"] == "2A" and len(body["episodes"]) == 2
    full = call(api_as, auditor, "get", url(referral)).json()
    assert full["concerns"].startswith("Ava came to school hungry") and full["referrer_name"] == "Ms Patel"


def test_list_filters(api_as, front_door_worker, referral, repeat_contact, siblings, front_door_team, north):
    def ids(query: str) -> list[str]:
        response = call(api_as, front_door_worker, "get", f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [c["id"] for c in response.json()["results"]]

    assert ids("decided=true") == [str(referral.pk)]
    assert ids("decided=false") == [str(repeat_contact.pk)]
    assert ids("") == [str(repeat_contact.pk), str(referral.pk)]  # newest first
    assert len(ids(f"team={front_door_team.pk}")) == 2
    assert ids(f"team={north.pk}") == []
    assert ids(f"child={siblings['sam'].pk}") == [str(referral.pk)]
    assert call(api_as, front_door_worker, "get", f"{URL}?decided=perhaps").status_code == 400


def test_list_query_count_does_not_grow_with_contacts(
    api_as, front_door_worker, siblings, django_assert_max_num_queries
):
    def record(n: int) -> None:
        for _ in range(n):
            contact = services.contact_record(
                by=front_door_worker,
                children=[siblings["ava"], siblings["sam"]],
                family=siblings["family"],
                data=contact_data(),
            )
            services.contact_decide(by=front_door_worker, contact=contact, decision="nfa", reason="Advice given")

    record(1)
    client = api_as(front_door_worker)
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    record(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 7
    assert len(response.json()["results"][0]["previous_contacts"]) == 6


# --- Correcting the facts ----------------------------------------------------------------------


def test_the_front_door_corrects_an_undecided_contact_with_its_version(
    api_as, front_door_worker, school_contact, siblings
):
    response = call(
        api_as, front_door_worker, "patch", url(school_contact), {"concerns": "Hungry, and a bruise", "version": 1}
    )
    assert response.status_code == 200, response.content
    assert response.json()["concerns"] == "Hungry, and a bruise" and response.json()["version"] == 2
    history = Contact.objects.get().history.first()
    assert history.history_user == front_door_worker and history.history_change_reason == "Changed: concerns"
    stale = call(api_as, front_door_worker, "patch", url(school_contact), {"concerns": "Other", "version": 1})
    assert stale.status_code == 409
    missing = call(api_as, front_door_worker, "patch", url(school_contact), {"concerns": "Other"})
    assert missing.status_code == 409
    assert Contact.objects.get().concerns == "Hungry, and a bruise"


def test_corrections_are_checked_like_a_new_contact(api_as, front_door_worker, school_contact, siblings):
    response = call(api_as, front_door_worker, "patch", url(school_contact), {"consent": "refused", "version": 1})
    assert response.status_code == 400 and "consent_reason" in response.json()
    response = call(
        api_as,
        front_door_worker,
        "patch",
        url(school_contact),
        {"children": [str(siblings["ava"].pk)], "version": 1},
    )
    assert response.status_code == 400 and "children" in response.json()
    same = {"children": [str(siblings["sam"].pk), str(siblings["ava"].pk)], "anonymous": True, "version": 1}
    response = call(api_as, front_door_worker, "patch", url(school_contact), same)
    assert response.status_code == 200
    assert response.json()["anonymous"] is True and response.json()["referrer_name"] == ""


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_manager", 200),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 403),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_correct_a_contact(request, api_as, persona, expected, repeat_contact):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "patch", url(repeat_contact), {"concerns": "Corrected", "version": 1})
    assert response.status_code == expected
    assert Contact.objects.get(pk=repeat_contact.pk).version == (2 if expected == 200 else 1)


def test_a_decided_contact_cannot_be_corrected(api_as, front_door_worker, referral):
    response = call(api_as, front_door_worker, "patch", url(referral), {"concerns": "Changed", "version": 1})
    assert response.status_code == 403
    assert "decided" in response.json()["detail"]


# --- Deciding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 200),
        ("front_door_manager", 200),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 403),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_decide_a_contact(request, api_as, persona, expected, repeat_contact):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(repeat_contact, "decide"), {"decision": "nfa", "decision_reason": "x"})
    assert response.status_code == expected
    assert Contact.objects.get(pk=repeat_contact.pk).is_decided == (expected == 200)


def test_a_decision_without_a_reason_is_refused(api_as, front_door_worker, school_contact):
    response = call(api_as, front_door_worker, "post", url(school_contact, "decide"), {"decision": "nfa"})
    assert response.status_code == 400
    assert "decision_reason" in response.json()
    blank = {"decision": "referral", "decision_reason": "   "}
    assert call(api_as, front_door_worker, "post", url(school_contact, "decide"), blank).status_code == 400
    school_contact.refresh_from_db()
    assert school_contact.decision == "" and school_contact.version == 1
    assert not Episode.objects.exists()


def test_a_decided_contact_cannot_be_decided_again(api_as, front_door_worker, referral):
    response = call(
        api_as, front_door_worker, "post", url(referral, "decide"), {"decision": "nfa", "decision_reason": "again"}
    )
    assert response.status_code == 403


def test_referral_of_one_child_opens_one_episode_and_records_nfa_for_the_other(
    api_as, front_door_worker, school_contact, siblings, north
):
    ava, sam = siblings["ava"], siblings["sam"]
    body = {"decision": "referral", "decision_reason": "Neglect", "team": str(north.pk), "children": [str(ava.pk)]}
    response = call(api_as, front_door_worker, "post", url(school_contact, "decide"), body)
    assert response.status_code == 200, response.content
    data = response.json()
    episode = Episode.objects.get()
    assert episode.child == ava and episode.case.team == north and episode.case.family == siblings["family"]
    assert data["episodes"] == [str(episode.pk)]
    outcomes = {row["child"]: (row["outcome"], row["episode"]) for row in data["children_detail"]}
    assert outcomes == {str(ava.pk): ("referral", str(episode.pk)), str(sam.pk): ("nfa", None)}
    assert data["decided_by"] == str(front_door_worker.pk) and data["decision_reason"] == "Neglect"
    row = Contact.objects.get().history.first()
    assert row.history_user == front_door_worker
    assert row.history_change_reason == "Decided: Referral to children's social care"
    episode_body = call(api_as, front_door_worker, "get", f"/api/v1/episodes/{episode.pk}/").json()
    assert episode_body["referral_source"] == "2A"
    assert episode_body["referral_date"] == timezone.localtime(school_contact.received_at).date().isoformat()


def test_referral_children_must_be_children_of_the_contact(api_as, front_door_worker, school_contact, teenager, north):
    body = {"decision": "referral", "decision_reason": "Assess", "children": [str(teenager.pk)]}
    response = call(api_as, front_door_worker, "post", url(school_contact, "decide"), body)
    assert response.status_code == 400 and "children" in response.json()
    unknown_team = {"decision": "referral", "decision_reason": "Assess", "team": str(school_contact.pk)}
    response = call(api_as, front_door_worker, "post", url(school_contact, "decide"), unknown_team)
    assert response.status_code == 400 and "team" in response.json()
    assert not Episode.objects.exists() and not Contact.objects.get().is_decided


def test_a_referral_uses_the_familys_open_case(api_as, front_door_worker, referral, siblings, south):
    later = services.contact_record(
        by=front_door_worker, children=[siblings["ava"]], family=siblings["family"], data=contact_data()
    )
    Episode.objects.filter(child=siblings["ava"]).update(status="closed", closure_date=timezone.localdate())
    body = {"decision": "referral", "decision_reason": "Again", "team": str(south.pk)}
    response = call(api_as, front_door_worker, "post", url(later, "decide"), body)
    assert response.status_code == 200
    assert Case.objects.count() == 1
    new = Episode.objects.get(contact=later)
    assert new.case == Case.objects.get() and new.case.team.name == "North"


def test_a_child_with_an_open_episode_is_linked_not_opened_again(api_as, front_door_worker, repeat_contact, siblings):
    before = Episode.objects.get(child=siblings["ava"])
    response = call(
        api_as,
        front_door_worker,
        "post",
        url(repeat_contact, "decide"),
        {"decision": "referral", "decision_reason": "Police"},
    )
    assert response.status_code == 200
    assert Episode.objects.filter(child=siblings["ava"]).count() == 1
    (row,) = response.json()["children_detail"]
    assert row["linked_to_open_episode"] is True and row["episode"] == str(before.pk)
    assert row["would_be_rereferral"] is False
    assert response.json()["episodes"] == [str(before.pk)]


def test_previous_contacts_with_their_outcomes(api_as, front_door_worker, school_contact, siblings, north):
    services.contact_decide(
        by=front_door_worker,
        contact=school_contact,
        decision="referral",
        reason="Assess",
        team=north,
        children=[siblings["ava"]],
    )
    Episode.objects.update(status="closed", closure_date=timezone.localdate())
    repeat = services.contact_record(
        by=front_door_worker, children=[siblings["ava"], siblings["sam"]], data=contact_data(received_at=timezone.now())
    )
    body = call(api_as, front_door_worker, "get", url(repeat)).json()
    (previous,) = body["previous_contacts"]
    assert previous["contact"] == str(school_contact.pk)
    assert previous["source"] == "2A" and previous["decision"] == "referral" and previous["opened_episode"] is True
    assert previous["date"] == timezone.localtime(school_contact.received_at).date().isoformat()
    outcomes = {row["child"]: row["outcome"] for row in previous["children"]}
    assert outcomes == {str(siblings["ava"].pk): "referral", str(siblings["sam"].pk): "nfa"}
    flags = {row["child"]: row["would_be_rereferral"] for row in body["children_detail"]}
    assert flags == {str(siblings["ava"].pk): True, str(siblings["sam"].pk): False}  # referrals only, per child


def test_previous_contacts_are_newest_first_and_exclude_later_ones(api_as, front_door_worker, siblings):
    ava = siblings["ava"]
    moments = [timezone.now() - datetime.timedelta(days=d) for d in (30, 20, 10)]
    contacts = [
        services.contact_record(by=front_door_worker, children=[ava], data=contact_data(received_at=when))
        for when in moments
    ]
    body = call(api_as, front_door_worker, "get", url(contacts[1])).json()
    assert [p["contact"] for p in body["previous_contacts"]] == [str(contacts[0].pk)]
    body = call(api_as, front_door_worker, "get", url(contacts[2])).json()
    assert [p["contact"] for p in body["previous_contacts"]] == [str(contacts[1].pk), str(contacts[0].pk)]
    assert body["previous_contacts"][0]["decision"] is None and body["previous_contacts"][0]["opened_episode"] is False


def test_re_referral_only_within_twelve_months_of_the_previous_referral(
    api_as, front_door_worker, school_contact, siblings, north
):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    Episode.objects.filter(child=siblings["ava"]).update(status="closed", referral_date=long_ago)
    Episode.objects.filter(child=siblings["sam"]).update(
        status="closed", referral_date=timezone.localdate() - datetime.timedelta(days=300)
    )
    repeat = services.contact_record(
        by=front_door_worker, children=[siblings["ava"], siblings["sam"]], data=contact_data(received_at=timezone.now())
    )
    body = call(api_as, front_door_worker, "get", url(repeat)).json()
    flags = {row["child"]: row["would_be_rereferral"] for row in body["children_detail"]}
    assert flags == {str(siblings["ava"].pk): False, str(siblings["sam"].pk): True}
    response = call(
        api_as, front_door_worker, "post", url(repeat, "decide"), {"decision": "referral", "decision_reason": "Again"}
    )
    new = {e.child_id: e for e in Episode.objects.filter(contact=repeat)}
    flags = {row["child"]: row["would_be_rereferral"] for row in response.json()["children_detail"]}
    assert flags == {str(siblings["ava"].pk): False, str(siblings["sam"].pk): True}  # still true once decided
    episodes = call(api_as, front_door_worker, "get", "/api/v1/episodes/?status=open").json()["results"]
    by_child = {e["child"]: e["is_rereferral"] for e in episodes}
    assert by_child == {str(siblings["ava"].pk): False, str(siblings["sam"].pk): True}
    assert len(new) == 2


# --- Endorsing and telling the referrer --------------------------------------------------------


def test_endorsement_only_when_the_setting_requires_it(
    api_as, settings, front_door_worker, front_door_manager, referral
):
    response = call(api_as, front_door_manager, "post", url(referral, "endorse"))
    assert response.status_code == 400
    assert call(api_as, front_door_manager, "get", url(referral)).json()["endorsement_required"] is False


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("front_door_worker", 403),
        ("front_door_manager", 200),
        ("allocated_worker", 403),
        ("colleague", 403),
        ("manager", 403),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_who_may_endorse_a_decision(
    request, api_as, settings, persona, expected, school_contact, front_door_worker, north
):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(school_contact, "endorse"))
    assert response.status_code == expected
    school_contact.refresh_from_db()
    assert (school_contact.endorsed_by == user) == (expected == 200)
    if expected == 200:
        assert response.json()["endorsement_required"] is True
        assert response.json()["endorsed_by"] == str(user.pk)
        again = call(api_as, user, "post", url(school_contact, "endorse"))
        assert again.status_code == 400


def test_an_undecided_contact_cannot_be_endorsed(api_as, settings, front_door_manager, school_contact):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    assert call(api_as, front_door_manager, "post", url(school_contact, "endorse")).status_code == 400


def test_referrer_informed(api_as, front_door_worker, allocated_worker, referral):
    body = {"informed_at": timezone.now().isoformat(), "how": "Telephone call to Ms Patel"}
    assert call(api_as, allocated_worker, "post", url(referral, "referrer_informed"), body).status_code == 403
    response = call(api_as, front_door_worker, "post", url(referral, "referrer_informed"), body)
    assert response.status_code == 200
    assert response.json()["referrer_informed_how"] == "Telephone call to Ms Patel"
    assert response.json()["referrer_informed_at"] is not None
    early = {"informed_at": (referral.received_at - datetime.timedelta(days=1)).isoformat(), "how": "Letter"}
    response = call(api_as, front_door_worker, "post", url(referral, "referrer_informed"), early)
    assert response.status_code == 400 and "informed_at" in response.json()


def test_other_team_gets_404_on_every_contact_endpoint(api_as, other_team_manager, referral):
    for method, action in [
        ("get", ""),
        ("patch", ""),
        ("post", "decide"),
        ("post", "endorse"),
        ("post", "referrer_informed"),
    ]:
        response = call(api_as, other_team_manager, method, url(referral, action), {"version": 1})
        assert response.status_code == 404, (method, action)


def test_unauthenticated_requests_are_refused(api_client, referral):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(url(referral)).status_code == 401


def test_a_new_writer_role_user_with_no_team_may_still_record(api_as, siblings, front_door_team):
    loner = UserFactory(username="loner", role=Role.SOCIAL_WORKER)
    response = call(api_as, loner, "post", URL, contact_body([siblings["ava"]]))
    assert response.status_code == 201
    assert response.json()["team"] == str(front_door_team.pk)
