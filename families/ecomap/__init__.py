"""Eco-maps drawn from the record (GENOGRAM.md §3, §5, §7; Hartman 1978).

``draw_ecomap(person=...)`` puts a person at the centre with their community connections and
the professionals involved with them (grouped by agency); ``draw_ecomap(family=...)`` puts the
family at the centre with its members' connections and the family's professionals. The result
is plain SVG built with ElementTree (names are escaped), byte-identical for identical data, with
its own <style>, presentation attributes that carry the same look where that style is blocked
(a page's CSP), and a text alternative (``systems``) for the table beside the drawing.

Layout is radial: one ring up to 6 systems, two up to 12, three beyond; the strongest ties go
on the inner ring, tenuous ones outside; each ring is ordered by sector (connection kinds in a
fixed order, then professionals by agency) and name, and starts at 12 o'clock. Reads cost a
fixed number of queries whatever the number of ties.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from families.ecomap.layout import CENTRE_R, System, layout, ring_count, text_width
from families.ecomap.render import STROKE, render
from families.models import Connection, ConnectionKind, Energy, Family, FamilyMembership, Person, Professional, Strength
from families.selectors import hidden_person_ids

__all__ = ["CENTRE_R", "EcomapDrawing", "draw_ecomap", "family_members_shown", "ring_count", "text_width"]

KIND_ORDER = ["family", "friend", "school", "health", "leisure", "faith", "work", "other"]


@dataclass(frozen=True)
class EcomapDrawing:
    svg: str
    title: str
    description: str
    systems: list[dict[str, Any]]
    people: list[Person] = field(default_factory=list)  # drawn at the centre (for the access log)


# --- Reading the record (fixed number of queries) ---------------------------------------------


def _current_professionals() -> Q:
    today = timezone.localdate()
    return (Q(to_date__isnull=True) | Q(to_date__gte=today)) & (Q(from_date__isnull=True) | Q(from_date__lte=today))


def _connection_system(c: Connection, whose: str = "") -> System:
    kind_label = ConnectionKind(c.kind).label if c.kind in ConnectionKind.values else c.kind
    row = {
        "id": str(c.pk),
        "name": c.name,
        "group": kind_label,
        "kind": "Connection",
        "person": whose,
        "strength": Strength(c.strength).label,
        "energy": Energy(c.energy).label,
        "role": "",
        "agency": "",
    }
    detail = f"{whose}: {kind_label}" if whose else kind_label
    order = KIND_ORDER.index(c.kind) if c.kind in KIND_ORDER else len(KIND_ORDER)
    sector = (0, order, "")
    return System(
        str(c.pk), "data-connection-id", sector, c.kind, kind_label, c.name, detail, c.strength, c.energy, row
    )


def _professional_system(p: Professional, whose: str = "") -> System:
    row = {
        "id": str(p.pk),
        "name": p.name,
        "group": p.agency,
        "kind": "Professional",
        "person": whose,
        "strength": "Not recorded (drawn as moderate)",
        "energy": "Not recorded",
        "role": p.role,
        "agency": p.agency,
    }
    detail = ", ".join(part for part in (p.role, p.agency) if part)
    sector = (1, 0, p.agency.casefold())
    return System(
        str(p.pk), "data-professional-id", sector, "professional", p.agency, p.name, detail, "moderate", "none", row
    )


def _person_systems(person: Person) -> list[System]:
    connections = Connection.objects.filter(person=person)
    in_family = FamilyMembership.objects.filter(person=person, left__isnull=True).values("family_id")
    professionals = Professional.objects.filter(
        _current_professionals(), Q(working_with=person) | Q(working_with__isnull=True, family_id__in=in_family)
    )
    return [_connection_system(c) for c in connections] + [_professional_system(p) for p in professionals]


def _family_systems(family: Family, shown: dict[Any, Person]) -> list[System]:
    connections = Connection.objects.filter(person_id__in=list(shown))
    professionals = Professional.objects.filter(_current_professionals(), family=family).select_related("working_with")
    systems = [_connection_system(c, shown[c.person_id].first_name) for c in connections]
    for pro in professionals:
        if pro.working_with_id is not None and pro.working_with.restricted and pro.working_with_id not in shown:
            continue  # would reveal something of a restricted record the user may not open
        whose = shown[pro.working_with_id].first_name if pro.working_with_id in shown else ""
        systems.append(_professional_system(pro, whose))
    return systems


def family_members_shown(family: Family, user: Any) -> dict[Any, Person]:
    """Current members, leaving out restricted records the user may not open."""
    members = FamilyMembership.objects.filter(family=family, left__isnull=True).select_related("person")
    people = {m.person_id: m.person for m in members}
    hidden = hidden_person_ids(user=user, person_ids=list(people)) if user is not None else set()
    return {pk: p for pk, p in sorted(people.items(), key=lambda i: _person_order(i[1])) if pk not in hidden}


def _person_order(p: Person) -> tuple:
    """Oldest first; people with no date at all last (never comparing a date with None)."""
    born = p.date_of_birth or p.expected_date_of_birth
    return (born is None, born or datetime.date.min, p.first_name, str(p.pk))


def _description(centre: str, systems: list[System]) -> str:
    if not systems:
        return f"{centre} at the centre. No community connections or professionals are recorded."
    counts = {k: sum(1 for s in systems if s.attr == "data-connection-id" and s.strength == k) for k in STROKE}
    ties = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    pros = sum(1 for s in systems if s.attr == "data-professional-id")
    parts = [
        f"{len(systems) - pros} community connection{'s' if len(systems) - pros != 1 else ''}"
        + (f" ({ties})" if ties else "")
    ]
    parts.append(f"{pros} professional{'s' if pros != 1 else ''} involved")
    return f"{centre} at the centre, with {' and '.join(parts)}. Arrows show which way support flows."


def draw_ecomap(person: Person | None = None, family: Family | None = None, *, user: Any = None) -> EcomapDrawing:
    """The eco-map of a person (their connections and professionals) or of a family (its current
    members' connections and its professionals); restricted members the user may not open are left out."""
    if (person is None) == (family is None):
        raise ValueError("Draw the eco-map of a person or of a family")
    if person is not None:
        systems = _person_systems(person)
        age = person.age
        sub = "Unborn" if person.is_unborn else (f"Age {age}" if age is not None else "Age not known")
        name = person.full_name
        centre = {
            "heading": name,
            "lines": [[(sub, "")]],
            "attrs": {"data-person-id": str(person.pk)},
            "title": f"{name}, {sub.lower()}",
        }
        prefix, who = f"eco-{str(person.pk)[:8]}", ("the child" if person.is_child else "the person")
        people = [person]
    else:
        members = family_members_shown(family, user)
        systems = _family_systems(family, members)
        shown = list(members.values())
        names = [(p.first_name, str(p.pk)) for p in shown[:4]]
        lines = [names[i : i + 2] for i in range(0, len(names), 2)]
        lines += [[(f"and {len(shown) - 4} more", "")]] if len(shown) > 4 else []
        name = family.name
        centre = {
            "heading": name,
            "lines": lines,
            "attrs": {"data-family-id": str(family.pk)},
            "title": f"{name}: {', '.join(p.full_name for p in shown) or 'no current members'}",
        }
        prefix, who = f"eco-{str(family.pk)[:8]}", "the family"
        people = shown
    title = f"Eco-map of {name}"
    description = _description(name, systems)
    placed = layout(systems)
    svg = render(prefix, title, description, centre, placed, who)
    rows = [
        p.system.row for p in sorted(placed, key=lambda p: (p.system.sector, p.system.name.casefold(), p.system.key))
    ]
    return EcomapDrawing(svg=svg, title=title, description=description, systems=rows, people=people)
