"""The child protection demo: the Brennan family's journey and the visits due it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import Plan, PlanKind, PlanStatus
from casework.selectors_visits_due import visit_due_for_child

pytestmark = pytest.mark.django_db


def test_the_demo_journey_is_complete_and_idempotent(client):
    from casework.core.demo import seed_demo
    from chronology.models import ChronologyEntry

    seed_demo()
    seed_demo()
    plans = {p.child.first_name: p for p in Plan.objects.filter(kind=PlanKind.CP).select_related("child")}
    assert set(plans) == {"Niamh", "Cian", "Roisin"}
    lena, kuba, zofia = plans["Niamh"], plans["Cian"], plans["Roisin"]
    assert lena.status == PlanStatus.ENDED and lena.core_groups.count() == 3
    assert kuba.status == zofia.status == PlanStatus.AUTHORISED
    assert not visit_due_for_child(child_id=kuba.child_id).past
    late = visit_due_for_child(child_id=zofia.child_id)
    assert late.past and late.attempt_count == 3
    summaries = " ".join(ChronologyEntry.objects.filter(people=lena.child).values_list("summary", flat=True)).lower()
    for step in ("strategy", "conference", "core group", "plan"):
        assert step in summaries, step
    from casework.core.models import User

    client.force_login(User.objects.get(username="worker"))
    text = client.get(reverse("casework:my_work")).content.decode()
    assert "Roisin Brennan" in text and "Cian Brennan" in text and "Visit due since" in text
