"""Recording a contact in short steps: when and from whom, which children (search before create,
inline), the family, the concerns in the referrer's words, then check and save.

What is typed is kept between steps as the user's own server-side draft (casework.core.drafts),
keyed by a token in the address, so nothing is lost when the worker goes through the families
create-person flow for a child nobody has recorded yet and comes back with the child added; the
concerns autosave as they are typed. The service decides which front-door queue it lands in.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casework import selectors, services
from casework.core.codes import REFERRAL_SOURCE
from casework.core.drafts import draft_autosave, draft_discard
from casework.core.forms import error_summary_params
from casework.forms_frontdoor import (
    PARENTS_AWARE,
    PARENTS_AWARE_VALUES,
    ConcernsForm,
    ContactDetailsForm,
    FamilyChoiceForm,
    draft_moment,
)
from casework.models import Consent
from casework.presenters.frontdoor import child_text, datetime_uk
from casework.services.frontdoor import default_front_door_team
from casework.views.frontdoor.draft import (
    CAPTION,
    CONCERNS_KEY,
    ContactDraft,
    after_step,
    child_families,
    draft_children,
    missing_step,
    recorder,
    started,
    step_url,
)
from families.models import Family, Person
from families.views.common import posted, render_form

STEP_OF_FIELD = {
    "received_at": "details",
    "source": "details",
    "referrer_name": "details",
    "anonymous": "details",
    "children": "children",
    "concerns": "concerns",
    "parents_aware": "concerns",
    "consent": "concerns",
    "consent_reason": "concerns",
}


# --- Step 1: when, and from whom -------------------------------------------------------------


@require_GET
def contact_new(request: HttpRequest) -> HttpResponse:
    """Start recording a contact (any social worker or team manager)."""
    recorder(request)
    return redirect(step_url("details", uuid4()))


@require_http_methods(["GET", "POST"])
def contact_new_details(request: HttpRequest, token: UUID) -> HttpResponse:
    recorder(request)
    draft = ContactDraft(request, token)
    form = ContactDetailsForm(posted(request), initial=ContactDetailsForm.initial_from(draft.data))
    if form.is_bound and form.is_valid():
        draft.data.update(form.to_draft())
        draft.save()
        return after_step(request, draft, "details")
    return render_form(
        request,
        form,
        title="When the contact came in, and who made it",
        caption=CAPTION,
        back_url=reverse("casework:frontdoor_queue"),
        submit="Continue",
        template="casework/frontdoor/record_details.html",
    )


# --- Step 3: the family ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_new_family(request: HttpRequest, token: UUID) -> HttpResponse:
    """Which of the children's families the contact is about (optional: none of these)."""
    recorder(request)
    draft = started(request, token)
    if draft is None:
        return redirect(step_url("details", token))
    families = child_families(request, draft_children(request, draft))
    if not families:
        draft.data["family"] = FamilyChoiceForm.NONE
        draft.save()
        return after_step(request, draft, "family")
    choices = [(str(f.pk), f.name) for f in families]
    form = FamilyChoiceForm(posted(request), families=choices, initial={"family": draft.data.get("family")})
    form.fields["family"].govuk = {  # type: ignore[attr-defined]
        "fieldset": {"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}}
    }
    if form.is_bound and form.is_valid():
        draft.data["family"] = form.cleaned_data["family"]
        draft.save()
        return after_step(request, draft, "family")
    return render_form(
        request,
        form,
        title="Which family is the contact about?",
        caption=CAPTION,
        back_url=step_url("children", token),
        submit="Continue",
        extra={"heading_in_fields": True},
    )


# --- Step 4: the concerns, the parents, consent ----------------------------------------------


@require_http_methods(["GET", "POST"])
def contact_new_concerns(request: HttpRequest, token: UUID) -> HttpResponse:
    """The concerns in the referrer's words (autosaved as typed), whether the parents know,
    and consent to share information (with the reason unless it was given)."""
    recorder(request)
    draft = started(request, token)
    if draft is None:
        return redirect(step_url("details", token))
    initial = {k: draft.data.get(k, "") for k in ("concerns", "parents_aware", "consent", "consent_reason")}
    form = ConcernsForm(posted(request), initial=initial)
    autosave = draft_autosave(request, form, form_key=CONCERNS_KEY, record_key=draft.token)
    if form.is_bound and form.is_valid():
        draft.data.update(form.to_draft())
        draft.save()
        draft_discard(user=request.user, form_key=CONCERNS_KEY, record_key=draft.token)
        return after_step(request, draft, "concerns")
    context = {
        "title": "The concerns",
        "caption": CAPTION,
        "form": form,
        "form_errors": error_summary_params(form),
        "autosave": autosave,
        "back_url": step_url(
            "family" if child_families(request, draft_children(request, draft)) else "children", token
        ),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casework/frontdoor/record_concerns.html", context, status=status)


# --- Check and save -------------------------------------------------------------------------


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "received_at": draft_moment(data),
        "source": data.get("source", ""),
        "anonymous": bool(data.get("anonymous")),
        "referrer_name": data.get("referrer_name", ""),
        "referrer_agency": data.get("referrer_agency", ""),
        "referrer_contact": data.get("referrer_contact", ""),
        "concerns": data.get("concerns", ""),
        "parents_aware": PARENTS_AWARE_VALUES.get(data.get("parents_aware", "")),
        "consent": data.get("consent", ""),
        "consent_reason": data.get("consent_reason", ""),
    }


def _chosen_family(request: HttpRequest, draft: ContactDraft, children: list[Person]) -> Family | None:
    chosen = draft.data.get("family", "")
    return next((f for f in child_families(request, children) if str(f.pk) == chosen), None)


def _check_rows(draft: ContactDraft, children: list[Person], family: Family | None) -> list[dict[str, Any]]:
    data, token = draft.data, draft.token
    if data.get("anonymous"):
        referrer = "Anonymous" + (f" ({data['referrer_agency']})" if data.get("referrer_agency") else "")
    else:
        referrer = "\n".join(
            data.get(k) for k in ("referrer_name", "referrer_agency", "referrer_contact") if data.get(k)
        )
    consent = dict(Consent.choices).get(data.get("consent", ""), "")
    if data.get("consent_reason"):
        consent += f"\n{data['consent_reason']}"
    rows = [
        ("Received", datetime_uk(draft_moment(data)), "details"),
        ("Who the contact came from", dict(REFERRAL_SOURCE).get(data.get("source", ""), ""), "details"),
        ("Referrer", referrer, "details"),
        ("Children", "\n".join(child_text(c, True) for c in children), "children"),
        ("Family", family.name if family else "None chosen", "family"),
        ("The concerns, in the referrer's words", data.get("concerns", ""), "concerns"),
        ("Do the parents know?", dict(PARENTS_AWARE).get(data.get("parents_aware", ""), ""), "concerns"),
        ("Consent to share information", consent, "concerns"),
    ]
    return [{"label": label, "value": value, "url": step_url(step, token, change=True)} for label, value, step in rows]


@require_http_methods(["GET", "POST"])
def contact_new_check(request: HttpRequest, token: UUID) -> HttpResponse:
    """Check the answers, then save the contact into a front-door queue."""
    recorder(request)
    draft = started(request, token)
    if draft is None:
        return redirect(step_url("details", token))
    missing = missing_step(request, draft)
    if missing:
        return redirect(step_url(missing, token))
    children = draft_children(request, draft)
    family = _chosen_family(request, draft, children)
    errors = None
    if request.method == "POST":
        try:
            contact = services.contact_record(
                by=request.user, children=children, data=_service_data(draft.data), family=family
            )
        except ValidationError as error:
            errors = _check_errors(error, draft.token)
        else:
            draft.discard()
            return redirect("casework:contact_recorded", contact_id=contact.pk)
    try:
        team = default_front_door_team(request.user).name
    except ValidationError:
        team = ""
    context = {
        "title": "Check the contact before saving it",
        "caption": CAPTION,
        "rows": _check_rows(draft, children, family),
        "team": team,
        "token": draft.token,
        "form_errors": errors,
        "back_url": step_url("concerns", token),
    }
    return render(request, "casework/frontdoor/record_check.html", context, status=400 if errors else 200)


def _check_errors(error: ValidationError, token: str) -> dict[str, Any]:
    """The service's errors, each linking to the step where it can be put right."""
    items = []
    for name, texts in (error.message_dict if hasattr(error, "error_dict") else {"": error.messages}).items():
        step = STEP_OF_FIELD.get(name)
        for text in texts:
            items.append({"text": text, "href": step_url(step, token, change=True) if step else "#main-content"})
    return {"titleText": "There is a problem", "errorList": items}


@require_POST
def contact_new_discard(request: HttpRequest, token: UUID) -> HttpResponse:
    """Throw away a contact the user started and will not finish."""
    recorder(request)
    ContactDraft(request, token).discard()
    messages.success(request, "The contact you started has been discarded")
    return redirect("casework:frontdoor_queue")


@require_GET
def contact_recorded(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """The confirmation, with a link to the contact (when the recorder's team may open it)."""
    contact = selectors.contact_get_recorded_by(user=request.user, contact_id=contact_id)
    visible = selectors.contact_list_for_user(user=request.user).filter(pk=contact.pk).exists()
    context = {
        "title": "Contact recorded",
        "contact": contact,
        "visible": visible,
        "can_decide": visible and selectors.contact_can_change(user=request.user, contact=contact),
        "in_queue": contact.team_id in selectors.front_door_team_ids(user=request.user),
    }
    return render(request, "casework/frontdoor/recorded.html", context)
