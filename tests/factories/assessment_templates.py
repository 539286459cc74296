"""Assessment templates for tests: template JSON to upload, and versions made through the services
as a performance officer would make them.

``template_data(**changes)`` is a small valid template (three sections, one of them a scale);
``section(key, kind, **changes)`` one section; ``draft_template(officer, ...)`` and
``published_template(officer, ...)`` save one through ``assessments.services_templates``.
"""

from __future__ import annotations

import copy
from typing import Any

from assessments.models import AssessmentTemplate
from assessments.services_templates import template_create, template_publish


def section(key: str, kind: str = "narrative", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"key": key, "title": key.replace("-", " ").capitalize(), "help": f"Help for {key}."}
    data["kind"] = kind
    return data | changes


def template_data(key: str = "strengths-based", **changes: Any) -> dict[str, Any]:
    data = {
        "key": key,
        "name": "Strengths-based assessment",
        "description": "A short framework for tests.",
        "sections": [
            section("worries", "three_columns", title="What we are worried about"),
            section(
                "scaling",
                "scale",
                title="How safe is the child?",
                anchors={"0": "Not safe at all", "10": "Safe enough to close"},
                viewpoints=["worker", "family"],
            ),
            section("analysis", "narrative", title="Analysis", required=True),
        ],
    }
    return copy.deepcopy(data | changes)


def draft_template(officer: Any, **changes: Any) -> AssessmentTemplate:
    return template_create(user=officer, data=template_data(**changes))


def published_template(officer: Any, **changes: Any) -> AssessmentTemplate:
    return template_publish(user=officer, template=draft_template(officer, **changes))
