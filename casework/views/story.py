"""The child's own story (My story) pages and its files: their words, drawings, photos and
recorded "digital stories", each attributed to who wrote or made it.

Reading follows "Read a child's record, chronology, drawings" (performance officers never see
narrative: 403); adding follows "Record visits, notes, story entries, documents" (write access
held by a team that is not the front door); files are served only through `story_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework.core.access_log import log_access
from casework.core.forms import error_summary_params, input_params
from casework.core.models import User
from casework.core.models.access import AccessAction
from casework.core.pages import add_service_errors, govuk_fields
from casework.core.uploads import check_upload, safe_file_response
from casework.forms_story import WITH, StoryEntryForm
from casework.models import StoryEntry, StoryKind
from casework.selectors import can_record
from casework.services import visits as visit_services
from families.models import Family, Person
from families.presenters import person_bar
from families.selectors import person_get_for_user, person_list_for_user, sees_narrative

NO_NARRATIVE = "Your role sees structured fields only: the child's story and documents are not shown to it."
CANNOT_RECORD = "Only the team holding the child's record can add to it; your role or team cannot."
INLINE_FAMILIES = ("image/", "audio/", "video/")
SHOWN_IMAGES = ("image/jpeg", "image/png", "image/gif", "image/webp")  # what browsers draw
MADE = {
    StoryKind.WORDS: "Written",
    StoryKind.DRAWING: "Drawn",
    StoryKind.PHOTO: "Taken",
    StoryKind.AUDIO: "Recorded",
    StoryKind.VIDEO: "Made",
    StoryKind.DOCUMENT: "Made",
}


# --- Rules shared with the document pages -------------------------------------------------


def require_narrative(user: User) -> None:
    """Performance officers see a child's structured fields only, never the story or files."""
    if not sees_narrative(user):
        raise PermissionDenied(NO_NARRATIVE)


def require_record(user: User, *, person: Person | None = None, family: Family | None = None) -> None:
    if not can_record(user, person=person, family=family):
        raise PermissionDenied(CANNOT_RECORD)


def open_stored(field_file: Any) -> Any:
    """A stored file for reading; a file missing from storage is a 404, never a 500."""
    try:
        return field_file.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("The file is missing from storage") from missing


def file_params(bound: forms.BoundField) -> dict[str, Any]:
    """A file field as the GOV.UK file upload component (no value: browsers never refill it)."""
    params = input_params(bound)
    params.pop("value", None)
    return params


def upload_page(request: HttpRequest, template: str, form: forms.Form, **context: Any) -> HttpResponse:
    """A form with a file: GOV.UK fields, the file upload, and 400 when what was sent has errors."""
    names = [name for name in form.fields if name != "file"]
    context.update(
        form=form,
        fields=govuk_fields(form, names),
        file_field=file_params(form["file"]),
        form_errors=error_summary_params(form),
    )
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


# --- Reading ---------------------------------------------------------------------------------


def story_for_child(*, person: Person) -> QuerySet[StoryEntry]:
    """The child's story, newest first (the person is already scoped to the user)."""
    return StoryEntry.objects.filter(child=person).select_related("recorded_by").order_by("-occurred_on", "-created_at")


def story_entry_get_for_user(*, user: User, entry_id: UUID) -> StoryEntry:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    visible = person_list_for_user(user=user).values("id")
    return get_object_or_404(StoryEntry.objects.select_related("child").filter(child_id__in=visible), pk=entry_id)


@dataclass(frozen=True)
class StoryLine:
    entry: StoryEntry

    @property
    def attribution(self) -> str:
        """ "Written by Ava", or "Drawn with Ava by Sam Okafor"."""
        verb = MADE.get(self.entry.kind, "Made")
        child, _, helper = self.entry.attributed_to.partition(WITH)
        return f"{verb} with {child} by {helper}" if helper else f"{verb} by {child}"

    @property
    def media(self) -> str:
        content_type = self.entry.content_type
        if not self.entry.file:
            return ""
        if content_type in SHOWN_IMAGES:
            return "image"
        return next((f.rstrip("/") for f in ("audio/", "video/") if content_type.startswith(f)), "file")

    @property
    def file_url(self) -> str:
        return reverse("casework:story_file", kwargs={"entry_id": self.entry.pk}) if self.entry.file else ""


@require_GET
def story(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """The child's story: their entries newest first, pictures and recordings shown in place."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    require_narrative(request.user)
    lines = [StoryLine(entry) for entry in story_for_child(person=person)]
    log_access(request, what="My story", people=[person])
    context = {
        "title": f"{person.full_name}: my story",
        "person": person,
        "bar": person_bar(person),
        "lines": lines,
        "can_record": can_record(request.user, person=person),
    }
    return render(request, "casework/story/story.html", context)


@require_http_methods(["GET", "POST"])
def story_add(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Add to the child's story: their words and/or a file, attributed to who wrote or made it."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    require_narrative(request.user)
    require_record(request.user, person=person)
    form = StoryEntryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        child_name=person.known_as or person.first_name,
        helper_name=request.user.display_name,
    )
    if form.is_bound and form.is_valid() and (entry := _add_entry(request, form, person)) is not None:
        messages.success(request, f"\u201c{entry.title}\u201d is added to {person.display_name}'s story")
        return redirect("casework:story", person_id=person.pk)
    log_access(request, what="Add to my story", people=[person])
    return upload_page(
        request,
        "casework/story/story_add.html",
        form,
        title=f"Add to {person.display_name}'s story",
        person=person,
        back_url=reverse("casework:story", kwargs={"person_id": person.pk}),
    )


def _add_entry(request: HttpRequest, form: StoryEntryForm, person: Person) -> StoryEntry | None:
    data = form.cleaned_data
    kind = data["kind"]
    upload = None
    try:
        if data["file"] is not None:
            if kind == StoryKind.WORDS:
                raise ValidationError({"file": ["Words have no file: to add a file, choose what kind of file it is"]})
            upload = check_upload(data["file"], allowed=visit_services.STORY_FILE_TYPES[kind])
        return visit_services.story_add(
            by=request.user,
            child=person,
            kind=kind,
            title=data["title"],
            attributed_to=form.attributed_to(),
            occurred_on=data["occurred_on"],
            text=data["text"],
            upload=upload,
        )
    except ValidationError as error:
        add_service_errors(form, error, aliases={"attributed_to": "made_by"})
        return None


@require_GET
def story_file(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    """A story entry's file, through the same rules as the story (and logged as a download).
    Pictures and recordings may show in the page; anything else is a download."""
    entry = story_entry_get_for_user(user=request.user, entry_id=entry_id)
    require_narrative(request.user)
    if not entry.file:
        raise Http404("This entry has no file")
    inline = entry.content_type.startswith(INLINE_FAMILIES) and request.GET.get("download") != "1"
    log_access(request, what=f"My story file: {entry.title}", people=[entry.child], action=AccessAction.DOWNLOAD)
    return safe_file_response(
        open_stored(entry.file), filename=entry.file_name, content_type=entry.content_type, inline=inline
    )
