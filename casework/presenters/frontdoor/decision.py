"""What the decider sees before the form, for each child: earlier contacts and referrals (last 12
months, and before) with their outcomes, episodes, parts of the history other features register
(current plans...), current warnings, and the re-referral flag in neutral words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from casework import selectors
from casework.core.models import Team, TeamKind, User
from casework.models import Contact, ContactChild, Decision, Episode
from casework.presenters.frontdoor.words import CLOSURE_REASONS, date_uk, maybe_url
from families.models import Person
from families.presenters.words import age_text, possessive
from families.selectors import sees_narrative


@dataclass
class EarlierContact:
    """An earlier contact about one child, with what was decided for that child."""

    link: ContactChild
    received: str
    source: str
    outcome: str
    decided: str
    reason: str
    episode: str

    @property
    def url(self) -> str:
        return reverse("casework:contact_detail", kwargs={"contact_id": self.link.contact_id})


@dataclass
class EpisodeLine:
    episode: Episode
    team: str
    status: str
    dates: str
    closure: str
    url: str | None


@dataclass
class ChildSection:
    """What the decider sees about one child before deciding."""

    history: selectors.ChildHistory
    age: str
    flag: str  # the re-referral flag, or why a referral would not be one, in neutral words
    recent: list[EarlierContact]
    older: list[EarlierContact]
    episodes: list[EpisodeLine]
    warnings: list[tuple[selectors.WarningLine, str]]  # each with whom it is about, in words
    parts: list[tuple[str, list[str]]]

    @property
    def child(self) -> Person:
        return self.history.child


def _earlier(link: ContactChild, narrative: bool) -> EarlierContact:
    contact = link.contact
    if link.outcome:
        outcome = link.get_outcome_display()
    elif contact.decision:
        outcome = contact.get_decision_display()
    else:
        outcome = "Not decided yet"
    episode = ""
    if link.episode_id and link.linked_to_open_episode:
        episode = "Linked to an open episode"
    elif link.episode_id:
        episode = "Episode opened"
    return EarlierContact(
        link=link,
        received=date_uk(contact.received_at),
        source=contact.get_source_display() + (" (anonymous)" if contact.anonymous else ""),
        outcome=outcome,
        decided=date_uk(contact.decided_at),
        reason=contact.decision_reason if narrative else "",
        episode=episode,
    )


def _episode_line(episode: Episode) -> EpisodeLine:
    dates = f"Referred {date_uk(episode.referral_date)}"
    if episode.closure_date:
        dates += f", closed {date_uk(episode.closure_date)}"
    closure = ""
    if episode.closure_reason:
        closure = f"{episode.closure_reason}: {CLOSURE_REASONS.get(episode.closure_reason, '')}"
    return EpisodeLine(
        episode=episode,
        team=episode.case.team.name,
        status=episode.get_status_display(),
        dates=dates,
        closure=closure,
        url=maybe_url("casework:case_detail", case_id=episode.case_id),
    )


def warning_about(line: selectors.WarningLine, child: Person) -> str:
    """Whom a warning is about, as far as the reader may know: 'Manjit Singh, Dev's parent'."""
    if not line.person_visible and line.warning.person.restricted:
        return "a person whose record is restricted"
    if line.about_child:
        return child.first_name
    name = line.warning.person.full_name
    if line.relation in ("in the family", "a former member of the family"):
        return f"{name}, {line.relation}"
    return f"{name}, {possessive(child.first_name)} {line.relation}"


def rereferral_flag(history: selectors.ChildHistory) -> str:
    """The re-referral flag (DESIGN.md: a referral within 12 months of the child's previous
    referral date) in neutral words, or why a referral now would not be one."""
    name = history.child.first_name
    if history.open_episode is not None and not history.would_be_rereferral:
        episode = history.open_episode
        return (
            f"{name} has an open episode, held by {episode.case.team.name} since "
            f"{date_uk(episode.referral_date)}. A referral would link this contact to it, not open a second one."
        )
    if history.would_be_rereferral:
        return (
            f"A referral now would be a re-referral: {name} was referred on "
            f"{date_uk(history.previous_referral_date)}, within 12 months."
        )
    if history.previous_referral_date:
        return (
            f"{name} was last referred on {date_uk(history.previous_referral_date)}, more than 12 months ago: "
            "a referral now would not be a re-referral."
        )
    return f"{name} has not been referred before."


def _part_items(value: Any) -> list[str]:
    if value is None or value == "" or value == [] or value == {}:
        return []
    if isinstance(value, dict):
        return [f"{key}: {item}" for key, item in value.items()]
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value]
    return [str(value)]


def _part_title(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def child_sections(*, user: User, contact: Contact, children: list[Person]) -> list[ChildSection]:
    """For each child: earlier contacts (last 12 months, and before), episodes, registered parts
    of the history (current plans...), current warnings and the re-referral flag."""
    narrative = sees_narrative(user)
    histories = selectors.child_histories(contact=contact, children=children)
    warnings = selectors.child_warnings(user=user, child_ids=[c.id for c in children])
    sections = []
    for history in histories:
        recent_ids = {link.pk for link in history.last_12_months}
        sections.append(
            ChildSection(
                history=history,
                age=age_text(history.child),
                flag=rereferral_flag(history),
                recent=[_earlier(link, narrative) for link in history.previous if link.pk in recent_ids],
                older=[_earlier(link, narrative) for link in history.previous if link.pk not in recent_ids],
                episodes=[_episode_line(e) for e in history.episodes],
                warnings=[(w, warning_about(w, history.child)) for w in warnings.get(history.child.id, [])],
                parts=[(_part_title(name), _part_items(value)) for name, value in history.extra.items()],
            )
        )
    return sections


# --- Deciding ------------------------------------------------------------------------------


def team_choices(contact: Contact) -> list[tuple[str, str]]:
    """Who may hold the case a referral opens: the deciding team (the default), or another
    team that is not a front door."""
    others = Team.objects.exclude(kind=TeamKind.FRONT_DOOR).exclude(pk=contact.team_id).order_by("name")
    return [(str(contact.team_id), f"{contact.team.name} (the deciding team)")] + [(str(t.pk), t.name) for t in others]


DECISION_HINTS = {
    Decision.NFA: "No service from children's social care is needed.",
    Decision.ADVICE_SIGNPOSTING: "The referrer or family is given advice or pointed to another service.",
    Decision.EARLY_HELP: "Support below the statutory threshold, with the family's agreement.",
    Decision.REFERRAL: "A social work response: it opens an episode for each referred child.",
}
