"""The assessment's workflow: starting, writing with optimistic locking, the factors rule,
submission freezing the pre-filled record, return with a reason, authorisation by a manager who
is not the author, the steps in the chronology, the time frame's history, the national measure,
Section 47 read from the record, and open assessments keeping the episode open."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from assessments import selectors, services
from assessments.models import (
    Assessment,
    AssessmentChild,
    AssessmentStatus,
    AssessmentStep,
    TimeframeRevision,
)
from casework.core.errors import DomainError
from casework.core.open_work import open_work_for
from casework.core.versioning import StaleVersion
from casework.core.working_days import add_working_days, working_days_between
from casework.models import Episode, EpisodeStatus
from casework.registries import episodes_with_assessment
from chronology.models import ChronologyEntry
from families import services as family_services
from families.models import FamilyMembership, Person
from tests.casework.api_support import *  # noqa: F403
from tests.factories.assessments import *  # noqa: F403
from tests.factories.assessments import authorised, due_in, publish_new_version, start, submitted, written

pytestmark = pytest.mark.django_db


def fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def section(assessment: Assessment, key: str, user) -> selectors.SectionView:
    return next(s for s in selectors.assessment_sections(assessment=fresh(assessment), user=user) if s.key == key)


# --- Starting --------------------------------------------------------------------------------------


def test_a_worker_starts_an_assessment_for_a_child_with_an_open_episode(allocated_worker, case, siblings, template):
    assessment = start(allocated_worker, case, [siblings["ava"], siblings["sam"]], due_date=due_in(30))
    assert assessment.status == AssessmentStatus.DRAFT and assessment.template == template
    rows = list(AssessmentChild.objects.filter(assessment=assessment))
    assert [r.child for r in rows] == [siblings["ava"], siblings["sam"]]
    assert all(r.episode.case == case for r in rows)
    assert list(assessment.steps.values_list("kind", flat=True)) == ["started"]
    revision = assessment.timeframe_history.get()
    assert revision.kind == TimeframeRevision.Kind.PROPOSED and revision.due_date == due_in(30)
    entry = ChronologyEntry.objects.get(event_kind="assessment_started")
    assert set(entry.people.all()) == {siblings["ava"], siblings["sam"]} and entry.family == case.family
    assert entry.recorded_by == allocated_worker and allocated_worker.get_full_name() in entry.summary
    # The episode now counts as one in which an assessment started (not "referral, no further action").
    assert episodes_with_assessment([Episode.objects.get(child=siblings["ava"])])


def test_a_child_has_one_open_assessment_at_most(assessment, allocated_worker, case, siblings):
    with pytest.raises(DomainError, match="Ava Smith already has an open assessment"):
        start(allocated_worker, case, [siblings["ava"], siblings["sam"]])
    assert Assessment.objects.count() == 1


def test_a_child_without_an_open_episode_in_the_case_cannot_be_assessed(
    allocated_worker, case, siblings, teenager, template
):
    with pytest.raises(ValidationError) as error:
        start(allocated_worker, case, [teenager])
    assert "no open episode in this case" in error.value.message_dict["children"][0]
    assert not Assessment.objects.exists()


def test_a_proposed_time_frame_needs_its_reason(allocated_worker, case, siblings, template):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(user=allocated_worker, case=case, children=[siblings["ava"]], due_date=due_in(20))
    assert set(error.value.message_dict) == {"timeframe_reason"}


@pytest.mark.parametrize("persona", ["front_door_worker", "performance_officer", "auditor", "other_team_worker"])
def test_only_the_team_holding_the_case_starts_one(persona, request, case, siblings, template):
    with pytest.raises(PermissionDenied):
        start(request.getfixturevalue(persona), case, [siblings["ava"]])
    assert not Assessment.objects.exists()


def test_an_assessment_keeps_its_template_version_after_a_new_one_is_published(
    assessment, allocated_worker, case, siblings
):
    first_version = assessment.template.version
    newer = publish_new_version()
    assert newer.version == first_version + 1
    assert fresh(assessment).template.version == first_version
    assert [s.key for s in selectors.assessment_sections(assessment=fresh(assessment), user=allocated_worker)] == [
        s["key"] for s in assessment.template.sections
    ]
    later = start(allocated_worker, case, [siblings["sam"]])
    assert later.template == newer and "extra-notes" in [s["key"] for s in later.template.sections]


# --- Writing ---------------------------------------------------------------------------------------


def test_sections_are_merged_by_key_and_analysis_is_its_own_field(assessment, allocated_worker):
    services.assessment_update(
        user=allocated_worker, assessment=assessment, expected_version=1, sections={"child-profile": "Ava loves art."}
    )
    services.assessment_update(
        user=allocated_worker,
        assessment=fresh(assessment),
        expected_version=2,
        sections={"family-views": "Mum wants help with money.", "analysis": "Food insecurity."},
    )
    saved = fresh(assessment)
    assert saved.sections == {"child-profile": "Ava loves art.", "family-views": "Mum wants help with money."}
    assert saved.analysis == "Food insecurity." and saved.version == 3
    assert section(saved, "analysis", allocated_worker).value == "Food insecurity."


def test_a_stale_save_is_refused_and_nothing_is_written(assessment, allocated_worker, colleague):
    services.assessment_update(
        user=colleague, assessment=fresh(assessment), expected_version=1, sections={"child-profile": "Colleague's"}
    )
    with pytest.raises(StaleVersion):
        services.assessment_update(
            user=allocated_worker,
            assessment=assessment,
            expected_version=1,
            sections={"child-profile": "Mine"},
            analysis="Mine",
            child_outcomes=[{"child": str(assessment.subjects.get().child_id), "factors": ["16A"]}],
        )
    saved = fresh(assessment)
    assert saved.sections == {"child-profile": "Colleague's"} and saved.analysis == "" and saved.version == 2
    assert saved.subjects.get().factors == []


def test_pre_filled_and_unknown_sections_are_not_written(assessment, allocated_worker):
    with pytest.raises(ValidationError) as error:
        services.assessment_update(
            user=allocated_worker,
            assessment=assessment,
            expected_version=1,
            sections={"household": "typed", "nonsense": "x"},
        )
    messages = " ".join(error.value.message_dict["sections"])
    assert "filled from the record" in messages and "'nonsense' is not a section" in messages
    assert fresh(assessment).version == 1


@pytest.mark.parametrize(
    ("factors", "message"),
    [
        (["21", "16A"], "No factors identified\u201d (21) is used alone"),
        (["99Z"], "99Z is not a CIN assessment factor code"),
        ("16A", "send the factors as a list"),
    ],
)
def test_factor_codes_are_checked(assessment, allocated_worker, factors, message):
    child = assessment.subjects.get().child_id
    with pytest.raises(ValidationError) as error:
        services.assessment_update(
            user=allocated_worker,
            assessment=assessment,
            expected_version=1,
            child_outcomes=[{"child": str(child), "factors": factors, "requires_support": True}],
        )
    assert message in " ".join(error.value.message_dict["child_outcomes"])
    assert fresh(assessment).subjects.get().factors == []


def test_factors_and_support_are_kept_per_child(assessment, allocated_worker):
    child = assessment.subjects.get().child_id
    services.assessment_update(
        user=allocated_worker,
        assessment=assessment,
        expected_version=1,
        child_outcomes=[{"child": str(child), "factors": ["21"], "requires_support": False}],
    )
    row = fresh(assessment).subjects.get()
    assert row.factors == ["21"] and row.requires_support is False


# --- Submission, return, authorisation -------------------------------------------------------------


def test_submit_needs_the_analysis_and_each_childs_outcome(assessment, allocated_worker):
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(user=allocated_worker, assessment=assessment, expected_version=1)
    errors = error.value.message_dict
    assert errors["analysis"] == ["Write the analysis before submitting"]
    assert "Ava Smith: say whether the child needs support" in errors["child_outcomes"]
    assert "sections.reason-for-work" in errors  # a section the template marks required
    assert fresh(assessment).status == AssessmentStatus.DRAFT


def test_pre_fill_is_live_in_draft_and_frozen_once_submitted(assessment, allocated_worker, manager, siblings):
    ava = siblings["ava"]
    family = assessment.case.family
    assert section(assessment, "family-membership", allocated_worker).value[0]["name"] == "Ava Smith"
    Person.objects.filter(pk=ava.pk).update(first_name="Eva")
    assert section(assessment, "family-membership", allocated_worker).value[0]["name"] == "Eva Smith"  # live

    submitted(assessment, allocated_worker)
    frozen = fresh(assessment)
    assert frozen.snapshot and frozen.snapshot_at is not None
    # The family changes afterwards: a rename and a new household member.
    Person.objects.filter(pk=ava.pk).update(first_name="Ada")
    uncle = Person.objects.create(first_name="Ray", last_name="Jones", date_of_birth=datetime.date(1980, 1, 1))
    FamilyMembership.objects.create(family=family, person=uncle, role="adult", joined=timezone.localdate())
    assert section(frozen, "family-membership", allocated_worker).value[0]["name"] == "Eva Smith"
    household_names = [row["name"] for row in section(frozen, "household", allocated_worker).value]
    assert "Ray Jones" not in household_names

    authorised_one = services.assessment_authorise(user=manager, assessment=frozen, expected_version=frozen.version)
    Person.objects.filter(pk=ava.pk).update(first_name="Zoe")
    assert section(authorised_one, "family-membership", manager).value[0]["name"] == "Eva Smith"
    assert "Ray Jones" not in [row["name"] for row in section(authorised_one, "household", manager).value]
    assert fresh(authorised_one).snapshot == frozen.snapshot


def test_return_needs_a_reason_then_the_record_is_live_again(assessment, allocated_worker, manager, siblings):
    submitted(assessment, allocated_worker)
    one = fresh(assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_return(user=manager, assessment=one, expected_version=one.version, reason="  ")
    assert "reason" in error.value.message_dict
    assert fresh(assessment).status == AssessmentStatus.SUBMITTED

    services.assessment_return(user=manager, assessment=one, expected_version=one.version, reason="Add Sam's dad.")
    returned = fresh(assessment)
    assert returned.status == AssessmentStatus.RETURNED and returned.returned_reason == "Add Sam's dad."
    assert returned.snapshot == {} and returned.snapshot_at is None
    assert returned.steps.last().reason == "Add Sam's dad."
    Person.objects.filter(pk=siblings["ava"].pk).update(first_name="Eva")
    assert section(returned, "family-membership", allocated_worker).value[0]["name"] == "Eva Smith"
    # Amended and submitted again.
    services.assessment_update(
        user=allocated_worker, assessment=returned, expected_version=returned.version, analysis="Amended."
    )
    again = services.assessment_submit(
        user=allocated_worker, assessment=fresh(assessment), expected_version=fresh(assessment).version
    )
    assert again.status == AssessmentStatus.SUBMITTED


def test_the_author_cannot_authorise(manager, case, siblings, template):
    assessment = start(manager, case, [siblings["ava"]])
    submitted(assessment, manager)
    one = fresh(assessment)
    with pytest.raises(PermissionDenied, match="another manager"):
        services.assessment_authorise(user=manager, assessment=one, expected_version=one.version)
    assert not selectors.assessment_may_authorise(user=manager, assessment=one)
    assert fresh(assessment).status == AssessmentStatus.SUBMITTED


def test_whoever_submitted_cannot_authorise(assessment, allocated_worker, manager, north):
    from tests.factories import UserFactory

    second_manager = UserFactory(role="team_manager", teams=[north])
    written(assessment, allocated_worker)
    one = fresh(assessment)
    services.assessment_submit(user=manager, assessment=one, expected_version=one.version)
    one = fresh(assessment)
    with pytest.raises(PermissionDenied, match="submitted"):
        services.assessment_authorise(user=manager, assessment=one, expected_version=one.version)
    services.assessment_authorise(user=second_manager, assessment=one, expected_version=one.version)
    assert fresh(assessment).authorised_by == second_manager


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "other_team_manager", "front_door_manager"])
def test_only_a_manager_of_the_team_authorises(persona, request, assessment, allocated_worker):
    submitted(assessment, allocated_worker)
    one = fresh(assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_authorise(
            user=request.getfixturevalue(persona), assessment=one, expected_version=one.version
        )
    assert fresh(assessment).status == AssessmentStatus.SUBMITTED


def test_authorised_is_read_only(assessment, allocated_worker, manager):
    authorised(assessment, allocated_worker, manager)
    one = fresh(assessment)
    assert one.authorised_by == manager and one.authorised_at is not None
    with pytest.raises(DomainError, match="authorised and is read-only"):
        services.assessment_update(user=allocated_worker, assessment=one, expected_version=one.version, analysis="x")
    with pytest.raises(DomainError):
        services.assessment_return(user=manager, assessment=one, expected_version=one.version, reason="x")
    assert not selectors.assessment_may_edit(user=allocated_worker, assessment=one)
    assert fresh(assessment).version == one.version


def test_authorising_confirms_the_primary_need_on_the_episode(assessment, allocated_worker, manager, siblings):
    authorised(assessment, allocated_worker, manager, primary_needs={str(siblings["ava"].pk): "N3"})
    episode = Episode.objects.get(child=siblings["ava"])
    assert episode.primary_need == "N3"
    assert ChronologyEntry.objects.filter(event_kind="primary_need", person=siblings["ava"]).exists()


def test_a_wrong_primary_need_refuses_the_authorisation(assessment, allocated_worker, manager, siblings):
    submitted(assessment, allocated_worker)
    one = fresh(assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_authorise(
            user=manager, assessment=one, expected_version=one.version, primary_needs={str(siblings["ava"].pk): "X1"}
        )
    assert "primary_needs" in error.value.message_dict
    assert fresh(assessment).status == AssessmentStatus.SUBMITTED


def test_each_step_is_in_the_chronology_with_who_and_when(assessment, allocated_worker, manager, siblings):
    submitted(assessment, allocated_worker)
    one = fresh(assessment)
    services.assessment_return(user=manager, assessment=one, expected_version=one.version, reason="More on Sam.")
    two = fresh(assessment)
    services.assessment_submit(user=allocated_worker, assessment=two, expected_version=two.version)
    three = fresh(assessment)
    services.assessment_authorise(user=manager, assessment=three, expected_version=three.version)
    kinds = list(AssessmentStep.objects.filter(assessment=assessment).values_list("kind", flat=True))
    assert kinds == ["started", "submitted", "returned", "submitted", "authorised"]
    entries = ChronologyEntry.objects.filter(category="assessment").order_by("occurred_at", "created_at")
    assert [e.event_kind for e in entries] == [f"assessment_{k}" for k in kinds]
    for entry, step in zip(entries, AssessmentStep.objects.filter(assessment=assessment), strict=True):
        assert list(entry.people.all()) == [siblings["ava"]] and entry.family == assessment.case.family
        assert entry.recorded_by == step.by and entry.occurred_at == step.at
    assert entries.get(event_kind="assessment_returned").detail == "More on Sam."


# --- Time frame ------------------------------------------------------------------------------------


def test_time_frame_proposed_agreed_revised_with_history(allocated_worker, manager, case, siblings, template):
    assessment = start(allocated_worker, case, [siblings["ava"]], due_date=due_in(20), timeframe_reason="Four weeks")
    with pytest.raises(PermissionDenied):
        services.assessment_agree_timeframe(user=allocated_worker, assessment=assessment, expected_version=1)
    services.assessment_agree_timeframe(user=manager, assessment=fresh(assessment), expected_version=1)
    agreed = fresh(assessment)
    assert agreed.timeframe_agreed_by == manager and agreed.timeframe_agreed_at is not None
    entry = ChronologyEntry.objects.get(event_kind="assessment_timeframe_agreed")
    assert entry.curation.significance == "routine" and list(entry.people.all()) == [siblings["ava"]]

    with pytest.raises(ValidationError) as error:
        services.assessment_propose_timeframe(
            user=allocated_worker, assessment=agreed, expected_version=2, due_date=due_in(40), reason=""
        )
    assert "reason" in error.value.message_dict
    services.assessment_propose_timeframe(
        user=allocated_worker, assessment=fresh(assessment), expected_version=2, due_date=due_in(40), reason="Dad away"
    )
    revised = fresh(assessment)
    assert revised.due_date == due_in(40) and revised.timeframe_reason == "Dad away"
    assert revised.timeframe_agreed_by is None and revised.timeframe_agreed_at is None
    history = list(revised.timeframe_history.values_list("kind", "due_date", "reason"))
    assert history == [
        ("proposed", due_in(20), "Four weeks"),
        ("agreed", due_in(20), "Four weeks"),
        ("revised", due_in(40), "Dad away"),
    ]


def test_the_author_manager_cannot_agree_their_own_time_frame(manager, case, siblings, template):
    assessment = start(manager, case, [siblings["ava"]], due_date=due_in(20))
    with pytest.raises(PermissionDenied, match="another manager"):
        services.assessment_agree_timeframe(user=manager, assessment=assessment, expected_version=1)
    assert fresh(assessment).timeframe_agreed_at is None


def test_overdue_and_the_reason_for_delay(allocated_worker, case, siblings, template):
    start_date = timezone.localdate() - datetime.timedelta(days=40)
    assessment = start(
        allocated_worker,
        case,
        [siblings["ava"]],
        start_date=start_date,
        due_date=start_date + datetime.timedelta(days=30),
    )
    assert selectors.assessment_is_overdue(assessment)
    assert not selectors.assessment_is_overdue(assessment, today=start_date + datetime.timedelta(days=30))
    services.assessment_update(
        user=allocated_worker,
        assessment=assessment,
        expected_version=1,
        delay_reason_category="family_unavailable",
        delay_reason="The family were away for two weeks.",
    )
    saved = fresh(assessment)
    assert saved.delay_reason_category == "family_unavailable" and saved.get_delay_reason_category_display()
    with pytest.raises(ValidationError) as error:
        services.assessment_update(
            user=allocated_worker, assessment=saved, expected_version=2, delay_reason_category="busy"
        )
    assert "delay_reason_category" in error.value.message_dict


# --- Measures and the record -----------------------------------------------------------------------


def test_national_measure_is_45_working_days_from_the_referral(assessment, allocated_worker):
    referral_date = assessment.subjects.get().episode.referral_date
    today = referral_date + datetime.timedelta(days=10)
    measure = selectors.assessment_national_measure(fresh(assessment), today=today)
    assert measure.referral_date == referral_date
    assert measure.national_due_date == add_working_days(referral_date, 45)
    assert measure.working_days_since_referral == working_days_between(referral_date, today)
    # Once submitted, the count stops at the submission.
    submitted(assessment, allocated_worker)
    later = selectors.assessment_national_measure(fresh(assessment), today=today + datetime.timedelta(days=60))
    submitted_on = timezone.localdate(fresh(assessment).submitted_at)
    assert later.working_days_since_referral == max(working_days_between(referral_date, submitted_on), 0)


def test_section_47_is_read_from_the_record(assessment, allocated_worker, manager, case, siblings):
    from tests.factories.strategy import discussion

    assert selectors.assessment_s47(assessment) is None
    assert section(assessment, "child-protection", allocated_worker).value is None
    date = timezone.localdate() - datetime.timedelta(days=2)
    discussion(manager, case, [siblings["ava"]], date=date)
    found = selectors.assessment_s47(fresh(assessment))
    assert found["under_way"] is True and found["start_date"] == date
    assert found["icpc_target_date"] == add_working_days(date, 15)
    assert found["conference_within_15_working_days"] is None
    shown = section(assessment, "child-protection", allocated_worker).value
    assert shown["under_way"] is True and shown["start_date"] == date.isoformat()


# --- Open work, lists ------------------------------------------------------------------------------


def test_an_open_assessment_keeps_the_episode_open(assessment, allocated_worker, manager, siblings):
    episode = Episode.objects.get(child=siblings["ava"])
    work = open_work_for(episode=episode)
    assert len(work) == 1 and "Understanding Families" in work[0] and "draft" in work[0]
    with pytest.raises(ValidationError, match="Finish or end first"):
        from casework.services.cases import episode_close

        episode_close(
            by=manager,
            episode=episode,
            closure={
                "closure_date": timezone.localdate(),
                "closure_reason": "RC8",
                "closure_summary": "Support in place.",
                "step_down": "early_help",
            },
        )
    assert Episode.objects.get(pk=episode.pk).status != EpisodeStatus.CLOSED
    authorised(assessment, allocated_worker, manager)
    assert open_work_for(episode=episode) == []
    assert not open_work_for(episode=Episode.objects.get(child=siblings["sam"]))


def test_awaiting_authorisation_and_current_for_child(assessment, allocated_worker, manager, north, south, siblings):
    assert selectors.assessment_current_for_child(child_id=siblings["ava"].pk) == assessment
    assert selectors.assessment_current_for_child(child_id=siblings["sam"].pk) is None
    assert not selectors.assessments_awaiting_authorisation(team_ids=[north.pk]).exists()
    submitted(assessment, allocated_worker)
    assert list(selectors.assessments_awaiting_authorisation(team_ids=[north.pk])) == [assessment]
    assert not selectors.assessments_awaiting_authorisation(team_ids=[south.pk]).exists()
    authorised_one = services.assessment_authorise(
        user=manager, assessment=fresh(assessment), expected_version=fresh(assessment).version
    )
    assert selectors.assessment_current_for_child(child_id=siblings["ava"].pk) == authorised_one


# --- Visibility ------------------------------------------------------------------------------------


def test_other_team_gets_404(assessment, other_team_worker, other_team_manager, auditor, performance_officer):
    for user in (other_team_worker, other_team_manager):
        with pytest.raises(Http404):
            selectors.assessment_get_for_user(user=user, assessment_id=assessment.pk)
        assert not selectors.assessment_list_for_user(user=user).exists()
    for user in (auditor, performance_officer):
        assert selectors.assessment_get_for_user(user=user, assessment_id=assessment.pk) == assessment


def test_a_performance_officer_sees_no_narrative(assessment, allocated_worker, performance_officer, auditor):
    written(assessment, allocated_worker)
    views = {s.key: s for s in selectors.assessment_sections(assessment=fresh(assessment), user=performance_officer)}
    assert views["child-profile"].value is None and views["analysis"].value is None
    assert views["family-membership"].value[0]["name"] == "Ava Smith"  # structured fields
    audited = {s.key: s for s in selectors.assessment_sections(assessment=fresh(assessment), user=auditor)}
    assert audited["child-profile"].value and audited["analysis"].value


def test_may_edit_only_the_holding_team_in_draft_or_returned(assessment, allocated_worker, colleague, auditor, manager):
    assert selectors.assessment_may_edit(user=allocated_worker, assessment=assessment)
    assert selectors.assessment_may_edit(user=colleague, assessment=assessment)
    assert not selectors.assessment_may_edit(user=auditor, assessment=assessment)
    submitted(assessment, allocated_worker)
    one = fresh(assessment)
    assert not selectors.assessment_may_edit(user=allocated_worker, assessment=one)
    assert selectors.assessment_may_authorise(user=manager, assessment=one)
    assert not selectors.assessment_may_authorise(user=allocated_worker, assessment=one)
    with pytest.raises(DomainError, match="submitted"):
        services.assessment_update(user=allocated_worker, assessment=one, expected_version=one.version, analysis="x")


def test_a_restricted_child_hides_the_assessment_from_those_who_may_not_open_it(
    assessment, allocated_worker, colleague, siblings, manager
):
    ava = Person.objects.get(pk=siblings["ava"].pk)
    family_services.person_set_restriction(
        by=manager, person=ava, restricted=True, restricted_to=[], expected_version=ava.version
    )
    assert selectors.assessment_list_for_user(user=manager).filter(pk=assessment.pk).exists()
    with pytest.raises(Http404):
        selectors.assessment_get_for_user(user=colleague, assessment_id=assessment.pk)
