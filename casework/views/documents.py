"""Documents: a versioned repository per child and per family. Uploading adds version 1,
replacing adds a version (the old ones stay downloadable), each with its SHA-256, who and when.

Reading follows the child's (or family's) record, minus performance officers (narrative: 403);
uploading follows "Record visits, notes, story entries, documents"; every page and download is
written to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casework.core.access_log import log_access
from casework.core.models import User
from casework.core.models.access import AccessAction
from casework.core.pages import add_service_errors
from casework.core.uploads import check_upload, safe_file_response
from casework.core.versioning import StaleVersion
from casework.forms_story import DocumentReplaceForm, DocumentUploadForm
from casework.models import Document, DocumentVersion
from casework.services import visits as visit_services
from casework.views.story import can_record, open_stored, require_narrative, require_record, upload_page
from families.models import Family, Person
from families.presenters import person_bar
from families.selectors import family_get_for_user, family_list_for_user, person_get_for_user, person_list_for_user

STALE = "Someone else added a version while you were choosing the file. Check the versions below, then try again."


# --- Reading -----------------------------------------------------------------------------------


def _with_versions(documents: QuerySet[Document]) -> QuerySet[Document]:
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return documents.select_related("person", "family", "created_by").prefetch_related(
        Prefetch("versions", queryset=versions)
    )


def document_list_for_subject(*, person: Person | None = None, family: Family | None = None) -> QuerySet[Document]:
    """A child's or a family's documents with their versions (the subject is already scoped)."""
    documents = Document.objects.filter(person=person) if person is not None else Document.objects.filter(family=family)
    return _with_versions(documents).order_by("category", "title")


def document_get_for_user(*, user: User, document_id: UUID) -> Document:
    # 404, not 403: a document is visible exactly when its child or family is.
    people = person_list_for_user(user=user).values("id")
    families = family_list_for_user(user=user).values("id")
    documents = Document.objects.filter(Q(person_id__in=people) | Q(family_id__in=families))
    return get_object_or_404(_with_versions(documents), pk=document_id)


@dataclass(frozen=True)
class DocumentLine:
    document: Document

    @property
    def versions(self) -> list[DocumentVersion]:
        return list(self.document.versions.all())

    @property
    def current(self) -> DocumentVersion | None:
        versions = self.versions
        return versions[0] if versions else None


def _subject(document: Document) -> dict[str, Any]:
    """Where a document belongs, for its pages: the child (with their identity bar) or the family."""
    if document.person_id:
        person = document.person
        return {
            "person": person,
            "bar": person_bar(person),
            "list_url": reverse("casework:person_documents", kwargs={"person_id": person.pk}),
            "subject_name": person.display_name,
        }
    return {
        "family": document.family,
        "list_url": reverse("casework:family_documents", kwargs={"family_id": document.family_id}),
        "subject_name": document.family.name,
    }


def _log(request: HttpRequest, document: Document, what: str, action: str = AccessAction.VIEW) -> None:
    people = [document.person] if document.person_id else _family_people(request.user, document.family)
    log_access(request, what=what, people=people, family=document.family, action=action)


def _family_people(user: User, family: Family) -> list[Person]:
    """The family's current members the user may open (a family page is a view of each of them)."""
    members = person_list_for_user(user=user).filter(memberships__family=family, memberships__left__isnull=True)
    return list(members.distinct())


