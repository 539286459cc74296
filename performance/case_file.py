"""The `case_file_pdf` export: the child's whole record as their story, for court and for handing over.

At a glance (who the child is, who they live with, who is involved, where things stand now), their
own story, the curated chronology (casework.chronology_exports's selection and presenters), the
assessments (authorised and open ones, the family's copy: assessments.views_print), the plans (goals,
reviews, progress), the visits and the decisions, in date order. Confidential addresses and
restricted third-party information (restricted relatives and household members, and chronology
entries concerning them) are left out, and the first page says so.

Who may ask for it follows "Export a child's PDF or CSV" (PERMISSIONS.md), exactly as the court
chronology: the child's readers (other team 404), not performance officers (403). The rights are
checked when the job is asked for, when it runs and when the file is fetched (casework.core.exports),
and the export is written to the access log. The child's record offers it with a card of the child
at a glance ("Download the case file (PDF)"), posting to `case_file_start`.
"""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.contrib.staticfiles import finders
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from casework.core.access_log import log_access_for
from casework.core.exports import ExportContext, export_request, register_export_kind
from casework.core.models import ExportJob, User
from casework.core.models.access import AccessAction
from casework.person_exports import export_person, may_export, person_export_permission, person_parameters

PDF = "case_file_pdf"
LABEL = "Download the case file (PDF)"
CANNOT_EXPORT = "Your role cannot export a child's case file: it is written text about the child and family."
START_URL = "performance:case_file_start"
IMAGE_LIMIT = 5 * 1024 * 1024
IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
LEFT_OUT = (
    "To keep people safe, some information is left out of this case file: any address that is kept "
    "confidential, and anyone whose record is restricted (their names, and the chronology entries about them)."
)


# --- The export kind ----------------------------------------------------------------------------


validate_parameters = person_parameters("case file")
check_permission = person_export_permission(CANNOT_EXPORT)
_person = export_person


# --- What the case file holds ---------------------------------------------------------------------


def _glance(user: User, person: Any) -> dict[str, Any]:
    """Who the child is, who they live with (restricted people left out), where they live (never
    a confidential address), their episodes, teams and workers."""
    from casework.jinja2 import date_uk
    from casework.models import EpisodeStatus
    from casework.presenters.glance import child_episodes, households
    from families.models import FamilyAddress, Professional
    from families.presenters.words import age_text, nhs_number_text

    request = SimpleNamespace(user=user)
    homes = []
    for household in households(request, person):
        members = [m for m in household.members if not m.person.restricted]
        homes.append({"name": household.family_name, "members": members, "family_id": household.family_id})
    addresses = {
        a.family_id: a
        for a in FamilyAddress.objects.filter(
            family_id__in=[h["family_id"] for h in homes], to_date__isnull=True, confidential=False
        )
    }
    for home in homes:
        home["address"] = addresses.get(home["family_id"])
    professionals = list(
        Professional.objects.filter(family_id__in=[h["family_id"] for h in homes])
        .filter(Q(to_date__isnull=True) | Q(to_date__gt=timezone.localdate()))
        .filter(Q(working_with__isnull=True) | Q(working_with__restricted=False))
        .select_related("working_with")
    )
    episodes = child_episodes(request, person)
    identity = [
        ("Date of birth", date_uk(person.date_of_birth)),
        ("Age", age_text(person)),
        ("Sex", person.get_sex_display()),
        ("Gender identity", person.gender_identity),
        ("Ethnicity", person.get_ethnicity_display() if person.ethnicity else ""),
        ("First language", person.first_language + (" (needs an interpreter)" if person.interpreter_needed else "")),
        ("Communication needs", person.communication_needs),
        ("NHS number", nhs_number_text(person.nhs_number)),
        ("UPN", person.upn),
        ("LA child ID", person.la_child_id),
    ]
    return {
        "identity": [(label, value) for label, value in identity if value],
        "households": homes,
        "professionals": professionals,
        "episodes": episodes,
        "current": [e for e in episodes if e.status != EpisodeStatus.CLOSED],
    }


def _image_src(entry: Any) -> str:
    """A drawing's or photo's picture, inline (PNG or JPEG only, up to IMAGE_LIMIT bytes): the
    bytes are checked, not the recorded type, and anything else stays on the record."""
    if not entry.file or entry.kind not in ("drawing", "photo") or not 0 < entry.size <= IMAGE_LIMIT:
        return ""
    try:
        with entry.file.open("rb") as f:
            data = f.read(IMAGE_LIMIT + 1)
    except OSError:
        return ""
    kind = next((mime for magic, mime in IMAGE_TYPES if data.startswith(magic)), None)
    if kind is None or len(data) > IMAGE_LIMIT:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _story(person: Any) -> list[dict[str, Any]]:
    """The child's story in date order, each drawing or photo with its picture where it can be shown."""
    from casework.models import StoryEntry

    entries = StoryEntry.objects.filter(child_id=person.pk).order_by("occurred_on", "created_at")
    return [{"entry": entry, "image": _image_src(entry)} for entry in entries]


