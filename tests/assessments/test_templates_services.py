"""Managing assessment templates: performance officers only; a published version never changes
(the service refuses, and so does the database); a new version leaves the old one intact."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.selectors_templates import (
    template_list_for_manage,
    template_published,
    template_versions,
    templates_published,
)
from assessments.services_templates import (
    DraftExists,
    template_create,
    template_discard_draft,
    template_ensure_bundled,
    template_new_version,
    template_publish,
    template_retire,
    template_update_draft,
)
from casework.core.errors import DomainError
from tests.factories.assessment_templates import draft_template, published_template, section, template_data

pytestmark = pytest.mark.django_db

BUNDLED = ("understanding-families", "signs-of-safety")


def stored(template: AssessmentTemplate) -> AssessmentTemplate:
    return AssessmentTemplate.objects.get(pk=template.pk)


# --- The bundled templates ---------------------------------------------------------------------------


def test_the_bundled_templates_are_published_as_version_1():
    for key in BUNDLED:
        template = template_published(key=key)
        assert (template.version, template.status, template.bundled) == (1, TemplateStatus.PUBLISHED, True)
    assert template_published(key="understanding-families").name == "Understanding Families"


def test_the_bundled_templates_come_back_when_the_table_was_emptied():
    AssessmentTemplate.objects.all().delete()  # as a flush between transactional tests does

    assert {t.key for t in templates_published()} == set(BUNDLED)
    assert AssessmentTemplate.objects.count() == 2


def test_a_bundled_template_is_found_by_key_after_a_flush():
    AssessmentTemplate.objects.all().delete()
    assert template_published(key="signs-of-safety").bundled is True


def test_ensuring_the_bundled_templates_is_idempotent_and_keeps_later_versions(performance_officer):
    template_ensure_bundled()
    v2 = template_new_version(user=performance_officer, template=template_published(key="understanding-families"))
    template_publish(user=performance_officer, template=v2)

    template_ensure_bundled()

    assert AssessmentTemplate.objects.filter(key="understanding-families").count() == 2
    assert template_published(key="understanding-families").version == 2


# --- Who may manage templates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["allocated_worker", "manager", "front_door_worker", "other_team_manager", "auditor"]
)
def test_only_performance_officers_manage_templates(request, persona, performance_officer):
    user = request.getfixturevalue(persona)
    draft = draft_template(performance_officer)
    bundled = template_published(key="understanding-families")

    with pytest.raises(PermissionDenied):
        template_create(user=user, data=template_data(key="another"))
    with pytest.raises(PermissionDenied):
        template_update_draft(user=user, template=draft, data=template_data(name="Changed"))
    with pytest.raises(PermissionDenied):
        template_publish(user=user, template=draft)
    with pytest.raises(PermissionDenied):
        template_discard_draft(user=user, template=draft)
    with pytest.raises(PermissionDenied):
        template_retire(user=user, template=bundled)
    with pytest.raises(PermissionDenied):
        template_list_for_manage(user=user)
    assert stored(draft).status == TemplateStatus.DRAFT
    assert stored(draft).name == "Strengths-based assessment"
    assert not AssessmentTemplate.objects.filter(key="another").exists()


# --- Drafts and versions -----------------------------------------------------------------------------


def test_a_new_key_starts_as_a_draft_of_version_1(performance_officer):
    draft = draft_template(performance_officer)

    assert (draft.key, draft.version, draft.status, draft.bundled) == ("strengths-based", 1, "draft", False)
    assert draft.created_by == performance_officer
    assert draft.sections[1]["viewpoints"] == ["worker", "family"]  # stored cleaned
    with pytest.raises(Http404):
        template_published(key="strengths-based")  # a draft is not used yet


def test_a_malformed_template_is_refused_and_nothing_saved(performance_officer):
    data = template_data()
    data["sections"][1]["kind"] = "essay"

    with pytest.raises(ValidationError) as caught:
        template_create(user=performance_officer, data=data)

    assert any(m.startswith("Section 2 (scaling): kind 'essay'") for m in caught.value.messages)
    assert not AssessmentTemplate.objects.filter(key="strengths-based").exists()


def test_one_draft_at_a_time_per_key(performance_officer):
    draft = draft_template(performance_officer)

    with pytest.raises(DraftExists) as caught:
        template_create(user=performance_officer, data=template_data(name="Another go"))

    assert caught.value.draft == draft
    assert "version 1" in str(caught.value)
    assert AssessmentTemplate.objects.filter(key="strengths-based").count() == 1


def test_an_existing_key_gets_the_next_version(performance_officer):
    v1 = published_template(performance_officer)
    v2 = template_create(user=performance_officer, data=template_data(name="Strengths-based, revised"))

    assert (v2.version, v2.status) == (2, TemplateStatus.DRAFT)
    assert [t.version for t in template_versions(key="strengths-based")] == [2, 1]
    assert stored(v1).status == TemplateStatus.PUBLISHED


def test_a_draft_can_be_changed(performance_officer):
    draft = draft_template(performance_officer)
    data = template_data(name="Renamed")
    data["sections"].append(section("next-steps"))

    template_update_draft(user=performance_officer, template=draft, data=data)

    assert draft.name == "Renamed"
    assert [s["key"] for s in stored(draft).sections][-1] == "next-steps"


def test_a_draft_keeps_its_key(performance_officer):
    draft = draft_template(performance_officer)
    with pytest.raises(ValidationError, match="The key must stay 'strengths-based'"):
        template_update_draft(user=performance_officer, template=draft, data=template_data(key="other"))
    assert stored(draft).key == "strengths-based"


def test_a_malformed_change_to_a_draft_is_refused_and_the_draft_unchanged(performance_officer):
    draft = draft_template(performance_officer)
    data = template_data(name="Renamed")
    data["sections"][0]["title"] = ""
    with pytest.raises(ValidationError, match="Section 1 \\(worries\\): title is required"):
        template_update_draft(user=performance_officer, template=draft, data=data)
    assert stored(draft).name == "Strengths-based assessment"


# --- A published version never changes --------------------------------------------------------------


def test_a_published_version_is_immutable_through_the_service(performance_officer):
    published = published_template(performance_officer)
    before = stored(published).sections

    with pytest.raises(DomainError, match="a published version never changes"):
        template_update_draft(user=performance_officer, template=published, data=template_data(name="Changed"))

    after = stored(published)
    assert (after.name, after.sections, after.status) == ("Strengths-based assessment", before, "published")


def test_a_bundled_version_is_immutable_through_the_service(performance_officer):
    bundled = template_published(key="understanding-families")
    data = template_data(key="understanding-families")
    with pytest.raises(DomainError):
        template_update_draft(user=performance_officer, template=bundled, data=data)
    assert stored(bundled).sections == bundled.sections


@pytest.mark.parametrize("field", ["sections", "name", "description", "version"])
def test_the_database_refuses_a_direct_change_to_a_published_version(performance_officer, field):
    published = published_template(performance_officer)
    changes = {"sections": [], "name": "Changed", "description": "Changed", "version": 9}
    setattr(published, field, changes[field])

    with pytest.raises(IntegrityError), transaction.atomic():
        published.save()

    assert getattr(stored(published), field) != changes[field]


def test_the_database_refuses_turning_a_published_version_back_into_a_draft(performance_officer):
    published = published_template(performance_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentTemplate.objects.filter(pk=published.pk).update(status=TemplateStatus.DRAFT)
    assert stored(published).status == TemplateStatus.PUBLISHED


def test_a_draft_may_be_saved_directly_and_published(performance_officer):
    draft = draft_template(performance_officer)
    draft.name = "Saved directly"
    draft.save()
    template_publish(user=performance_officer, template=draft)
    assert stored(draft).status == TemplateStatus.PUBLISHED


# --- Publishing, new versions, retiring, discarding --------------------------------------------------


def test_publishing_a_new_version_leaves_the_old_one_intact(performance_officer):
    v1 = published_template(performance_officer)
    v1_sections = stored(v1).sections
    v2 = template_new_version(user=performance_officer, template=v1)
    data = template_data(name="Strengths-based, version 2")
    data["sections"].append(section("next-steps", title="Next steps"))
    template_update_draft(user=performance_officer, template=v2, data=data)

    template_publish(user=performance_officer, template=v2)

    old = stored(v1)
    assert (old.status, old.sections, old.name) == ("published", v1_sections, "Strengths-based assessment")
    assert template_published(key="strengths-based") == v2  # new assessments use the latest
    assert template_published(key="strengths-based", version=1) == v1  # old ones keep theirs
    assert v2.published_by == performance_officer and v2.published_at is not None
    assert [t.version for t in templates_published() if t.key == "strengths-based"] == [2]


def test_a_new_version_is_a_draft_copy_of_the_published_one(performance_officer):
    bundled = template_published(key="understanding-families")

    draft = template_new_version(user=performance_officer, template=bundled)

    assert (draft.version, draft.status, draft.bundled) == (2, TemplateStatus.DRAFT, False)
    assert draft.sections == bundled.sections
    assert template_published(key="understanding-families") == bundled


def test_only_a_draft_is_published(performance_officer):
    published = published_template(performance_officer)
    with pytest.raises(DomainError):
        template_publish(user=performance_officer, template=published)


def test_retiring_the_latest_version_returns_new_assessments_to_the_earlier_one(performance_officer):
    v1 = published_template(performance_officer)
    v2 = template_publish(
        user=performance_officer, template=template_new_version(user=performance_officer, template=v1)
    )

    template_retire(user=performance_officer, template=v2)

    assert stored(v2).status == TemplateStatus.RETIRED
    assert template_published(key="strengths-based") == v1
    assert template_published(key="strengths-based", version=2) == v2  # still readable


def test_the_last_published_version_of_understanding_families_is_not_retired(performance_officer):
    bundled = template_published(key="understanding-families")
    with pytest.raises(DomainError, match="must stay published"):
        template_retire(user=performance_officer, template=bundled)
    assert stored(bundled).status == TemplateStatus.PUBLISHED


def test_a_draft_is_discarded_but_a_published_version_is_not(performance_officer):
    published = published_template(performance_officer)
    draft = template_new_version(user=performance_officer, template=published)

    template_discard_draft(user=performance_officer, template=draft)
    with pytest.raises(DomainError):
        template_discard_draft(user=performance_officer, template=published)

    assert list(AssessmentTemplate.objects.filter(key="strengths-based")) == [published]


def test_the_managing_list_groups_versions_by_key(performance_officer):
    published = published_template(performance_officer)
    draft = template_new_version(user=performance_officer, template=published)

    families = {f.key: f for f in template_list_for_manage(user=performance_officer)}

    assert set(families) == {"strengths-based", *BUNDLED}
    assert [v.version for v in families["strengths-based"].versions] == [2, 1]
    assert families["strengths-based"].draft == draft
    assert families["strengths-based"].current == published
    assert families["understanding-families"].bundled
