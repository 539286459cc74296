"""Reads of assessment templates. Published versions are what workers start assessments on (the
latest of each key); every version, drafts included, is for performance officers managing them
(PERMISSIONS.md: "Manage assessment templates")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404

from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.schema import bundled_keys
from assessments.services_templates import NOT_ALLOWED, template_ensure_bundled
from casework.core.models import Role, User

# Versions that were published once: never changed, readable by key and version.
RELEASED = (TemplateStatus.PUBLISHED, TemplateStatus.RETIRED)


def may_manage_templates(user: User) -> bool:
    return getattr(user, "role", None) == Role.PERFORMANCE_OFFICER


def _latest_per_key(rows: list[AssessmentTemplate]) -> list[AssessmentTemplate]:
    latest: dict[str, AssessmentTemplate] = {}
    for row in rows:
        if row.key not in latest or row.version > latest[row.key].version:
            latest[row.key] = row
    return sorted(latest.values(), key=lambda t: (t.name.lower(), t.key))


def templates_published() -> list[AssessmentTemplate]:
    """The latest published version of each key; the bundled ones are created if a flush removed them."""
    published = AssessmentTemplate.objects.filter(status=TemplateStatus.PUBLISHED).order_by("key", "-version")
    rows = list(published)
    missing = set(bundled_keys()) - {row.key for row in rows}
    # One query as a rule; a second only when a bundled key has no published version.
    if missing and AssessmentTemplate.objects.filter(key__in=missing).values("key").distinct().count() < len(missing):
        template_ensure_bundled()
        rows = list(published.all())
    return _latest_per_key(rows)


def template_published(*, key: str, version: int | None = None) -> AssessmentTemplate:
    """The latest published version of a key, or a named version that was published (it may have
    been retired since: assessments begun on it still read it); Http404 when there is none."""

    def find() -> AssessmentTemplate | None:
        if version is None:
            rows = AssessmentTemplate.objects.filter(key=key, status=TemplateStatus.PUBLISHED)
            return rows.order_by("-version").first()
        return AssessmentTemplate.objects.filter(key=key, version=version, status__in=RELEASED).first()

    found = find()
    if found is None and key in bundled_keys() and not AssessmentTemplate.objects.filter(key=key).exists():
        template_ensure_bundled()
        found = find()
    if found is None:
        raise Http404("No such assessment template")
    return found


def template_versions(*, key: str) -> list[AssessmentTemplate]:
    """Every version of a key, newest first (drafts included: for the managing page)."""
    rows = list(AssessmentTemplate.objects.filter(key=key).select_related("created_by", "published_by"))
    if not rows:
        raise Http404("No such assessment template")
    return sorted(rows, key=lambda t: -t.version)


@dataclass
class TemplateFamily:
    """One key's versions as the managing page lists them."""

    key: str
    name: str
    bundled: bool
    versions: list[AssessmentTemplate] = field(default_factory=list)

    @property
    def draft(self) -> AssessmentTemplate | None:
        return next((v for v in self.versions if v.status == TemplateStatus.DRAFT), None)

    @property
    def current(self) -> AssessmentTemplate | None:
        """The version new assessments use: the latest published."""
        return next((v for v in self.versions if v.status == TemplateStatus.PUBLISHED), None)


def template_list_for_manage(*, user: User) -> list[TemplateFamily]:
    """Every template with all its versions (newest first), for performance officers only."""
    if not may_manage_templates(user):
        raise PermissionDenied(NOT_ALLOWED)
    templates_published()  # the bundled templates are always there to manage
    families: dict[str, TemplateFamily] = {}
    rows = (
        AssessmentTemplate.objects.select_related("created_by", "published_by")
        .annotate(assessment_count=Count("assessments"))
        .order_by("key", "-version")
    )
    for row in rows:
        family = families.setdefault(row.key, TemplateFamily(key=row.key, name=row.name, bundled=row.bundled))
        family.versions.append(row)
        family.bundled = family.bundled or row.bundled
    for family in families.values():  # named as new assessments will show it
        family.name = (family.current or family.versions[0]).name
    return sorted(families.values(), key=lambda f: (f.name.lower(), f.key))


def template_get_for_manage(*, user: User, key: str, version: int) -> AssessmentTemplate:
    """One version of a template, drafts included, for performance officers only."""
    if not may_manage_templates(user):
        raise PermissionDenied(NOT_ALLOWED)
    found = (
        AssessmentTemplate.objects.select_related("created_by", "published_by")
        .annotate(assessment_count=Count("assessments"))
        .filter(key=key, version=version)
    )
    template = found.first()
    if template is None:
        raise Http404("No such assessment template")
    return template
