"""Visits and case notes (drafts until finished; corrections appended, never rewritten), the
child's own story, documents with versions, and the worker's current summary."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events
from casework.core.models import User
from casework.core.uploads import AUDIO, IMAGE, OFFICE, PDF, VIDEO, CheckedUpload
from casework.core.versioning import save_versioned
from casework.models import (
    REMOTE_KINDS,
    Amendment,
    Case,
    CaseNote,
    ChildSummary,
    Document,
    DocumentCategory,
    DocumentVersion,
    NoteKind,
    NotSeenReason,
    RecordStatus,
    SeenAlone,
    StoryEntry,
    StoryKind,
    Visit,
    VisitChild,
    VisitKind,
    VisitOutcome,
)
from casework.selectors import can_record
from families.models import Family, Person

STORY_FILE_TYPES = {
    StoryKind.DRAWING: (IMAGE, PDF),
    StoryKind.PHOTO: (IMAGE,),
    StoryKind.AUDIO: (AUDIO,),
    StoryKind.VIDEO: (VIDEO,),
    StoryKind.DOCUMENT: (PDF, IMAGE, OFFICE),
}
DOCUMENT_FILE_TYPES = (PDF, IMAGE, OFFICE, AUDIO, VIDEO)


def case_children(case: Case) -> list[Person]:
    """The children of a case (those with an episode in it), eldest first."""
    return list(Person.objects.filter(episodes__case=case).distinct().order_by("date_of_birth", "first_name"))


def _require_case_write(by: User, case: Case) -> None:
    if not any(can_record(by, person=c) for c in case_children(case)):
        raise PermissionDenied("Your team does not hold this case, or your role cannot record on it.")


def _require_draft(record: Visit | CaseNote) -> None:
    if record.status != RecordStatus.DRAFT:
        raise ValidationError(
            {"non_field_errors": ["A finished record is never rewritten: add an amendment to correct it"]}
        )


# --- Visits ---------------------------------------------------------------------------------------

VISIT_FIELDS = (
    "occurred_at",
    "kind",
    "statutory",
    "outcome",
    "interpreter",
    "narrative",
    "childs_words",
    "significant",
)


def _validate_visit(visit: Visit, children: list[dict[str, Any]], case: Case, *, finishing: bool) -> None:
    """The seeing-the-child rules: phone and video never count as seen or seen alone; seen alone
    only when seen; a reason when not seen; no child seen when there was no access."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if visit.occurred_at is None:
        add("occurred_at", "Enter when the visit happened")
    elif visit.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        add("occurred_at", "A visit is recorded once it has happened: the date must be today or in the past")
    if visit.kind not in VisitKind.values:
        add("kind", "Choose what kind of visit it was")
    if visit.outcome not in VisitOutcome.values:
        add("outcome", "Choose what happened")
    allowed = {c.id for c in case_children(case)}
    seen_ids = set()
    for index, entry in enumerate(children):
        child = entry.get("child")
        label = getattr(child, "first_name", "the child")
        if child is None or child.id not in allowed:
            add("children", f"Child {index + 1} is not a child of this case")
            continue
        if child.id in seen_ids:
            add("children", f"{label} is listed twice")
        seen_ids.add(child.id)
        seen, alone, reason = bool(entry.get("seen")), entry.get("seen_alone") or "", entry.get("not_seen_reason") or ""
        if visit.kind in REMOTE_KINDS and (seen or alone in (SeenAlone.YES, SeenAlone.NO)):
            add("children", f"A telephone or video call never counts as seeing {label}, or seeing them alone")
        elif seen and visit.outcome != VisitOutcome.COMPLETED:
            add("children", f"{label} cannot be seen on a visit with no access, declined or cancelled")
        elif seen and alone not in SeenAlone.values:
            add("children", f"Say whether {label} was seen alone (yes, no, or not applicable)")
        elif not seen and alone in (SeenAlone.YES, SeenAlone.NO):
            add("children", f"{label} can only be seen alone if they were seen")
        elif not seen and finishing and visit.kind not in REMOTE_KINDS and reason not in NotSeenReason.values:
            add("children", f"Say why {label} was not seen")
        if reason and reason not in NotSeenReason.values:
            add("children", f"Choose a reason {label} was not seen")
    if finishing and not children:
        add("children", "Record at least one child: whether they were seen, and alone")
    if errors:
        raise ValidationError(errors)


