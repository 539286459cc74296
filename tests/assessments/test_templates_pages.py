"""The pages where performance officers manage assessment templates: everyone else gets 403; an
upload with problems lists them (naming each section) and saves nothing; preview, publish, new
version, retire and discard."""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.selectors_templates import template_published
from tests.factories.assessment_templates import draft_template, published_template, template_data

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["allocated_worker", "manager", "front_door_worker", "other_team_worker", "auditor"]


def body(response) -> str:
    return html.unescape(response.content.decode())


def version_url(name: str, template: AssessmentTemplate) -> str:
    return reverse(f"assessments:{name}", kwargs={"key": template.key, "version": template.version})


@pytest.fixture
def officer(client, performance_officer):
    client.force_login(performance_officer)
    return performance_officer


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_get_403_on_every_template_page(client, request, persona, performance_officer):
    client.force_login(request.getfixturevalue(persona))
    draft = draft_template(performance_officer)
    bundled = template_published(key="understanding-families")

    gets = [
        reverse("assessments:template_list"),
        reverse("assessments:template_new"),
        version_url("template_detail", bundled),
        version_url("template_download", bundled),
        version_url("template_edit", draft),
        version_url("template_publish", draft),
        version_url("template_retire", bundled),
        version_url("template_discard", draft),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("assessments:template_new"), {"json_text": json.dumps(template_data(key="x"))}).status_code
        == 403
    )
    assert client.post(version_url("template_publish", draft)).status_code == 403
    assert client.post(version_url("template_discard", draft)).status_code == 403
    assert client.post(version_url("template_new_version", bundled)).status_code == 403
    assert AssessmentTemplate.objects.get(pk=draft.pk).status == TemplateStatus.DRAFT
    assert not AssessmentTemplate.objects.filter(key="x").exists()


def test_the_menu_shows_assessment_templates_to_performance_officers_only(client, officer, allocated_worker):
    page = body(client.get(reverse("assessments:template_list")))
    assert 'href="/assessment-templates/"' in page

    client.force_login(allocated_worker)
    assert "Assessment templates" not in body(client.get(reverse("casework:my_work")))


def test_the_list_shows_every_template_with_its_versions(client, officer, django_assert_max_num_queries):
    published = published_template(officer)
    client.post(version_url("template_new_version", published))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("assessments:template_list"))

    page = body(response)
    assert response.status_code == 200
    for text in (
        "Understanding Families",
        "Signs of Safety",
        "Strengths-based assessment",
        "Published: in use",
        "Draft",
    ):
        assert text in page
    assert version_url("template_detail", published) in page


