"""Helpers every app's pages share: a form laid out as GOV.UK components, the errors a
service raises put back on the form's fields, and the "Someone else changed this" page shown
when an edit started from a version that is no longer current (nothing typed is lost).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.core.forms import (
    GovukDateField,
    checkboxes_params,
    date_params,
    input_params,
    radios_params,
    select_params,
    textarea_params,
)

# --- Service errors onto form fields ------------------------------------------------------


def add_service_errors(form: forms.BaseForm, error: ValidationError, *, aliases: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError (a dict of field -> messages, or plain messages) on the
    form: each message on its field when the form has it (through `aliases` when the service's
    name differs, e.g. "address" -> "line1"), otherwise above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = aliases.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


# --- A form as GOV.UK components ------------------------------------------------------------


def field_kind(bound: forms.BoundField) -> str:
    """Which GOV.UK component shows this field."""
    field, widget = bound.field, bound.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(field, GovukDateField):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple) or isinstance(field, forms.BooleanField):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


_PARAMS = {
    "date": date_params,
    "textarea": textarea_params,
    "radios": radios_params,
    "checkboxes": checkboxes_params,
    "select": select_params,
    "input": input_params,
}


def govuk_fields(form: forms.BaseForm, names: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The form's fields as `{kind, name, value, params}` for templates/components/govuk_fields.html.

    A field may carry extra macro parameters in a `govuk` attribute (classes, hints, an
    autocomplete value), merged over those built from the field itself."""
    result = []
    for name in names or form.fields:
        bound = form[name]
        kind = field_kind(bound)
        entry: dict[str, Any] = {"kind": kind, "name": bound.html_name}
        if kind == "hidden":
            value = bound.value()
            entry["value"] = "" if value is None else value
        else:
            entry["params"] = _PARAMS[kind](bound, **getattr(bound.field, "govuk", {}))
        result.append(entry)
    return result


# --- Someone else changed this --------------------------------------------------------------


@dataclass(frozen=True)
class StaleRow:
    """One field of a record: what is saved now, and what this user typed."""

    label: str
    saved: str
    typed: str

    @property
    def differs(self) -> bool:
        return self.saved != self.typed


def display_value(value: Any, field: forms.Field | None = None) -> str:
    """A value as a person reads it: choices by their label, dates in words, Yes and No."""
    if value is None or value == "" or value == []:
        return ""
    choices = dict(getattr(field, "choices", None) or []) if field is not None else {}
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return "\n".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, choices.get(str(value), value)))


def compare_rows(form: forms.Form, current: models.Model, typed: dict[str, Any]) -> list[StaleRow]:
    """For each value this user typed (by field name): what is saved now beside it. Labels come
    from the form, or from the model for values the form derives (an estimated date)."""
    rows = []
    for name, value in typed.items():
        field = form.fields.get(name)
        if field is not None and field.label:
            label = str(field.label).removesuffix(" (optional)")
        else:
            text = str(current._meta.get_field(name).verbose_name)
            label = text[0].upper() + text[1:]
        rows.append(StaleRow(label, display_value(getattr(current, name, None), field), display_value(value, field)))
    return rows


def stale_version_response(
    request: HttpRequest,
    *,
    record: str,
    rows: list[StaleRow],
    restart_url: str,
    current: models.Model | None = None,
    cancel_url: str | None = None,
) -> HttpResponse:
    """The "Someone else changed this" page (409): both texts side by side, nothing lost, and
    a way to start again from the version saved now."""
    latest = None
    history = getattr(current, "history", None) if current is not None else None
    if history is not None:
        latest = history.select_related("history_user").order_by("-history_date").first()
    context = {
        "title": "Someone else changed this",
        "record": record,
        "rows": rows,
        "differing": [row for row in rows if row.differs],
        "restart_url": restart_url,
        "cancel_url": cancel_url or restart_url,
        "changed_by": getattr(latest, "history_user", None) if latest else None,
        "changed_at": getattr(latest, "history_date", None) if latest else None,
    }
    return render(request, "components/stale_version.html", context, status=409)
