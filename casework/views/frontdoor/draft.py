"""The contact being recorded, kept between its steps as the user's own server-side draft
(casework.core.drafts), keyed by a token in the address: which step comes next, which are still
unanswered, and the contacts a user started and has not saved."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casework import selectors
from casework.core.access import WRITING_ROLES, require_role
from casework.core.codes import REFERRAL_SOURCE
from casework.core.drafts import draft_discard, draft_initial, draft_save
from casework.core.models import Draft
from families import selectors as family_selectors
from families.models import Family, Person

FORM_KEY = "front_door_contact"
CONCERNS_KEY = "front_door_concerns"
CAPTION = "Record a contact"
CANNOT_RECORD = "Your role cannot record contacts. Search shows who is known and which team holds them."


class ContactDraft:
    """The contact being recorded: the user's own draft, one per token."""

    def __init__(self, request: HttpRequest, token: UUID | str) -> None:
        self.request, self.token = request, str(token)
        self.data: dict[str, Any] = draft_initial(request, FORM_KEY, self.token)

    @property
    def child_ids(self) -> list[str]:
        value = self.data.get("children") or []
        return [value] if isinstance(value, str) else list(value)

    def set_children(self, ids: list[str]) -> None:
        self.data["children"] = ids
        self.data.pop("family", None)  # other children may belong to other families: ask again

    def save(self) -> None:
        draft_save(user=self.request.user, form_key=FORM_KEY, record_key=self.token, data=self.data)

    def discard(self) -> None:
        draft_discard(user=self.request.user, form_key=FORM_KEY, record_key=self.token)
        draft_discard(user=self.request.user, form_key=CONCERNS_KEY, record_key=self.token)


def step_url(step: str, token: UUID | str, change: bool = False) -> str:
    url = reverse(f"casework:contact_new_{step}", kwargs={"token": token})
    return f"{url}?change=1" if change else url


def recorder(request: HttpRequest) -> None:
    require_role(request.user, *WRITING_ROLES, message=CANNOT_RECORD)


def started(request: HttpRequest, token: UUID) -> ContactDraft | None:
    """The draft of a contact the user has started, or None (then they start again)."""
    draft = ContactDraft(request, token)
    if not draft.data:
        messages.info(request, "That contact was saved, discarded or never started. Start it here.")
        return None
    return draft


def draft_children(request: HttpRequest, draft: ContactDraft) -> list[Person]:
    """The children added so far that the user may still name (a record restricted since is dropped)."""
    children = []
    for person_id in draft.child_ids:
        try:
            children.append(family_selectors.person_get_linkable(user=request.user, person_id=person_id))
        except (Http404, ValidationError):
            continue
    return children


def child_families(request: HttpRequest, children: list[Person]) -> list[Family]:
    if not children:
        return []
    return list(selectors.child_families_for_user(user=request.user, child_ids=[c.pk for c in children]))


def missing_step(request: HttpRequest, draft: ContactDraft) -> str | None:
    """The first step not answered yet, or None when the contact can be checked and saved."""
    data = draft.data
    if not data.get("received_at") or not data.get("source"):
        return "details"
    children = draft_children(request, draft)
    if not children:
        return "children"
    if "family" not in data and child_families(request, children):
        return "family"
    if not data.get("concerns") or not data.get("consent") or not data.get("parents_aware"):
        return "concerns"
    return None


def after_step(request: HttpRequest, draft: ContactDraft, step: str) -> HttpResponse:
    """The next step; when an answer was changed from the check page, back there (or to
    whatever a change made necessary, such as the family for a newly added child)."""
    if request.GET.get("change"):
        return redirect(step_url(missing_step(request, draft) or "check", draft.token))
    order = ["details", "children", "family", "concerns", "check"]
    following = order[order.index(step) + 1]
    if following == "family" and not child_families(request, draft_children(request, draft)):
        following = "concerns"
    return redirect(step_url(following, draft.token))


def started_contacts(request: HttpRequest) -> list[dict[str, Any]]:
    """Contacts the user began recording and has not saved (their own drafts), newest first."""
    if request.user.role not in WRITING_ROLES:
        return []
    rows = []
    for draft in Draft.objects.filter(user=request.user, form_key=FORM_KEY).order_by("-updated_at")[:10]:
        try:
            token = UUID(draft.record_key)
        except ValueError:
            continue
        children = draft.data.get("children") or []
        count = 1 if isinstance(children, str) else len(children)
        rows.append(
            {
                "saved_at": draft.updated_at,
                "source": dict(REFERRAL_SOURCE).get(draft.data.get("source", ""), "Source not chosen yet"),
                "children": f"{count} {'child' if count == 1 else 'children'}",
                "url": step_url("check", token),
                "discard_url": step_url("discard", token),
            }
        )
    return rows
