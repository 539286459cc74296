"""Relationships (stored once, read from both sides), professionals involved, community ties."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.core.models import User
from casework.core.versioning import save_versioned
from families import selectors
from families.events import record_relationship
from families.models import (
    DIRECTIONAL_KINDS,
    ELDER_KINDS,
    PR_KINDS,
    Connection,
    ConnectionKind,
    Emotional,
    Energy,
    Family,
    Person,
    Professional,
    Relationship,
    RelationshipKind,
    Strength,
)

RELATIONSHIP_FIELDS = ("kind", "parental_responsibility", "start_date", "end_date", "emotional", "identical", "notes")


def _require_person_write(by: User, *people: Person) -> None:
    if not any(selectors.person_can_write(user=by, person=p) for p in people):
        raise PermissionDenied("Your team does not hold these records, or your role cannot change them.")


def relationship_validate(rel: Relationship) -> None:
    """Refuse, with a clear message: oneself, a duplicate, a parent younger than the child,
    parental responsibility on a kind that cannot hold it, 'identical' on non-twins."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if rel.kind not in RelationshipKind.values:
        add("kind", f"Choose a kind of relationship: {', '.join(RelationshipKind.values)}")
    if rel.from_person_id and rel.from_person_id == rel.to_person_id:
        add("to_person", "A person cannot have a relationship with themselves")
    if rel.parental_responsibility and rel.kind not in PR_KINDS:
        add(
            "parental_responsibility",
            "Only a parent, adoptive parent, step-parent, special guardian or carer can hold parental responsibility",
        )
    if rel.identical and rel.kind != RelationshipKind.TWIN:
        add("identical", "Only twins can be identical")
    if rel.emotional and rel.emotional not in Emotional.values:
        add("emotional", f"Choose one of: {', '.join(Emotional.values)}")
    if rel.start_date and rel.end_date and rel.end_date < rel.start_date:
        add("end_date", "The end date must be on or after the start date")
    if rel.start_date and rel.start_date > timezone.localdate():
        add("start_date", "The start date must be today or in the past")
    elder, younger = rel.from_person, rel.to_person
    if (
        rel.kind in ELDER_KINDS
        and elder.date_of_birth
        and younger.date_of_birth
        and elder.date_of_birth >= younger.date_of_birth
    ):
        add(
            "from_person",
            f"{elder.full_name} is recorded as younger than {younger.full_name}, "
            f"so cannot be their {rel.get_kind_display().lower()}: check both dates of birth",
        )
    if not errors and rel.end_date is None:
        same_pair = Q(from_person=rel.from_person, to_person=rel.to_person)
        if rel.kind not in DIRECTIONAL_KINDS:
            same_pair |= Q(from_person=rel.to_person, to_person=rel.from_person)
        duplicate = Relationship.objects.filter(same_pair, kind=rel.kind, end_date__isnull=True)
        if rel.pk:
            duplicate = duplicate.exclude(pk=rel.pk)
        if duplicate.exists():
            add("kind", "This relationship is already recorded")
        if (
            rel.kind in DIRECTIONAL_KINDS
            and Relationship.objects.filter(
                from_person=rel.to_person, to_person=rel.from_person, kind=rel.kind, end_date__isnull=True
            ).exists()
        ):
            add(
                "kind",
                f"{rel.to_person.full_name} is already recorded as "
                f"{rel.from_person.full_name}'s {rel.get_kind_display().lower()}",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def relationship_create(*, by: User, from_person: Person, to_person: Person, data: dict[str, Any]) -> Relationship:
    """Record a relationship once; it is read from both sides."""
    _require_person_write(by, from_person, to_person)
    rel = Relationship(
        from_person=from_person, to_person=to_person, **{k: v for k, v in data.items() if k in RELATIONSHIP_FIELDS}
    )
    rel.notes = rel.notes or ""
    relationship_validate(rel)
    rel._change_reason = "Recorded"
    rel.save()
    record_relationship(rel, by)
    return rel


@transaction.atomic
def relationship_update(
    *, by: User, relationship: Relationship, changes: dict[str, Any], expected_version: int | None
) -> Relationship:
    _require_person_write(by, relationship.from_person, relationship.to_person)
    for name in RELATIONSHIP_FIELDS:
        if name in changes:
            setattr(
                relationship,
                name,
                changes[name]
                if changes[name] is not None or name in ("start_date", "end_date", "emotional")
                else getattr(relationship, name),
            )
    relationship.notes = relationship.notes or ""
    relationship_validate(relationship)
    save_versioned(relationship, expected_version=expected_version, change_reason="Updated")
    record_relationship(relationship, by)
    return relationship


@transaction.atomic
def relationship_end(
    *,
    by: User,
    relationship: Relationship,
    end_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Relationship:
    """End a relationship (kept in history, with its end date)."""
    if relationship.end_date is not None:
        raise ValidationError({"end_date": ["This relationship has already ended"]})
    return relationship_update(
        by=by,
        relationship=relationship,
        changes={"end_date": end_date or timezone.localdate()},
        expected_version=relationship.version if expected_version is None else expected_version,
    )


# --- Professionals and connections --------------------------------------------------------------

PROFESSIONAL_FIELDS = (
    "name",
    "role",
    "agency",
    "telephone",
    "email",
    "working_with",
    "contributed",
    "from_date",
    "to_date",
)


def _professional_validate(pro: Professional) -> None:
    errors: dict[str, list[str]] = {}
    for name, message in (
        ("name", "Enter the professional's name"),
        ("role", "Enter their role"),
        ("agency", "Enter their agency"),
    ):
        if not (getattr(pro, name) or "").strip():
            errors[name] = [message]
    if pro.from_date and pro.to_date and pro.to_date < pro.from_date:
        errors["to_date"] = ["The end date must be on or after the start date"]
    if pro.working_with_id and not pro.family.memberships.filter(person_id=pro.working_with_id).exists():
        errors["working_with"] = ["Choose a member of this family"]
    try:
        pro.full_clean(exclude=["family", "working_with", "version"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def professional_create(*, by: User, family: Family, data: dict[str, Any]) -> Professional:
    """Record a professional involved with the family (Annex B's table)."""
    if not selectors.family_can_write(user=by, family=family):
        raise PermissionDenied("Your team does not hold this family's record, or your role cannot change it.")
    pro = Professional(family=family, **{k: v for k, v in data.items() if k in PROFESSIONAL_FIELDS})
    _professional_validate(pro)
    pro.save()
    return pro


@transaction.atomic
def professional_update(
    *, by: User, professional: Professional, changes: dict[str, Any], expected_version: int | None
) -> Professional:
    if not selectors.family_can_write(user=by, family=professional.family):
        raise PermissionDenied("Your team does not hold this family's record, or your role cannot change it.")
    for name in PROFESSIONAL_FIELDS:
        if name in changes:
            setattr(professional, name, changes[name])
    _professional_validate(professional)
    return save_versioned(professional, expected_version=expected_version, change_reason="Updated")


CONNECTION_FIELDS = ("name", "kind", "strength", "energy", "notes")


def _connection_validate(connection: Connection) -> None:
    errors: dict[str, list[str]] = {}
    if not (connection.name or "").strip():
        errors["name"] = ["Enter the name of the school, group, person or service"]
    for name, choices in (("kind", ConnectionKind), ("strength", Strength), ("energy", Energy)):
        if getattr(connection, name) not in choices.values:
            errors[name] = [f"Choose one of: {', '.join(choices.values)}"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def connection_create(*, by: User, person: Person, data: dict[str, Any]) -> Connection:
    """Record a community tie of a person, for the eco-map."""
    _require_person_write(by, person)
    connection = Connection(person=person, **{k: v for k, v in data.items() if k in CONNECTION_FIELDS})
    connection.notes = connection.notes or ""
    _connection_validate(connection)
    connection.save()
    return connection


@transaction.atomic
def connection_update(
    *, by: User, connection: Connection, changes: dict[str, Any], expected_version: int | None
) -> Connection:
    _require_person_write(by, connection.person)
    for name in CONNECTION_FIELDS:
        if name in changes:
            setattr(connection, name, changes[name] if changes[name] is not None else "")
    _connection_validate(connection)
    return save_versioned(connection, expected_version=expected_version, change_reason="Updated")
