"""The demo's cases: open and closed cases, a transfer in progress, a closure awaiting a manager,
siblings whose episodes diverge, a decision record; seeding twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from casework.models import Case, DecisionRecord, Episode

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_every_state_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    assert Case.objects.filter(status="open", allocated_worker__username="worker").exists()
    assert Case.objects.filter(status="open", allocated_worker__username="colleague").exists()
    assert Case.objects.filter(status="closed").exists()
    assert Case.objects.filter(pending_transfer_to__name="South", team__name="North").exists()
    assert Episode.objects.filter(status="closure_requested", closure_requested_by__username="worker").exists()
    okoro = Case.objects.get(family__name="Okoro family")
    statuses = dict(okoro.episodes.values_list("child__first_name", "status"))
    assert statuses == {"Tobi": "open", "Ada": "closed"}
    ada = okoro.episodes.get(child__first_name="Ada")
    assert ada.closure_reason == "RC8" and "The child's view" in ada.closure_summary
    assert DecisionRecord.objects.filter(case=okoro, agreed_by__username="manager").exists()
    counts = (Case.objects.count(), Episode.objects.count(), DecisionRecord.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Case.objects.count(), Episode.objects.count(), DecisionRecord.objects.count()) == counts