def _set_children(visit: Visit, children: list[dict[str, Any]]) -> None:
    VisitChild.objects.filter(visit=visit).delete()
    rows = []
    for entry in children:
        seen = bool(entry.get("seen")) and visit.kind not in REMOTE_KINDS
        reason = entry.get("not_seen_reason") or ""
        if not seen and not reason and visit.outcome in (VisitOutcome.NO_ACCESS, VisitOutcome.DECLINED):
            reason = visit.outcome  # "we went and got no access" is one click, not three
        alone = entry.get("seen_alone") or ""
        if visit.kind in REMOTE_KINDS:
            alone = ""
        rows.append(
            VisitChild(
                visit=visit,
                child=entry["child"],
                seen=seen,
                seen_alone=alone if seen else "",
                not_seen_reason="" if seen else reason,
            )
        )
    VisitChild.objects.bulk_create(rows)


def _apply(visit: Visit, data: dict[str, Any]) -> None:
    for name in VISIT_FIELDS:
        if name in data and data[name] is not None:
            setattr(visit, name, data[name])
    visit.interpreter = (visit.interpreter or "").strip()


@transaction.atomic
def visit_create(
    *,
    by: User,
    case: Case,
    data: dict[str, Any],
    children: list[dict[str, Any]],
    others_seen: list[Person] | None = None,
) -> Visit:
    """Start a visit record (a draft: only when, what kind and what happened are needed)."""
    _require_case_write(by, case)
    visit = Visit(case=case, recorded_by=by, occurred_at=data.get("occurred_at"))
    _apply(visit, data)
    _validate_visit(visit, children, case, finishing=False)
    visit._history_user = by
    visit._change_reason = "Started"
    visit.save()
    _set_children(visit, children)
    visit.others_seen.set(others_seen or [])
    return visit


@transaction.atomic
def visit_update(
    *,
    by: User,
    visit: Visit,
    data: dict[str, Any],
    expected_version: int | None,
    children: list[dict[str, Any]] | None = None,
    others_seen: list[Person] | None = None,
) -> Visit:
    """Change a draft visit (compare-and-swap on its version)."""
    _require_case_write(by, visit.case)
    _require_draft(visit)
    _apply(visit, data)
    current_children = children if children is not None else _children_of(visit)
    _validate_visit(visit, current_children, visit.case, finishing=False)
    save_versioned(visit, expected_version=expected_version, by=by, change_reason="Draft saved")
    if children is not None:
        _set_children(visit, children)
    if others_seen is not None:
        visit.others_seen.set(others_seen)
    return visit


def _children_of(visit: Visit) -> list[dict[str, Any]]:
    return [
        {"child": vc.child, "seen": vc.seen, "seen_alone": vc.seen_alone, "not_seen_reason": vc.not_seen_reason}
        for vc in visit.visit_children.select_related("child")
    ]


@transaction.atomic
def visit_finish(*, by: User, visit: Visit, expected_version: int | None = None) -> Visit:
    """Finish a visit: it goes in the chronology and is never rewritten afterwards."""
    _require_case_write(by, visit.case)
    _require_draft(visit)
    _validate_visit(visit, _children_of(visit), visit.case, finishing=True)
    visit.status, visit.finished_at, visit.finished_by = RecordStatus.FINISHED, timezone.now(), by
    save_versioned(
        visit,
        expected_version=visit.version if expected_version is None else expected_version,
        by=by,
        change_reason="Finished",
    )
    events.record_visit(visit, by)
    return visit


