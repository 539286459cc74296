"""The Jinja2 environment for pages: GOV.UK Frontend macros plus our globals and filters."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from casework.core import forms as form_helpers
from casework.core import navigation


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date_uk(value: datetime.date | datetime.datetime | None, missing: str = "") -> str:
    """3 March 2026 (a datetime shows its London date)."""
    if value is None:
        return missing
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}"


def datetime_uk(value: datetime.datetime | None, missing: str = "") -> str:
    """3 March 2026 at 2:05pm, in London time."""
    if value is None:
        return missing
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{date_uk(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def age_on(born: datetime.date | None, on: datetime.date | None = None) -> int | None:
    if born is None:
        return None
    on = on or timezone.localdate()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701  (Django passes autoescape=True from settings)
    env.globals.update(
        static=static,
        url=url,
        settings=settings,
        get_messages=get_messages,
        navigation_for=navigation.items_for,
        input_params=form_helpers.input_params,
        textarea_params=form_helpers.textarea_params,
        radios_params=form_helpers.radios_params,
        checkboxes_params=form_helpers.checkboxes_params,
        select_params=form_helpers.select_params,
        date_params=form_helpers.date_params,
        error_summary_params=form_helpers.error_summary_params,
        age_on=age_on,
    )
    env.filters.update(date_uk=date_uk, datetime_uk=datetime_uk)
    return env
