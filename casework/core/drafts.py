"""Drafts: text being typed is autosaved on the server, per user, per form, per record
(DESIGN.md principle 12, "Nothing is lost").

A draft is only ever visible to the user who typed it. It is never in a history table (the
Draft model keeps no HistoricalRecords) and never in browser storage (a shared computer would
leak it). static/src/js/autosave.mjs posts the fields of any ``<form data-autosave>`` to
``core:draft_save`` a moment after typing stops and when the page is left; a draft older than
DRAFT_MAX_AGE_DAYS is purged (``purge_drafts``, and daily by Celery beat).

A page whose form autosaves, in three lines::

    form = NoteForm(request.POST or None, instance=note)
    autosave = draft_autosave(request, form, form_key="note", record_key=str(note.pk), version=note.version)
    ...
    if form.is_valid():
        note_update(...)
        draft_discard(user=request.user, form_key="note", record_key=str(note.pk))  # saved: no draft left
    return render(request, "casework/note_edit.html", {"form": form, "autosave": autosave})

and in the template::

    {% include "components/draft_restored.html" %}
    <form method="post" novalidate {{ autosave.attributes }}>

On a GET, ``draft_autosave`` pre-fills the unbound form with the user's draft (hidden fields
too, so a draft started from an older version of the record still meets the "Someone else
changed this" check) and the component shows "We restored text you had not saved".
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

from casework.core.errors import DomainError
from casework.core.models import Draft

__all__ = [
    "DRAFT_MAX_BYTES",
    "Autosave",
    "DraftTooLarge",
    "RestoredDraft",
    "draft_autosave",
    "draft_discard",
    "draft_get",
    "draft_initial",
    "draft_purge",
    "draft_save",
]

# The largest draft kept (its fields as JSON): room for a long assessment's analysis.
DRAFT_MAX_BYTES = 256 * 1024
MAX_FIELDS = 300
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]*$")
# Never kept, whatever the page sends: the CSRF token and anything that looks like a password.
_NEVER_KEPT = re.compile(r"^csrfmiddlewaretoken$|password", re.IGNORECASE)

DraftValue = str | list[str]


class DraftTooLarge(DomainError):
    """The text is larger than DRAFT_MAX_BYTES (the page answers 413)."""


def _require_user(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Drafts belong to a signed-in user.")


def _check_keys(form_key: str, record_key: str) -> None:
    if not isinstance(form_key, str) or not form_key or len(form_key) > 100 or not KEY_PATTERN.match(form_key):
        raise DomainError("Give the form's key: letters, digits, '_', '.', ':' or '-'.", field="form_key")
    if not isinstance(record_key, str) or len(record_key) > 100 or not KEY_PATTERN.match(record_key):
        raise DomainError("Give the record's key: letters, digits, '_', '.', ':' or '-'.", field="record_key")


def _clean_data(data: Mapping[str, Any]) -> dict[str, DraftValue]:
    """Field name -> text (or list of texts for a multiple choice); secrets dropped."""
    if not isinstance(data, Mapping):
        raise DomainError("A draft is a set of named fields.", field="data")
    if len(data) > MAX_FIELDS:
        raise DomainError(f"A draft has at most {MAX_FIELDS} fields.", field="data")
    cleaned: dict[str, DraftValue] = {}
    for name, value in data.items():
        if not isinstance(name, str) or not name or len(name) > 200:
            raise DomainError("Every field of a draft needs a name.", field="data")
        if _NEVER_KEPT.search(name):
            continue
        if isinstance(value, str):
            cleaned[name] = value
        elif isinstance(value, list | tuple) and len(value) <= MAX_FIELDS and all(isinstance(v, str) for v in value):
            cleaned[name] = list(value)
        else:
            raise DomainError(f"The field {name!r} must be text.", field="data")
    return cleaned


def _is_blank(data: Mapping[str, DraftValue]) -> bool:
    values = (value if isinstance(value, list) else [value] for value in data.values())
    return not any(text.strip() for texts in values for text in texts)


@transaction.atomic
def draft_save(
    *, user: Any, form_key: str, record_key: str = "", data: Mapping[str, Any], base_version: int | None = None
) -> Draft | None:
    """Keep what `user` has typed in a form about a record, replacing their previous draft.

    A draft with nothing typed in it is discarded instead (there is nothing to restore), and
    None returned. Raises DomainError for malformed input, DraftTooLarge past DRAFT_MAX_BYTES."""
    _require_user(user)
    _check_keys(form_key, record_key)
    cleaned = _clean_data(data)
    if base_version is not None and (isinstance(base_version, bool) or not isinstance(base_version, int)):
        raise DomainError("The version must be a whole number.", field="base_version")
    if base_version is not None and base_version < 0:
        raise DomainError("The version must be a whole number.", field="base_version")
    if len(json.dumps(cleaned, ensure_ascii=False).encode()) > DRAFT_MAX_BYTES:
        raise DraftTooLarge("This text is too long to keep as a draft.", field="data")
    if _is_blank(cleaned):
        draft_discard(user=user, form_key=form_key, record_key=record_key)
        return None
    draft, _ = Draft.objects.update_or_create(
        user=user,
        form_key=form_key,
        record_key=record_key,
        defaults={"data": cleaned, "base_version": base_version},
    )
    return draft


def draft_get(*, user: Any, form_key: str, record_key: str = "") -> Draft | None:
    """The user's own draft of a form about a record; never anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Draft.objects.filter(user=user, form_key=form_key, record_key=record_key).first()


