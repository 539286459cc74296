"""/api/v1/assessment-templates/ (API.md "Assessments"): the latest published version of each
template for any signed-in user; a key or a key and version picks one; drafts never shown."""

from __future__ import annotations

import pytest

from assessments.models import AssessmentTemplate
from assessments.selectors_templates import template_published
from assessments.services_templates import template_new_version, template_publish, template_retire
from tests.factories.assessment_templates import draft_template, published_template

pytestmark = pytest.mark.django_db

LIST = "/api/v1/assessment-templates/"


@pytest.mark.parametrize(
    "persona", ["allocated_worker", "manager", "front_door_worker", "performance_officer", "auditor"]
)
def test_every_role_lists_the_templates_with_understanding_families(api_as, request, persona):
    response = api_as(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    by_key = {t["key"]: t for t in response.json()}
    assert {"understanding-families", "signs-of-safety"} <= set(by_key)
    uf = by_key["understanding-families"]
    assert (uf["name"], uf["version"]) == ("Understanding Families", 1)
    first = uf["sections"][0]
    assert first["key"] == "family-membership" and first["kind"] == "subject_children"
    assert first["title"] == "Family membership" and first["help"].startswith("The children this assessment")
    assert {"key", "title", "kind", "help", "required", "family_copy"} <= set(first)


def test_a_scale_section_carries_its_anchors_and_viewpoints(api_as, auditor):
    sections = api_as(auditor).get(f"{LIST}signs-of-safety/").json()["sections"]
    scale = next(s for s in sections if s["kind"] == "scale")
    assert scale["anchors"]["10"].startswith("Everyone knows the children are safe")
    assert scale["viewpoints"] == ["worker", "family", "child"]
    assert "anchors" not in sections[0]


def test_signing_in_is_required(api_client):
    assert api_client.get(LIST).status_code in (401, 403)


def test_understanding_families_is_listed_even_after_the_table_was_emptied(api_as, allocated_worker):
    AssessmentTemplate.objects.all().delete()
    keys = [t["key"] for t in api_as(allocated_worker).get(LIST).json()]
    assert "understanding-families" in keys


def test_the_list_holds_the_latest_published_version_and_never_a_draft(api_as, performance_officer, manager):
    v1 = published_template(performance_officer)
    template_publish(user=performance_officer, template=template_new_version(user=performance_officer, template=v1))
    draft_template(performance_officer, key="not-yet")

    rows = [(t["key"], t["version"]) for t in api_as(manager).get(LIST).json()]

    assert ("strengths-based", 2) in rows
    assert ("strengths-based", 1) not in rows
    assert not any(key == "not-yet" for key, _ in rows)


def test_filtering_by_key_and_version(api_as, performance_officer, manager):
    v1 = published_template(performance_officer)
    template_publish(user=performance_officer, template=template_new_version(user=performance_officer, template=v1))
    client = api_as(manager)

    assert [t["version"] for t in client.get(LIST, {"key": "strengths-based"}).json()] == [2]
    assert [t["version"] for t in client.get(LIST, {"key": "strengths-based", "version": 1}).json()] == [1]
    assert client.get(LIST, {"key": "nothing"}).json() == []
    refused = client.get(LIST, {"version": 1})
    assert refused.status_code == 400 and "version" in refused.json()
    assert client.get(LIST, {"key": "strengths-based", "version": "one"}).status_code == 400


def test_one_template_and_one_version(api_as, performance_officer, allocated_worker):
    v1 = published_template(performance_officer)
    v2 = template_publish(
        user=performance_officer, template=template_new_version(user=performance_officer, template=v1)
    )
    template_retire(user=performance_officer, template=v1)
    client = api_as(allocated_worker)

    latest = client.get(f"{LIST}strengths-based/").json()
    assert (latest["version"], latest["retired"]) == (2, False)
    old = client.get(f"{LIST}strengths-based/versions/1/").json()
    assert (old["version"], old["retired"]) == (1, True)  # still readable for assessments begun on it
    assert old["sections"] == client.get(f"{LIST}strengths-based/versions/2/").json()["sections"]
    assert v2.version == 2


def test_drafts_and_unknown_templates_are_404(api_as, performance_officer):
    draft_template(performance_officer)
    client = api_as(performance_officer)
    assert client.get(f"{LIST}strengths-based/").status_code == 404
    assert client.get(f"{LIST}strengths-based/versions/1/").status_code == 404
    assert client.get(f"{LIST}nothing/").status_code == 404
    assert client.get(f"{LIST}understanding-families/versions/7/").status_code == 404


def test_the_bundled_version_read_by_version_matches_the_latest(api_as, auditor):
    client = api_as(auditor)
    bundled = template_published(key="understanding-families")
    by_version = client.get(f"{LIST}understanding-families/versions/1/").json()
    assert [s["key"] for s in by_version["sections"]] == [s["key"] for s in bundled.sections]


def test_writing_is_not_allowed(api_as, performance_officer):
    assert api_as(performance_officer).post(LIST, {"key": "x"}, format="json").status_code == 405