def test_the_list_costs_the_same_queries_with_more_versions(client, officer, django_assert_max_num_queries):
    client.get(reverse("assessments:template_list"))
    for n in range(4):
        published_template(officer, key=f"framework-{n}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("assessments:template_list")).status_code == 200


# --- Upload or type the JSON --------------------------------------------------------------------------


def test_the_upload_page_explains_the_format(client, officer):
    page = body(client.get(reverse("assessments:template_new")))
    assert "Upload a JSON file" in page
    assert "three_columns" in page and "child_protection" in page


def test_an_upload_with_problems_lists_them_naming_the_sections_and_saves_nothing(client, officer):
    data = template_data()
    data["sections"][1]["kind"] = "essay"
    data["sections"][2]["title"] = ""
    upload = SimpleUploadedFile("framework.json", json.dumps(data).encode(), content_type="application/json")

    response = client.post(reverse("assessments:template_new"), {"json_file": upload})

    page = body(response)
    assert response.status_code == 400
    assert "There is a problem" in page and "govuk-error-summary" in page
    assert "Section 2 (scaling): kind 'essay' is not one of narrative" in page
    assert "Section 3 (analysis): title is required" in page
    assert 'href="#json_file"' in page
    assert not AssessmentTemplate.objects.filter(key="strengths-based").exists()


def test_typed_json_with_a_syntax_error_is_reported_with_line_and_column(client, officer):
    response = client.post(reverse("assessments:template_new"), {"json_text": '{"key": "x",\n"name": }'})
    page = body(response)
    assert response.status_code == 400
    assert "The JSON is not valid at line 2, column 9" in page
    assert 'href="#json_text"' in page
    assert '"name": }' in page  # what was typed is kept


def test_nothing_sent_is_refused(client, officer):
    response = client.post(reverse("assessments:template_new"), {"json_text": "  "})
    assert response.status_code == 400
    assert "Upload a JSON file, or type or paste the template" in body(response)


def test_a_valid_template_is_saved_as_a_draft_and_previewed(client, officer):
    response = client.post(reverse("assessments:template_new"), {"json_text": json.dumps(template_data())})

    draft = AssessmentTemplate.objects.get(key="strengths-based")
    assert (draft.version, draft.status, draft.created_by) == (1, TemplateStatus.DRAFT, officer)
    assert response.status_code == 302 and response.url == version_url("template_detail", draft)
    page = body(client.get(response.url))
    assert "Strengths-based assessment, version 1" in page
    assert "Publish this version" in page
    assert "What are we worried about?" in page and "What is working well?" in page  # three columns
    assert "Social worker: score from 0 to 10" in page and "0: Not safe at all; 10: Safe enough to close" in page
    assert "Child: score from 0 to 10" not in page  # only the viewpoints asked for
    assert "Help for analysis." in page


def test_a_second_upload_of_a_key_with_a_draft_points_to_the_draft(client, officer):
    draft = draft_template(officer)
    response = client.post(reverse("assessments:template_new"), {"json_text": json.dumps(template_data())})
    page = body(response)
    assert response.status_code == 400
    assert "There is already a draft of Strengths-based assessment (version 1)" in page
    assert version_url("template_detail", draft) in page


def test_the_preview_shows_every_section_in_order_with_kind_labels_and_help(client, officer):
    bundled = template_published(key="understanding-families")
    page = body(client.get(version_url("template_detail", bundled)))

    positions = [page.index(f"{n}. {s['title']}") for n, s in enumerate(bundled.sections, start=1)]
    assert positions == sorted(positions)
    assert "Family tree (drawn from the record)" in page
    assert "Child protection: Section 47 and conference (from the record)" in page
    assert "Not in the family's copy" in page
    assert "Make a new version from this one" in page
    assert "Publish this version" not in page


# --- Changing, publishing, new versions ---------------------------------------------------------------


def test_a_draft_is_changed_as_json(client, officer):
    draft = draft_template(officer)
    page = body(client.get(version_url("template_edit", draft)))
    assert '"key": "strengths-based"' in page

    response = client.post(
        version_url("template_edit", draft), {"json_text": json.dumps(template_data(name="Renamed"))}
    )

    assert response.status_code == 302
    assert AssessmentTemplate.objects.get(pk=draft.pk).name == "Renamed"


def test_a_change_with_problems_is_shown_and_the_draft_unchanged(client, officer):
    draft = draft_template(officer)
    data = template_data(name="Renamed")
    data["sections"][0]["kind"] = "poem"
    response = client.post(version_url("template_edit", draft), {"json_text": json.dumps(data)})
    assert response.status_code == 400
    assert "Section 1 (worries): kind 'poem'" in body(response)
    assert AssessmentTemplate.objects.get(pk=draft.pk).name == "Strengths-based assessment"


def test_a_published_version_is_not_offered_for_change(client, officer):
    published = published_template(officer)
    response = client.get(version_url("template_edit", published))
    assert response.status_code == 302 and response.url == version_url("template_detail", published)
    response = client.post(version_url("template_edit", published), {"json_text": json.dumps(template_data(name="X"))})
    assert response.status_code == 302
    assert AssessmentTemplate.objects.get(pk=published.pk).name == "Strengths-based assessment"


def test_publishing_asks_for_confirmation_then_publishes(client, officer):
    draft = draft_template(officer)
    page = body(client.get(version_url("template_publish", draft)))
    assert "Publish version 1 of Strengths-based assessment?" in page
    assert AssessmentTemplate.objects.get(pk=draft.pk).status == TemplateStatus.DRAFT

    response = client.post(version_url("template_publish", draft))

    assert response.status_code == 302
    assert AssessmentTemplate.objects.get(pk=draft.pk).status == TemplateStatus.PUBLISHED


def test_publishing_something_already_published_is_refused_on_the_page(client, officer):
    published = published_template(officer)
    response = client.post(version_url("template_publish", published))
    assert response.status_code == 400
    assert "a published version never changes" in body(response)


def test_a_new_version_copies_the_published_one_into_a_draft(client, officer):
    bundled = template_published(key="understanding-families")

    response = client.post(version_url("template_new_version", bundled))

    draft = AssessmentTemplate.objects.get(key="understanding-families", status=TemplateStatus.DRAFT)
    assert draft.version == 2 and draft.sections == bundled.sections
    assert response.url == version_url("template_edit", draft)
    again = client.post(version_url("template_new_version", bundled))
    assert again.url == version_url("template_detail", draft)  # one draft at a time
    assert AssessmentTemplate.objects.filter(key="understanding-families").count() == 2


def test_a_draft_is_discarded_after_confirmation(client, officer):
    draft = draft_template(officer)
    assert "Discard the draft of version 1?" in body(client.get(version_url("template_discard", draft)))
    response = client.post(version_url("template_discard", draft))
    assert response.url == reverse("assessments:template_list")
    assert not AssessmentTemplate.objects.filter(pk=draft.pk).exists()


def test_the_last_published_understanding_families_cannot_be_retired_from_the_page(client, officer):
    bundled = template_published(key="understanding-families")
    response = client.post(version_url("template_retire", bundled))
    assert response.status_code == 400
    assert "must stay published" in body(response)
    assert AssessmentTemplate.objects.get(pk=bundled.pk).status == TemplateStatus.PUBLISHED


def test_a_version_is_downloaded_as_json(client, officer):
    bundled = template_published(key="signs-of-safety")
    response = client.get(version_url("template_download", bundled))
    assert response["Content-Type"].startswith("application/json")
    assert "signs-of-safety-v1.json" in response["Content-Disposition"]
    assert json.loads(response.content)["sections"] == bundled.sections


def test_an_unknown_version_is_404(client, officer):
    response = client.get(reverse("assessments:template_detail", kwargs={"key": "nothing", "version": 1}))
    assert response.status_code == 404
