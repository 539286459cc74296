"""Assessments made through the services, as a persona would make them.

``bundled_template(key)`` is the published bundled template (``template_ensure_bundled()`` when
engineer A's service exists, else the bundled file published directly); ``AssessmentFactory`` starts
one on a case with a child with an open episode; ``written``, ``submitted`` and ``authorised``
move it on through the workflow.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentTemplate, TemplateStatus
from tests.casework.api_support import ava_episode, case, referral, sam_episode
from tests.casework.conftest import school_contact, siblings, teenager

UNDERSTANDING_FAMILIES = "understanding-families"


def bundled_template(key: str = UNDERSTANDING_FAMILIES) -> AssessmentTemplate:
    """The latest published version of a bundled template, created if missing."""
    try:
        from assessments.services_templates import template_ensure_bundled
    except ImportError:
        template_ensure_bundled = None
    if template_ensure_bundled is not None:
        template_ensure_bundled()
    found = AssessmentTemplate.objects.filter(key=key, status=TemplateStatus.PUBLISHED).order_by("-version").first()
    if found is not None:
        return found
    from assessments.schema import bundled_templates

    data = next(t for t in bundled_templates() if t["key"] == key)
    return AssessmentTemplate.objects.create(
        key=key,
        name=data["name"],
        description=data.get("description", ""),
        sections=data["sections"],
        version=1,
        status=TemplateStatus.PUBLISHED,
        bundled=True,
        published_at=timezone.now(),
    )


def publish_new_version(key: str = UNDERSTANDING_FAMILIES, **changes: Any) -> AssessmentTemplate:
    """A new published version of a template (the old one retired), as a performance officer would."""
    current = bundled_template(key)
    sections = changes.pop("sections", None) or [
        *current.sections,
        {"key": "extra-notes", "title": "Anything else", "help": "", "kind": "narrative"},
    ]
    AssessmentTemplate.objects.filter(pk=current.pk).update(status=TemplateStatus.RETIRED)
    return AssessmentTemplate.objects.create(
        key=key,
        name=changes.pop("name", current.name),
        sections=sections,
        version=current.version + 1,
        status=TemplateStatus.PUBLISHED,
        published_at=timezone.now(),
    )


class AssessmentFactory(factory.Factory):
    """``AssessmentFactory(user=worker, case=case, children=[child])``: started through the service
    from the bundled Understanding Families template (published first if needed)."""

    class Meta:
        model = Assessment

    user = None
    case = None
    children = factory.LazyAttribute(lambda o: [])
    template_key = UNDERSTANDING_FAMILIES
    start_date = None
    due_date = None
    timeframe_reason = ""

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Assessment:
        bundled_template(kwargs["template_key"])
        if kwargs["due_date"] is not None and not kwargs["timeframe_reason"]:
            kwargs["timeframe_reason"] = "Three weeks: the family asked for evening visits"
        return services.assessment_start(**kwargs)

    _build = _create


def start(by: Any, case: Any, children: list[Any], **kwargs: Any) -> Assessment:
    return AssessmentFactory(user=by, case=case, children=children, **kwargs)


def written(assessment: Assessment, by: Any, *, requires_support: bool = True, factors: list[str] | None = None):
    """Everything a submission needs: the required sections, the analysis, each child's outcome."""
    sections = {
        s["key"]: f"{s['title']}: written with the family."
        for s in assessment.template.sections
        if s.get("kind") == "narrative" and s["key"] != "analysis"
    }
    outcomes = [
        {"child": str(row.child_id), "factors": factors or ["3B"], "requires_support": requires_support}
        for row in assessment.subjects.all()
    ]
    assessment.refresh_from_db()
    return services.assessment_update(
        user=by,
        assessment=assessment,
        expected_version=assessment.version,
        sections=sections,
        analysis="Mum is managing, but the food insecurity needs support.",
        child_outcomes=outcomes,
    )


def submitted(assessment: Assessment, by: Any, **kwargs: Any) -> Assessment:
    written(assessment, by, **kwargs)
    assessment.refresh_from_db()
    return services.assessment_submit(user=by, assessment=assessment, expected_version=assessment.version)


def authorised(assessment: Assessment, by: Any, manager: Any, **kwargs: Any) -> Assessment:
    primary_needs = kwargs.pop("primary_needs", None)
    submitted(assessment, by, **kwargs)
    assessment.refresh_from_db()
    return services.assessment_authorise(
        user=manager, assessment=assessment, expected_version=assessment.version, primary_needs=primary_needs
    )


def due_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- Fixtures (test modules import them with ``from tests.factories.assessments import *``) -------


@pytest.fixture
def template(db):
    return bundled_template()


@pytest.fixture
def assessment(allocated_worker, case, siblings, template):
    """An Understanding Families assessment North's allocated worker started for Ava."""
    return start(allocated_worker, case, [siblings["ava"]])


__all__ = [
    "AssessmentFactory",
    "assessment",
    "authorised",
    "ava_episode",
    "bundled_template",
    "case",
    "due_in",
    "publish_new_version",
    "referral",
    "sam_episode",
    "school_contact",
    "siblings",
    "start",
    "submitted",
    "teenager",
    "template",
    "written",
]
