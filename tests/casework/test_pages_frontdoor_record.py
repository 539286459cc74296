"""Recording a contact through the pages: when and from whom, which children (search before
create, inline: a known child is found and added, a new one created through the families flow
and brought back), the family, the concerns (autosaved), then check and save."""

from __future__ import annotations

import datetime
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.core.drafts import draft_get, draft_save
from casework.models import Contact
from families import services as family_services
from families.models import Person

pytestmark = pytest.mark.django_db

FORM_KEY, CONCERNS_KEY = "front_door_contact", "front_door_concerns"


def step(name: str, token) -> str:
    return reverse(f"casework:contact_new_{name}", kwargs={"token": token})


def body(response) -> str:
    return response.content.decode()


def details_form(**overrides) -> dict[str, str]:
    received = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "received_date-day": str(received.day),
        "received_date-month": str(received.month),
        "received_date-year": str(received.year),
        "received_time": received.strftime("%H:%M"),
        "source": "2A",
        "referrer_name": "Ms Patel",
        "referrer_agency": "Mill Lane Primary School",
        "referrer_contact": "01632 960 000",
    }
    data.update(overrides)
    return data


def concerns_form(**overrides) -> dict[str, str]:
    data = {
        "concerns": "Ava came to school hungry again and said there was no tea last night.",
        "parents_aware": "yes",
        "consent": "given",
        "consent_reason": "",
    }
    data.update(overrides)
    return data


def draft(user, token) -> dict:
    found = draft_get(user=user, form_key=FORM_KEY, record_key=str(token))
    return dict(found.data) if found else {}


def record_through_pages(client, children, *, family=None, **concerns) -> Contact:
    """Every step as a browser would send it; returns the contact saved."""
    token = uuid4()
    assert client.post(step("details", token), details_form()).status_code == 302
    for person in children:
        client.post(step("children", token), {"action": "add", "person": str(person.pk)})
    response = client.post(step("children", token), {"action": "continue"})
    if response["Location"].startswith(step("family", token)):
        client.post(step("family", token), {"family": str(family.pk) if family else "none"})
    assert client.post(step("concerns", token), concerns_form(**concerns)).status_code == 302
    response = client.post(step("check", token))
    assert response.status_code == 302, body(response)
    return Contact.objects.get(pk=response["Location"].split("/")[-3])


