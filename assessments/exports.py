"""The `assessment_pdf` export: the family's copy of an assessment as a PDF (core export jobs).

The same template as the print page (assessments.views_print), rendered by WeasyPrint in a
background job, with the genogram and eco-map drawn inline as SVG (tagged, so each drawing's
title becomes its alternative text). Confidential addresses and restricted people are left out
(``assessment_sections(for_family=True)``). Who may ask for it follows "Export a child's PDF or
CSV": the assessment's readers (other team 404), not performance officers (403); the requester's
rights are checked when the job is asked for, when it runs and when the file is fetched
(casework.core.exports), and the export is written to the access log.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from casework.core.access import require_role
from casework.core.access_log import log_access_for
from casework.core.exports import ExportContext, register_export_kind
from casework.core.models import ExportJob, User
from casework.core.models.access import AccessAction
from casework.person_exports import EXPORT_ROLES  # who may export written text about a child

PDF = "assessment_pdf"
CANNOT_EXPORT = "Your role cannot export an assessment: it is written text about the family."


def validate_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    unknown = set(parameters) - {"assessment"}
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This export takes no such parameter."))
    try:
        return {"assessment": str(uuid.UUID(str(parameters.get("assessment", ""))))}
    except ValueError as exc:
        raise ValidationError({"assessment": "Give the id of the assessment to export."}) from exc


def _assessment(user: User, parameters: dict[str, Any]):
    from assessments.selectors import assessment_get_for_user  # the assessment's access rules (404)

    return assessment_get_for_user(user=user, assessment_id=parameters["assessment"])


def check_permission(user: User, parameters: dict[str, Any]) -> None:
    """Export a child's PDF: the record's readers (404 otherwise), not performance officers."""
    if parameters.get("assessment"):
        _assessment(user, parameters)
    require_role(user, *EXPORT_ROLES, message=CANNOT_EXPORT)


def pdf_build(context: ExportContext) -> None:
    from weasyprint import CSS, HTML

    from assessments.views_print import CSS_PATH, family_document_html

    assessment = _assessment(context.user, context.parameters)
    context.progress(10)
    html = family_document_html(assessment=assessment, user=context.user)
    context.progress(40)
    stylesheets = [CSS(filename=path)] if (path := finders.find(CSS_PATH)) else []
    HTML(string=html).write_pdf(context.file, stylesheets=stylesheets, pdf_tags=True)
    context.progress(90)
    from assessments.selectors import assessment_children

    children = [subject.child for subject in assessment_children(assessment)]
    log_access_for(
        user=context.user,
        action=AccessAction.EXPORT,
        what=f"Assessment PDF (the family's copy): {assessment.template.name}",
        people=children,
    )


def pdf_filename(job: ExportJob) -> str:
    """assessment-ava-smith-2026-11-29.pdf: the children's names and the day it was made."""
    from assessments.models import AssessmentChild

    names = AssessmentChild.objects.filter(
        assessment_id=job.parameters.get("assessment"), child__restricted=False
    ).values_list("child__first_name", "child__last_name")
    who = slugify(" ".join(f"{first} {last}" for first, last in names[:3]))[:80].strip("-")
    return f"assessment-{who or 'family'}-{timezone.localdate():%Y-%m-%d}.pdf"


def register_exports() -> None:
    register_export_kind(
        PDF,
        label="Assessment: the family's copy (PDF)",
        build=pdf_build,
        check_permission=check_permission,
        validate_parameters=validate_parameters,
        content_type="application/pdf",
        filename=pdf_filename,
    )
