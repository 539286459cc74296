"""A contact's page: its children as the user may see them, the decision and what it opened,
endorsement, the referrer told, and what the user may do next."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from casework import selectors
from casework.core.models import User
from casework.models import Contact, ContactChild
from casework.presenters.frontdoor.words import (
    date_uk,
    endorsement_text,
    maybe_url,
    referrer_text,
    referrer_told_text,
)
from families.models import Person
from families.presenters.words import age_text, join_words
from families.selectors import sees_narrative, visible_person_ids


@dataclass
class ChildLine:
    """One child of a contact, with what the decision meant for them."""

    link: ContactChild
    age: str
    outcome: str
    episode: str
    case_url: str | None
    episode_url: str | None

    @property
    def person(self) -> Person:
        return self.link.child

    @property
    def url(self) -> str:
        return reverse("families:person_detail", kwargs={"person_id": self.link.child_id})


def _episode_words(link: ContactChild) -> str:
    episode = link.episode
    if episode is None:
        return ""
    team = episode.case.team.name
    if link.linked_to_open_episode:
        return f"linked to the open episode held by {team} (not a new referral)"
    return f"episode opened in the case held by {team}, referral date {date_uk(episode.referral_date)}"


def child_lines(links: list[ContactChild]) -> list[ChildLine]:
    lines = []
    for link in links:
        episode = link.episode
        lines.append(
            ChildLine(
                link=link,
                age=age_text(link.child),
                outcome=link.get_outcome_display() if link.outcome else "",
                episode=_episode_words(link),
                case_url=maybe_url("casework:case_detail", case_id=episode.case_id) if episode else None,
                episode_url=maybe_url("casework:episode_detail", episode_id=episode.pk) if episode else None,
            )
        )
    return lines


@dataclass
class ContactPage:
    contact: Contact
    title: str
    children: list[ChildLine]
    narrative: bool
    referrer: str
    endorsement: str
    referrer_told: str
    can_decide: bool
    can_endorse: bool
    can_inform: bool
    hidden_children: int = 0

    @property
    def parents_aware(self) -> str:
        return {True: "Yes", False: "No"}.get(self.contact.parents_aware, "Not known")


def contact_title(links: list[ContactChild], hidden: int = 0) -> str:
    names = [link.child.full_name for link in links] + (["a child with a restricted record"] if hidden else [])
    return f"Contact about {join_words(names)}" if names else "Contact"


def contact_page(*, user: User, contact: Contact) -> ContactPage:
    links = list(
        contact.contact_children.select_related("child", "episode__case__team").order_by("child__date_of_birth")
    )
    visible = visible_person_ids(user=user, person_ids=[link.child_id for link in links])
    shown = [link for link in links if link.child_id in visible]
    narrative = sees_narrative(user)
    can_endorse = (
        selectors.contact_can_endorse(user=user, contact=contact)
        and contact.is_decided
        and contact.endorsement_required
        and not contact.endorsed_at
    )
    can_inform = (
        selectors.contact_can_inform_referrer(user=user, contact=contact)
        and contact.is_decided
        and not contact.anonymous
        and not contact.referrer_informed_at
    )
    return ContactPage(
        contact=contact,
        title=contact_title(shown, len(links) - len(shown)),
        children=child_lines(shown),
        narrative=narrative,
        referrer=referrer_text(contact, narrative),
        endorsement=endorsement_text(contact),
        referrer_told=referrer_told_text(contact),
        can_decide=selectors.contact_can_change(user=user, contact=contact),
        can_endorse=can_endorse,
        can_inform=can_inform,
        hidden_children=len(links) - len(shown),
    )
