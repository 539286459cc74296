"""What every people and families page shares: reaching a record for reading (404 outside
access) or for changing (403 for a role or team that may only read), and drawing a form."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.core.forms import error_summary_params
from casework.core.pages import govuk_fields
from families import selectors
from families.models import Family, Person

READ_ONLY = "Your team can read this record but not change it, or your role cannot change records."


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def person_for_change(request: HttpRequest, person_id: UUID | str) -> Person:
    """A person the user may open (else 404) and change (else 403)."""
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if not selectors.person_can_write(user=request.user, person=person):
        raise PermissionDenied(READ_ONLY)
    return person


def family_for_change(request: HttpRequest, family_id: UUID | str) -> Family:
    """A family the user may open (else 404) and change (else 403)."""
    family = selectors.family_get_for_user(user=request.user, family_id=family_id)
    if not selectors.family_can_write(user=request.user, family=family):
        raise PermissionDenied(READ_ONLY)
    return family


def full_page_for_errors(request: HttpRequest, response: HttpResponse, form: forms.Form) -> HttpResponse:
    """htmx swaps only a page's results; when what was typed has errors, load the whole page
    instead, so the GOV.UK error summary shows (and takes focus) as it does without JavaScript."""
    if getattr(request, "htmx", False) and form.is_bound and form.errors:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.get_full_path()
    return response


def render_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    back_url: str,
    caption: str = "",
    submit: str = "Save",
    intro: str = "",
    template: str = "components/form_page.html",
    fields: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page; 400 when what was sent has errors (shown in the GOV.UK error summary)."""
    context = {
        "title": title,
        "caption": caption,
        "intro": intro,
        "back_url": back_url,
        "submit": submit,
        "form": form,
        "fields": govuk_fields(form, fields),
        "form_errors": error_summary_params(form),
        **(extra or {}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
