"""Writes to people and families: every change in one transaction, with history and chronology."""

from families.services.families import (
    family_change_address,
    family_create,
    family_update,
    membership_add,
    membership_end,
    membership_update,
)
from families.services.people import (
    PossibleDuplicate,
    person_create,
    person_set_restriction,
    person_update,
    warning_add,
    warning_update,
)
from families.services.ties import (
    connection_create,
    connection_update,
    professional_create,
    professional_update,
    relationship_create,
    relationship_end,
    relationship_update,
)

__all__ = [
    "PossibleDuplicate",
    "connection_create",
    "connection_update",
    "family_change_address",
    "family_create",
    "family_update",
    "membership_add",
    "membership_end",
    "membership_update",
    "person_create",
    "person_set_restriction",
    "person_update",
    "professional_create",
    "professional_update",
    "relationship_create",
    "relationship_end",
    "relationship_update",
    "warning_add",
    "warning_update",
]
