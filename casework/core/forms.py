"""Form building blocks shared by every page: GOV.UK date input, and the helpers that turn a
Django BoundField into the parameters of a GOV.UK Frontend macro (govuk-frontend-jinja).

Templates call, for example, ``govukInput(input_params(form.name))``: labels, hints, values
and error messages come from the form, so every form shows errors the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# --- GOV.UK date input ------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """Three inputs, day, month and year, named <name>-day, <name>-month, <name>-year."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: datetime.date | None) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK pattern's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, allow_future: bool = True, allow_past: bool = True, **kwargs: Any):
        self.allow_future = allow_future
        self.allow_past = allow_past
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value: list[str] | None) -> datetime.date | None:
        parts = [str(part).strip() for part in (value or ["", "", ""])]
        label = (self.label or "The date").lower()
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter {label}", code="required")
            return None
        names = ("day", "month", "year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{label.capitalize()} must include a {' and '.join(missing)}", code="incomplete")
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{label.capitalize()} must be a real date", code="invalid")
        try:
            date = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError as exc:
            raise ValidationError(f"{label.capitalize()} must be a real date", code="invalid") from exc
        from django.utils import timezone

        today = timezone.localdate()
        if not self.allow_future and date > today:
            raise ValidationError(f"{label.capitalize()} must be today or in the past", code="future")
        if not self.allow_past and date < today:
            raise ValidationError(f"{label.capitalize()} must be today or in the future", code="past")
        return date

    def compress(self, data_list: list[Any]) -> datetime.date | None:  # pragma: no cover
        return None  # clean() does the whole job


# --- BoundField -> GOV.UK macro parameters ----------------------------------------------


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _error(bound: forms.BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in bound.errors)} if bound.errors else None


def _common(bound: forms.BoundField) -> dict[str, Any]:
    params: dict[str, Any] = {
        "id": bound.html_name,
        "name": bound.html_name,
        "label": {"text": bound.label},
        "errorMessage": _error(bound),
    }
    if bound.help_text:
        params["hint"] = {"text": bound.help_text}
    return params


def _value(bound: forms.BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def input_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    params = _common(bound)
    params["value"] = _value(bound)
    widget = bound.field.widget
    if isinstance(widget, forms.PasswordInput):
        params["type"] = "password"
        params["value"] = ""
    elif isinstance(widget, forms.EmailInput):
        params["type"] = "email"
    return _merge(params, extra)


def textarea_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    params = _common(bound)
    params["value"] = _value(bound)
    return _merge(params, extra)


def _choices(bound: forms.BoundField) -> Iterable[tuple[Any, str]]:
    return [(value, label) for value, label in bound.field.choices if value != ""]


def radios_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    current = str(_value(bound))
    params: dict[str, Any] = {
        "idPrefix": bound.html_name,
        "name": bound.html_name,
        "fieldset": {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}},
        "errorMessage": _error(bound),
        "items": [
            {"value": value, "text": label, "checked": str(value) == current} for value, label in _choices(bound)
        ],
    }
    if bound.help_text:
        params["hint"] = {"text": bound.help_text}
    return _merge(params, extra)


def checkboxes_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    if isinstance(bound.field, forms.BooleanField):
        params: dict[str, Any] = {
            "idPrefix": bound.html_name,
            "name": bound.html_name,
            "errorMessage": _error(bound),
            "items": [{"value": "on", "text": bound.label, "checked": bool(bound.value())}],
        }
        if bound.help_text:
            params["items"][0]["hint"] = {"text": bound.help_text}
        return _merge(params, extra)
    current = {str(v) for v in (bound.value() or [])}
    params = {
        "idPrefix": bound.html_name,
        "name": bound.html_name,
        "fieldset": {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}},
        "errorMessage": _error(bound),
        "items": [
            {"value": value, "text": label, "checked": str(value) in current} for value, label in _choices(bound)
        ],
    }
    if bound.help_text:
        params["hint"] = {"text": bound.help_text}
    return _merge(params, extra)


def select_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    params = _common(bound)
    current = str(_value(bound))
    params["items"] = [
        {"value": value, "text": label, "selected": str(value) == current} for value, label in bound.field.choices
    ]
    return _merge(params, extra)


def date_params(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    value = bound.value()
    if isinstance(value, datetime.date):
        day, month, year = value.day, value.month, value.year
    elif isinstance(value, list | tuple) and len(value) == 3:
        day, month, year = value
    else:
        day = month = year = ""
    error_class = " govuk-input--error" if bound.errors else ""
    params: dict[str, Any] = {
        "id": bound.html_name,
        "namePrefix": bound.html_name,
        "fieldset": {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}},
        "errorMessage": _error(bound),
        "items": [
            {"name": "day", "label": "Day", "classes": "govuk-input--width-2" + error_class, "value": day or ""},
            {"name": "month", "label": "Month", "classes": "govuk-input--width-2" + error_class, "value": month or ""},
            {"name": "year", "label": "Year", "classes": "govuk-input--width-4" + error_class, "value": year or ""},
        ],
    }
    if bound.help_text:
        params["hint"] = {"text": bound.help_text}
    return _merge(params, extra)


def error_summary_params(*forms_: forms.BaseForm | None) -> dict[str, Any] | None:
    """The GOV.UK error summary for one or more forms, linking each message to its field."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        for message in form.non_field_errors():
            errors.append({"text": str(message), "href": "#main-content"})
        for name in form.errors:
            if name == forms.forms.NON_FIELD_ERRORS:
                continue
            bound = form[name]
            anchor = bound.html_name
            if isinstance(bound.field, GovukDateField):
                anchor = f"{anchor}-day"  # the GOV.UK date input's first box
            for message in bound.errors:
                errors.append({"text": str(message), "href": f"#{anchor}"})
    if not errors:
        return None
    return {"titleText": "There is a problem", "errorList": errors}


class SignInForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
