"""Pages where performance officers manage assessment templates (PERMISSIONS.md: "Manage
assessment templates" — performance officers only, everyone else 403): the templates and their
versions, uploading or typing a template's JSON (every problem listed, naming its section), a
preview of a version as a worker sees the form, publishing, making a new version, retiring a
version and discarding a draft.

Thin: assessments.selectors_templates reads (and checks the role), assessments.services_templates
holds the rules; these views parse, call and redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms_templates import FILE_FIELD, TEXT_FIELD, TemplateJsonForm
from assessments.kinds import KIND_LABELS, SCALE_VIEWPOINTS, THREE_COLUMNS, is_prefilled
from assessments.models import AssessmentTemplate, TemplateStatus
from assessments.schema import template_json
from assessments.selectors_templates import (
    may_manage_templates,
    template_get_for_manage,
    template_list_for_manage,
    template_versions,
)
from assessments.services_templates import (
    NOT_ALLOWED,
    DraftExists,
    template_create,
    template_discard_draft,
    template_new_version,
    template_publish,
    template_retire,
    template_update_draft,
)
from casework.core.access import require_role
from casework.core.errors import DomainError
from casework.core.forms import error_summary_params
from casework.core.models import Role


def register_navigation() -> None:
    """ "Assessment templates" in the menu, for performance officers (the only role that manages them)."""
    from casework.core import navigation

    navigation.register(
        order=60,
        label="Assessment templates",
        url_name="assessments:template_list",
        section="assessment-templates",
        visible_to=may_manage_templates,
    )


def _manager_only(request: HttpRequest) -> None:
    require_role(request.user, Role.PERFORMANCE_OFFICER, message=NOT_ALLOWED)


def template_url(template: AssessmentTemplate, name: str = "template_detail") -> str:
    return reverse(f"assessments:{name}", kwargs={"key": template.key, "version": template.version})


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """Every template with its versions: which one new assessments use, drafts, retired versions."""
    families = template_list_for_manage(user=request.user)
    return render(request, "assessments/templates/list.html", {"title": "Assessment templates", "families": families})


# --- Upload or type the JSON --------------------------------------------------------------------


def _json_page(request: HttpRequest, form: TemplateJsonForm, **context: Any) -> HttpResponse:
    text_errors = form[TEXT_FIELD].errors if form.is_bound else []
    if len(text_errors) > 1:
        text_error = {"text": f"The template has {len(text_errors)} problems, listed at the top of the page"}
    else:
        text_error = {"text": text_errors[0]} if text_errors else None
    file_errors = form[FILE_FIELD].errors if form.is_bound else []
    if len(file_errors) > 1:
        file_error = {"text": f"The file has {len(file_errors)} problems, listed at the top of the page"}
    else:
        file_error = {"text": file_errors[0]} if file_errors else None
    context |= {
        "form_errors": error_summary_params(form),
        "file_field": {
            "id": FILE_FIELD,
            "name": FILE_FIELD,
            "label": {"text": form.fields[FILE_FIELD].label, "classes": "govuk-label--s"},
            "hint": {"text": form.fields[FILE_FIELD].help_text},
            "errorMessage": file_error,
            "attributes": {"accept": ".json,application/json"},
        },
        "text_field": {
            "id": TEXT_FIELD,
            "name": TEXT_FIELD,
            "label": {"text": form.fields[TEXT_FIELD].label, "classes": "govuk-label--s"},
            "value": form[TEXT_FIELD].value() or "",
            "rows": 30,
            "spellcheck": False,
            "classes": "govuk-!-font-size-16",
            "errorMessage": text_error,
        },
        "kinds": [(kind, label) for kind, label in KIND_LABELS.items()],
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "assessments/templates/form.html", context, status=status)


def _save(request: HttpRequest, form: TemplateJsonForm, save: Any) -> tuple[AssessmentTemplate | None, Any]:
    """Call the service with the JSON sent; its problems go back on the form (nothing saved)."""
    try:
        return save(form.cleaned_data["json"]), None
    except DraftExists as error:
        form.add_error(form.cleaned_data.get("source") or TEXT_FIELD, str(error))
        return None, error.draft
    except ValidationError as error:
        form.add_template_errors(error)
    except DomainError as error:
        form.add_error(None, str(error))
    return None, None


@require_http_methods(["GET", "POST"])
def template_new(request: HttpRequest) -> HttpResponse:
    """Add a template, or the next version of one, from its JSON: it is saved as a draft."""
    _manager_only(request)
    form = TemplateJsonForm(request.POST or None, request.FILES or None)
    existing_draft = None
    if request.method == "POST" and form.is_valid():
        template, existing_draft = _save(request, form, lambda data: template_create(user=request.user, data=data))
        if template is not None:
            messages.success(request, f"Version {template.version} of {template.name} is saved as a draft")
            return redirect(template_url(template))
    return _json_page(
        request,
        form,
        title="Add an assessment template",
        caption="Assessment templates",
        back_url=reverse("assessments:template_list"),
        submit="Save as a draft",
        existing_draft=existing_draft,
        intro=(
            "The template is saved as a draft, which you can preview before publishing it. If its key is "
            "already used, it becomes the next version of that template."
        ),
    )


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Change a draft's JSON (a published version is never changed: make a new version instead)."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    if template.status != TemplateStatus.DRAFT:
        messages.info(request, "A published version never changes: make a new version to change it")
        return redirect(template_url(template))
    form = TemplateJsonForm(request.POST or None, request.FILES or None, initial={TEXT_FIELD: template_json(template)})
    if request.method == "POST" and form.is_valid():
        save = lambda data: template_update_draft(user=request.user, template=template, data=data)  # noqa: E731
        saved, _ = _save(request, form, save)
        if saved is not None:
            messages.success(request, f"The draft of version {saved.version} is saved")
            return redirect(template_url(saved))
    return _json_page(
        request,
        form,
        title="Change the draft",
        caption=f"{template.name}, version {template.version}",
        back_url=template_url(template),
        submit="Save the draft",
        existing_draft=None,
        intro="Change the JSON below, or upload a file to replace it. The key stays the same across versions.",
    )


# --- One version ----------------------------------------------------------------------------------


def preview_sections(template: AssessmentTemplate) -> list[dict[str, Any]]:
    """The sections in order as the assessment form lays them out, for the preview."""
    shown = []
    for position, section in enumerate(template.sections, start=1):
        kind = section.get("kind", "")
        entry = {
            "position": position,
            "section": section,
            "kind_label": KIND_LABELS.get(kind, kind),
            "prefilled": is_prefilled(kind),
            "id": f"preview-{position}",
        }
        if kind == "three_columns":
            entry["columns"] = THREE_COLUMNS
        if kind == "scale":
            wanted = section.get("viewpoints") or [v for v, _ in SCALE_VIEWPOINTS]
            entry["viewpoints"] = [(v, label) for v, label in SCALE_VIEWPOINTS if v in wanted]
            anchors = section.get("anchors") or {}
            entry["anchor_text"] = "; ".join(f"{point}: {words}" for point, words in anchors.items())
        shown.append(entry)
    return shown


@require_GET
def template_detail(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """A version's details, what may be done with it, and its sections as a worker will see them."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    versions = template_versions(key=key)
    context = {
        "title": f"{template.name}, version {template.version}",
        "template": template,
        "draft": next((v for v in versions if v.status == TemplateStatus.DRAFT), None),
        "latest_published": next((v for v in versions if v.status == TemplateStatus.PUBLISHED), None),
        "sections": preview_sections(template),
    }
    return render(request, "assessments/templates/detail.html", context)


