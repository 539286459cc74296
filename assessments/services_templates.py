"""Writes to assessment templates (PERMISSIONS.md: "Manage assessment templates" — performance
officers only). A template's versions share its key; at most one draft per key is being
prepared at a time; a published version never changes (the database refuses it too:
migration 0002), so an assessment always reads the version it began with. New assessments use
the latest published version of a key."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.schema import DEFAULT_TEMPLATE_KEY, bundled_templates, template_json, validate_template
from casework.core.errors import DomainError
from casework.core.models import Role, User

NOT_ALLOWED = "Only performance officers manage assessment templates."


class DraftExists(DomainError):
    """A key already has a draft: change that one (or discard it) instead of starting another."""

    def __init__(self, draft: AssessmentTemplate) -> None:
        super().__init__(
            f"There is already a draft of {draft.name} (version {draft.version}): "
            "change that draft, or discard it, before starting another",
            field="key",
        )
        self.draft = draft


def _require_manager(user: User) -> None:
    if getattr(user, "role", None) != Role.PERFORMANCE_OFFICER:
        raise PermissionDenied(NOT_ALLOWED)


def _locked(template: AssessmentTemplate) -> AssessmentTemplate:
    """The template as stored now, locked for this transaction (two officers may click at once)."""
    return AssessmentTemplate.objects.select_for_update().get(pk=template.pk)


def _refresh(template: AssessmentTemplate) -> AssessmentTemplate:
    """The caller's object brought up to date with what was just saved."""
    template.refresh_from_db()
    return template


def _require_draft(template: AssessmentTemplate) -> None:
    """The rule a published version lives by: it is never changed, only replaced by a new one."""
    if template.status != TemplateStatus.DRAFT:
        raise DomainError(
            f"Version {template.version} of {template.name} is {template.get_status_display().lower()}, and a "
            "published version never changes: make a new version to change it"
        )


@transaction.atomic
def template_ensure_bundled() -> None:
    """Create the templates shipped with Casework (version 1, published) where their key is missing."""
    present = set(AssessmentTemplate.objects.values_list("key", flat=True).distinct())
    for data in bundled_templates():
        if data["key"] in present:
            continue
        try:
            with transaction.atomic():
                AssessmentTemplate.objects.create(
                    **data, version=1, status=TemplateStatus.PUBLISHED, bundled=True, published_at=timezone.now()
                )
        except IntegrityError:  # created by a concurrent request meanwhile: nothing to do
            continue


@transaction.atomic
def template_create(*, user: User, data: Any) -> AssessmentTemplate:
    """A new draft: version 1 of a new key, or the next version of an existing one (one draft at a time)."""
    _require_manager(user)
    cleaned = validate_template(data)
    versions = list(AssessmentTemplate.objects.select_for_update().filter(key=cleaned["key"]).order_by("-version"))
    draft = next((v for v in versions if v.status == TemplateStatus.DRAFT), None)
    if draft is not None:
        raise DraftExists(draft)
    latest = versions[0].version if versions else 0
    try:
        with transaction.atomic():
            return AssessmentTemplate.objects.create(
                **cleaned, version=latest + 1, status=TemplateStatus.DRAFT, created_by=user
            )
    except IntegrityError:  # another officer started a draft of this key at the same moment
        draft = AssessmentTemplate.objects.filter(key=cleaned["key"], status=TemplateStatus.DRAFT).first()
        if draft is None:
            raise
        raise DraftExists(draft) from None


@transaction.atomic
def template_new_version(*, user: User, template: AssessmentTemplate) -> AssessmentTemplate:
    """Copy a published (or retired) version into a new draft, to be changed and published."""
    _require_manager(user)
    return template_create(user=user, data=template_json(template))


@transaction.atomic
def template_update_draft(*, user: User, template: AssessmentTemplate, data: Any) -> AssessmentTemplate:
    """Replace a draft's name, description and sections; a published or retired version is refused."""
    _require_manager(user)
    current = _locked(template)
    _require_draft(current)
    cleaned = validate_template(data)
    if cleaned["key"] != current.key:
        raise ValidationError(
            f"The key must stay '{current.key}': it names the template across its versions. "
            "To make a different template, upload it as a new one"
        )
    current.name, current.description, current.sections = cleaned["name"], cleaned["description"], cleaned["sections"]
    current.save(update_fields=["name", "description", "sections"])
    return _refresh(template)


@transaction.atomic
def template_publish(*, user: User, template: AssessmentTemplate) -> AssessmentTemplate:
    """Publish a draft: new assessments use it from now on; earlier versions stay for those begun on them."""
    _require_manager(user)
    current = _locked(template)
    _require_draft(current)
    validate_template(template_json(current))  # what is published is exactly what the schema accepts
    current.status = TemplateStatus.PUBLISHED
    current.published_by = user
    current.published_at = timezone.now()
    current.save(update_fields=["status", "published_by", "published_at"])
    return _refresh(template)


@transaction.atomic
def template_retire(*, user: User, template: AssessmentTemplate) -> AssessmentTemplate:
    """Stop new assessments using a published version (assessments begun on it keep it)."""
    _require_manager(user)
    current = _locked(template)
    if current.status != TemplateStatus.PUBLISHED:
        raise DomainError(
            f"Only a published version can be retired; this one is {current.get_status_display().lower()}"
        )
    others = AssessmentTemplate.objects.filter(key=current.key, status=TemplateStatus.PUBLISHED).exclude(pk=current.pk)
    if current.key == DEFAULT_TEMPLATE_KEY and not others.exists():
        raise DomainError(
            f"{current.name} is the assessment every team starts by default, so one version of it must stay "
            "published: publish a new version first"
        )
    current.status = TemplateStatus.RETIRED
    current.save(update_fields=["status"])
    return _refresh(template)


@transaction.atomic
def template_discard_draft(*, user: User, template: AssessmentTemplate) -> None:
    """Delete a draft nobody has used (a published version is never deleted)."""
    _require_manager(user)
    current = _locked(template)
    if current.status != TemplateStatus.DRAFT:
        raise DomainError("Only a draft can be discarded: a published version is kept for the assessments that use it")
    current.delete()
