"""The front door: record a contact, decide it with a reason, endorse it, tell the referrer.

A referral opens one episode per referred child (in the family's open case, or a new case),
except for a child who already has an open episode: the contact is linked to it instead.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events
from casework.core.access import WRITING_ROLES, access_downgrade, access_grant, require_role, team_ids_for
from casework.core.chronology import london_date
from casework.core.codes import REFERRAL_SOURCE
from casework.core.models import AccessLevel, Role, Team, TeamKind, User
from casework.core.versioning import check_version
from casework.models import Case, CaseStatus, Consent, Contact, ContactChild, Decision, Episode, EpisodeStatus
from casework.selectors import contact_is_front_door_member, contact_referral_family
from families import services as family_services
from families.models import Family, FamilyMembership, MemberRole, Person


def default_front_door_team(by: User) -> Team:
    """The recorder's own front-door team, else the authority's default (FRONT_DOOR_TEAM)."""
    own = Team.objects.filter(id__in=team_ids_for(by), kind=TeamKind.FRONT_DOOR).order_by("name").first()
    if own:
        return own
    configured = getattr(settings, "FRONT_DOOR_TEAM", "")
    team = Team.objects.filter(kind=TeamKind.FRONT_DOOR, name=configured).first() if configured else None
    team = team or Team.objects.filter(kind=TeamKind.FRONT_DOOR).order_by("name").first()
    if team is None:
        raise ValidationError({"team": ["There is no front-door team to send the contact to: ask an administrator"]})
    return team


def _validate_contact(data: dict[str, Any], children: list[Person], team: Team) -> None:
    errors: dict[str, list[str]] = {}
    if team.kind != TeamKind.FRONT_DOOR:
        errors["team"] = [f"{team.name} is not a front-door team"]
    if not children:
        errors["children"] = ["Say which child or children the contact is about (search for them first)"]
    if len({c.id for c in children}) != len(children):
        errors["children"] = ["Each child can be named once"]
    received = data.get("received_at")
    if received is None:
        errors["received_at"] = ["Enter when the contact was received"]
    elif received > timezone.now() + datetime.timedelta(minutes=5):
        errors["received_at"] = ["When the contact was received must be now or in the past"]
    if data.get("source") not in dict(REFERRAL_SOURCE):
        errors["source"] = ["Choose who the contact came from (the DfE referral source)"]
    if not (data.get("concerns") or "").strip():
        errors["concerns"] = ["Record the concerns in the referrer's words"]
    if data.get("consent") not in Consent.values:
        errors["consent"] = ["Say whether consent to share information was given, refused or not sought"]
    elif data["consent"] != Consent.GIVEN and not (data.get("consent_reason") or "").strip():
        errors["consent_reason"] = ["Say why consent was refused or not sought"]
    if not data.get("anonymous") and not (data.get("referrer_name") or data.get("referrer_agency") or "").strip():
        errors["referrer_name"] = ["Enter who made the contact, or mark it as anonymous"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contact_record(
    *,
    by: User,
    children: list[Person],
    data: dict[str, Any],
    team: Team | None = None,
    family: Family | None = None,
) -> Contact:
    """Record a contact into a front-door team's queue; that team holds the children and the
    family (write) until it decides."""
    require_role(by, *WRITING_ROLES)
    team = team or default_front_door_team(by)
    _validate_contact(data, children, team)
    anonymous = bool(data.get("anonymous"))
    contact = Contact(
        team=team,
        family=family,
        recorded_by=by,
        received_at=data["received_at"],
        source=data["source"],
        anonymous=anonymous,
        referrer_name="" if anonymous else (data.get("referrer_name") or "").strip(),
        referrer_agency=(data.get("referrer_agency") or "").strip(),
        referrer_contact="" if anonymous else (data.get("referrer_contact") or "").strip(),
        concerns=data["concerns"].strip(),
        parents_aware=data.get("parents_aware"),
        consent=data["consent"],
        consent_reason=(data.get("consent_reason") or "").strip(),
    )
    contact._change_reason = "Recorded"
    contact._history_user = by
    contact.save()
    for child in children:
        ContactChild.objects.create(contact=contact, child=child)
        access_grant(team=team, person=child, level=AccessLevel.WRITE, by=by, reason="Contact recorded")
    if family is not None:
        access_grant(team=team, family=family, level=AccessLevel.WRITE, by=by, reason="Contact recorded")
    events.record_contact_received(contact, by)
    return contact


CONTACT_FACTS = (
    "received_at",
    "source",
    "referrer_name",
    "referrer_agency",
    "referrer_contact",
    "anonymous",
    "concerns",
    "parents_aware",
    "consent",
    "consent_reason",
)


@transaction.atomic
def contact_update(
    *,
    by: User,
    contact: Contact,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Contact:
    """Correct the recorded facts of an undecided contact (the front-door team holding it;
    compare-and-swap on `version`). Once decided, the facts stand as the decision was made on
    them. `changes` may name a `family` (a Family, or None): the team then holds it too."""
    if by.role not in WRITING_ROLES or not contact_is_front_door_member(user=by, contact=contact):
        raise PermissionDenied("Only the front-door team holding this contact can change it.")
    if contact.is_decided:
        raise PermissionDenied("This contact has been decided: its facts stand as the decision was made on them.")
    facts = {name: getattr(contact, name) for name in CONTACT_FACTS}
    facts.update({name: value for name, value in changes.items() if name in CONTACT_FACTS})
    children = [link.child for link in contact.contact_children.select_related("child")]
    _validate_contact(facts, children, contact.team)
    check_version(contact, expected_version)
    anonymous = bool(facts["anonymous"])
    for name in CONTACT_FACTS:
        value = facts[name]
        if name in ("referrer_name", "referrer_contact") and anonymous:
            value = ""
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    if "family" in changes and changes["family"] != contact.family:
        contact.family = changes["family"]
        if contact.family is not None:
            access_grant(
                team=contact.team, family=contact.family, level=AccessLevel.WRITE, by=by, reason="Contact recorded"
            )
    changed = sorted(name for name in (*CONTACT_FACTS, "family") if name in changes)
    contact.version += 1
    contact._change_reason = (f"Changed: {', '.join(changed)}" if changed else "Saved unchanged")[:100]
    contact._history_user = by
    contact.save()
    events.record_contact_received(contact, by)
    return contact


def _require_decider(by: User, contact: Contact) -> None:
    if by.role not in WRITING_ROLES or not contact_is_front_door_member(user=by, contact=contact):
        raise PermissionDenied("Only the front-door team holding this contact can decide it.")
    if contact.is_decided:
        raise PermissionDenied("This contact has been decided: the front-door team now has read access only.")


def _family_for_referral(by: User, contact: Contact, children: list[Person], team: Team) -> Family:
    """The contact's family, or one recorded now from the children (record once)."""
    existing = contact_referral_family(contact=contact, children=children)  # the rule the pages show
    if existing is not None and existing == contact.family:
        return existing
    if existing is not None:
        family = existing
    else:
        family = family_services.family_create(by=by, name=f"{children[0].last_name} family", grant_to=[contact.team])
        for child in children:
            FamilyMembership.objects.create(
                family=family,
                person=child,
                role=MemberRole.CHILD,
                is_subject=True,
                joined=london_date(contact.received_at),
            )
    contact.family = family
    contact.save(update_fields=["family"])
    return family