@require_GET
def person_documents(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A child's documents: category, title, current version, who and when, size, SHA-256."""
    person = person_get_for_user(user=request.user, person_id=person_id)
    require_narrative(request.user)
    lines = [DocumentLine(d) for d in document_list_for_subject(person=person)]
    log_access(request, what="Documents", people=[person])
    context = {
        "title": f"{person.full_name}: documents",
        "person": person,
        "bar": person_bar(person),
        "lines": lines,
        "can_record": can_record(request.user, person=person),
        "upload_url": reverse("casework:person_document_upload", kwargs={"person_id": person.pk}),
    }
    return render(request, "casework/documents/list.html", context)


@require_GET
def family_documents(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """A family's documents (the same table as a child's)."""
    family = family_get_for_user(user=request.user, family_id=family_id)
    require_narrative(request.user)
    lines = [DocumentLine(d) for d in document_list_for_subject(family=family)]
    log_access(request, what="Family documents", people=_family_people(request.user, family), family=family)
    context = {
        "title": f"{family.name}: documents",
        "family": family,
        "lines": lines,
        "can_record": can_record(request.user, family=family),
        "upload_url": reverse("casework:family_document_upload", kwargs={"family_id": family.pk}),
    }
    return render(request, "casework/documents/list.html", context)


@require_GET
def document_detail(request: HttpRequest, document_id: UUID) -> HttpResponse:
    """One document with every version, each downloadable with its SHA-256."""
    document = document_get_for_user(user=request.user, document_id=document_id)
    require_narrative(request.user)
    subject = _subject(document)
    writable = can_record(request.user, person=document.person, family=None if document.person_id else document.family)
    _log(request, document, f"Document: {document.title}")
    context = {"title": document.title, "line": DocumentLine(document), "can_record": writable, **subject}
    return render(request, "casework/documents/detail.html", context)


@require_GET
def document_download(request: HttpRequest, document_id: UUID, number: int) -> HttpResponse:
    """One version's file, as a download with safe headers (and logged)."""
    document = document_get_for_user(user=request.user, document_id=document_id)
    require_narrative(request.user)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    _log(request, document, f"Document: {document.title}, version {number}", AccessAction.DOWNLOAD)
    return safe_file_response(open_stored(version.file), filename=version.file_name, content_type=version.content_type)


# --- Uploading and replacing ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def person_document_upload(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = person_get_for_user(user=request.user, person_id=person_id)
    return _upload(request, person=person, family=None)


@require_http_methods(["GET", "POST"])
def family_document_upload(request: HttpRequest, family_id: UUID) -> HttpResponse:
    family = family_get_for_user(user=request.user, family_id=family_id)
    return _upload(request, person=None, family=family)


def _upload(request: HttpRequest, *, person: Person | None, family: Family | None) -> HttpResponse:
    """Add a document (version 1), its file checked by content before anything is stored."""
    require_narrative(request.user)
    require_record(request.user, person=person, family=family)
    form = DocumentUploadForm(*_posted(request))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            upload = check_upload(data["file"], allowed=visit_services.DOCUMENT_FILE_TYPES)
            document = visit_services.document_upload(
                by=request.user,
                title=data["title"],
                category=data["category"],
                upload=upload,
                person=person,
                family=family,
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"\u201c{document.title}\u201d is uploaded")
            return redirect("casework:document_detail", document_id=document.pk)
    name = person.display_name if person is not None else family.name
    list_url = (
        reverse("casework:person_documents", kwargs={"person_id": person.pk})
        if person is not None
        else reverse("casework:family_documents", kwargs={"family_id": family.pk})
    )
    log_access(request, what="Upload a document", people=[person] if person else [], family=family)
    return upload_page(
        request,
        "casework/documents/upload.html",
        form,
        title=f"Upload a document for {name}",
        caption="Documents",
        back_url=list_url,
        submit="Upload",
    )


@require_http_methods(["GET", "POST"])
def document_replace(request: HttpRequest, document_id: UUID) -> HttpResponse:
    """Replace a document with a new version; the old versions stay and can be downloaded."""
    document = document_get_for_user(user=request.user, document_id=document_id)
    require_narrative(request.user)
    require_record(request.user, person=document.person, family=None if document.person_id else document.family)
    form = DocumentReplaceForm(*_posted(request), initial={"version": document.version})
    status = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            upload = check_upload(data["file"], allowed=visit_services.DOCUMENT_FILE_TYPES)
            version = visit_services.document_replace(
                by=request.user,
                document=document,
                upload=upload,
                expected_version=data["version"],
                note=data["note"],
            )
        except StaleVersion as stale:
            form.data = form.data.copy()
            form.data["version"] = stale.current.version  # choosing the file again starts from now
            form.add_error(None, STALE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"\u201c{document.title}\u201d is replaced: version {version.number}")
            return redirect("casework:document_detail", document_id=document.pk)
    _log(request, document, f"Replace document: {document.title}")
    response = upload_page(
        request,
        "casework/documents/upload.html",
        form,
        title=f"Replace \u201c{document.title}\u201d",
        caption="Documents",
        back_url=reverse("casework:document_detail", kwargs={"document_id": document.pk}),
        submit="Upload the new version",
        line=DocumentLine(document),
    )
    if status:
        response.status_code = status
    return response


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)
