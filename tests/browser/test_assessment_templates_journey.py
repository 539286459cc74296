"""Journey: a performance officer uploads a template with a mistake, reads the problems (each
naming its section), corrects it, previews it and publishes it. Every page visited passes axe."""

from __future__ import annotations

import json

import pytest

from assessments.models import AssessmentTemplate, TemplateStatus
from tests.browser.conftest import OUTPUT, axe_check, sign_in
from tests.factories.assessment_templates import template_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_uploads_corrects_previews_and_publishes_a_template(page, live_server, performance_officer):
    # Given a performance officer on the assessment templates page
    sign_in(page, performance_officer)
    page.get_by_role("link", name="Assessment templates").click()
    page.get_by_role("heading", name="Assessment templates", level=1).wait_for()
    assert page.get_by_role("heading", name="Understanding Families").is_visible()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "assessment-templates-list.png"), full_page=True)
    axe_check(page, name="assessment templates")

    # When they paste a template whose second section has an unknown kind
    page.get_by_role("button", name="Add a template").click()
    axe_check(page, name="add a template")
    broken = template_data()
    broken["sections"][1]["kind"] = "essay"
    page.get_by_label("Or type or paste the template's JSON").fill(json.dumps(broken, indent=2))
    page.get_by_role("button", name="Save as a draft").click()

    # Then the error summary names the section, and nothing is saved
    summary = page.locator(".govuk-error-summary")
    summary.get_by_text("Section 2 (scaling): kind 'essay' is not one of").wait_for()
    assert not AssessmentTemplate.objects.filter(key="strengths-based").exists()
    page.screenshot(path=str(OUTPUT / "assessment-template-errors.png"), full_page=True)
    axe_check(page, name="add a template, with errors")

    # When they correct it, it is saved as a draft and previewed as a worker will see it
    page.get_by_label("Or type or paste the template's JSON").fill(json.dumps(template_data(), indent=2))
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_role("heading", name="Preview: the assessment form").wait_for()
    assert page.get_by_text("What is working well?").is_visible()
    page.screenshot(path=str(OUTPUT / "assessment-template-preview.png"), full_page=True)
    axe_check(page, name="template preview")

    # And they publish it after confirming
    page.get_by_role("button", name="Publish this version").click()
    axe_check(page, name="publish confirmation")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("is published: new assessments use it").wait_for()
    assert AssessmentTemplate.objects.get(key="strengths-based").status == TemplateStatus.PUBLISHED
