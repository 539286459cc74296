"""The front-door queue: what waits for a decision (oldest first), what was decided lately, and
what waits for the manager's endorsement, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from casework import selectors
from casework.core.access import WRITING_ROLES
from casework.core.models import Role, Team, User
from casework.models import Contact, ContactChild
from casework.presenters.frontdoor.words import (
    child_text,
    date_uk,
    datetime_uk,
    endorsement_text,
    referrer_text,
    referrer_told_text,
    time_uk,
    waiting_text,
)
from families.presenters.words import join_words
from families.selectors import sees_narrative, visible_person_ids


@dataclass
class QueueRow:
    contact: Contact
    received: str
    referrer: str
    children: list[str]
    waiting: str = ""
    decision: str = ""
    decided: str = ""
    endorsement: str = ""
    referrer_told: str = ""

    @property
    def url(self) -> str:
        return reverse("casework:contact_detail", kwargs={"contact_id": self.contact.pk})

    @property
    def received_day(self) -> str:
        return date_uk(self.contact.received_at)

    @property
    def received_time(self) -> str:
        return time_uk(self.contact.received_at)

    @property
    def decide_url(self) -> str:
        return reverse("casework:contact_decide", kwargs={"contact_id": self.contact.pk})

    @property
    def about(self) -> str:
        return join_words(self.children)


@dataclass
class QueuePage:
    teams: list[Team]
    awaiting: list[QueueRow]
    decided: list[QueueRow]
    to_endorse: list[QueueRow] | None  # None: not a front-door manager, or endorsement not required
    can_record: bool
    can_decide: bool
    started: list[dict[str, Any]] = field(default_factory=list)


def _rows(contacts: list[Contact], user: User, now: datetime.datetime) -> list[QueueRow]:
    narrative = sees_narrative(user)
    links = [link for c in contacts for link in c.contact_children.all()]
    visible = visible_person_ids(user=user, person_ids=[link.child_id for link in links])
    rows = []
    for contact in contacts:
        children = sorted(contact.contact_children.all(), key=lambda link: link.child.full_name)
        row = QueueRow(
            contact=contact,
            received=datetime_uk(contact.received_at),
            referrer=referrer_text(contact, narrative),
            children=[child_text(link.child, link.child_id in visible) for link in children],
        )
        if contact.is_decided:
            row.decision = contact.get_decision_display()
            row.decided = date_uk(contact.decided_at) + (
                f" by {contact.decided_by.display_name}" if contact.decided_by else ""
            )
            row.endorsement = endorsement_text(contact)
            row.referrer_told = referrer_told_text(contact)
        else:
            row.waiting = waiting_text(contact.received_at, now)
        rows.append(row)
    return rows


def queue_page(*, user: User, started: list[dict[str, Any]]) -> QueuePage:
    """The user's front-door queue (oldest first), what they decided lately, and what waits for
    their endorsement. A fixed number of queries, however long the queue."""
    now = timezone.now()
    team_ids = selectors.front_door_team_ids(user=user)
    teams = list(Team.objects.filter(id__in=team_ids).order_by("name")) if team_ids else []
    awaiting = list(selectors.contact_queue(user=user).filter(team_id__in=team_ids)) if team_ids else []
    decided = list(selectors.contacts_decided_recently(user=user)) if team_ids else []
    to_endorse = None
    if team_ids and user.role == Role.TEAM_MANAGER and settings.FRONT_DOOR_ENDORSEMENT_REQUIRED:
        children = ContactChild.objects.select_related("child")
        pending = (
            selectors.contacts_awaiting_endorsement(user=user)
            .filter(team_id__in=team_ids)
            .select_related("decided_by")
            .prefetch_related(Prefetch("contact_children", queryset=children))
            .order_by("decided_at")
        )
        to_endorse = _rows(list(pending), user, now)
    return QueuePage(
        teams=teams,
        awaiting=_rows(awaiting, user, now),
        decided=_rows(decided, user, now),
        to_endorse=to_endorse,
        can_record=user.role in WRITING_ROLES,
        can_decide=bool(team_ids) and user.role in WRITING_ROLES,
        started=started,
    )