def _open_episode(by: User, contact: Contact, child: Person, case: Case) -> Episode:
    episode = Episode(
        case=case,
        child=child,
        contact=contact,
        referral_date=london_date(contact.received_at),
        referral_source=contact.source,
        status=EpisodeStatus.OPEN,
    )
    episode._change_reason = "Opened by a referral"
    episode._history_user = by
    episode.save()
    events.record_episode_opened(episode, by)
    return episode


@transaction.atomic
def contact_decide(
    *,
    by: User,
    contact: Contact,
    decision: str,
    reason: str,
    team: Team | None = None,
    children: list[Person] | None = None,
) -> Contact:
    """Decide a contact with a reason in words. A referral refers the listed children (default:
    all); the others are recorded as no further action for this contact, with the same reason."""
    _require_decider(by, contact)
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = ["Choose a decision"]
    if not (reason or "").strip():
        errors["decision_reason"] = ["Give the reason for the decision, in words"]
    links = list(contact.contact_children.select_related("child"))
    all_children = [link.child for link in links]
    referred = list(children) if children else (all_children if decision == Decision.REFERRAL else [])
    if decision == Decision.REFERRAL:
        strangers = [c for c in referred if c.id not in {x.id for x in all_children}]
        if strangers:
            errors["children"] = ["Only children named in the contact can be referred"]
        if not referred:
            errors["children"] = ["Choose at least one child to refer"]
    elif children:
        errors["children"] = ["Children are chosen only for a referral"]
    if errors:
        raise ValidationError(errors)
    contact.decision, contact.decision_reason = decision, reason.strip()
    contact.decided_at, contact.decided_by = timezone.now(), by
    contact.endorsement_required = bool(getattr(settings, "FRONT_DOOR_ENDORSEMENT_REQUIRED", False))
    contact._change_reason = f"Decided: {contact.get_decision_display()}"
    contact._history_user = by
    contact.save()

    holding_team = team or contact.team
    case = None
    referred_ids = {c.id for c in referred}
    if referred:
        family = _family_for_referral(by, contact, referred, holding_team)
        case = Case.objects.filter(family=family, status=CaseStatus.OPEN).first()
    for link in links:
        if link.child_id not in referred_ids:
            link.outcome = decision if decision != Decision.REFERRAL else Decision.NFA
            link.save(update_fields=["outcome"])
            continue
        link.outcome = Decision.REFERRAL
        open_episode = Episode.objects.filter(child=link.child).exclude(status=EpisodeStatus.CLOSED).first()
        if open_episode is not None:
            link.episode, link.linked_to_open_episode = open_episode, True
            link.save(update_fields=["outcome", "episode", "linked_to_open_episode"])
            continue
        if case is None:
            case = Case(family=contact.family, team=holding_team)
            case._history_user = by
            case.save()
            for grant_family in (contact.family,):
                access_grant(
                    team=holding_team,
                    family=grant_family,
                    level=AccessLevel.WRITE,
                    by=by,
                    reason="Case opened by a referral",
                )
        link.episode = _open_episode(by, contact, link.child, case)
        link.save(update_fields=["outcome", "episode"])
        access_grant(
            team=case.team, person=link.child, level=AccessLevel.WRITE, by=by, reason="Case opened by a referral"
        )
    _after_decision_access(contact, links, case)
    events.record_contact_decided(contact, by)
    return contact