@require_GET
def template_download(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """A version's JSON as a file, to edit and upload as the next version."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    response = HttpResponse(template_json(template) + "\n", content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{template.key}-v{template.version}.json"'
    return response


def _confirm_page(request: HttpRequest, template: AssessmentTemplate, **context: Any) -> HttpResponse:
    context = {"template": template, "back_url": template_url(template), **context}
    return render(request, "assessments/templates/confirm.html", context, status=context.pop("status", 200))


def _act(
    request: HttpRequest, template: AssessmentTemplate, action: Any, done: str, **page: Any
) -> HttpResponse | None:
    """GET: ask to confirm. POST: do it; a refusal is shown on the same page (nothing changed)."""
    if request.method == "POST":
        try:
            action(user=request.user, template=template)
        except DomainError as error:
            summary = {"titleText": "There is a problem", "errorList": [{"text": str(error), "href": "#confirm"}]}
            return _confirm_page(request, template, form_errors=summary, status=400, **page)
        messages.success(request, done)
        return None
    return _confirm_page(request, template, **page)


@require_http_methods(["GET", "POST"])
def template_publish_view(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Publish a draft: new assessments use it; those begun on an earlier version keep theirs."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    earlier = next((v for v in template_versions(key=key) if v.status == TemplateStatus.PUBLISHED), None)
    response = _act(
        request,
        template,
        template_publish,
        f"Version {template.version} of {template.name} is published: new assessments use it",
        title=f"Publish version {template.version} of {template.name}?",
        body=[
            "Once published, this version cannot be changed. To change it later, you make a new version.",
            (
                f"New assessments will use it instead of version {earlier.version}. Assessments already "
                f"begun on version {earlier.version} keep it."
            )
            if earlier
            else "Workers can then start assessments with it.",
        ],
        button="Publish",
        warning=False,
    )
    return response or redirect(template_url(template))


@require_http_methods(["GET", "POST"])
def template_retire_view(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Retire a published version: no new assessment starts on it; those begun on it keep it."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    response = _act(
        request,
        template,
        template_retire,
        f"Version {template.version} of {template.name} is retired",
        title=f"Retire version {template.version} of {template.name}?",
        body=[
            "No new assessment will start on this version. Assessments already begun on it keep it, "
            "and it stays readable.",
            "If an earlier version is still published, new assessments use that one instead.",
        ],
        button="Retire this version",
        warning=True,
    )
    return response or redirect(template_url(template))


@require_http_methods(["GET", "POST"])
def template_discard_view(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Discard a draft (never a published version)."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    response = _act(
        request,
        template,
        template_discard_draft,
        f"The draft of version {template.version} of {template.name} is discarded",
        title=f"Discard the draft of version {template.version}?",
        body=["The draft is deleted. Published versions of the template are not affected."],
        button="Discard the draft",
        warning=True,
    )
    return response or redirect("assessments:template_list")


@require_POST
def template_new_version_view(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Copy a published version into a new draft, then change it."""
    template = template_get_for_manage(user=request.user, key=key, version=version)
    try:
        draft = template_new_version(user=request.user, template=template)
    except DraftExists as error:
        messages.info(request, str(error))
        return redirect(template_url(error.draft))
    messages.success(
        request, f"Version {draft.version} is a copy of version {template.version}: change it, then publish it"
    )
    return redirect(template_url(draft, "template_edit"))
