"""The front door's rules: consent, reasons, referrals opening episodes, links, access, endorsement."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework import selectors, services
from casework.core.models import RecordAccess
from casework.models import Case, Contact, Episode
from chronology.models import ChronologyEntry
from families.selectors import person_can_write, person_list_for_user
from tests.casework.conftest import contact_data

pytestmark = pytest.mark.django_db


def test_consent_reason_is_required_unless_consent_was_given(front_door_worker, front_door_team, siblings):
    with pytest.raises(ValidationError) as error:
        services.contact_record(
            by=front_door_worker, children=[siblings["ava"]], data=contact_data(consent="refused", consent_reason="")
        )
    assert "consent_reason" in error.value.message_dict
    assert not Contact.objects.exists()


def test_contact_gives_the_front_door_write_access(front_door_team, school_contact, siblings, front_door_worker):
    assert school_contact.team == front_door_team
    assert person_can_write(user=front_door_worker, person=siblings["ava"])
    entry = ChronologyEntry.objects.get(event_kind="contact_received")
    assert entry.summary == "Contact received about Ava Smith and Sam Smith from schools"


def test_contact_recorded_by_a_north_worker_lands_in_the_default_front_door_queue(
    allocated_worker, front_door_team, teenager
):
    contact = services.contact_record(by=allocated_worker, children=[teenager], data=contact_data())
    assert contact.team == front_door_team


def test_a_decision_without_a_reason_is_refused(front_door_worker, school_contact):
    with pytest.raises(ValidationError) as error:
        services.contact_decide(by=front_door_worker, contact=school_contact, decision="nfa", reason="  ")
    assert "decision_reason" in error.value.message_dict
    school_contact.refresh_from_db()
    assert school_contact.decision == ""


def test_referral_of_one_sibling_opens_one_episode_and_records_nfa_for_the_other(
    front_door_worker, school_contact, siblings, north
):
    services.contact_decide(
        by=front_door_worker,
        contact=school_contact,
        decision="referral",
        reason="Neglect concerns need assessment",
        team=north,
        children=[siblings["ava"]],
    )
    episode = Episode.objects.get()
    assert episode.child == siblings["ava"]
    assert episode.case.team == north and episode.case.family == siblings["family"]
    assert episode.referral_source == "2A"
    assert episode.referral_date == timezone.localtime(school_contact.received_at).date()
    outcomes = {link.child.first_name: link.outcome for link in school_contact.contact_children.all()}
    assert outcomes == {"Ava": "referral", "Sam": "nfa"}


def test_front_door_keeps_read_access_after_deciding(front_door_worker, school_contact, siblings, north):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    assert person_list_for_user(user=front_door_worker).filter(pk=siblings["ava"].pk).exists()
    assert not person_can_write(user=front_door_worker, person=siblings["ava"])
    with pytest.raises(PermissionDenied):
        services.contact_decide(by=front_door_worker, contact=school_contact, decision="nfa", reason="again")


def test_referral_uses_the_familys_open_case(front_door_worker, school_contact, siblings, north):
    services.contact_decide(
        by=front_door_worker,
        contact=school_contact,
        decision="referral",
        reason="Assess",
        team=north,
        children=[siblings["ava"]],
    )
    later = services.contact_record(
        by=front_door_worker,
        children=[siblings["sam"]],
        family=siblings["family"],
        data=contact_data(received_at=timezone.now()),
    )
    services.contact_decide(by=front_door_worker, contact=later, decision="referral", reason="Sam too")
    assert Case.objects.count() == 1
    assert Episode.objects.filter(case__team=north).count() == 2


def test_a_child_with_an_open_episode_is_linked_not_opened_again(front_door_worker, school_contact, siblings, north):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    repeat = services.contact_record(
        by=front_door_worker,
        children=[siblings["ava"]],
        family=siblings["family"],
        data=contact_data(received_at=timezone.now(), source="6"),
    )
    services.contact_decide(by=front_door_worker, contact=repeat, decision="referral", reason="Police concern")
    assert Episode.objects.filter(child=siblings["ava"]).count() == 1
    link = repeat.contact_children.get()
    assert link.linked_to_open_episode and link.episode.contact == school_contact
    assert ChronologyEntry.objects.filter(event_kind="contact_linked").count() == 1


def test_referral_without_a_family_records_one(front_door_worker, front_door_team, teenager, north):
    contact = services.contact_record(
        by=front_door_worker,
        children=[teenager],
        data=contact_data(anonymous=True, referrer_name="", referrer_agency="", source="9"),
    )
    assert contact.referrer_display == "Anonymous"
    services.contact_decide(by=front_door_worker, contact=contact, decision="referral", reason="Assess", team=north)
    contact.refresh_from_db()
    assert contact.family.name == "Reid family"
    assert contact.family.memberships.get().person == teenager


def test_previous_contacts_and_the_re_referral_flag(front_door_worker, school_contact, siblings, north):
    services.contact_decide(
        by=front_door_worker,
        contact=school_contact,
        decision="referral",
        reason="Assess",
        team=north,
        children=[siblings["ava"]],
    )
    episode = Episode.objects.get()
    Episode.objects.filter(pk=episode.pk).update(status="closed", closure_date=timezone.localdate())
    repeat = services.contact_record(
        by=front_door_worker, children=[siblings["ava"], siblings["sam"]], data=contact_data(received_at=timezone.now())
    )
    histories = selectors.child_histories(contact=repeat, children=[siblings["ava"], siblings["sam"]])
    ava, sam = histories
    assert [link.contact for link in ava.previous] == [school_contact]
    assert ava.previous[0].outcome == "referral"
    assert ava.would_be_rereferral is True and ava.previous_referral_date == episode.referral_date
    assert sam.previous[0].outcome == "nfa" and sam.would_be_rereferral is False


def test_re_referral_is_only_within_twelve_months_of_the_previous_referral(
    front_door_worker, school_contact, siblings, north
):
    services.contact_decide(
        by=front_door_worker,
        contact=school_contact,
        decision="referral",
        reason="Assess",
        team=north,
        children=[siblings["ava"]],
    )
    Episode.objects.update(status="closed", referral_date=timezone.localdate() - datetime.timedelta(days=400))
    repeat = services.contact_record(
        by=front_door_worker, children=[siblings["ava"]], data=contact_data(received_at=timezone.now())
    )
    (ava,) = selectors.child_histories(contact=repeat, children=[siblings["ava"]])
    assert ava.would_be_rereferral is False


def test_endorsement_only_when_required_and_only_by_the_front_door_manager(
    settings, front_door_worker, front_door_manager, manager, school_contact
):
    services.contact_decide(by=front_door_worker, contact=school_contact, decision="nfa", reason="No concerns")
    with pytest.raises(ValidationError):
        services.contact_endorse(by=front_door_manager, contact=school_contact)
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    second = services.contact_record(
        by=front_door_worker,
        children=list(school_contact.children.all()),
        data=contact_data(received_at=timezone.now()),
    )
    services.contact_decide(by=front_door_worker, contact=second, decision="advice_signposting", reason="Advice")
    with pytest.raises(PermissionDenied):
        services.contact_endorse(by=front_door_worker, contact=second)
    with pytest.raises(PermissionDenied):
        services.contact_endorse(by=manager, contact=second)
    services.contact_endorse(by=front_door_manager, contact=second)
    second.refresh_from_db()
    assert second.endorsed_by == front_door_manager


def test_only_the_front_door_team_decides(allocated_worker, performance_officer, school_contact):
    for user in (allocated_worker, performance_officer):
        with pytest.raises(PermissionDenied):
            services.contact_decide(by=user, contact=school_contact, decision="nfa", reason="x")


def test_referrer_informed(front_door_worker, school_contact):
    services.contact_decide(by=front_door_worker, contact=school_contact, decision="nfa", reason="No concerns")
    services.contact_referrer_informed(
        by=front_door_worker, contact=school_contact, informed_at=timezone.now(), how="Telephone call to Ms Patel"
    )
    school_contact.refresh_from_db()
    assert school_contact.referrer_informed_how == "Telephone call to Ms Patel"


def test_the_case_team_holds_the_children_after_a_referral(
    front_door_worker, school_contact, siblings, north, allocated_worker
):
    services.contact_decide(
        by=front_door_worker, contact=school_contact, decision="referral", reason="Assess", team=north
    )
    assert person_can_write(user=allocated_worker, person=siblings["ava"])
    assert RecordAccess.objects.current().filter(team=north, family=siblings["family"], level="write").exists()