def _chronology(user: User, person: Any) -> list[Any]:
    """The curated chronology as in the court PDF, leaving out entries about any restricted
    person other than the child, even ones this reader may open (the file is handed on)."""
    from casework.views.chronology import person_chronology_entries
    from chronology import presenters, selectors
    from families.models import Person

    entries = person_chronology_entries(user, person).filter(curation__included=True)
    mentioned = selectors.people_mentioned(entries) - {person.pk}
    restricted = set(Person.objects.filter(pk__in=mentioned, restricted=True).values_list("pk", flat=True))
    entries = selectors.excluding_people(entries, restricted)
    return presenters.entry_lines(entries, narrative=True)


def _assessments(user: User, person: Any) -> list[dict[str, Any]]:
    """The child's authorised and open assessments, each as the family's copy."""
    from assessments.models import AssessmentStatus
    from assessments.selectors import assessment_list_for_user
    from assessments.views_print import family_document_context

    found = (
        assessment_list_for_user(user=user)
        .filter(subjects__child_id=person.pk)
        .exclude(status=AssessmentStatus.RETURNED)
        .select_related("template", "created_by", "authorised_by")
        .distinct()
        .order_by("start_date", "created_at")
    )
    return [family_document_context(assessment=a, user=user) for a in found]


def _plans(person: Any) -> list[Any]:
    from casework.models import Plan

    return list(
        Plan.objects.filter(child_id=person.pk)
        .select_related("case__team", "authorised_by")
        .prefetch_related("goals__progress_history", "reviews")
        .order_by("start_date", "created_at")
    )


def _visits(person: Any) -> list[Any]:
    from casework.models import RecordStatus, VisitChild

    return list(
        VisitChild.objects.filter(child_id=person.pk, visit__status=RecordStatus.FINISHED)
        .select_related("visit__recorded_by")
        .order_by("visit__occurred_at")
    )


def _decisions(person: Any) -> list[Any]:
    from casework.models import DecisionRecord

    return list(
        DecisionRecord.objects.filter(children=person)
        .select_related("agreed_by", "recorded_by")
        .order_by("date", "created_at")
    )


def case_file_context(*, user: User, person: Any) -> dict[str, Any]:
    """Everything the case file shows, gathered with the reader's rights."""
    visits = _visits(person)
    return {
        "person": person,
        "left_out": LEFT_OUT,
        "glance": _glance(user, person),
        "story": _story(person),
        "lines": _chronology(user, person),
        "assessments": _assessments(user, person),
        "plans": _plans(person),
        "visits": visits,
        "visits_seen": sum(1 for v in visits if v.seen),
        "visits_alone": sum(1 for v in visits if v.seen and v.seen_alone == "yes"),
        "decisions": _decisions(person),
        "made_at": timezone.localtime(),
        "made_by": user,
    }


def pdf_build(context: ExportContext) -> None:
    from weasyprint import CSS, HTML

    from assessments.views_print import CSS_PATH

    person = _person(context.user, context.parameters)
    context.progress(10)
    data = case_file_context(user=context.user, person=person)
    context.progress(40)
    html = render_to_string("performance/case_file.html", data)
    context.progress(50)
    stylesheets = [CSS(filename=path)] if (path := finders.find(CSS_PATH)) else []
    HTML(string=html).write_pdf(context.file, stylesheets=stylesheets, pdf_tags=True)
    context.progress(90)
    log_access_for(
        user=context.user,
        action=AccessAction.EXPORT,
        what=f"Case file PDF: {len(data['lines'])} chronology entries, {len(data['story'])} story entries",
        people=[person],
    )


def pdf_filename(job: ExportJob) -> str:
    """case-file-ava-smith-2026-11-29.pdf (a restricted child's name stays out of the file name)."""
    from families.models import Person

    row = Person.objects.filter(pk=job.parameters.get("person"), restricted=False).values("first_name", "last_name")
    who = slugify(" ".join(row[0].values()))[:80].strip("-") if row else ""
    return f"case-file-{who or 'child'}-{timezone.localdate():%Y-%m-%d}.pdf"


# --- Starting it from the child's record ----------------------------------------------------------


@require_POST
def case_file_start(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Ask for the child's case file as a PDF, then show the job's progress (the export pages)."""
    from families.selectors import person_get_for_user

    person = person_get_for_user(user=request.user, person_id=person_id)
    job = export_request(by=request.user, kind=PDF, parameters={"person": str(person.pk)})
    return redirect("core:export_job", job_id=job.pk)


def glance_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The card offering the case file: children (and anyone with an episode) to users who may
    export it, once the start page is routed (performance.urls)."""
    from casework.presenters.glance import is_glance_subject

    if not may_export(request.user) or not is_glance_subject(request, person):
        return None
    try:
        url = reverse(START_URL, kwargs={"person_id": person.pk})
    except NoReverseMatch:
        return None
    return {"url": url, "label": LABEL}


def register_case_file_export() -> None:
    """The export kind, and its card in the child at a glance's side column (below "More about")."""
    from casework.presenters.glance import SIDE, register_glance_part

    register_export_kind(
        PDF,
        label="The child's case file (PDF)",
        build=pdf_build,
        check_permission=check_permission,
        validate_parameters=validate_parameters,
        content_type="application/pdf",
        filename=pdf_filename,
    )
    register_glance_part("glance_case_file", 95, "performance/case_file_action.html", glance_part, area=SIDE)