@transaction.atomic
def draft_discard(*, user: Any, form_key: str, record_key: str = "") -> bool:
    """Delete the user's draft (the form was saved, or they chose to start again)."""
    if not getattr(user, "is_authenticated", False):
        return False
    deleted, _ = Draft.objects.filter(user=user, form_key=form_key, record_key=record_key).delete()
    return deleted > 0


@transaction.atomic
def draft_purge(older_than: datetime.timedelta | None = None) -> int:
    """Delete drafts nobody has touched for DRAFT_MAX_AGE_DAYS (or `older_than`); how many."""
    if older_than is None:
        older_than = datetime.timedelta(days=settings.DRAFT_MAX_AGE_DAYS)
    deleted, _ = Draft.objects.filter(updated_at__lt=timezone.now() - older_than).delete()
    return deleted


# --- For views ---------------------------------------------------------------------------


def draft_initial(request: HttpRequest, form_key: str, record_key: str = "") -> dict[str, DraftValue]:
    """The signed-in user's draft of this form as initial values ({} when there is none)."""
    draft = draft_get(user=request.user, form_key=form_key, record_key=record_key)
    return dict(draft.data) if draft else {}


@dataclass(frozen=True)
class RestoredDraft:
    """A draft put back into a form: when it was saved, and whether the record moved on since."""

    saved_at: datetime.datetime
    base_version: int | None
    stale: bool  # the record was saved by someone (or something) after the draft began


@dataclass(frozen=True)
class Autosave:
    """What a template needs for an autosaving form: its attributes, and the restored draft."""

    form_key: str
    record_key: str
    version: int | None
    restored: RestoredDraft | None

    @property
    def attributes(self) -> SafeString:
        """``data-autosave...`` attributes for the <form> tag (read by autosave.mjs)."""
        attributes = format_html(
            'data-autosave="{}" data-autosave-record="{}" data-autosave-url="{}" data-autosave-version="{}"',
            self.form_key,
            self.record_key,
            reverse("core:draft_save"),
            "" if self.version is None else self.version,
        )
        # A restored form differs from the record even before any typing: the script keeps it.
        return attributes + SafeString(" data-autosave-restored") if self.restored else attributes


def _restore_into(form: forms.BaseForm, data: Mapping[str, DraftValue]) -> bool:
    """Put the draft's values into the unbound form's initial values, read through each
    field's widget as if posted (a GOV.UK date's three boxes, a list of checkboxes)."""
    posted = MultiValueDict({k: list(v) if isinstance(v, list) else [v] for k, v in data.items()})
    form.initial = dict(form.initial)  # the view's dict may be shared: never change it in place
    restored = False
    for name, field in form.fields.items():
        widget = field.widget
        if widget.needs_multipart_form or isinstance(widget, forms.PasswordInput):
            continue
        html_name = form.add_prefix(name)
        if widget.value_omitted_from_data(posted, MultiValueDict(), html_name):
            continue
        form.initial[name] = widget.value_from_datadict(posted, MultiValueDict(), html_name)
        restored = True
    return restored


def draft_autosave(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    form_key: str,
    record_key: str = "",
    version: int | None = None,
) -> Autosave:
    """Make `form` autosave; on a GET, pre-fill it with the user's draft if there is one.

    `version` is the record's current version (VersionedModel), if it has one: the draft
    remembers the version it began from, so the page can say the record has changed since."""
    restored = None
    if not form.is_bound:
        draft = draft_get(user=request.user, form_key=form_key, record_key=record_key)
        if draft is not None and _restore_into(form, draft.data):
            stale = draft.base_version is not None and version is not None and draft.base_version != version
            restored = RestoredDraft(saved_at=draft.updated_at, base_version=draft.base_version, stale=stale)
            if draft.base_version is not None:
                version = draft.base_version  # further saves still start from the draft's version
    return Autosave(form_key=form_key, record_key=record_key, version=version, restored=restored)
