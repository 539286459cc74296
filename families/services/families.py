"""Families: create and update, moves of address (history kept), members joining and leaving."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework.core.access import WRITING_ROLES, access_grant, require_role, team_ids_for
from casework.core.models import AccessLevel, Team, User
from casework.core.versioning import bump_version, save_versioned
from families import selectors
from families.events import record_membership, record_move
from families.models import Family, FamilyAddress, FamilyMembership, MemberRole, Person

ADDRESS_FIELDS = ("line1", "line2", "town", "postcode", "confidential")


def _require_family_write(by: User, family: Family) -> None:
    if not selectors.family_can_write(user=by, family=family):
        raise PermissionDenied("Your team does not hold this family's record, or your role cannot change it.")


def _address_validate(address: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: address.get(name, "") for name in ADDRESS_FIELDS}
    cleaned["confidential"] = bool(address.get("confidential", False))
    for name in ("line1", "line2", "town", "postcode"):
        cleaned[name] = (cleaned[name] or "").strip()
    errors = {}
    if not cleaned["line1"]:
        errors["address"] = ["Enter the first line of the address"]
    if len(cleaned["postcode"]) > 10:
        errors["address"] = ["Postcode must be 10 characters or fewer"]
    if any(len(cleaned[name]) > limit for name, limit in (("line1", 200), ("line2", 200), ("town", 100))):
        errors["address"] = ["Address lines must be 200 characters or fewer, and the town 100"]
    if errors:
        raise ValidationError(errors)
    cleaned["postcode"] = cleaned["postcode"].upper()
    return cleaned


@transaction.atomic
def family_create(
    *,
    by: User,
    name: str,
    telephone: str = "",
    address: dict[str, Any] | None = None,
    moved_in: datetime.date | None = None,
    grant_to: list[Team] | None = None,
) -> Family:
    """Record a family; the creator's teams hold it (write) until a contact or case does."""
    require_role(by, *WRITING_ROLES)
    if not (name or "").strip():
        raise ValidationError({"name": ["Enter the family's name, for example 'Smith family'"]})
    family = Family(name=name.strip()[:200], telephone=(telephone or "").strip(), created_by=by)
    family.full_clean(exclude=["version"])
    family._change_reason = "Created"
    family.save()
    if address:
        FamilyAddress.objects.create(
            family=family, from_date=moved_in or timezone.localdate(), **_address_validate(address)
        )
    teams = grant_to if grant_to is not None else list(Team.objects.filter(id__in=team_ids_for(by)))
    for team in teams:
        access_grant(
            team=team, family=family, level=AccessLevel.WRITE, by=by, reason=f"Family recorded by {by.display_name}"
        )
    return family


@transaction.atomic
def family_update(*, by: User, family: Family, changes: dict[str, Any], expected_version: int | None) -> Family:
    """Change the family's name or telephone, and record a move when the address changes."""
    _require_family_write(by, family)
    for name in ("name", "telephone"):
        if name in changes:
            setattr(family, name, (changes[name] or "").strip())
    if not family.name:
        raise ValidationError({"name": ["Enter the family's name"]})
    family.full_clean(exclude=["version"])
    save_versioned(family, expected_version=expected_version, change_reason="Updated")
    if changes.get("address") is not None:
        _move(by, family, changes["address"], changes.get("moved_on") or timezone.localdate())
        bump_version(family)
    return family


def _move(by: User, family: Family, address: dict[str, Any], moved_on: datetime.date) -> FamilyAddress | None:
    cleaned = _address_validate(address)
    current = family.addresses.filter(to_date__isnull=True).first()
    if current and all(getattr(current, k) == v for k, v in cleaned.items()):
        return current
    if current:
        if current.from_date > moved_on:
            raise ValidationError(
                {"moved_on": ["The move must be on or after the date they moved to the current address"]}
            )
        current.to_date = moved_on
        current.save(update_fields=["to_date"])
    new = FamilyAddress.objects.create(family=family, from_date=moved_on, **cleaned)
    if current:  # a first address is not a move
        record_move(new, by)
    return new


@transaction.atomic
def family_change_address(
    *, by: User, family: Family, address: dict[str, Any], moved_on: datetime.date, expected_version: int | None
) -> Family:
    """Record a move (the old address is kept in the family's address history)."""
    _require_family_write(by, family)
    save_versioned(family, expected_version=expected_version, change_reason="Moved address")
    _move(by, family, address, moved_on)
    return family


@transaction.atomic
def membership_add(
    *,
    by: User,
    family: Family,
    person: Person,
    role: str,
    is_subject: bool = False,
    joined: datetime.date | None = None,
) -> FamilyMembership:
    """Add a person to a family (a person may belong to several families)."""
    _require_family_write(by, family)
    errors: dict[str, list[str]] = {}
    if role not in MemberRole.values:
        errors["role"] = ["Choose child or adult"]
    if is_subject and role != MemberRole.CHILD:
        errors["is_subject"] = ["Only a child can be a subject of the work"]
    if FamilyMembership.objects.filter(family=family, person=person, left__isnull=True).exists():
        errors["person"] = [f"{person.full_name} is already a member of this family"]
    joined = joined or timezone.localdate()
    if joined > timezone.localdate():
        errors["joined"] = ["The date they joined must be today or in the past"]
    if errors:
        raise ValidationError(errors)
    membership = FamilyMembership(family=family, person=person, role=role, is_subject=is_subject, joined=joined)
    membership._change_reason = "Joined"
    membership.save()
    bump_version(family)
    record_membership(membership, by)
    return membership


@transaction.atomic
def membership_update(*, by: User, membership: FamilyMembership, role: str, is_subject: bool) -> FamilyMembership:
    _require_family_write(by, membership.family)
    if role not in MemberRole.values:
        raise ValidationError({"role": ["Choose child or adult"]})
    if is_subject and role != MemberRole.CHILD:
        raise ValidationError({"is_subject": ["Only a child can be a subject of the work"]})
    membership.role, membership.is_subject = role, is_subject
    membership._change_reason = "Updated"
    membership.save()
    bump_version(membership.family)
    return membership


@transaction.atomic
def membership_end(*, by: User, family: Family, person: Person, left: datetime.date | None = None) -> FamilyMembership:
    """End a membership (it is kept, with the date they left)."""
    _require_family_write(by, family)
    membership = FamilyMembership.objects.filter(family=family, person=person, left__isnull=True).first()
    if membership is None:
        raise ValidationError({"person": [f"{person.full_name} is not a current member of this family"]})
    left = left or timezone.localdate()
    if left < membership.joined:
        raise ValidationError({"left": ["The date they left must be on or after the date they joined"]})
    if left > timezone.localdate():
        raise ValidationError({"left": ["The date they left must be today or in the past"]})
    membership.left = left
    membership._change_reason = "Left"
    membership.save()
    bump_version(family)
    record_membership(membership, by)
    return membership
