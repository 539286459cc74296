"""Recording a contact, step 2: which children. Search before create, inline: a child found by
name and date of birth is added (a record outside the team's access too, unless restricted); a
child nobody has recorded is created through the families create-person flow (its form, its
duplicate check), and the worker comes back to the contact with the child added."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_http_methods

from casework.core.forms import error_summary_params
from casework.core.pages import govuk_fields
from casework.forms_frontdoor import (
    ChildSearchForm,
)
from casework.presenters.frontdoor import child_text
from casework.views.frontdoor.draft import (
    CAPTION,
    ContactDraft,
    after_step,
    draft_children,
    recorder,
    started,
    step_url,
)
from families import presenters as family_presenters
from families import selectors as family_selectors
from families import views as family_views
from families.models import Person
from families.views.common import full_page_for_errors

# --- Step 2: which children (search before create) ----------------------------------------


def _searched(params: Any) -> bool:
    return any(params.get(k) for k in ("q", "date_of_birth-day", "date_of_birth-month", "date_of_birth-year"))


@require_http_methods(["GET", "POST"])
def contact_new_children(request: HttpRequest, token: UUID) -> HttpResponse:
    """Search by name and date of birth, add a found child (or create one), then continue."""
    recorder(request)
    draft = started(request, token)
    if draft is None:
        return redirect(step_url("details", token))
    if request.method == "POST":
        return _children_post(request, draft)
    search = ChildSearchForm(request.GET if _searched(request.GET) or "search" in request.GET else None)
    return full_page_for_errors(request, _children_page(request, draft, search), search)


def _person_posted(request: HttpRequest) -> Person:
    try:
        person_id = UUID(request.POST.get("person", ""))
    except ValueError as error:
        raise Http404("No such person") from error
    # Anyone the search showed may be named, unless a restricted record the user may not open.
    return family_selectors.person_get_linkable(user=request.user, person_id=person_id)


def _children_post(request: HttpRequest, draft: ContactDraft) -> HttpResponse:
    action = request.POST.get("action", "")
    if action in ("add", "remove"):
        person = _person_posted(request)
        ids = [i for i in draft.child_ids if i != str(person.pk)]
        if action == "add":
            ids.append(str(person.pk))
            messages.success(request, f"{person.full_name} is added to the contact")
        else:
            messages.success(request, f"{person.full_name} is removed from the contact")
        draft.set_children(ids)
        draft.save()
        return redirect(request.get_full_path())
    if not draft_children(request, draft):
        errors = {
            "titleText": "There is a problem",
            "errorList": [{"text": "Add at least one child: search for them first", "href": "#q"}],
        }
        return _children_page(request, draft, ChildSearchForm(), errors=errors, status=400)
    return after_step(request, draft, "children")


def _children_page(
    request: HttpRequest,
    draft: ContactDraft,
    search: ChildSearchForm,
    errors: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    added = draft_children(request, draft)
    results, create_params = None, None
    if search.is_bound and search.is_valid():
        found = family_selectors.person_search(
            user=request.user, q=search.cleaned_data["q"], date_of_birth=search.cleaned_data["date_of_birth"]
        )
        results = family_presenters.search_lines(found)
        create_params = search.prefill()
    context = {
        "title": "Which children is the contact about?",
        "caption": CAPTION,
        "token": draft.token,
        "change": bool(request.GET.get("change")),
        "added": [{"person": p, "text": child_text(p, True), "dob": family_presenters.dob_text(p)} for p in added],
        "added_ids": {str(p.pk) for p in added},
        "search": search,
        "fields": govuk_fields(search),
        "results": results,
        "create_params": create_params,
        "form_errors": errors or error_summary_params(search),
        "back_url": step_url("details", draft.token, change=bool(request.GET.get("change"))),
    }
    if search.is_bound and search.errors:
        status = 400
    return render(request, "casework/frontdoor/record_children.html", context, status=status)


@require_http_methods(["GET", "POST"])
def contact_new_child_create(request: HttpRequest, token: UUID) -> HttpResponse:
    """Create a child nobody has recorded, through the families create-person flow (its form,
    its duplicate check), then come back to the contact with the child added."""
    recorder(request)
    draft = started(request, token)
    if draft is None:
        return redirect(step_url("details", token))
    if request.method == "GET" and not any(request.GET.values()):
        messages.info(request, "Search for the child first, so that nobody is recorded twice.")
        return redirect(step_url("children", token))
    response = family_views.person_create(request)
    person_id = _person_created(response)
    if person_id is None:
        return response  # the form again (with its errors), or "Is it one of these people?"
    person = family_selectors.person_get_linkable(user=request.user, person_id=person_id)
    draft.set_children([i for i in draft.child_ids if i != str(person.pk)] + [str(person.pk)])
    draft.save()
    return redirect(step_url("children", token))


def _person_created(response: HttpResponse) -> Any:
    """The person the families flow created (or chose among close matches): it ends by
    redirecting to their record."""
    if response.status_code != 302:
        return None
    try:
        match = resolve(urlsplit(response["Location"]).path)
    except Resolver404:
        return None
    return match.kwargs.get("person_id") if match.view_name == "families:person_detail" else None