# --- Case notes ---------------------------------------------------------------------------------


def _validate_note(note: CaseNote, *, finishing: bool) -> None:
    errors: dict[str, list[str]] = {}
    if note.occurred_at is None:
        errors["occurred_at"] = ["Enter when it happened"]
    elif note.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = ["The date must be today or in the past"]
    if note.kind not in NoteKind.values:
        errors["kind"] = ["Choose what kind of note it is"]
    if finishing and not (note.narrative or "").strip():
        errors["narrative"] = ["Write the note before finishing it"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def note_create(*, by: User, case: Case, data: dict[str, Any], children: list[Person] | None = None) -> CaseNote:
    """Start a case note (a draft)."""
    _require_case_write(by, case)
    note = CaseNote(case=case, recorded_by=by, occurred_at=data.get("occurred_at") or timezone.now())
    for name in ("kind", "narrative", "significant"):
        if data.get(name) is not None:
            setattr(note, name, data[name])
    _validate_note(note, finishing=False)
    note._history_user = by
    note.save()
    allowed = {c.id for c in case_children(case)}
    note.children.set([c for c in (children or []) if c.id in allowed] or case_children(case))
    return note


@transaction.atomic
def note_update(*, by: User, note: CaseNote, data: dict[str, Any], expected_version: int | None) -> CaseNote:
    _require_case_write(by, note.case)
    _require_draft(note)
    for name in ("occurred_at", "kind", "narrative", "significant"):
        if name in data and data[name] is not None:
            setattr(note, name, data[name])
    _validate_note(note, finishing=False)
    return save_versioned(note, expected_version=expected_version, by=by, change_reason="Draft saved")


@transaction.atomic
def note_finish(*, by: User, note: CaseNote, expected_version: int | None = None) -> CaseNote:
    """Finish a note; a note marked significant appears in the chronology."""
    _require_case_write(by, note.case)
    _require_draft(note)
    _validate_note(note, finishing=True)
    note.status, note.finished_at, note.finished_by = RecordStatus.FINISHED, timezone.now(), by
    save_versioned(
        note,
        expected_version=note.version if expected_version is None else expected_version,
        by=by,
        change_reason="Finished",
    )
    if note.significant:
        events.record_note(note, by)
    return note


@transaction.atomic
def amend(*, by: User, record: Visit | CaseNote, text: str) -> Amendment:
    """Correct a finished visit or note by appending (who and when are kept); the original stays."""
    _require_case_write(by, record.case)
    if record.status != RecordStatus.FINISHED:
        raise ValidationError({"text": ["A draft is still editable: change it instead of amending it"]})
    if not (text or "").strip():
        raise ValidationError({"text": ["Write the correction"]})
    if len(text) > 20000:
        raise ValidationError({"text": ["The correction must be 20,000 characters or fewer"]})
    return Amendment.objects.create(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk, text=text.strip(), added_by=by
    )


def amendments_for(record: Visit | CaseNote):
    return Amendment.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    ).select_related("added_by")


# --- The child's story --------------------------------------------------------------------------


