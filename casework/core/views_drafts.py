"""The draft endpoints: autosave.mjs posts a form's fields here; a user reads or discards only
their own drafts. Sign-in is required (LoginRequiredMiddleware) and CSRF applies; saving counts
as activity for the idle timeout, because typing is activity."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from casework.core.drafts import DRAFT_MAX_BYTES, DraftTooLarge, draft_discard, draft_get, draft_save
from casework.core.errors import DomainError

# The form's own fields travel beside these (names no form of ours uses).
FORM_KEY, RECORD_KEY, BASE_VERSION = "draft_form_key", "draft_record_key", "draft_base_version"
# Room for the largest draft once form-encoded (which can triple non-ASCII text).
MAX_BODY_BYTES = DRAFT_MAX_BYTES * 3


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@never_cache
@require_POST
def draft_save_view(request: HttpRequest) -> HttpResponse:
    """Keep the posted fields as the user's draft: 204, or 400 / 413 saying what is wrong."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _bad("Bad request.")
    if length > MAX_BODY_BYTES:
        return _bad("This text is too long to keep as a draft.", 413)
    post = request.POST
    version = post.get(BASE_VERSION, "").strip()
    if version and not version.isdigit():
        return _bad("The version must be a whole number.")
    fields = {
        name: values[0] if len(values) == 1 else values
        for name, values in post.lists()
        if name not in (FORM_KEY, RECORD_KEY, BASE_VERSION)
    }
    try:
        draft_save(
            user=request.user,
            form_key=post.get(FORM_KEY, ""),
            record_key=post.get(RECORD_KEY, ""),
            data=fields,
            base_version=int(version) if version else None,
        )
    except DraftTooLarge as error:
        return _bad(str(error), 413)
    except DomainError as error:
        return _bad(str(error))
    return HttpResponse(status=204)


@never_cache
@require_GET
def draft_detail(request: HttpRequest) -> JsonResponse:
    """The signed-in user's own draft of a form (?form_key=...&record_key=...) as JSON, or 404."""
    draft = draft_get(
        user=request.user, form_key=request.GET.get("form_key", ""), record_key=request.GET.get("record_key", "")
    )
    if draft is None:
        return _bad("No draft.", 404)
    return JsonResponse(
        {
            "form_key": draft.form_key,
            "record_key": draft.record_key,
            "data": draft.data,
            "base_version": draft.base_version,
            "saved_at": draft.updated_at.isoformat(),
        }
    )


@require_POST
def draft_discard_view(request: HttpRequest) -> HttpResponse:
    """Throw away one's own draft ("Discard the draft" in the restored banner), then go back."""
    discarded = draft_discard(
        user=request.user, form_key=request.POST.get("form_key", ""), record_key=request.POST.get("record_key", "")
    )
    target = request.POST.get("next", "")
    hosts = {request.get_host()}
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=hosts, require_https=request.is_secure()):
        target = "casework:my_work"
    if discarded:
        messages.success(request, "Your draft was discarded")
    return redirect(target)
