"""Relationships in words, from either side: "Sam is Ava's half-sibling"."""

from __future__ import annotations

from families.models import DIRECTIONAL_KINDS, Person, Relationship, RelationshipKind

# Directional kinds: (label for from_person, label for to_person) — "from is the KIND of to".
DIRECTIONAL_LABELS = {
    RelationshipKind.PARENT: ("parent", "child"),
    RelationshipKind.ADOPTIVE_PARENT: ("adoptive parent", "adopted child"),
    RelationshipKind.STEP_PARENT: ("step-parent", "stepchild"),
    RelationshipKind.FOSTER_CARER: ("foster carer", "foster child"),
    RelationshipKind.SPECIAL_GUARDIAN: ("special guardian", "child under special guardianship"),
    RelationshipKind.CARER: ("carer", "child in their care"),
    RelationshipKind.GRANDPARENT: ("grandparent", "grandchild"),
    RelationshipKind.AUNT_UNCLE: ("aunt or uncle", "niece or nephew"),
}
SYMMETRIC_LABELS = {
    RelationshipKind.SIBLING: "sibling",
    RelationshipKind.HALF_SIBLING: "half-sibling",
    RelationshipKind.STEP_SIBLING: "step-sibling",
    RelationshipKind.TWIN: "twin",
    RelationshipKind.PARTNER: "partner",
    RelationshipKind.SPOUSE: "spouse or civil partner",
    RelationshipKind.EX_PARTNER: "former partner",
    RelationshipKind.EX_SPOUSE: "former spouse",
    RelationshipKind.COUSIN: "cousin",
    RelationshipKind.FRIEND: "friend",
    RelationshipKind.OTHER: "connection",
}


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def label_for(relationship: Relationship, person: Person) -> str:
    """What `person` is to the other person in this relationship (e.g. 'step-parent')."""
    if relationship.kind in DIRECTIONAL_KINDS:
        from_label, to_label = DIRECTIONAL_LABELS[relationship.kind]
        return from_label if str(relationship.from_person_id) == str(person.pk) else to_label
    label = SYMMETRIC_LABELS[relationship.kind]
    if relationship.kind == RelationshipKind.TWIN and relationship.identical:
        return "identical twin"
    return label


def describe(relationship: Relationship, *, about: Person, full_names: bool = False) -> str:
    """The relationship read from `about`'s record: "Lee is Ava's step-parent and holds
    parental responsibility"; "Ava is Lee's stepchild; Lee holds parental responsibility for Ava"."""
    other = relationship.other(about.pk)
    other_name, about_name = (other.full_name, about.full_name) if full_names else (other.first_name, about.first_name)
    ended = relationship.end_date is not None and relationship.kind not in (
        RelationshipKind.EX_SPOUSE,
        RelationshipKind.EX_PARTNER,
    )
    verb = "was" if ended else "is"
    sentence = f"{other_name} {verb} {_possessive(about_name)} {label_for(relationship, other)}"
    if relationship.parental_responsibility:
        holds = "held" if ended else "holds"
        if str(relationship.from_person_id) == str(other.pk):
            sentence += f" and {holds} parental responsibility"
        else:
            sentence += f"; {about_name} {holds} parental responsibility for {other_name}"
    return sentence


def ending_words(relationship: Relationship) -> str:
    """How the end of a relationship is described (separated, divorced, ended)."""
    if relationship.end_date is None:
        return ""
    if relationship.kind in (RelationshipKind.SPOUSE, RelationshipKind.PARTNER):
        return "separated"
    if relationship.kind == RelationshipKind.EX_SPOUSE:
        return "divorced"
    return "ended"
