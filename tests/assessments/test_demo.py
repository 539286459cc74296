"""The demo's assessments (assessments.demo): one at every status on the demo families, one past its
agreed date with the reason recorded, made through the services (steps and chronology are real), and
shown where they belong to the demo's people. Seeding twice changes nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus, AssessmentStep
from assessments.selectors import assessment_is_overdue, assessment_sections
from casework.core.chronology import london_date
from casework.core.models import User
from chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def user(name: str) -> User:
    return User.objects.get(username=name)


def page_text(client, url: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", client.get(url).content.decode()).split()).replace("&#39;", "'")


def every_status_once(demo):
    assert Assessment.objects.count() == 5  # seeded twice: nothing added the second time
    statuses = {family: a.status for family, a in demo.items()}
    assert statuses == {
        "Okoro family": AssessmentStatus.AUTHORISED,
        "Walsh family": AssessmentStatus.SUBMITTED,
        "Harris-Kowalski family": AssessmentStatus.RETURNED,
        "Brennan family": AssessmentStatus.DRAFT,
        "Thompson family": AssessmentStatus.DRAFT,
    }


def authorised_with_factors_and_support(demo):
    okoro = demo["Okoro family"]
    (tobi,) = okoro.subjects.select_related("child", "episode")
    assert tobi.child.first_name == "Tobi"
    assert tobi.factors == ["4B", "16A"] and tobi.requires_support is True
    assert tobi.episode.primary_need == "N3"
    assert okoro.authorised_by.username == "manager" and okoro.snapshot
    kinds = list(okoro.steps.values_list("kind", flat=True))
    assert kinds == ["started", "submitted", "authorised"]
    analysis = next(s for s in assessment_sections(assessment=okoro, user=None) if s.key == "analysis")
    assert "Tobi is a child in need" in (analysis.value or okoro.analysis)


def steps_in_the_chronology_on_their_days(demo):
    okoro = demo["Okoro family"]
    authorised = okoro.steps.get(kind=AssessmentStep.Kind.AUTHORISED)
    entry = ChronologyEntry.objects.get(event_kind="assessment_authorised", people=okoro.subjects.get().child)
    assert entry.occurred_on == london_date(authorised.at)
    assert entry.occurred_on < london_date(okoro.created_at)  # dated as the work happened, not when seeded


def returned_with_the_managers_reason(demo):
    returned = demo["Harris-Kowalski family"]
    step = returned.steps.get(kind=AssessmentStep.Kind.RETURNED)
    assert step.by.username == "manager" and "nursery key worker" in step.reason
    assert returned.returned_reason == step.reason


def one_past_its_agreed_date_with_a_reason(demo):
    thompson = demo["Thompson family"]
    assert thompson.timeframe_agreed_by.username == "manager"
    assert assessment_is_overdue(thompson)
    assert thompson.delay_reason_category == "awaiting_information"
    assert "new school" in thompson.delay_reason
    others = [a for family, a in demo.items() if family != "Thompson family"]
    assert not any(assessment_is_overdue(a) for a in others)


def a_draft_with_a_proposed_time_frame(demo):
    brennan = demo["Brennan family"]
    assert brennan.due_date and brennan.timeframe_reason and brennan.timeframe_agreed_at is None
    assert sorted(brennan.subjects.values_list("child__first_name", flat=True)) == ["Cian", "Roisin"]


def found_where_they_belong(client, demo):
    manager, worker = user("manager"), user("worker")
    client.force_login(manager)
    north = manager.teams.get(name="North")
    team = page_text(client, reverse("casework:team_caseload", kwargs={"team_id": north.pk}))
    assert "Assessments awaiting authorisation" in team and "Mia Walsh" in team
    assert "Waiting for information from others: The family moved to Southby" in team
    client.force_login(worker)
    mine = page_text(client, reverse("casework:my_work"))
    assert "My assessments" in mine
    assert mine.index("Returned to you") < mine.index("Cian Brennan, Roisin Brennan")
    tobi = demo["Okoro family"].subjects.get().child
    glance = page_text(client, reverse("families:person_detail", kwargs={"person_id": tobi.pk}))
    assert "Framework Understanding Families" in glance and "Status Authorised on" in glance


def test_the_demo_seeds_assessments_at_every_status_and_one_past_its_date_with_a_reason(client):
    from casework.core.demo import seed_demo

    seed_demo()
    seed_demo()  # idempotent: nothing is added the second time
    demo = {a.case.family.name: a for a in Assessment.objects.select_related("case__family", "template")}
    every_status_once(demo)
    authorised_with_factors_and_support(demo)
    steps_in_the_chronology_on_their_days(demo)
    returned_with_the_managers_reason(demo)
    one_past_its_agreed_date_with_a_reason(demo)
    a_draft_with_a_proposed_time_frame(demo)
    found_where_they_belong(client, demo)
