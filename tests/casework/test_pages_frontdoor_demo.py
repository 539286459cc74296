"""The demo front door: a realistic queue for the Front Door team, some contacts decided."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.core.models import User
from casework.models import Contact, Episode

pytestmark = pytest.mark.django_db


def test_the_demo_front_door_has_a_realistic_queue_and_is_idempotent(client, settings):
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True
    call_command("seed_demo", stdout=io.StringIO())
    ours = Contact.objects.filter(team__name="Front Door", recorded_by__username="frontdoor")
    waiting = ours.filter(decision="")
    assert waiting.filter(anonymous=True).exists()
    assert {"1B", "2A", "6", "3B", "3E"} <= set(waiting.values_list("source", flat=True))
    yusuf = Contact.objects.filter(children__first_name="Yusuf", children__last_name="Ahmed")
    assert yusuf.filter(decision="").exists() and yusuf.exclude(decision="").count() >= 2
    assert {"referral", "nfa", "early_help"} <= set(ours.exclude(decision="").values_list("decision", flat=True))
    brown = Episode.objects.filter(child__last_name="Brown", contact__in=ours)
    assert brown.count() == 2 and {e.case.team.name for e in brown} == {"North"}
    assert ours.filter(endorsed_at__isnull=False).exists()
    assert ours.filter(endorsement_required=True, endorsed_at__isnull=True).exists()  # for the manager

    client.force_login(User.objects.get(username="frontdoor"))
    page = client.get(reverse("casework:frontdoor_queue")).content.decode()
    assert f"Awaiting a decision ({waiting.count()})" in page
    client.force_login(User.objects.get(username="frontdoor.manager"))
    assert "Awaiting your endorsement" in client.get(reverse("casework:frontdoor_queue")).content.decode()

    count = Contact.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Contact.objects.count() == count