# --- Who may record --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["performance_officer", "auditor"])
def test_performance_officer_and_auditor_get_403_on_recording(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    token = uuid4()
    assert client.get(reverse("casework:contact_new")).status_code == 403
    for name in ("details", "children", "family", "concerns", "check"):
        assert client.get(step(name, token)).status_code == 403
        assert client.post(step(name, token), {}).status_code == 403
    assert not Contact.objects.exists()


def test_recording_starts_with_a_fresh_draft_of_its_own(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.get(reverse("casework:contact_new"))
    assert response.status_code == 302
    page = body(client.get(response["Location"]))
    assert "When the contact came in, and who made it" in page
    now = timezone.localtime()
    assert f'name="received_date-day" type="text" value="{now.day}"' in page or f'value="{now.day}"' in page
    assert 'name="received_time"' in page


# --- Step 1 ------------------------------------------------------------------------------


def test_details_invalid_post_shows_the_errors_and_keeps_nothing(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    response = client.post(
        step("details", token), details_form(source="", referrer_name="", referrer_agency="", received_time="25:99")
    )
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Choose who the contact came from" in page
    assert "Enter who made the contact, or say it is anonymous" in page
    assert "Time received must be a real time" in page
    assert draft(front_door_worker, token) == {}


def test_a_contact_received_in_the_future_is_refused(client, front_door_worker):
    client.force_login(front_door_worker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        step("details", uuid4()),
        details_form(**{"received_date-day": tomorrow.day, "received_date-month": tomorrow.month}),
    )
    assert response.status_code == 400


def test_an_anonymous_contact_keeps_no_name(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    response = client.post(
        step("details", token), details_form(anonymous="on", referrer_name="Someone", referrer_agency="")
    )
    assert response.status_code == 302
    assert response["Location"] == step("children", token)
    kept = draft(front_door_worker, token)
    assert kept["anonymous"] == "1" and kept["referrer_name"] == "" and kept["source"] == "2A"


# --- Step 2: search before create, inline -------------------------------------------------------


def test_searching_shows_who_knows_each_child_and_adds_one(client, front_door_worker, allocated_worker, teenager):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    page = body(client.get(step("children", token), {"search": "1", "q": "Jordan Reid"}))
    assert "1 person found" in page
    assert "North" in page  # known to
    assert "Your team does not have access" in page
    assert 'value="add"' in page
    response = client.post(
        step("children", token) + "?search=1&q=Jordan+Reid", {"action": "add", "person": str(teenager.pk)}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?search=1&q=Jordan+Reid")  # back to the same results
    assert draft(front_door_worker, token)["children"] == [str(teenager.pk)]
    page = body(client.get(response["Location"]))
    assert "Jordan Reid is added to the contact" in page
    assert f'data-added="{teenager.pk}"' in page
    assert ">Added<" in page


def test_an_empty_search_is_an_error(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    response = client.get(step("children", token), {"search": "1", "q": ""})
    assert response.status_code == 400
    assert "Enter a name or a date of birth to search" in body(response)


def test_a_restricted_record_outside_access_cannot_be_added(client, front_door_worker, allocated_worker, manager):
    hidden = family_services.person_create(
        by=allocated_worker,
        data={"first_name": "Noah", "last_name": "Fletcher", "date_of_birth": datetime.date(2015, 2, 2), "sex": "M"},
    )
    family_services.person_set_restriction(
        by=manager, person=hidden, restricted=True, restricted_to=[], expected_version=hidden.version
    )
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    page = body(client.get(step("children", token), {"search": "1", "q": "Noah Fletcher"}))
    assert "Restricted record, held by North" in page
    assert str(hidden.pk) not in page
    assert client.post(step("children", token), {"action": "add", "person": str(hidden.pk)}).status_code == 404
    assert "children" not in draft(front_door_worker, token)


def test_removing_a_child_and_continuing_without_one_is_an_error(client, front_door_worker, siblings):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(siblings["ava"].pk)})
    client.post(step("children", token), {"action": "remove", "person": str(siblings["ava"].pk)})
    assert draft(front_door_worker, token)["children"] == []
    response = client.post(step("children", token), {"action": "continue"})
    assert response.status_code == 400
    assert "Add at least one child: search for them first" in body(response)


def test_a_new_child_is_created_through_the_families_flow_and_comes_back_added(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form(referrer_name="Mr Hughes"))
    page = body(client.get(step("children", token), {"search": "1", "q": "Kez Newchild"}))
    assert "No one found" in page
    assert step("child_create", token) in page
    create = step("child_create", token)
    form = body(client.get(create, {"first_name": "Kez", "last_name": "Newchild"}))
    assert "Create a new person" in form and 'value="Kez"' in form
    response = client.post(create, {"first_name": "Kez", "last_name": "", "sex": "F", "previous_cp_plans_elsewhere": 0})
    assert response.status_code == 400  # the families form's own errors, nothing created
    assert not Person.objects.filter(first_name="Kez").exists()
    response = client.post(
        create,
        {
            "first_name": "Kez",
            "last_name": "Newchild",
            "date_of_birth-day": "3",
            "date_of_birth-month": "4",
            "date_of_birth-year": "2015",
            "sex": "F",
            "ethnicity": "",
            "previous_cp_plans_elsewhere": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step("children", token)
    kez = Person.objects.get(first_name="Kez")
    kept = draft(front_door_worker, token)
    assert kept["children"] == [str(kez.pk)]
    assert kept["referrer_name"] == "Mr Hughes"  # what was typed before the round trip is kept


def test_creating_a_child_needs_a_search_first(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    response = client.get(step("child_create", token))
    assert response.status_code == 302 and response["Location"] == step("children", token)


# --- Step 3 and 4 ----------------------------------------------------------------------------


def test_the_family_is_chosen_from_the_childrens_families(client, front_door_worker, siblings):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(siblings["ava"].pk)})
    response = client.post(step("children", token), {"action": "continue"})
    assert response["Location"] == step("family", token)
    page = body(client.get(step("family", token)))
    assert "Smith family" in page and "None of these" in page
    response = client.post(step("family", token), {})
    assert response.status_code == 400
    assert "Choose the family, or say it is none of these" in body(response)
    response = client.post(step("family", token), {"family": str(siblings["family"].pk)})
    assert response["Location"] == step("concerns", token)
    assert draft(front_door_worker, token)["family"] == str(siblings["family"].pk)


def test_a_child_without_a_family_skips_the_family_question(client, front_door_worker, teenager):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(teenager.pk)})
    response = client.post(step("children", token), {"action": "continue"})
    assert response["Location"] == step("concerns", token)


def test_the_concerns_autosave_and_need_a_consent_reason_unless_given(client, front_door_worker, siblings):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    page = body(client.get(step("concerns", token)))
    assert f'data-autosave="{CONCERNS_KEY}"' in page and f'data-autosave-record="{token}"' in page
    response = client.post(step("concerns", token), concerns_form(concerns=" ", consent="refused", parents_aware=""))
    assert response.status_code == 400
    page = body(response)
    assert "govuk-error-summary" in page
    assert "Record the concerns in the referrer&#39;s words" in page
    assert "Say why consent was refused or not sought" in page
    assert "Say whether the parents know about the contact" in page
    assert "concerns" not in draft(front_door_worker, token)


def test_text_typed_and_autosaved_is_restored(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    draft_save(
        user=front_door_worker,
        form_key=CONCERNS_KEY,
        record_key=str(token),
        data={"concerns": "Half-typed when the phone rang"},
    )
    page = body(client.get(step("concerns", token)))
    assert "We restored text you had not saved" in page
    assert "Half-typed when the phone rang" in page
    client.post(step("concerns", token), concerns_form())
    assert draft_get(user=front_door_worker, form_key=CONCERNS_KEY, record_key=str(token)) is None


# --- Check and save -------------------------------------------------------------------------


def test_check_and_save_puts_the_contact_in_the_front_door_queue(client, front_door_worker, front_door_team, siblings):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(siblings["ava"].pk)})
    client.post(step("children", token), {"action": "add", "person": str(siblings["sam"].pk)})
    client.post(step("family", token), {"family": str(siblings["family"].pk)})
    client.post(
        step("concerns", token), concerns_form(consent="not_sought", consent_reason="It could put Ava at risk.")
    )
    page = body(client.get(step("check", token)))
    assert "Check the contact before saving it" in page
    assert "Ava Smith" in page and "Sam Smith" in page and "Smith family" in page
    assert "It could put Ava at risk." in page
    assert "The contact will go to the <strong>Front Door</strong> team" in page
    assert step("concerns", token) + "?change=1" in page
    response = client.post(step("check", token))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert response["Location"] == reverse("casework:contact_recorded", kwargs={"contact_id": contact.pk})
    assert contact.team == front_door_team
    assert contact.family == siblings["family"]
    assert contact.consent == "not_sought" and contact.parents_aware is True
    assert sorted(c.first_name for c in contact.children.all()) == ["Ava", "Sam"]
    assert draft(front_door_worker, token) == {}
    page = body(client.get(response["Location"]))
    assert "Contact recorded" in page
    assert reverse("casework:contact_detail", kwargs={"contact_id": contact.pk}) in page
    assert reverse("casework:contact_decide", kwargs={"contact_id": contact.pk}) in page


def test_the_check_page_sends_an_unanswered_step_back_to_it(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    response = client.get(step("check", token))
    assert response["Location"] == step("children", token)


def test_a_service_refusal_on_saving_links_to_the_step_to_put_right(client, front_door_worker, siblings):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(siblings["ava"].pk)})
    client.post(step("family", token), {"family": "none"})
    client.post(step("concerns", token), concerns_form())
    kept = draft(front_door_worker, token)
    kept["consent"], kept["consent_reason"] = "refused", ""  # as if changed behind the form's back
    draft_save(user=front_door_worker, form_key=FORM_KEY, record_key=str(token), data=kept)
    response = client.post(step("check", token))
    assert response.status_code == 400
    page = body(response)
    assert "Say why consent was refused or not sought" in page
    assert step("concerns", token) + "?change=1" in page
    assert not Contact.objects.exists()


def test_a_changed_answer_goes_back_to_the_check_page(client, front_door_worker, teenager):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    client.post(step("children", token), {"action": "add", "person": str(teenager.pk)})
    client.post(step("concerns", token), concerns_form())
    response = client.post(step("details", token) + "?change=1", details_form(source="6"))
    assert response["Location"] == step("check", token)


def test_a_contact_recorded_by_a_north_worker_lands_in_the_default_front_door_queue(
    client, allocated_worker, front_door_worker, front_door_team, teenager
):
    client.force_login(allocated_worker)
    contact = record_through_pages(client, [teenager])
    assert contact.team == front_door_team
    assert contact.recorded_by == allocated_worker
    client.force_login(front_door_worker)
    assert str(contact.pk) in body(client.get(reverse("casework:frontdoor_queue")))


def test_the_recorder_is_told_where_it_went_even_when_they_cannot_open_it(
    client, other_team_worker, front_door_team, teenager
):
    client.force_login(other_team_worker)
    contact = record_through_pages(client, [teenager])  # Jordan is known to North, not South
    page = body(client.get(reverse("casework:contact_recorded", kwargs={"contact_id": contact.pk})))
    assert "Contact recorded" in page and "Front Door" in page
    assert reverse("casework:contact_detail", kwargs={"contact_id": contact.pk}) not in page
    assert client.get(reverse("casework:contact_detail", kwargs={"contact_id": contact.pk})).status_code == 404


def test_a_contact_started_is_listed_on_the_queue_and_can_be_discarded(client, front_door_worker):
    client.force_login(front_door_worker)
    token = uuid4()
    client.post(step("details", token), details_form())
    page = body(client.get(reverse("casework:frontdoor_queue")))
    assert "Contacts you started and have not saved" in page
    assert step("check", token) in page
    response = client.post(step("discard", token))
    assert response.status_code == 302
    assert draft(front_door_worker, token) == {}
    assert "The contact you started has been discarded" in body(client.get(response["Location"]))


def test_someone_elses_draft_is_never_shown(client, front_door_worker, front_door_manager):
    token = uuid4()
    client.force_login(front_door_worker)
    client.post(step("details", token), details_form(referrer_name="Secret Name"))
    client.force_login(front_door_manager)
    page = body(client.get(step("details", token)))
    assert "Secret Name" not in page
    response = client.get(step("check", token))
    assert response.status_code == 302 and response["Location"] == step("details", token)