def _after_decision_access(contact: Contact, links: list[ContactChild], case: Case | None) -> None:
    """The front-door team keeps read access (so a repeat contact is decided with this one in
    view), unless it holds the case."""
    holds = {contact.team_id} if case is not None and case.team_id == contact.team_id else set()
    if contact.team_id in holds:
        return
    # Another contact the team still has to decide about a child (or the family) keeps its write.
    undecided = Contact.objects.filter(team_id=contact.team_id, decision="").exclude(pk=contact.pk)
    waiting = set(
        ContactChild.objects.filter(contact__in=undecided, child_id__in=[link.child_id for link in links]).values_list(
            "child_id", flat=True
        )
    )
    for link in links:
        if link.child_id not in waiting:
            access_downgrade(team=contact.team, person=link.child, reason="Contact decided")
    if contact.family is not None and not undecided.filter(family=contact.family).exists():
        access_downgrade(team=contact.team, family=contact.family, reason="Contact decided")


@transaction.atomic
def contact_endorse(*, by: User, contact: Contact) -> Contact:
    """A front-door manager endorses a decision, where the authority requires it."""
    if by.role != Role.TEAM_MANAGER or not contact_is_front_door_member(user=by, contact=contact):
        raise PermissionDenied("Only a manager of the front-door team can endorse its decisions.")
    if not contact.is_decided:
        raise ValidationError({"non_field_errors": ["The contact has not been decided yet"]})
    if not contact.endorsement_required:
        raise ValidationError({"non_field_errors": ["This authority does not require decisions to be endorsed"]})
    if contact.endorsed_at:
        raise ValidationError({"non_field_errors": ["This decision has already been endorsed"]})
    contact.endorsed_by, contact.endorsed_at = by, timezone.now()
    contact._change_reason = "Endorsed"
    contact._history_user = by
    contact.save(update_fields=["endorsed_by", "endorsed_at"])
    events.record_contact_endorsed(contact, by)
    return contact


@transaction.atomic
def contact_referrer_informed(*, by: User, contact: Contact, informed_at: datetime.datetime, how: str) -> Contact:
    """Record that the referrer was told the outcome."""
    if by.role not in WRITING_ROLES or not contact_is_front_door_member(user=by, contact=contact):
        raise PermissionDenied("Only the front-door team can record this.")
    errors: dict[str, list[str]] = {}
    if not contact.is_decided:
        errors["non_field_errors"] = ["Decide the contact before telling the referrer the outcome"]
    if contact.anonymous:
        errors["non_field_errors"] = ["The referrer was anonymous"]
    if informed_at is None or informed_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["informed_at"] = ["Enter when the referrer was told: now or in the past"]
    elif informed_at < contact.received_at:
        errors["informed_at"] = ["The referrer cannot be told before the contact was received"]
    if not (how or "").strip():
        errors["how"] = ["Say how the referrer was told (telephone, email, letter)"]
    if errors:
        raise ValidationError(errors)
    contact.referrer_informed_at, contact.referrer_informed_how = informed_at, how.strip()
    contact._history_user = by
    contact.save(update_fields=["referrer_informed_at", "referrer_informed_how"])
    return contact
