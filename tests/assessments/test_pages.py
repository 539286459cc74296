"""The assessment's pages: starting one from the case, writing sections (narrative, factors),
a stale save showing both texts, checking before submitting, return with a reason, authorisation
(never by the author; read-only after), the time frame agreed by a manager, "why is this taking
longer?", who sees what (other team 404 everywhere, performance officers no narrative), the
access log, and the detail page's query count."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from assessments.models import Assessment, AssessmentChild, AssessmentStatus
from casework.core.models import AccessLog
from casework.models import Episode
from tests.casework.api_support import *  # noqa: F403
from tests.factories.assessments import *  # noqa: F403
from tests.factories.assessments import due_in, start, submitted, written

pytestmark = pytest.mark.django_db

STORY = "Ava told me about her friends at school and the breakfast club she likes."


def url(name: str, **kwargs) -> str:
    return reverse(f"assessments:{name}", kwargs=kwargs)


def day(prefix: str, date: datetime.date) -> dict[str, str]:
    return {f"{prefix}-day": str(date.day), f"{prefix}-month": str(date.month), f"{prefix}-year": str(date.year)}


def fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def text(response) -> str:
    return response.content.decode()


# --- Starting ----------------------------------------------------------------------------------------


def test_a_worker_starts_an_assessment_from_the_case(client, allocated_worker, case, siblings, template):
    client.force_login(allocated_worker)
    case_page = text(client.get(reverse("casework:case_detail", kwargs={"case_id": case.pk})))
    assert url("assessment_start", case_id=case.pk) in case_page and "No assessments yet" in case_page

    page = client.get(url("assessment_start", case_id=case.pk))
    assert page.status_code == 200
    assert "45 working days from the referral" in text(page) and "Understanding Families" in text(page)
    assert 'name="children"' in text(page) and siblings["ava"].full_name in text(page)

    missing = client.post(url("assessment_start", case_id=case.pk), {"template": template.key})
    assert missing.status_code == 400 and "govuk-error-summary" in text(missing)
    assert "Select at least one child" in text(missing) and not Assessment.objects.exists()

    due = due_in(28)
    data = {
        "template": template.key,
        "children": [str(siblings["ava"].pk), str(siblings["sam"].pk)],
        **day("start_date", timezone.localdate()),
        **day("due_date", due),
        "timeframe_reason": "Four weeks: Dad works away and is home at weekends.",
    }
    response = client.post(url("assessment_start", case_id=case.pk), data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == url("assessment_detail", assessment_id=assessment.pk)
    assert assessment.due_date == due and assessment.timeframe_reason.startswith("Four weeks")
    assert {s.child for s in assessment.subjects.all()} == {siblings["ava"], siblings["sam"]}
    case_page = text(client.get(reverse("casework:case_detail", kwargs={"case_id": case.pk})))
    assert url("assessment_detail", assessment_id=assessment.pk) in case_page


@pytest.mark.parametrize("persona", ["front_door_worker", "auditor", "performance_officer"])
def test_readers_cannot_start_an_assessment(persona, request, client, case, template):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("assessment_start", case_id=case.pk)).status_code in (403, 404)
    assert not Assessment.objects.exists()


# --- The assessment ------------------------------------------------------------------------------------


def test_the_detail_page_shows_every_section_in_order_with_the_record_pre_filled(
    client, allocated_worker, assessment, siblings
):
    client.force_login(allocated_worker)
    response = client.get(url("assessment_detail", assessment_id=assessment.pk))
    assert response.status_code == 200
    page = text(response)
    titles = [s["title"] for s in assessment.template.sections]
    positions = [page.index(f">{escape(t)}</h3>") for t in titles]
    assert positions == sorted(positions)
    assert "From the record, as it is today" in page and siblings["ava"].full_name in page
    assert "of the national 45" in page
    assert url("assessment_section", assessment_id=assessment.pk, key="child-profile") in page
    assert url("assessment_print", assessment_id=assessment.pk) in page
    assert "<svg" in page  # the family tree, inline
    assert AccessLog.objects.filter(person=siblings["ava"], what="Assessment").exists()


def test_write_a_narrative_section_with_autosave(client, allocated_worker, assessment):
    client.force_login(allocated_worker)
    page = client.get(url("assessment_section", assessment_id=assessment.pk, key="child-profile"))
    assert page.status_code == 200 and 'data-autosave="assessment-section"' in text(page)
    assert f'data-autosave-record="{assessment.pk}.child-profile"' in text(page)
    response = client.post(
        url("assessment_section", assessment_id=assessment.pk, key="child-profile"),
        {"text": STORY, "version": assessment.version},
    )
    assert response.status_code == 302
    assert fresh(assessment).sections["child-profile"] == STORY
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert STORY in detail


def test_a_narrative_typed_but_not_saved_is_restored_from_its_draft(client, allocated_worker, assessment):
    from casework.core.drafts import draft_get, draft_save

    record_key = f"{assessment.pk}.child-profile"
    draft_save(
        user=allocated_worker,
        form_key="assessment-section",
        record_key=record_key,
        data={"text": "Typed before the laptop died.", "version": str(assessment.version)},
        base_version=assessment.version,
    )
    client.force_login(allocated_worker)
    page = text(client.get(url("assessment_section", assessment_id=assessment.pk, key="child-profile")))
    assert "We restored text you had not saved" in page and "Typed before the laptop died." in page
    section = url("assessment_section", assessment_id=assessment.pk, key="child-profile")
    assert client.post(section, {"text": "Saved now.", "version": assessment.version}).status_code == 302
    assert draft_get(user=allocated_worker, form_key="assessment-section", record_key=record_key) is None


def test_the_analysis_section_writes_the_analysis(client, allocated_worker, assessment):
    client.force_login(allocated_worker)
    response = client.post(
        url("assessment_section", assessment_id=assessment.pk, key="analysis"),
        {"text": "Ava's needs can be met at home with support.", "version": assessment.version},
    )
    assert response.status_code == 302
    saved = fresh(assessment)
    assert saved.analysis == "Ava's needs can be met at home with support." and "analysis" not in saved.sections


def test_pre_filled_sections_are_not_written_here(client, allocated_worker, assessment):
    client.force_login(allocated_worker)
    assert client.get(url("assessment_section", assessment_id=assessment.pk, key="household")).status_code == 404
    assert client.get(url("assessment_section", assessment_id=assessment.pk, key="nonsense")).status_code == 404


def test_a_stale_save_shows_both_texts_writes_nothing_and_can_save_over(
    client, allocated_worker, colleague, assessment
):
    opened_at = assessment.version
    section = url("assessment_section", assessment_id=assessment.pk, key="child-profile")
    client.force_login(colleague)
    assert client.post(section, {"text": "Colleague's version.", "version": opened_at}).status_code == 302
    saved = fresh(assessment)

    client.force_login(allocated_worker)
    response = client.post(section, {"text": STORY, "version": opened_at})
    assert response.status_code == 409
    page = text(response)
    saved_cell = re.search(r'data-stale="saved">(.*?)</td>', page, re.S).group(1)
    typed_cell = re.search(r'data-stale="typed">(.*?)</td>', page, re.S).group(1)
    assert "Colleague&#39;s version." in saved_cell and STORY in typed_cell
    after = fresh(assessment)
    assert after.version == saved.version and after.sections["child-profile"] == "Colleague's version."
    # The form keeps what you wrote, now starting from the saved version: saving again keeps yours.
    assert f'name="version" value="{saved.version}"' in page and STORY in page.split("<form", 2)[-1]
    assert client.post(section, {"text": STORY, "version": saved.version}).status_code == 302
    assert fresh(assessment).sections["child-profile"] == STORY


def test_write_each_childs_factors_and_support(client, allocated_worker, case, siblings, template):
    assessment = start(allocated_worker, case, [siblings["ava"], siblings["sam"]])
    client.force_login(allocated_worker)
    page = client.get(url("assessment_section", assessment_id=assessment.pk, key="factors"))
    assert page.status_code == 200 and "Domestic violence: the parent(s) or carer(s) (3B)" in text(page)
    ava, sam = siblings["ava"].pk, siblings["sam"].pk
    data = {
        f"factors_{ava}_parenting": ["3B", "4B"],
        f"factors_{ava}_harm": ["16A"],
        f"requires_support_{ava}": "yes",
        f"factors_{sam}_other": ["21"],
        f"requires_support_{sam}": "no",
        "version": assessment.version,
    }
    response = client.post(url("assessment_section", assessment_id=assessment.pk, key="factors"), data)
    assert response.status_code == 302
    rows = {r.child_id: r for r in AssessmentChild.objects.filter(assessment=assessment)}
    assert rows[ava].factors == ["3B", "4B", "16A"] and rows[ava].requires_support is True
    assert rows[sam].factors == ["21"] and rows[sam].requires_support is False
    wrong = client.post(
        url("assessment_section", assessment_id=assessment.pk, key="factors"),
        {f"factors_{ava}_other": ["20", "21"], "version": fresh(assessment).version},
    )
    assert wrong.status_code == 400 and "govuk-error-summary" in text(wrong)
    assert AssessmentChild.objects.get(assessment=assessment, child_id=ava).factors == ["3B", "4B", "16A"]


# --- Submitting, returning, authorising ------------------------------------------------------------------


def test_submitting_with_missing_answers_shows_what_is_missing(client, allocated_worker, assessment):
    client.force_login(allocated_worker)
    page = client.get(url("assessment_submit", assessment_id=assessment.pk))
    assert page.status_code == 200
    assert "Write the analysis before submitting" in text(page)
    assert "say whether the child needs support" in text(page)
    assert url("assessment_section", assessment_id=assessment.pk, key="analysis") in text(page)
    assert "Write “The child&#39;s views” before submitting" in text(page)  # a section the template requires
    assert url("assessment_section", assessment_id=assessment.pk, key="childs-views") in text(page)
    response = client.post(url("assessment_submit", assessment_id=assessment.pk), {"version": assessment.version})
    assert response.status_code == 400 and "govuk-error-summary" in text(response)
    summary = text(response).split("govuk-error-summary", 1)[1]
    assert "Write the analysis before submitting" in summary
    assert fresh(assessment).status == AssessmentStatus.DRAFT


def test_submit_then_the_manager_returns_it_with_a_reason(client, allocated_worker, manager, assessment):
    written(assessment, allocated_worker)
    client.force_login(allocated_worker)
    ready = fresh(assessment)
    response = client.post(url("assessment_submit", assessment_id=assessment.pk), {"version": ready.version})
    assert response.status_code == 302 and fresh(assessment).status == AssessmentStatus.SUBMITTED
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert "as it was when submitted on" in detail
    assert url("assessment_return", assessment_id=assessment.pk) not in detail  # not for the worker

    client.force_login(manager)
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert url("assessment_return", assessment_id=assessment.pk) in detail
    blank = client.post(url("assessment_return", assessment_id=assessment.pk), {"version": fresh(assessment).version})
    assert blank.status_code == 400 and fresh(assessment).status == AssessmentStatus.SUBMITTED
    reason = "Please add what the school nurse told you."
    response = client.post(
        url("assessment_return", assessment_id=assessment.pk), {"reason": reason, "version": fresh(assessment).version}
    )
    assert response.status_code == 302
    returned = fresh(assessment)
    assert returned.status == AssessmentStatus.RETURNED and returned.returned_reason == reason
    client.force_login(allocated_worker)
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert "Please add what the school nurse told you." in detail and "From the record, as it is today" in detail


def test_the_author_cannot_authorise(client, manager, allocated_worker, case, siblings, template):
    own = start(manager, case, [siblings["ava"]])
    submitted(own, manager)
    client.force_login(manager)
    assert client.get(url("assessment_authorise", assessment_id=own.pk)).status_code == 403
    assert client.post(url("assessment_authorise", assessment_id=own.pk), {}).status_code == 403
    assert client.post(url("assessment_return", assessment_id=own.pk), {"reason": "x"}).status_code == 403
    client.force_login(allocated_worker)  # not a manager
    assert client.get(url("assessment_authorise", assessment_id=own.pk)).status_code == 403
    assert fresh(own).status == AssessmentStatus.SUBMITTED


def test_the_manager_authorises_confirming_primary_need_and_it_is_read_only(
    client, allocated_worker, manager, assessment, siblings
):
    Episode.objects.filter(child=siblings["ava"]).update(primary_need="N4")
    submitted(assessment, allocated_worker)
    client.force_login(manager)
    page = client.get(url("assessment_authorise", assessment_id=assessment.pk))
    assert page.status_code == 200
    field = f"primary_need_{siblings['ava'].pk}"
    assert re.search(rf'name="{field}".*?<option value="N4" selected', text(page), re.S)
    response = client.post(
        url("assessment_authorise", assessment_id=assessment.pk), {field: "N1", "version": fresh(assessment).version}
    )
    assert response.status_code == 302
    done = fresh(assessment)
    assert done.status == AssessmentStatus.AUTHORISED and done.authorised_by == manager
    assert Episode.objects.get(child=siblings["ava"]).primary_need == "N1"

    client.force_login(allocated_worker)
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert "It is read-only" in detail
    assert "/sections/" not in detail and url("assessment_submit", assessment_id=assessment.pk) not in detail
    for name in ("assessment_submit", "assessment_timeframe", "assessment_delay"):
        assert client.get(url(name, assessment_id=assessment.pk)).status_code == 403, name
    section = url("assessment_section", assessment_id=assessment.pk, key="child-profile")
    assert client.post(section, {"text": "changed", "version": done.version}).status_code == 403
    assert fresh(assessment).sections == done.sections


# --- The time frame ----------------------------------------------------------------------------------------


def test_propose_then_the_manager_agrees_then_a_revision_needs_a_reason(client, allocated_worker, manager, assessment):
    client.force_login(allocated_worker)
    propose = url("assessment_timeframe", assessment_id=assessment.pk)
    bad = client.post(propose, {**day("due_date", due_in(20)), "version": assessment.version})
    assert bad.status_code == 400 and fresh(assessment).due_date is None
    data = {**day("due_date", due_in(20)), "reason": "Three home visits.", "version": assessment.version}
    assert client.post(propose, data).status_code == 302
    assert fresh(assessment).due_date == due_in(20)
    assert client.get(url("assessment_agree_timeframe", assessment_id=assessment.pk)).status_code == 403

    client.force_login(manager)
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert url("assessment_agree_timeframe", assessment_id=assessment.pk) in detail
    agree_page = text(client.get(url("assessment_agree_timeframe", assessment_id=assessment.pk)))
    assert "Three home visits." in agree_page and "of the national 45" in agree_page
    response = client.post(
        url("assessment_agree_timeframe", assessment_id=assessment.pk), {"version": fresh(assessment).version}
    )
    assert response.status_code == 302
    agreed = fresh(assessment)
    assert agreed.timeframe_agreed_by == manager
    detail = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert f"Agreed by {manager.display_name}" in detail

    client.force_login(allocated_worker)
    revise = client.get(propose)
    assert "Why does the time frame change?" in text(revise)
    no_reason = client.post(propose, {**day("due_date", due_in(30)), "version": agreed.version})
    assert no_reason.status_code == 400 and fresh(assessment).due_date == due_in(20)


def test_past_the_agreed_date_the_page_asks_why_and_keeps_the_category(
    client, allocated_worker, case, siblings, template
):
    today = timezone.localdate()
    late = start(
        allocated_worker,
        case,
        [siblings["ava"]],
        start_date=today - datetime.timedelta(days=40),
        due_date=today - datetime.timedelta(days=3),
    )
    Assessment.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=3))
    client.force_login(allocated_worker)
    page = text(client.get(url("assessment_detail", assessment_id=late.pk)))
    assert "Why is this taking longer?" in page and 'name="delay_reason_category"' in page
    assert "govuk-tag--red" not in page and "overdue" not in page.lower()
    missing = client.post(url("assessment_delay", assessment_id=late.pk), {"version": fresh(late).version})
    assert missing.status_code == 400 and "Choose the main reason" in text(missing)
    response = client.post(
        url("assessment_delay", assessment_id=late.pk),
        {
            "delay_reason_category": "awaiting_information",
            "delay_reason": "The GP has not replied.",
            "version": fresh(late).version,
        },
    )
    assert response.status_code == 302
    stored = fresh(late)
    assert stored.delay_reason_category == "awaiting_information" and stored.delay_reason == "The GP has not replied."
    page = text(client.get(url("assessment_detail", assessment_id=late.pk)))
    assert "Waiting for information from others: The GP has not replied." in page


def test_an_assessment_within_its_time_frame_does_not_ask_why(client, allocated_worker, case, siblings, template):
    on_time = start(allocated_worker, case, [siblings["ava"]], due_date=due_in(10))
    client.force_login(allocated_worker)
    assert "Why is this taking longer?" not in text(client.get(url("assessment_detail", assessment_id=on_time.pk)))


# --- Who sees what --------------------------------------------------------------------------------------------


def test_other_team_gets_404_on_every_assessment_page(client, other_team_worker, other_team_manager, assessment, case):
    for user in (other_team_worker, other_team_manager):
        client.force_login(user)
        assert client.get(url("assessment_start", case_id=case.pk)).status_code == 404
        for name in (
            "assessment_detail",
            "assessment_timeframe",
            "assessment_agree_timeframe",
            "assessment_delay",
            "assessment_submit",
            "assessment_return",
            "assessment_authorise",
        ):
            assert client.get(url(name, assessment_id=assessment.pk)).status_code == 404, name
            if name != "assessment_detail":
                assert client.post(url(name, assessment_id=assessment.pk), {}).status_code == 404, name
        for key in ("child-profile", "factors", "analysis"):
            assert client.get(url("assessment_section", assessment_id=assessment.pk, key=key)).status_code == 404
    assert fresh(assessment).sections == {}


def test_performance_officers_see_structured_fields_only(client, allocated_worker, performance_officer, assessment):
    written(assessment, allocated_worker)
    client.force_login(performance_officer)
    response = client.get(url("assessment_detail", assessment_id=assessment.pk))
    assert response.status_code == 200
    page = text(response)
    assert "Not shown to your role" in page
    assert "written with the family" not in page and "food insecurity" not in page
    assert "Domestic violence: the parent(s) or carer(s) (3B)" in page  # the census outcome is structured
    assert "/sections/" not in page
    section = url("assessment_section", assessment_id=assessment.pk, key="child-profile")
    assert client.get(section).status_code == 403


# --- Query count ---------------------------------------------------------------------------------------------


def _count(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("assessment_detail", assessment_id=assessment.pk)).status_code == 200
    return len(queries)


def test_the_detail_page_costs_the_same_queries_as_sections_and_children_grow(
    client, allocated_worker, manager, case, siblings, template
):
    client.force_login(allocated_worker)
    one = start(allocated_worker, case, [siblings["ava"]])
    small = _count(client, one)
    Assessment.objects.filter(pk=one.pk).update(status=AssessmentStatus.AUTHORISED)  # let Sam and Ava start again
    two = start(allocated_worker, case, [siblings["ava"], siblings["sam"]], due_date=due_in(5))
    written(two, allocated_worker)
    large = _count(client, two)
    assert large == small, (small, large)


def test_a_section_47_under_way_is_shown_with_its_time_frame(
    client, allocated_worker, manager, assessment, case, siblings
):
    from tests.factories.strategy import discussion

    client.force_login(allocated_worker)
    page = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert "Section 47 enquiry started" not in page and "No Section 47 enquiry is recorded" in page
    date = timezone.localdate() - datetime.timedelta(days=2)
    discussion(manager, case, [siblings["ava"]], date=date)
    page = text(client.get(url("assessment_detail", assessment_id=assessment.pk)))
    assert f"A Section 47 enquiry started on {date.day} {date:%B %Y} is under way: its time frame applies." in page
    assert "Is a Section 47 enquiry under way?" in page


def test_a_stale_factors_save_shows_both_and_writes_nothing(client, allocated_worker, colleague, assessment, siblings):
    ava = siblings["ava"].pk
    section = url("assessment_section", assessment_id=assessment.pk, key="factors")
    opened_at = assessment.version
    client.force_login(colleague)
    assert client.post(section, {f"factors_{ava}_harm": ["16A"], "version": opened_at}).status_code == 302
    client.force_login(allocated_worker)
    response = client.post(section, {f"factors_{ava}_parenting": ["4B"], "version": opened_at})
    assert response.status_code == 409
    assert "16A" in re.search(r'data-stale="saved">(.*?)</td>', text(response), re.S).group(1)
    assert "4B" in re.search(r'data-stale="typed">(.*?)</td>', text(response), re.S).group(1)
    assert AssessmentChild.objects.get(assessment=assessment, child_id=ava).factors == ["16A"]


def test_a_scale_is_scored_from_each_viewpoint_with_its_anchors(client, allocated_worker, case, siblings):
    from tests.factories.assessments import bundled_template

    bundled_template("signs-of-safety")
    safety = start(allocated_worker, case, [siblings["ava"]], template_key="signs-of-safety")
    section = url("assessment_section", assessment_id=safety.pk, key="safety-scale")
    client.force_login(allocated_worker)
    page = text(client.get(section))
    assert "0 means Things are so bad" in page and 'name="worker"' in page and 'name="child"' in page
    bad = client.post(section, {"worker": "11", "version": safety.version})
    assert bad.status_code == 400 and "Choose a number from 0 to 10" in text(bad)
    data = {"worker": "4", "family": "7", "comment": "Mum scores higher.", "version": safety.version}
    assert client.post(section, data).status_code == 302
    assert fresh(safety).sections["safety-scale"] == {
        "worker": 4,
        "family": 7,
        "child": None,
        "comment": "Mum scores higher.",
    }
    detail = text(client.get(url("assessment_detail", assessment_id=safety.pk)))
    assert "4 out of 10" in detail and "7 out of 10" in detail and "Mum scores higher." in detail


def test_yes_no_and_three_column_sections_are_written_by_kind(client, allocated_worker, case, siblings, template):
    from tests.factories.assessments import publish_new_version

    publish_new_version(
        sections=[
            *template.sections,
            {"key": "housing", "title": "Is the housing safe?", "help": "", "kind": "yes_no"},
            {"key": "columns", "title": "Mapping", "help": "", "kind": "three_columns"},
        ]
    )
    mapped = start(allocated_worker, case, [siblings["ava"]])
    client.force_login(allocated_worker)
    housing = url("assessment_section", assessment_id=mapped.pk, key="housing")
    assert 'name="answer"' in text(client.get(housing))
    assert client.post(housing, {"answer": "maybe", "version": mapped.version}).status_code == 400
    data = {"answer": "no", "detail": "Damp in the children's room.", "version": mapped.version}
    assert client.post(housing, data).status_code == 302
    columns = url("assessment_section", assessment_id=mapped.pk, key="columns")
    data = {
        "worried": "Damp.",
        "working_well": "Mum asks for help.",
        "needs_to_happen": "",
        "version": fresh(mapped).version,
    }
    assert client.post(columns, data).status_code == 302
    saved = fresh(mapped).sections
    assert saved["housing"] == {"answer": "no", "detail": "Damp in the children's room."}
    assert saved["columns"] == {"worried": "Damp.", "working_well": "Mum asks for help.", "needs_to_happen": ""}
    detail = text(client.get(url("assessment_detail", assessment_id=mapped.pk)))
    assert "Damp in the children&#39;s room." in detail and "Mum asks for help." in detail
    assert "What needs to happen?" in detail