@transaction.atomic
def story_add(
    *,
    by: User,
    child: Person,
    kind: str,
    title: str,
    attributed_to: str,
    occurred_on: datetime.date | None,
    text: str = "",
    upload: CheckedUpload | None = None,
) -> StoryEntry:
    """Add to the child's own story: their words, a drawing, a photo, a recording (attributed)."""
    if not can_record(by, person=child):
        raise PermissionDenied("Your team does not hold this child's record, or your role cannot add to it.")
    errors: dict[str, list[str]] = {}
    if kind not in StoryKind.values:
        errors["kind"] = ["Choose what kind of entry it is"]
    if not (title or "").strip():
        errors["title"] = ["Give the entry a title, in the child's words if you can"]
    if not (attributed_to or "").strip():
        errors["attributed_to"] = ["Say who wrote or made it (the child, or the child with you)"]
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = ["The date must be today or in the past"]
    if kind == StoryKind.WORDS and not (text or "").strip():
        errors["text"] = ["Write the child's words"]
    if kind in STORY_FILE_TYPES:
        if upload is None:
            errors["file"] = ["Choose the file to upload"]
        elif upload.family not in STORY_FILE_TYPES[kind]:
            errors["file"] = [f"This file is not a {StoryKind(kind).label.lower()}"]
    if errors:
        raise ValidationError(errors)
    entry = StoryEntry(
        child=child,
        kind=kind,
        title=title.strip(),
        text=(text or "").strip(),
        attributed_to=attributed_to.strip(),
        occurred_on=occurred_on,
        recorded_by=by,
    )
    if upload is not None and kind != StoryKind.WORDS:
        entry.file.save(upload.name, upload.file, save=False)
        entry.file_name, entry.content_type = upload.name, upload.content_type
        entry.size, entry.sha256 = upload.size, upload.sha256
    entry._history_user = by
    entry.save()
    events.record_story(entry, by)
    return entry


# --- Documents --------------------------------------------------------------------------------------


def _require_subject_write(by: User, person: Person | None, family: Family | None) -> None:
    if not can_record(by, person=person, family=family):
        raise PermissionDenied("Your team does not hold this record, or your role cannot add documents to it.")


def _add_version(by, document: Document, upload: CheckedUpload, note: str) -> DocumentVersion:
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        file_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        note=(note or "").strip()[:300],
        uploaded_by=by,
    )
    version.file.save(upload.name, upload.file, save=False)
    version.save()
    events.record_document(version, by)
    return version


@transaction.atomic
def document_upload(
    *,
    by: User,
    title: str,
    category: str,
    upload: CheckedUpload,
    person: Person | None = None,
    family: Family | None = None,
    note: str = "",
) -> Document:
    """Add a document to a child's or a family's repository (version 1)."""
    _require_subject_write(by, person, family)
    errors: dict[str, list[str]] = {}
    if (person is None) == (family is None):
        errors["person"] = ["A document belongs to a child or to a family"]
    if not (title or "").strip():
        errors["title"] = ["Give the document a title"]
    if category not in DocumentCategory.values:
        errors["category"] = ["Choose a category"]
    if upload.family not in DOCUMENT_FILE_TYPES:
        errors["file"] = ["This type of file is not accepted"]
    if errors:
        raise ValidationError(errors)
    document = Document(person=person, family=family, title=title.strip()[:200], category=category, created_by=by)
    document._history_user = by
    document.save()
    _add_version(by, document, upload, note)
    return document


@transaction.atomic
def document_replace(
    *, by: User, document: Document, upload: CheckedUpload, expected_version: int | None, note: str = ""
) -> DocumentVersion:
    """Replace a document with a new version; the old versions stay and can be downloaded."""
    _require_subject_write(by, document.person, document.family)
    if upload.family not in DOCUMENT_FILE_TYPES:
        raise ValidationError({"file": ["This type of file is not accepted"]})
    save_versioned(document, expected_version=expected_version, by=by, change_reason="New version")
    return _add_version(by, document, upload, note)


# --- The worker's current summary -------------------------------------------------------------


@transaction.atomic
def summary_update(*, by: User, child: Person, text: str, expected_version: int | None) -> ChildSummary:
    """The worker's short current summary on the child's record (versioned: never silently
    overwritten)."""
    if not can_record(by, person=child):
        raise PermissionDenied("Your team does not hold this child's record, or your role cannot change it.")
    if len(text or "") > 5000:
        raise ValidationError({"text": ["Keep the summary to 5,000 characters or fewer"]})
    summary, created = ChildSummary.objects.get_or_create(child=child)
    summary.text, summary.updated_by = (text or "").strip(), by
    if created and expected_version in (None, 0, 1):
        summary._history_user = by
        summary.save()
        return summary
    return save_versioned(summary, expected_version=expected_version, by=by, change_reason="Summary updated")
