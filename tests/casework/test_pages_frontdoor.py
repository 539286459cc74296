"""The front-door pages: the queue, a contact, deciding it with each child's history in view,
endorsing the decision, and recording that the referrer was told. Recording a contact is in
test_pages_frontdoor_record.py."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import selectors, services
from casework.core.models import AccessLog, TeamKind
from casework.models import Case, Contact, Episode
from families import services as family_services
from tests.casework.conftest import contact_data
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
QUEUE = reverse("casework:frontdoor_queue")
TODAY = timezone.localdate


def url(name: str, contact: Contact) -> str:
    return reverse(f"casework:{name}", kwargs={"contact_id": contact.pk})


def body(response) -> str:
    return response.content.decode()


def child(by, first: str, last: str, born: datetime.date, **data):
    return family_services.person_create(
        by=by,
        data={"first_name": first, "last_name": last, "date_of_birth": born, "sex": "M", **data},
        confirm_not_duplicate=True,
    )


def record(by, children, **overrides) -> Contact:
    return services.contact_record(by=by, children=children, data=contact_data(**overrides))


def decide(contact: Contact, by, decision="nfa", reason="Checked with school: no concerns.", **kwargs) -> Contact:
    contact.refresh_from_db()
    return services.contact_decide(by=by, contact=contact, decision=decision, reason=reason, **kwargs)


# --- The queue --------------------------------------------------------------------------------


def test_the_queue_shows_the_teams_undecided_contacts_oldest_first_with_waiting_time(
    client, front_door_worker, front_door_team, siblings
):
    # Wednesday 11 March 2026, 3pm in London: Monday's contact has waited 2 working days.
    with time_machine.travel(datetime.datetime(2026, 3, 11, 15, 0, tzinfo=LONDON), tick=False):
        today = record(front_door_worker, [siblings["sam"]], received_at=timezone.now() - datetime.timedelta(hours=4))
        monday = record(
            front_door_worker,
            [siblings["ava"]],
            received_at=datetime.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON),
            anonymous=True,
        )
        decided = record(front_door_worker, [siblings["ava"]], received_at=timezone.now() - datetime.timedelta(days=1))
        decide(decided, front_door_worker)
        client.force_login(front_door_worker)
        page = body(client.get(QUEUE))
    awaiting = page.split('id="awaiting"')[1].split('id="decided"')[0]
    assert awaiting.index(str(monday.pk)) < awaiting.index(str(today.pk))  # oldest first
    assert str(decided.pk) not in awaiting
    monday_row = awaiting.split(f'data-contact="{monday.pk}"')[1].split("</tr>")[0]
    assert "2 working days" in monday_row
    assert "Anonymous" in monday_row or "anonymous" in monday_row
    assert "Ava Smith (9 years old)" in monday_row
    today_row = awaiting.split(f'data-contact="{today.pk}"')[1].split("</tr>")[0]
    assert "4 hours" in today_row
    assert "Schools: Ms Patel, Mill Lane Primary School" in today_row
    assert "Record a contact" in page


def test_the_queue_never_colours_or_counts_down(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    main = body(client.get(QUEUE)).split("<main")[1].split("cw-timeout-dialog")[0].lower()
    for alarm in ("govuk-tag--red", "overdue", "breach", "remaining", "due in", "late"):
        assert alarm not in main


def test_the_queue_holds_only_the_users_own_front_door_teams_contacts(
    client, front_door_worker, allocated_worker, school_contact, teenager
):
    east = TeamFactory(name="East Front Door", kind=TeamKind.FRONT_DOOR)
    theirs = services.contact_record(by=allocated_worker, children=[teenager], data=contact_data(), team=east)
    client.force_login(front_door_worker)
    page = body(client.get(QUEUE))
    assert str(school_contact.pk) in page
    assert str(theirs.pk) not in page


def test_decided_recently_shows_decision_endorsement_and_referrer_told(
    client, front_door_worker, school_contact, settings
):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    decide(school_contact, front_door_worker, decision="early_help", reason="Family asked for support.")
    client.force_login(front_door_worker)
    decided = body(client.get(QUEUE)).split('id="decided"')[1]
    assert "Early help" in decided
    assert "Waiting for a manager of Front Door" in decided
    assert "Not recorded yet" in decided


def test_a_front_door_manager_sees_what_awaits_endorsement_only_when_it_is_required(
    client, front_door_manager, front_door_worker, school_contact, settings
):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    decide(school_contact, front_door_worker)
    client.force_login(front_door_manager)
    page = body(client.get(QUEUE))
    assert "Awaiting your endorsement (1)" in page
    assert url("contact_endorse", school_contact) in page
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = False
    assert "Awaiting your endorsement" not in body(client.get(QUEUE))
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    client.force_login(front_door_worker)
    assert "Awaiting your endorsement" not in body(client.get(QUEUE))


def test_the_queue_query_count_does_not_grow_with_contacts(
    client, front_door_worker, front_door_team, siblings, django_assert_num_queries
):
    def contacts(n: int) -> None:
        for i in range(n):
            kid = child(front_door_worker, f"Child{i}", "Jones", datetime.date(2015, 1, 1 + i % 27))
            record(front_door_worker, [kid, siblings["ava"]], received_at=timezone.now() - datetime.timedelta(hours=i))

    contacts(2)
    decide(Contact.objects.first(), front_door_worker)
    client.force_login(front_door_worker)
    client.get(QUEUE)  # warm the session and the navigation
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    contacts(18)
    for contact in Contact.objects.filter(decision="")[:5]:
        decide(contact, front_door_worker)
    with django_assert_num_queries(len(few.captured_queries)):
        page = body(client.get(QUEUE))
    assert page.count("data-contact=") == 14  # 20 recorded, 6 decided


def test_the_menu_shows_front_door_to_front_door_teams_and_team_managers(
    client, front_door_worker, manager, allocated_worker, performance_officer
):
    link = f'href="{QUEUE}"'
    for user, shown in ((front_door_worker, True), (manager, True), (allocated_worker, False)):
        client.force_login(user)
        page = body(client.get(reverse("casework:my_work")))
        assert (link in page) is shown, user.username
    client.force_login(performance_officer)
    assert link not in body(client.get(reverse("casework:my_work")))


def test_someone_outside_a_front_door_team_is_told_where_contacts_go(client, allocated_worker, performance_officer):
    client.force_login(allocated_worker)
    page = body(client.get(QUEUE))
    assert "You are not in a front-door team" in page
    assert "Record a contact" in page
    client.force_login(performance_officer)
    page = body(client.get(QUEUE))
    assert "Record a contact" not in page


# --- The contact page --------------------------------------------------------------------------


def test_the_contact_page_shows_the_contact_and_logs_each_child_viewed(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_detail", school_contact)))
    assert "Contact about Ava Smith and Sam Smith" in page or "Contact about Sam Smith and Ava Smith" in page
    assert "Ava came to school hungry" in page
    assert "Ms Patel" in page
    assert "Awaiting a decision" in page
    assert url("contact_decide", school_contact) in page
    logged = AccessLog.objects.filter(user=front_door_worker, what="Front-door contact")
    assert logged.count() == 2


def test_a_performance_officer_sees_structured_fields_only(client, performance_officer, school_contact):
    client.force_login(performance_officer)
    page = body(client.get(url("contact_detail", school_contact)))
    assert "Schools" in page
    assert "Ava came to school hungry" not in page
    assert "Ms Patel" not in page
    assert "Mill Lane Primary School" not in page
    assert url("contact_decide", school_contact) not in page


def test_an_auditor_reads_the_contact_in_full(client, auditor, school_contact):
    client.force_login(auditor)
    page = body(client.get(url("contact_detail", school_contact)))
    assert "Ava came to school hungry" in page
    assert url("contact_decide", school_contact) not in page


@pytest.mark.parametrize(
    "name", ["contact_detail", "contact_decide", "contact_endorse", "contact_referrer_informed", "contact_recorded"]
)
def test_another_team_gets_404_on_every_contact_page(
    client, other_team_worker, other_team_manager, school_contact, name
):
    for user in (other_team_worker, other_team_manager):
        client.force_login(user)
        assert client.get(url(name, school_contact)).status_code == 404
        if name not in ("contact_detail", "contact_recorded"):  # pages without a form
            assert client.post(url(name, school_contact), {}).status_code == 404


@pytest.mark.parametrize("persona", ["performance_officer", "auditor"])
def test_performance_officer_and_auditor_get_403_on_deciding(client, request, school_contact, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("contact_decide", school_contact)).status_code == 403
    data = {"decision": "nfa", "decision_reason": "No."}
    assert client.post(url("contact_decide", school_contact), data).status_code == 403
    assert client.get(url("contact_referrer_informed", school_contact)).status_code == 403
    school_contact.refresh_from_db()
    assert not school_contact.is_decided


def test_a_north_worker_who_can_see_the_child_may_not_decide_the_front_doors_contact(
    client, allocated_worker, manager, front_door_team, teenager
):
    contact = record(allocated_worker, [teenager])
    assert contact.team == front_door_team
    for user in (allocated_worker, manager):
        client.force_login(user)
        assert client.get(url("contact_detail", contact)).status_code == 200
        assert client.get(url("contact_decide", contact)).status_code == 403


# --- Deciding ------------------------------------------------------------------------------


@pytest.fixture
def known_teenager(front_door_worker, teenager):
    """Jordan, 14, known to North, with a contact decided as advice five months ago, and a
    referral (episode, since closed) two years ago."""
    two_years = record(
        front_door_worker, [teenager], received_at=timezone.now() - datetime.timedelta(days=730), source="3E"
    )
    decide(two_years, front_door_worker, decision="referral", reason="Assessment of risks outside the home.")
    episode = Episode.objects.get(child=teenager)
    episode.status, episode.closure_date, episode.closure_reason = "closed", timezone.localdate(), "RC8"
    episode.save()
    months = record(
        front_door_worker,
        [teenager],
        received_at=timezone.now() - datetime.timedelta(days=150),
        concerns="Jordan has been missing school with older boys.",
    )
    decide(months, front_door_worker, decision="advice_signposting", reason="School pastoral lead is working with dad.")
    return {"child": teenager, "two_years": two_years, "months": months}


def test_the_decision_page_shows_the_concerns_and_each_childs_earlier_contacts_with_outcomes(
    client, front_door_worker, known_teenager
):
    jordan = known_teenager["child"]
    contact = record(front_door_worker, [jordan], anonymous=True, concerns="Jordan was found drunk in the park.")
    client.force_login(front_door_worker)
    response = client.get(url("contact_decide", contact))
    assert response.status_code == 200
    page = body(response)
    assert "Jordan was found drunk in the park." in page
    recent = page.split("Contacts and referrals in the last 12 months (1)")[1].split("more than 12 months ago")[0]
    assert str(known_teenager["months"].pk) in recent
    assert "Advice and signposting" in recent
    assert "School pastoral lead is working with dad." in recent
    older = page.split("Earlier contacts and referrals, more than 12 months ago (1)")[1].split("Episodes")[0]
    assert str(known_teenager["two_years"].pk) in older
    assert "Referral to children&#39;s social care" in older and "Episode opened" in older
    episodes = page.split("Episodes, open and past (1)")[1].split("Current warnings")[0]
    assert "Closed" in episodes and "RC8" in episodes
    assert "was last referred on" in page and "more than 12 months ago" in page
    assert page.index("Jordan was found drunk") < page.index('name="decision"')
    assert page.index("Contacts and referrals in the last 12 months") < page.index('name="decision"')
    assert AccessLog.objects.filter(user=front_door_worker, what="Front-door decision", person=jordan).exists()


def test_the_re_referral_flag_is_in_neutral_words(client, front_door_worker, siblings, north):
    earlier = record(front_door_worker, [siblings["ava"]], received_at=timezone.now() - datetime.timedelta(days=60))
    decide(earlier, front_door_worker, decision="referral", reason="Neglect: assessment needed.", team=north)
    Episode.objects.filter(child=siblings["ava"]).update(
        status="closed", closure_date=timezone.localdate(), closure_reason="RC8"
    )
    contact = record(front_door_worker, [siblings["ava"], siblings["sam"]])
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_decide", contact)))
    referred = (timezone.localdate() - datetime.timedelta(days=60)).strftime("%-d %B %Y")
    assert f"A referral now would be a re-referral: Ava was referred on {referred}, within 12 months." in page
    assert "Sam has not been referred before." in page
    assert "govuk-tag--red" not in page


def test_a_child_with_an_open_episode_would_be_linked_not_re_referred(client, front_door_worker, siblings, north):
    earlier = record(front_door_worker, [siblings["ava"]], received_at=timezone.now() - datetime.timedelta(days=30))
    decide(earlier, front_door_worker, decision="referral", reason="Assessment needed.", team=north)
    contact = record(front_door_worker, [siblings["ava"]])
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_decide", contact)))
    assert "Ava has an open episode, held by North" in page
    assert "would link this contact to it" in page
    assert "would be a re-referral" not in page
    assert "has an open case, held by North" in page  # the family's case: no team to choose


def test_the_decision_form_never_pre_selects_a_decision(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_decide", school_contact)))
    radios = re.findall(r'<input[^>]*name="decision"[^>]*>', page)
    assert len(radios) == 4
    assert not any("checked" in radio for radio in radios)
    children = re.findall(r'<input[^>]*name="children"[^>]*>', page)
    assert len(children) == 2 and all("checked" in box for box in children)  # all referred by default
    assert re.search(r'<option value="[^"]+" selected>Front Door \(the deciding team\)</option>', page)


def test_a_decision_without_a_reason_is_refused(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    response = client.post(url("contact_decide", school_contact), {"decision": "nfa", "decision_reason": "  "})
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Give the reason for the decision, in words" in page
    school_contact.refresh_from_db()
    assert not school_contact.is_decided


def test_a_decision_must_be_chosen(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    response = client.post(url("contact_decide", school_contact), {"decision_reason": "Because."})
    assert response.status_code == 400
    assert "Choose a decision" in body(response)
    school_contact.refresh_from_db()
    assert not school_contact.is_decided


def test_a_referral_needs_at_least_one_child(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    response = client.post(
        url("contact_decide", school_contact), {"decision": "referral", "decision_reason": "Assessment needed."}
    )
    assert response.status_code == 400
    assert "Choose at least one child to refer" in body(response)
    assert not Episode.objects.exists()


def test_a_referral_refers_some_children_and_records_the_others_as_no_further_action(
    client, front_door_worker, school_contact, siblings, north
):
    client.force_login(front_door_worker)
    response = client.post(
        url("contact_decide", school_contact),
        {
            "decision": "referral",
            "decision_reason": "Ava's hunger needs a social work assessment; Sam is at nursery and well.",
            "children": [str(siblings["ava"].pk)],
            "team": str(north.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("contact_detail", school_contact)
    episode = Episode.objects.get()
    assert episode.child == siblings["ava"] and episode.case.team == north
    outcomes = dict(school_contact.contact_children.values_list("child__first_name", "outcome"))
    assert outcomes == {"Ava": "referral", "Sam": "nfa"}
    page = body(client.get(response["Location"]))
    assert "Decision recorded: referral to children" in page
    assert "episode opened in the case held by North" in page
    assert "No further action" in page
    assert reverse("casework:case_detail", kwargs={"case_id": episode.case_id}) in page


def test_a_referral_without_a_chosen_team_is_held_by_the_deciding_team(
    client, front_door_worker, front_door_team, school_contact, siblings
):
    client.force_login(front_door_worker)
    client.post(
        url("contact_decide", school_contact),
        {
            "decision": "referral",
            "decision_reason": "Both children need an assessment.",
            "children": [str(siblings["ava"].pk), str(siblings["sam"].pk)],
            "team": str(front_door_team.pk),
        },
    )
    assert Case.objects.get().team == front_door_team
    assert Episode.objects.count() == 2


def test_an_nfa_decision_goes_back_to_the_contact(client, front_door_worker, school_contact):
    client.force_login(front_door_worker)
    response = client.post(
        url("contact_decide", school_contact), {"decision": "nfa", "decision_reason": "School has a plan."}
    )
    assert response.status_code == 302
    school_contact.refresh_from_db()
    assert school_contact.decision == "nfa" and school_contact.decision_reason == "School has a plan."
    assert not Episode.objects.exists()


def test_a_contact_decided_meanwhile_goes_back_to_its_page(
    client, front_door_worker, front_door_manager, school_contact
):
    decide(school_contact, front_door_manager)
    client.force_login(front_door_worker)
    response = client.post(url("contact_decide", school_contact), {"decision": "early_help", "decision_reason": "x"})
    assert response.status_code == 302
    assert "This contact was decided by Chris Evans" in body(client.get(response["Location"]))
    school_contact.refresh_from_db()
    assert school_contact.decision == "nfa"


def test_the_decision_page_shows_warnings_about_the_child_and_their_family(
    client, front_door_worker, school_contact, siblings
):
    mum = family_services.person_create(
        by=front_door_worker, data={"first_name": "Kerry", "last_name": "Smith", "sex": "F"}, confirm_not_duplicate=True
    )
    family_services.membership_add(
        by=front_door_worker,
        family=siblings["family"],
        person=mum,
        role="adult",
        is_subject=False,
        joined=datetime.date(2020, 1, 1),
    )
    family_services.warning_add(
        by=front_door_worker,
        person=mum,
        kind="violence",
        detail="Threatened a visitor.",
        from_date=timezone.localdate(),
    )
    family_services.warning_add(
        by=front_door_worker,
        person=siblings["sam"],
        kind="health_safety",
        detail="Severe nut allergy.",
        from_date=timezone.localdate(),
    )
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_decide", school_contact)))
    assert "Violence or aggression</strong>: about Kerry Smith, in the family" in page
    assert "Threatened a visitor." in page
    assert "Health and safety</strong>: about Sam" in page


def test_parts_other_features_register_show_generically(
    client, front_door_worker, school_contact, siblings, monkeypatch
):
    monkeypatch.setattr(selectors, "_history_parts", {})
    selectors.register_history_part(
        "current_plans", lambda ids: {siblings["ava"].id: ["Child in need plan since 1 March 2026"]}
    )
    client.force_login(front_door_worker)
    page = body(client.get(url("contact_decide", school_contact)))
    assert "Current plans" in page
    assert "Child in need plan since 1 March 2026" in page
    assert "None recorded." in page  # Sam has none


# --- Endorsing ------------------------------------------------------------------------------


def test_the_front_door_manager_endorses_when_the_authority_requires_it(
    client, front_door_manager, front_door_worker, school_contact, settings
):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    decide(school_contact, front_door_worker)
    client.force_login(front_door_manager)
    contact_page = body(client.get(url("contact_detail", school_contact)))
    assert url("contact_endorse", school_contact) in contact_page
    response = client.get(url("contact_endorse", school_contact))
    assert response.status_code == 200
    assert "Checked with school: no concerns." in body(response)
    response = client.post(url("contact_endorse", school_contact), {})
    assert response.status_code == 302
    school_contact.refresh_from_db()
    assert school_contact.endorsed_by == front_door_manager
    assert "Endorsed by Chris Evans" in body(client.get(url("contact_detail", school_contact)))


def test_endorsement_is_refused_when_not_required(client, front_door_manager, front_door_worker, school_contact):
    decide(school_contact, front_door_worker)
    client.force_login(front_door_manager)
    assert url("contact_endorse", school_contact) not in body(client.get(url("contact_detail", school_contact)))
    response = client.post(url("contact_endorse", school_contact), {})
    assert response.status_code == 400
    assert "govuk-error-summary" in body(response)
    assert "does not require decisions to be endorsed" in body(response)
    school_contact.refresh_from_db()
    assert school_contact.endorsed_at is None


@pytest.mark.parametrize("persona", ["front_door_worker", "manager", "performance_officer", "auditor"])
def test_only_the_front_door_manager_may_endorse(client, request, front_door_worker, school_contact, settings, persona):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    decide(school_contact, front_door_worker)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    expected = 404 if persona == "manager" else 403  # North never held these children
    assert client.get(url("contact_endorse", school_contact)).status_code == expected
    assert client.post(url("contact_endorse", school_contact), {}).status_code == expected
    school_contact.refresh_from_db()
    assert school_contact.endorsed_at is None


# --- Telling the referrer ----------------------------------------------------------------------


def test_recording_that_the_referrer_was_told(client, front_door_worker, school_contact):
    decide(school_contact, front_door_worker)
    client.force_login(front_door_worker)
    assert url("contact_referrer_informed", school_contact) in body(client.get(url("contact_detail", school_contact)))
    form = url("contact_referrer_informed", school_contact)
    response = client.get(form)
    assert response.status_code == 200
    assert 'name="informed_date-day"' in body(response)
    response = client.post(form, {"informed_date-day": "", "informed_time": "", "how": ""})
    assert response.status_code == 400
    assert "govuk-error-summary" in body(response)
    school_contact.refresh_from_db()
    assert school_contact.referrer_informed_at is None
    now = timezone.localtime()
    response = client.post(
        form,
        {
            "informed_date-day": now.day,
            "informed_date-month": now.month,
            "informed_date-year": now.year,
            "informed_time": "12am" if now.hour == 0 else now.strftime("%H:%M"),
            "how": "Telephone",
        },
    )
    assert response.status_code == 302
    school_contact.refresh_from_db()
    assert school_contact.referrer_informed_how == "Telephone"
    assert "Told on" in body(client.get(url("contact_detail", school_contact)))


def test_an_anonymous_referrer_cannot_be_told(client, front_door_worker, siblings):
    contact = record(front_door_worker, [siblings["ava"]], anonymous=True)
    decide(contact, front_door_worker)
    client.force_login(front_door_worker)
    assert url("contact_referrer_informed", contact) not in body(client.get(url("contact_detail", contact)))
    now = timezone.localtime() - datetime.timedelta(minutes=1)
    response = client.post(
        url("contact_referrer_informed", contact),
        {
            "informed_date-day": now.day,
            "informed_date-month": now.month,
            "informed_date-year": now.year,
            "informed_time": now.strftime("%H:%M"),
            "how": "other",
            "how_other": "Text message",
        },
    )
    assert response.status_code == 400
    assert "The referrer was anonymous" in body(response)


def test_a_worker_outside_the_front_door_cannot_record_the_referrer_told(
    client, allocated_worker, front_door_team, teenager
):
    contact = record(allocated_worker, [teenager])
    client.force_login(allocated_worker)
    assert client.get(url("contact_referrer_informed", contact)).status_code == 403


def test_the_front_door_keeps_write_while_another_contact_about_the_child_waits(
    client, front_door_worker, school_contact, siblings
):
    second = record(front_door_worker, [siblings["ava"]], concerns="Ava was seen alone in the park at 10pm.")
    decide(school_contact, front_door_worker)
    client.force_login(front_door_worker)
    edit_ava = reverse("families:person_edit", kwargs={"person_id": siblings["ava"].pk})
    edit_sam = reverse("families:person_edit", kwargs={"person_id": siblings["sam"].pk})
    assert client.get(edit_ava).status_code == 200  # the second contact about Ava is undecided
    assert client.get(edit_sam).status_code == 403  # read only once decided
    decide(second, front_door_worker)
    assert client.get(edit_ava).status_code == 403
    assert client.get(url("contact_detail", second)).status_code == 200  # read access stays


def test_the_outcome_shows_a_contact_linked_to_an_open_episode(client, front_door_worker, siblings, north):
    earlier = record(front_door_worker, [siblings["ava"]], received_at=timezone.now() - datetime.timedelta(days=30))
    decide(earlier, front_door_worker, decision="referral", reason="Assessment needed.", team=north)
    contact = record(front_door_worker, [siblings["ava"]])
    client.force_login(front_door_worker)
    response = client.post(
        url("contact_decide", contact),
        {
            "decision": "referral",
            "decision_reason": "New worry for the allocated worker.",
            "children": [str(siblings["ava"].pk)],
        },
    )
    assert response.status_code == 302
    assert Episode.objects.filter(child=siblings["ava"]).count() == 1
    page = body(client.get(url("contact_detail", contact)))
    assert "Ava Smith: linked to the open episode held by North (not a new referral)." in page
