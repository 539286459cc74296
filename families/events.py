"""The chronology events families records produce, in one place: the services call these in
the same transaction as the change, and `rebuild_chronology` calls `rebuild()`."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_forget, chronology_record, register_rebuilder
from casework.core.models import User
from families.models import FamilyAddress, FamilyMembership, MemberRole, PersonWarning, Relationship
from families.wording import describe


def record_relationship(rel: Relationship, by: User | None) -> None:
    """Relationship started (and ended, once it has an end date)."""
    people = [rel.to_person, rel.from_person]
    words = describe(rel, about=rel.to_person, full_names=True)
    chronology_record(
        source=rel,
        kind="relationship_started",
        summary=f"Relationship recorded: {words}",
        when=rel.start_date or rel.created_at,
        category="relationship",
        people=people,
        by=by,
        significance=SIGNIFICANT if rel.parental_responsibility else "routine",
    )
    if rel.end_date:
        chronology_record(
            source=rel,
            kind="relationship_ended",
            summary=f"Relationship ended: {words}",
            when=rel.end_date,
            category="relationship",
            people=people,
            by=by,
        )
    else:
        chronology_forget(source=rel, kind="relationship_ended")


def _membership_summary(membership: FamilyMembership, verb: str) -> str:
    role = "a child" if membership.role == MemberRole.CHILD else "an adult"
    return f"{membership.person.full_name} {verb} the {membership.family.name} ({role})"


def record_membership(membership: FamilyMembership, by: User | None) -> None:
    """Joined a family (and left it, once they have)."""
    chronology_record(
        source=membership,
        kind="membership_started",
        summary=_membership_summary(membership, "joined"),
        when=membership.joined,
        category="family",
        family=membership.family,
        person=membership.person,
        by=by,
    )
    if membership.left:
        chronology_record(
            source=membership,
            kind="membership_ended",
            summary=_membership_summary(membership, "left"),
            when=membership.left,
            category="family",
            family=membership.family,
            person=membership.person,
            by=by,
        )


def _warning_summary(warning: PersonWarning, verb: str) -> str:
    return f"Warning {verb} for {warning.person.full_name}: {warning.get_kind_display()}"


def record_warning(warning: PersonWarning, by: User | None) -> None:
    """Warning added (and ended, once it has an end date)."""
    chronology_record(
        source=warning,
        kind="warning_added",
        summary=_warning_summary(warning, "added"),
        when=warning.from_date,
        category="warning",
        person=warning.person,
        by=by,
        significance=SIGNIFICANT,
    )
    if warning.to_date:
        chronology_record(
            source=warning,
            kind="warning_ended",
            summary=_warning_summary(warning, "ended"),
            when=warning.to_date,
            category="warning",
            person=warning.person,
            by=by,
        )
    else:
        chronology_forget(source=warning, kind="warning_ended")


def record_move(address: FamilyAddress, by: User | None) -> None:
    """A family moved. A confidential address never appears in the summary."""
    family = address.family
    if address.confidential:
        summary = f"{family.name} moved to a confidential address"
    else:
        summary = f"{family.name} moved to a new address: {address}"
    members = [m.person for m in family.memberships.filter(left__isnull=True).select_related("person")]
    chronology_record(
        source=address,
        kind="family_moved",
        summary=summary,
        when=address.from_date,
        category="family",
        family=family,
        people=members,
        by=by,
    )


def rebuild() -> int:
    """Re-record every families event (for `manage.py rebuild_chronology`)."""
    count = 0
    for rel in Relationship.objects.select_related("from_person", "to_person"):
        record_relationship(rel, None)
        count += 1
    for membership in FamilyMembership.objects.select_related("person", "family"):
        record_membership(membership, None)
        count += 1
    for warning in PersonWarning.objects.select_related("person"):
        record_warning(warning, None)
        count += 1
    for family_id in FamilyAddress.objects.values_list("family_id", flat=True).distinct():
        moves = FamilyAddress.objects.filter(family_id=family_id).select_related("family").order_by("from_date")
        for address in list(moves)[1:]:  # the first address is not a move
            record_move(address, None)
            count += 1
    return count


register_rebuilder("families", rebuild)
