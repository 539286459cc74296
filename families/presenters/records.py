"""The person's record page and the family page, already decided who may see what
(restricted people, narrative text, confidential addresses). No query per row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from casework.core.codes import DISABILITY, ETHNICITY, UPN_UNKNOWN, label
from casework.core.models import User
from families import selectors
from families.models import (
    DIRECTIONAL_KINDS,
    Connection,
    Family,
    FamilyAddress,
    FamilyMembership,
    MemberRole,
    Person,
    PersonWarning,
    Professional,
    Relationship,
)
from families.presenters.words import (
    RESTRICTED,
    RelationshipLine,
    age_text,
    date_uk,
    dob_text,
    nhs_number_text,
    person_bar,
    relationship_line,
)
from families.wording import describe

# --- The person's record ----------------------------------------------------------------------


@dataclass
class MembershipLine:
    membership: FamilyMembership
    family_visible: bool

    @property
    def role_text(self) -> str:
        m = self.membership
        role = "Child" if m.role == MemberRole.CHILD else "Adult"
        if m.is_subject:
            role += ", subject of the work"
        return role

    @property
    def dates(self) -> str:
        m = self.membership
        text = f"Joined {date_uk(m.joined)}"
        return f"{text}, left {date_uk(m.left)}" if m.left else text


@dataclass
class PersonRecord:
    person: Person
    can_write: bool
    can_restrict: bool
    narrative: bool
    warnings_current: list[PersonWarning]
    warnings_ended: list[PersonWarning]
    families_current: list[MembershipLine]
    families_past: list[MembershipLine]
    relationships: list[RelationshipLine]
    connections: list[Connection]
    professionals: list[Professional]
    restricted_names: list[str] = field(default_factory=list)

    @property
    def bar(self) -> dict[str, Any]:
        return person_bar(self.person)

    @property
    def age(self) -> str:
        return age_text(self.person)

    @property
    def dob(self) -> str:
        return dob_text(self.person)

    @property
    def nhs_number(self) -> str:
        return nhs_number_text(self.person.nhs_number)

    @property
    def relationships_current(self) -> list[RelationshipLine]:
        return [r for r in self.relationships if r.current]

    @property
    def relationships_ended(self) -> list[RelationshipLine]:
        return [r for r in self.relationships if not r.current]

    # Shown even when empty ("Not recorded"), so that what is missing is plain to see.
    ALWAYS_SHOWN = frozenset({"Name", "Date of birth", "Sex", "Ethnicity", "First language", "Disabilities"})

    def details(self) -> list[tuple[str, str]]:
        """The structured fields of the record, in words."""
        p = self.person
        language = p.first_language + (" (needs an interpreter)" if p.interpreter_needed else "")
        if not p.first_language and p.interpreter_needed:
            language = "Needs an interpreter"
        upn = p.upn or (f"Not known: {label(UPN_UNKNOWN, p.upn_unknown)}" if p.upn_unknown else "")
        rows = [
            ("Name", p.full_name),
            ("Known as", p.known_as),
            ("Other names", ", ".join(p.aliases or [])),
            (
                "Date of birth" if p.date_of_birth or not p.expected_date_of_birth else "Expected date of birth",
                dob_text(p),
            ),
            ("Pregnancy outcome", p.get_pregnancy_outcome_display() if p.pregnancy_outcome else ""),
            ("Age", age_text(p) if p.date_of_birth else ""),
            ("Date of death", date_uk(p.date_of_death)),
            ("Sex", p.get_sex_display()),
            ("Gender identity", p.gender_identity),
            ("Ethnicity", label(ETHNICITY, p.ethnicity)),
            ("Religion", p.religion),
            ("First language", language),
            ("Communication needs", p.communication_needs),
            ("Disabilities", ", ".join(label(DISABILITY, code) for code in p.disabilities or [])),
            ("Immigration status", p.immigration_status),
            ("Unaccompanied asylum-seeking child", "Yes" if p.uasc else ""),
            ("NHS number", nhs_number_text(p.nhs_number)),
            ("UPN", upn),
            ("Former UPN", p.former_upn),
            ("Child protection plans before this record", str(p.previous_cp_plans_elsewhere or "")),
            ("LA child ID", p.la_child_id),
        ]
        always = self.ALWAYS_SHOWN | ({"NHS number", "UPN"} if p.is_child else {"NHS number"})
        return [(name, value or "Not recorded") for name, value in rows if value or name in always]


def person_record(*, user: User, person: Person) -> PersonRecord:
    """The record page of a person fetched with selectors.person_with_record (prefetched)."""
    can_write = selectors.person_can_write(user=user, person=person)
    narrative = selectors.sees_narrative(user)
    warnings = list(person.warnings.all())
    memberships = list(person.memberships.all())
    family_ids = {m.family_id for m in memberships}
    visible_families = set(
        selectors.family_list_for_user(user=user).filter(id__in=family_ids).values_list("id", flat=True)
    )
    lines = [MembershipLine(m, m.family_id in visible_families) for m in memberships]
    relationships = list(selectors.relationships_for(person_ids=[person.pk]))
    others = {r.other(person.pk).pk for r in relationships}
    visible = selectors.visible_person_ids(user=user, person_ids=list(others))
    return PersonRecord(
        person=person,
        can_write=can_write,
        can_restrict=can_write and selectors.person_can_manage_restriction(user=user, person=person),
        narrative=narrative,
        warnings_current=[w for w in warnings if w.is_current],
        warnings_ended=[w for w in warnings if not w.is_current],
        families_current=[line for line in lines if line.membership.left is None],
        families_past=[line for line in lines if line.membership.left is not None],
        relationships=[
            relationship_line(r, about=person, visible_ids=visible, narrative=narrative) for r in relationships
        ],
        connections=list(Connection.objects.filter(person=person).order_by("kind", "name")),
        professionals=list(
            Professional.objects.filter(working_with=person).select_related("family").order_by("to_date", "agency")
        ),
        restricted_names=[u.display_name for u in person.restricted_to.all()],
    )


# --- The family page --------------------------------------------------------------------------


@dataclass
class MemberLine:
    membership: FamilyMembership
    visible: bool

    @property
    def person(self) -> Person:
        return self.membership.person

    @property
    def hidden(self) -> bool:
        return not self.visible

    @property
    def age(self) -> str:
        return age_text(self.person)

    @property
    def dob(self) -> str:
        return dob_text(self.person)


@dataclass
class WarningLine:
    warning: PersonWarning
    name: str  # 'Restricted record' when the reader may not open the person
    person_visible: bool
    former_member: bool
    detail: str


@dataclass
class PairLine:
    """A relationship between two members, once, from the younger generation's side, with
    the other side in words as well."""

    relationship: Relationship
    sentence: str
    other_side: str
    notes: str

    @property
    def dates(self) -> str:
        rel = self.relationship
        return f"since {date_uk(rel.start_date)}" if rel.start_date else ""


@dataclass
class FamilyPage:
    family: Family
    can_write: bool
    narrative: bool
    address: FamilyAddress | None
    address_hidden: bool
    moves: list[FamilyAddress]
    children: list[MemberLine]
    adults: list[MemberLine]
    past: list[MemberLine]
    warnings: list[WarningLine]
    relationships: list[PairLine]
    professionals: list[Professional]
    connections: list[Connection]
    visible_people: list[Person]
    visible_ids: set[Any]

    def shows_address(self, address: FamilyAddress) -> bool:
        return self.can_write or not address.confidential


def _child_order(line: MemberLine) -> tuple:
    p = line.person
    born = p.date_of_birth or p.expected_date_of_birth or datetime.date.max
    return (born, p.last_name, p.first_name)


def family_page(*, user: User, family: Family) -> FamilyPage:
    """The family page of a family fetched with selectors.family_with_members (prefetched)."""
    can_write = selectors.family_can_write(user=user, family=family)
    narrative = selectors.sees_narrative(user)
    memberships = list(family.memberships.all())
    visible = selectors.visible_person_ids(user=user, person_ids=[m.person_id for m in memberships])
    lines = [MemberLine(m, m.person_id in visible) for m in memberships]
    current = [line for line in lines if line.membership.left is None]
    current_ids = {line.person.pk for line in current if line.visible}
    addresses = list(family.addresses.all())
    address = next((a for a in addresses if a.to_date is None), None)
    pairs = [
        _pair_line(rel, narrative)
        for rel in selectors.relationships_for(person_ids=list(current_ids))
        if rel.from_person_id in current_ids and rel.to_person_id in current_ids and rel.is_current
    ]
    return FamilyPage(
        family=family,
        can_write=can_write,
        narrative=narrative,
        address=address,
        address_hidden=bool(address and address.confidential and not can_write),
        moves=addresses,
        children=sorted((x for x in current if x.membership.role == MemberRole.CHILD), key=_child_order),
        adults=sorted(
            (x for x in current if x.membership.role != MemberRole.CHILD),
            key=lambda x: (x.person.last_name, x.person.first_name),
        ),
        past=sorted((x for x in lines if x.membership.left is not None), key=lambda x: x.membership.left, reverse=True),
        warnings=_family_warnings(lines, narrative),
        relationships=pairs,
        professionals=list(family.professionals.all()),
        connections=list(
            Connection.objects.filter(person_id__in=current_ids).select_related("person").order_by("person__first_name")
        ),
        visible_people=[line.person for line in lines if line.visible],
        visible_ids=visible,
    )


def _pair_line(rel: Relationship, narrative: bool) -> PairLine:
    # Directional kinds read "from is the KIND of to": describe from the to_person's side.
    sentence = describe(rel, about=rel.to_person)
    other_side = describe(rel, about=rel.from_person) if rel.kind in DIRECTIONAL_KINDS else ""
    return PairLine(rel, sentence, other_side, rel.notes if narrative else "")


def _family_warnings(lines: list[MemberLine], narrative: bool) -> list[WarningLine]:
    """Current warnings of every member (former members too: a risk does not leave with them).
    A restricted member the reader may not open shows the kind of warning, never who or why."""
    result = []
    for line in lines:
        for warning in line.person.warnings.all():
            if not warning.is_current:
                continue
            result.append(
                WarningLine(
                    warning=warning,
                    name=line.person.full_name if line.visible else RESTRICTED,
                    person_visible=line.visible,
                    former_member=line.membership.left is not None,
                    detail=warning.detail if (narrative and line.visible) else "",
                )
            )
    return result
