"""The front door in words: dates and times in London, how long a contact has waited (working
days, or hours for today: never a countdown), who it came from, and addresses of pages that may
not exist yet."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from casework.core.chronology import london_date
from casework.core.codes import CLOSURE_REASON
from casework.core.working_days import working_days_between
from casework.models import Contact
from families.models import Person
from families.presenters.words import age_text

RESTRICTED = "Restricted record"
CLOSURE_REASONS = dict(CLOSURE_REASON)


def maybe_url(name: str, **kwargs: Any) -> str | None:
    """A page's address if that page exists yet (pages arrive issue by issue)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def date_uk(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    day = london_date(value)
    return f"{day.day} {day:%B %Y}"


def datetime_uk(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{date_uk(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def time_uk(value: datetime.datetime) -> str:
    """2:05pm, in London time."""
    local = timezone.localtime(value)
    return f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def waiting_text(received_at: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long a contact has waited: hours when it came in today, otherwise working days
    (Monday to Friday except bank holidays; day 0 is the day it came in)."""
    now = now or timezone.now()
    received_day, today = london_date(received_at), london_date(now)
    if received_day >= today:
        minutes = max(0, int((now - received_at).total_seconds() // 60))
        return "Less than an hour" if minutes < 60 else _plural(minutes // 60, "hour")
    days = working_days_between(received_day, today)
    return "Less than a working day" if days < 1 else _plural(days, "working day")


def child_text(person: Person, visible: bool) -> str:
    """'Ava Smith (9 years old)', or only 'Restricted record' for a record the user may not open."""
    if not visible:
        return RESTRICTED
    age = age_text(person)
    return f"{person.full_name} ({age[:1].lower()}{age[1:]})"


def referrer_text(contact: Contact, narrative: bool) -> str:
    """Who the contact came from: the referral source, then who (names are narrative)."""
    source = contact.get_source_display()
    if contact.anonymous:
        return f"{source}: anonymous"
    if not narrative:
        return source
    who = ", ".join(p for p in (contact.referrer_name, contact.referrer_agency) if p)
    return f"{source}: {who}" if who else source


def endorsement_text(contact: Contact) -> str:
    if not contact.is_decided:
        return ""
    if not contact.endorsement_required:
        return "Not required"
    if contact.endorsed_at:
        by = contact.endorsed_by.display_name if contact.endorsed_by else "a manager"
        return f"Endorsed by {by} on {date_uk(contact.endorsed_at)}"
    return f"Waiting for a manager of {contact.team.name}"


def referrer_told_text(contact: Contact) -> str:
    if contact.anonymous:
        return "Anonymous referrer"
    if contact.referrer_informed_at:
        return f"Told on {date_uk(contact.referrer_informed_at)}"
    return "Not recorded yet"
