"""Journey: a front-door worker records an anonymous contact about a 14-year-old the service
already knows, sees the earlier contact on the decision page, and refers him with a reason; the
front-door manager endorses the decision; the new case and the child's episode are there to open.
Every page visited passes axe."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from casework import services
from casework.models import Episode
from families import services as family_services
from tests.browser.conftest import axe_check, sign_in
from tests.casework.conftest import contact_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jordan(front_door_worker, front_door_team, allocated_worker):
    """Jordan, 14, known to North, with a contact five months ago decided as advice."""
    today = timezone.localdate()
    teenager = family_services.person_create(
        by=allocated_worker,
        data={
            "first_name": "Jordan",
            "last_name": "Reid",
            "sex": "M",
            "date_of_birth": datetime.date(today.year - 14, 3, 10),
        },
    )
    earlier = services.contact_record(
        by=front_door_worker,
        children=[teenager],
        data=contact_data(
            received_at=timezone.now() - datetime.timedelta(days=150),
            concerns="Jordan has been leaving school at lunchtime with older boys.",
        ),
    )
    services.contact_decide(
        by=front_door_worker,
        contact=earlier,
        decision="advice_signposting",
        reason="The school's pastoral lead is working with his dad; advice given on exploitation.",
    )
    return teenager


def test_front_door_records_decides_and_the_manager_endorses(
    page, settings, front_door_worker, front_door_manager, north, jordan
):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True

    # Given a front-door worker at the front-door queue
    sign_in(page, front_door_worker)
    page.get_by_role("link", name="Front door", exact=True).click()
    page.wait_for_url("**/front-door/")
    axe_check(page, name="front-door queue")

    # When she records an anonymous contact: when and from whom
    page.get_by_role("button", name="Record a contact").click()
    page.wait_for_url(re.compile(r".*/front-door/contacts/new/[0-9a-f-]{36}/$"))
    assert page.input_value("#received_date-year") == str(timezone.localdate().year)
    axe_check(page, name="record a contact: when and from whom")
    page.select_option("#source", "1B")
    page.get_by_label("The referrer did not give their name (anonymous)").check()
    page.get_by_role("button", name="Continue").click()

    # And finds the 14-year-old the service already knows, and adds him
    page.wait_for_url("**/children/")
    axe_check(page, name="which children")
    page.fill("#q", "Jordan Reid")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("1 person found").wait_for()
    assert "North" in page.inner_text("#child-results")
    axe_check(page, name="search results")
    page.get_by_role("button", name="Add Jordan Reid").click()
    page.get_by_text("Jordan Reid is added to the contact").wait_for()
    axe_check(page, name="child added")
    page.get_by_role("button", name="Continue").first.click()

    # And records the concerns in the caller's words, the parents and consent
    page.wait_for_url("**/concerns/")
    axe_check(page, name="the concerns")
    page.fill("#concerns", "A neighbour saw Jordan get into a car with two older men at 1am. He looked scared.")
    page.get_by_label("Not known", exact=True).check()
    page.get_by_label("Not sought", exact=True).check()
    page.fill("#consent_reason", "An anonymous caller: the family do not know yet.")
    page.get_by_role("button", name="Continue").click()

    # Then she checks it and saves it into the Front Door queue
    page.wait_for_url("**/check/")
    assert "Anonymous" in page.inner_text("main")
    assert "The contact will go to the Front Door team" in page.inner_text("main")
    axe_check(page, name="check the contact")
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_url("**/recorded/")
    assert "Contact recorded" in page.inner_text("main")
    axe_check(page, name="contact recorded")

    # When she decides it, the earlier contact is in front of her before the form
    page.get_by_role("link", name="Decide it now").click()
    page.wait_for_url("**/decide/")
    main = page.inner_text("main")
    assert "A neighbour saw Jordan get into a car" in main
    assert "Contacts and referrals in the last 12 months (1)" in main
    assert "Advice and signposting" in main
    assert "Jordan has not been referred before." in main
    assert main.index("Advice and signposting") < main.index("What is your decision?")
    axe_check(page, name="decide")
    assert not page.is_checked("input[name=decision][value=referral]")

    # And she refers him, to North, with a reason
    page.get_by_label("Referral to children's social care").check()
    page.select_option("#team", label="North")
    page.fill("#decision_reason", "A 14-year-old at risk of exploitation, a second contact in five months.")
    axe_check(page, name="decide, referral chosen")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(r".*/front-door/contacts/[0-9a-f-]{36}/$"))
    main = page.inner_text("main")
    assert "Decision recorded: referral to children's social care" in main
    assert "Waiting for a manager of Front Door" in main
    axe_check(page, name="the decided contact")
    contact_url = page.url

    # When the front-door manager signs in, the decision waits for her endorsement
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, front_door_manager)
    page.get_by_role("link", name="Front door", exact=True).click()
    page.wait_for_url("**/front-door/")
    assert "Awaiting your endorsement (1)" in page.inner_text("main")
    axe_check(page, name="queue, manager")
    page.get_by_role("link", name=re.compile("^Endorse")).click()
    page.wait_for_url("**/endorse/")
    assert "A 14-year-old at risk of exploitation" in page.inner_text("main")
    axe_check(page, name="endorse")
    page.get_by_role("button", name="Endorse the decision").click()
    page.wait_for_url(contact_url)
    main = page.inner_text("main")
    assert "You endorsed the decision" in main
    assert "Endorsed by Chris Evans" in main
    assert "episode opened in the case held by North" in main
    axe_check(page, name="endorsed contact")

    # Then the new case and Jordan's episode are there to open
    episode = Episode.objects.get(child=jordan)
    assert episode.case.team == north
    page.get_by_role("link", name="View Jordan's episode").click()
    page.wait_for_url(f"**/episodes/{episode.pk}/")
    assert "Jordan Reid" in page.inner_text("main")
    axe_check(page, name="Jordan's episode")
    page.goto(contact_url)
    page.get_by_role("link", name="View the case for Jordan Reid").click()
    page.wait_for_url(f"**/cases/{episode.case_id}/")
    assert "Jordan Reid" in page.inner_text("main")
    axe_check(page, name="the case")
