"""From the record to a genogram graph (GENOGRAM.md §2 and §4 step 1-2).

`graph_input_for_family` reads a family, its members and their relatives in a fixed number of
queries and returns plain data; `build_graph` turns plain data into people, unions (couples and
parent pairs) and care links, with placeholders for people the record implies but does not hold.
Unknown parents are never merged unless a record says the children are full siblings or twins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

COUPLE_KINDS = ("spouse", "partner", "ex_spouse", "ex_partner")
CARE_KINDS = ("adoptive_parent", "special_guardian", "foster_carer", "carer", "step_parent")
# Relatives reached from the family's members, and from them one step further.
DRAWN_KINDS = ("parent", "twin", "sibling", "half_sibling", "grandparent", *COUPLE_KINDS, *CARE_KINDS)
SECOND_STEP_KINDS = ("parent", "twin", "sibling", "half_sibling", *COUPLE_KINDS)
LOSS_OUTCOMES = ("miscarriage", "stillbirth", "termination")
PREGNANCY = datetime.timedelta(days=280)


class GenogramDataError(ValueError):
    """The input cannot be drawn at all (missing ids, unknown kinds)."""


def as_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise GenogramDataError(f"Not a date: {value!r}") from exc


@dataclass
class GPerson:
    id: str
    first_name: str = ""
    last_name: str = ""
    sex: str = "U"
    dob: datetime.date | None = None
    dob_estimated: bool = False
    expected: datetime.date | None = None
    died: datetime.date | None = None
    outcome: str | None = None
    placeholder: bool = False
    subject: bool = False
    gen: int = 0
    birth_union: str | None = None
    care_unions: list[str] = field(default_factory=list)
    unions: list[str] = field(default_factory=list)  # couple unions this person is a partner in
    households: list[str] = field(default_factory=list)
    pr_for: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def unborn(self) -> bool:
        return self.dob is None and self.expected is not None and not self.outcome

    @property
    def sort_date(self) -> datetime.date:
        return self.dob or self.expected or datetime.date.max

    def age_on(self, on: datetime.date) -> int | None:
        if self.dob is None:
            return None
        end = min(d for d in (on, self.died) if d is not None)
        return end.year - self.dob.year - ((end.month, end.day) < (self.dob.month, self.dob.day))


@dataclass
class GUnion:
    """A couple (or a single carer: `b` is None) that children hang from."""

    id: str
    a: str
    b: str | None
    kind: str  # spouse, partner, ex_spouse, ex_partner, unrecorded (birth parents only), solo
    relationship_id: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    children: list[str] = field(default_factory=list)

    @property
    def partners(self) -> tuple[str, ...]:
        return (self.a,) if self.b is None else (self.a, self.b)

    @property
    def slashes(self) -> int:
        if self.kind == "ex_spouse":
            return 2
        if self.kind == "ex_partner" or (self.kind in ("spouse", "partner") and self.end):
            return 1
        return 0

    @property
    def dashed(self) -> bool:
        return self.kind in ("partner", "ex_partner")

    def dates_text(self) -> str:
        parts = []
        if self.start and self.kind in ("spouse", "ex_spouse"):
            parts.append(f"m. {self.start.year}")
        elif self.start and self.kind in ("partner", "ex_partner"):
            parts.append(f"from {self.start.year}")
        if self.end:
            parts.append(f"{'div.' if self.kind == 'ex_spouse' else 's.'} {self.end.year}")
        return ", ".join(parts)


@dataclass
class GLink:
    """A line of descent: birth (solid), adoptive (dashed) or care (dotted, SGO labelled)."""

    union: str
    child: str
    kind: str  # parent, adoptive_parent, foster_carer, special_guardian, carer, step_parent
    relationship_ids: list[str] = field(default_factory=list)


@dataclass
class Household:
    id: str
    label: str
    members: list[str]


@dataclass
class Graph:
    family_id: str
    family_name: str
    as_at: datetime.date
    people: dict[str, GPerson]
    unions: dict[str, GUnion]
    links: list[GLink]
    twins: list[tuple[str, str, bool, str]]  # (a, b, identical, relationship id)
    households: list[Household]
    index_id: str | None
    relationships: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    @property
    def generations(self) -> int:
        return 1 + max((p.gen for p in self.people.values()), default=-1)


# --- Plain input -------------------------------------------------------------------------------


def _person(row: dict[str, Any]) -> GPerson:
    if not row.get("id"):
        raise GenogramDataError("Every person needs an id")
    return GPerson(
        id=str(row["id"]),
        first_name=row.get("known_as") or row.get("first_name") or "",
        last_name=row.get("last_name") or "",
        sex=row.get("sex") or "U",
        dob=as_date(row.get("date_of_birth")),
        dob_estimated=bool(row.get("date_of_birth_estimated")),
        expected=as_date(row.get("expected_date_of_birth")),
        died=as_date(row.get("date_of_death")),
        outcome=row.get("pregnancy_outcome") or None,
    )


def _drawn_on(person: GPerson, on: datetime.date) -> bool:
    """Born (or a known pregnancy) by the date; alive or dead, they are drawn."""
    if person.dob is not None:
        return person.dob <= on
    if person.expected is not None:
        return person.expected - PREGNANCY <= on
    return True


def _as_at_relationship(row: dict[str, Any], on: datetime.date) -> dict[str, Any] | None:
    """The relationship as it stood on the date (None if it had not started)."""
    rel = {
        "id": str(row["id"]),
        "from": str(row["from_person"]),
        "to": str(row["to_person"]),
        "kind": row["kind"],
        "start": as_date(row.get("start_date")),
        "end": as_date(row.get("end_date")),
        "identical": bool(row.get("identical")),
        "pr": bool(row.get("parental_responsibility")),
    }
    if rel["kind"] in COUPLE_KINDS + CARE_KINDS and rel["start"] and rel["start"] > on:
        return None
    if rel["end"] and rel["end"] > on:
        rel["end"] = None
        rel["kind"] = {"ex_spouse": "spouse", "ex_partner": "partner"}.get(rel["kind"], rel["kind"])
    if rel["end"] and rel["kind"] in ("foster_carer", "special_guardian", "carer", "step_parent"):
        return None  # care that had ended by then is not drawn
    return rel


class _Builder:
    def __init__(self, data: dict[str, Any]) -> None:
        family = data.get("family") or {}
        self.as_at = as_date(data.get("as_at")) or datetime.date.today()
        self.family_id = str(family.get("id") or "family")
        self.family_name = str(family.get("name") or "family")
        people = sorted((_person(row) for row in data.get("people", [])), key=lambda p: p.id)
        self.people = {p.id: p for p in people if _drawn_on(p, self.as_at)}
        rels = [_as_at_relationship(r, self.as_at) for r in data.get("relationships", [])]
        self.rels = sorted(
            (r for r in rels if r and r["from"] in self.people and r["to"] in self.people and r["from"] != r["to"]),
            key=lambda r: r["id"],
        )
        self.memberships = sorted(
            (m for m in data.get("memberships", []) if self._member_then(m)),
            key=lambda m: (str(m["family_id"]) != self.family_id, str(m["family_id"]), str(m["person"])),
        )
        # As at a past date, someone with no tie and no membership then is not part of the family yet.
        linked = {pid for r in self.rels for pid in (r["from"], r["to"])} | {str(m["person"]) for m in self.memberships}
        self.people = {pid: p for pid, p in self.people.items() if pid in linked}
        self.unions: dict[str, GUnion] = {}
        self.links: list[GLink] = []
        self.warnings: list[str] = []
        self.placeholder_count = 0

    def _member_then(self, m: dict[str, Any]) -> bool:
        joined, left = as_date(m.get("joined")), as_date(m.get("left"))
        return (
            str(m["person"]) in self.people
            and (joined is None or joined <= self.as_at)
            and (left is None or left > self.as_at)
        )

    # Placeholders and unions ------------------------------------------------------------------

    def placeholder(self, sex: str, about: str) -> str:
        self.placeholder_count += 1
        pid = f"placeholder-{self.placeholder_count}"
        self.people[pid] = GPerson(id=pid, first_name="Not recorded", sex=sex, placeholder=True)
        self.people[pid].last_name = about
        return pid

    def union(self, a: str, b: str | None, kind: str, rel: dict[str, Any] | None = None) -> GUnion:
        key = "u-" + "-".join(sorted(x for x in (a, b) if x)) + ("" if b else "-solo")
        if key not in self.unions:
            self.unions[key] = GUnion(
                id=key,
                a=a,
                b=b,
                kind=kind,
                relationship_id=rel["id"] if rel else None,
                start=rel["start"] if rel else None,
                end=rel["end"] if rel else None,
            )
        return self.unions[key]

    def build(self) -> Graph:
        self._couples()
        parents = self._birth_parents()
        self._derived_parents(parents)
        self._birth_unions(parents)
        self._care()
        twins = self._twins()
        households = self._households()
        self._generations()
        index_id = self._index()
        for union in self.unions.values():
            for pid in union.partners:
                if union.kind != "solo" and union.id not in self.people[pid].unions:
                    self.people[pid].unions.append(union.id)
        for rel in self.rels:
            if rel["pr"]:
                self.people[rel["from"]].pr_for.append(rel["to"])
        return Graph(
            family_id=self.family_id,
            family_name=self.family_name,
            as_at=self.as_at,
            people=self.people,
            unions=self.unions,
            links=self.links,
            twins=twins,
            households=households,
            index_id=index_id,
            relationships=self.rels,
            warnings=self.warnings,
        )

    def _couples(self) -> None:
        by_pair: dict[tuple[str, str], dict[str, Any]] = {}
        for rel in self.rels:
            if rel["kind"] in COUPLE_KINDS:
                pair = tuple(sorted((rel["from"], rel["to"])))
                best = by_pair.get(pair)
                # Two records for one couple (partners, then married): the latest one is drawn.
                if best is None or (rel["start"] or datetime.date.min, rel["id"]) > (
                    best["start"] or datetime.date.min,
                    best["id"],
                ):
                    by_pair[pair] = rel
        for (a, b), rel in sorted(by_pair.items()):
            self.union(a, b, rel["kind"], rel)

    def _birth_parents(self) -> dict[str, list[dict[str, Any]]]:
        parents: dict[str, list[dict[str, Any]]] = {}
        for rel in self.rels:
            if rel["kind"] == "parent":
                parents.setdefault(rel["to"], []).append(rel)
        for child, rows in parents.items():
            if len(rows) > 2:
                self.warnings.append(
                    f"{self.people[child].name or 'A child'} has more than two birth parents recorded; two are drawn."
                )
                del rows[2:]
        return parents

    def _components(self, kinds: tuple[str, ...]) -> dict[str, str]:
        """Each person's group representative under these symmetric kinds (union-find)."""
        root = {pid: pid for pid in self.people}

        def find(x: str) -> str:
            while root[x] != x:
                root[x] = root[root[x]]
                x = root[x]
            return x

        for rel in self.rels:
            if rel["kind"] in kinds:
                a, b = find(rel["from"]), find(rel["to"])
                if a != b:
                    root[max(a, b)] = min(a, b)
        return {pid: find(pid) for pid in self.people}

    def _derived_parents(self, parents: dict[str, list[dict[str, Any]]]) -> None:
        """Placeholders implied by grandparent, sibling and half-sibling records (§2)."""
        full = self._components(("sibling", "twin"))
        # A full sibling with no parents recorded shares the parents of a sibling who has them.
        groups: dict[str, list[str]] = {}
        for pid, group in full.items():
            groups.setdefault(group, []).append(pid)
        for members in groups.values():
            known = sorted((m for m in members if m in parents), key=lambda m: (-len(parents[m]), m))
            for m in members:
                if m not in parents and known:
                    parents[m] = [dict(r, id=None, to=m, pr=False) for r in parents[known[0]]]
        # A grandparent with no connecting parent gets a placeholder child (the parent).
        for rel in self.rels:
            if rel["kind"] != "grandparent":
                continue
            grand, child = rel["from"], rel["to"]
            if any(p["from"] in self._children_of(grand, parents) for p in parents.get(child, [])):
                continue
            rows = parents.setdefault(child, [])
            if len(rows) >= 2:
                continue
            middle = self.placeholder("U", "parent")
            parents[middle] = [{"id": None, "from": grand, "to": middle, "kind": "parent", "pr": False}]
            siblings = [m for m in groups.get(full[child], [child]) if not parents.get(m)] or [child]
            for m in sorted(set(siblings) | {child}):
                parents.setdefault(m, []).append({"id": None, "from": middle, "to": m, "kind": "parent", "pr": False})
        # Half-siblings with no parents share exactly one placeholder parent.
        for rel in self.rels:
            if rel["kind"] == "half_sibling" and not parents.get(rel["from"]) and not parents.get(rel["to"]):
                shared = self.placeholder("U", "parent")
                for m in (rel["from"], rel["to"]):
                    parents[m] = [{"id": None, "from": shared, "to": m, "kind": "parent", "pr": False}]
        # Full siblings with nobody recorded share one unknown-parents couple.
        for members in groups.values():
            orphans = sorted(m for m in members if not parents.get(m))
            if len(orphans) > 1:
                father, mother = self.placeholder("M", "father"), self.placeholder("F", "mother")
                for m in orphans:
                    parents[m] = [
                        {"id": None, "from": father, "to": m, "kind": "parent", "pr": False},
                        {"id": None, "from": mother, "to": m, "kind": "parent", "pr": False},
                    ]
        self._full_groups = full

    @staticmethod
    def _children_of(pid: str, parents: dict[str, list[dict[str, Any]]]) -> set[str]:
        return {child for child, rows in parents.items() if any(r["from"] == pid for r in rows)}

    def _birth_unions(self, parents: dict[str, list[dict[str, Any]]]) -> None:
        single: dict[tuple[str, str], str] = {}  # (parent, full-sibling group) -> placeholder
        for child in sorted(parents):
            rows = parents[child]
            ids = [r["id"] for r in rows if r["id"]]
            ps = sorted(r["from"] for r in rows)
            if not ps:
                continue
            if len(ps) == 1:
                parent = ps[0]
                key = (parent, self._full_groups.get(child, child))
                if key not in single:
                    sex = {"F": "M", "M": "F"}.get(self.people[parent].sex, "U")
                    single[key] = self.placeholder(sex, {"M": "father", "F": "mother"}.get(sex, "parent"))
                union = self.union(parent, single[key], "unrecorded")
            else:
                union = self.union(ps[0], ps[1], "unrecorded")
            union.children.append(child)
            self.people[child].birth_union = union.id
            self.links.append(GLink(union.id, child, "parent", sorted(ids)))

    def _care(self) -> None:
        carers: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for rel in self.rels:
            if rel["kind"] in CARE_KINDS:
                carers.setdefault((rel["to"], rel["kind"]), []).append(rel)
        for (child, kind), rows in sorted(carers.items()):
            if kind == "step_parent":
                rows = [r for r in rows if not self._partner_of_parent(r["from"], child)]
            by = sorted(r["from"] for r in rows)
            pair = "u-" + "-".join(by)
            if len(by) == 2 and pair in self.unions and self.unions[pair].kind != "unrecorded":
                groups = [(self.unions[pair], rows)]
            else:
                groups = [(self.union(r["from"], None, "solo"), [r]) for r in sorted(rows, key=lambda r: r["from"])]
            for union, used in groups:
                if child in union.partners:
                    continue
                self.links.append(GLink(union.id, child, kind, sorted(r["id"] for r in used)))
                self.people[child].care_unions.append(union.id)

    def _partner_of_parent(self, pid: str, child: str) -> bool:
        union = self.unions.get(self.people[child].birth_union or "")
        if union is None:
            return False
        return any("u-" + "-".join(sorted((pid, p))) in self.unions for p in union.partners if p != pid)

    def _twins(self) -> list[tuple[str, str, bool, str]]:
        twins = []
        for rel in self.rels:
            if rel["kind"] == "twin":
                a, b = sorted((rel["from"], rel["to"]))
                if self.people[a].birth_union and self.people[a].birth_union == self.people[b].birth_union:
                    twins.append((a, b, rel["identical"], rel["id"]))
        return twins

    def _households(self) -> list[Household]:
        households: dict[str, Household] = {}
        for m in self.memberships:
            fid, pid = str(m["family_id"]), str(m["person"])
            if fid not in households:
                label = "This household" if fid == self.family_id else "Another household"
                households[fid] = Household(fid, label, [])
            if pid not in households[fid].members:
                households[fid].members.append(pid)
                self.people[pid].households.append(fid)
            if fid == self.family_id and m.get("is_subject"):
                self.people[pid].subject = True
        for household in households.values():
            household.label = _household_label(household, self.rels, household.id == self.family_id)
        return list(households.values())

    def _edges(self) -> list[tuple[str, str]]:
        """parent -> child edges that set generations (care only for children with no birth union)."""
        edges = []
        for link in self.links:
            child = self.people[link.child]
            if link.kind == "parent" or child.birth_union is None:
                edges.extend((p, link.child) for p in self.unions[link.union].partners)
        return sorted(set(edges))

    def _generations(self) -> None:
        """Relax to a fixpoint, capped at the person count: a cycle is flagged, not looped on."""
        couples = [(u.a, u.b) for u in self.unions.values() if u.b is not None]
        while True:
            edges = self._edges()
            gen = dict.fromkeys(self.people, 0)
            for _ in range(len(self.people) + 2):
                changed = False
                for a, b in couples:
                    top = max(gen[a], gen[b])
                    if gen[a] != top or gen[b] != top:
                        gen[a] = gen[b] = top
                        changed = True
                for parent, child in edges:
                    if gen[child] < gen[parent] + 1:
                        gen[child] = gen[parent] + 1
                        changed = True
                if not changed:
                    break
            else:
                self._break_cycle(edges)
                continue
            break
        self._lower_roots(gen, edges, couples)
        self._align_components(gen, edges, couples)
        low = min(gen.values(), default=0)
        for pid, g in gen.items():
            self.people[pid].gen = g - low

    def _align_components(self, gen: dict[str, int], edges, couples) -> None:
        """Separate trees joined only by a sibling or cousin record share that generation."""
        root = {pid: pid for pid in self.people}

        def find(x: str) -> str:
            while root[x] != x:
                root[x] = root[root[x]]
                x = root[x]
            return x

        for a, b in [*edges, *couples]:
            ra, rb = find(a), find(b)
            if ra != rb:
                root[max(ra, rb)] = min(ra, rb)
        for rel in self.rels:
            if rel["kind"] not in ("sibling", "half_sibling", "twin", "cousin", "step_sibling"):
                continue
            a, b = rel["from"], rel["to"]
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            if (self.people[b].subject, rb) < (self.people[a].subject, ra):  # move the tree without the index child
                a, b, ra, rb = b, a, rb, ra
            shift = gen[b] - gen[a]
            for pid in self.people:
                if find(pid) == ra:
                    gen[pid] += shift
            root[max(ra, rb)] = min(ra, rb)

    def _lower_roots(self, gen: dict[str, int], edges: list[tuple[str, str]], couples) -> None:
        """People with no parents drawn sit just above their highest child (no long lines)."""
        has_parent = {child for _, child in edges}
        children: dict[str, list[str]] = {}
        for parent, child in edges:
            children.setdefault(parent, []).append(child)
        for _ in range(len(self.people) + 2):
            changed = False
            for pid in sorted(children):
                if pid in has_parent:
                    continue
                want = min(gen[c] for c in children[pid]) - 1
                partners = [b if a == pid else a for a, b in couples if pid in (a, b)]
                if any(p in has_parent or gen[p] > want for p in partners):
                    continue
                if want > gen[pid]:
                    gen[pid] = want
                    changed = True
            if not changed:
                break

    def _break_cycle(self, edges: list[tuple[str, str]]) -> None:
        """Drop one line of descent that closes a cycle, and say so on the drawing."""
        found = _closing_edge(edges) or self._couple_closing_edge(edges)
        parent, child = found
        names = self.people[child].name or "someone", self.people[parent].name or "someone"
        self.warnings.append(f"Check the record: {names[1]} is recorded as their own ancestor (through {names[0]}).")
        self.links = [
            link for link in self.links if not (link.child == child and parent in self.unions[link.union].partners)
        ]
        for union in self.unions.values():
            if parent in union.partners and child in union.children:
                union.children.remove(child)
        if self.people[child].birth_union and parent in self.unions[self.people[child].birth_union].partners:
            self.people[child].birth_union = None
        self.people[child].care_unions = [
            u for u in self.people[child].care_unions if parent not in self.unions[u].partners
        ]

    def _couple_closing_edge(self, edges: list[tuple[str, str]]) -> tuple[str, str]:
        """A parent and child who are also (through couples) on one row: that line goes."""
        group = {pid: pid for pid in self.people}
        for union in sorted(self.unions.values(), key=lambda u: u.id):
            if union.b is not None:
                ga, gb = group[union.a], group[union.b]
                for pid, g in group.items():
                    if g == gb:
                        group[pid] = ga
        for parent, child in edges:
            if group[parent] == group[child]:
                return parent, child
        return edges[0]

    def _index(self) -> str | None:
        subjects = sorted((p for p in self.people.values() if p.subject), key=lambda p: (p.sort_date, p.name, p.id))
        return subjects[0].id if subjects else None


def _closing_edge(edges: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first parent -> child edge (depth-first, sorted) that closes a cycle, if any."""
    children: dict[str, list[str]] = {}
    for parent, child in edges:
        children.setdefault(parent, []).append(child)
    state: dict[str, int] = {}
    for start in sorted(children):
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(sorted(children.get(start, []))))]
        while stack:
            current, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[current] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return current, nxt
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(children.get(nxt, [])))))
    return None


def _household_label(household: Household, rels: list[dict[str, Any]], own: bool) -> str:
    """The household's type (never its address)."""
    members = set(household.members)
    kinds = {r["kind"] for r in rels if r["from"] in members and r["to"] in members}
    kind = "Household"
    for rel_kind, words in (
        ("foster_carer", "Foster household"),
        ("special_guardian", "Special guardianship household"),
        ("adoptive_parent", "Adoptive household"),
        ("carer", "Kinship care household"),
    ):
        if rel_kind in kinds:
            kind = words
            break
    return kind if own else f"{kind} (another family)"


def build_graph(data: dict[str, Any]) -> Graph:
    """Plain data (people, relationships, memberships) to the genogram graph, as at a date."""
    return _Builder(data).build()


# --- From the database ---------------------------------------------------------------------------

PERSON_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "known_as",
    "sex",
    "date_of_birth",
    "date_of_birth_estimated",
    "expected_date_of_birth",
    "date_of_death",
    "pregnancy_outcome",
)
RELATIONSHIP_FIELDS = (
    "id",
    "from_person",
    "to_person",
    "kind",
    "parental_responsibility",
    "start_date",
    "end_date",
    "identical",
)


def graph_input_for_family(family: Any, *, as_at: datetime.date, user: Any = None) -> dict[str, Any]:
    """The family's members and their relatives as plain data, in a fixed number of queries
    (whatever the family's size). Restricted records the user may not open are left out."""
    from django.db.models import Q

    from families.models import FamilyMembership, Person, Relationship
    from families.selectors import hidden_person_ids

    def ties(person_ids: set[Any], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        rows = Relationship.objects.filter(Q(from_person_id__in=person_ids) | Q(to_person_id__in=person_ids))
        return list(rows.filter(kind__in=kinds).values(*RELATIONSHIP_FIELDS))

    members = list(
        FamilyMembership.objects.filter(family=family).values(
            "family_id", "family__name", "person_id", "role", "is_subject", "joined", "left"
        )
    )
    ids = {m["person_id"] for m in members}
    rels = {r["id"]: r for r in ties(ids, DRAWN_KINDS)}
    first_step = {pid for r in rels.values() for pid in (r["from_person"], r["to_person"])} - ids
    if first_step:
        rels.update({r["id"]: r for r in ties(first_step, SECOND_STEP_KINDS)})
    ids |= {pid for r in rels.values() for pid in (r["from_person"], r["to_person"])}
    if user is not None:
        ids -= hidden_person_ids(user=user, person_ids=list(ids))
    people = list(Person.objects.filter(id__in=ids).values(*PERSON_FIELDS))
    others = FamilyMembership.objects.filter(person_id__in=ids).exclude(family=family)
    members += list(others.values("family_id", "family__name", "person_id", "role", "is_subject", "joined", "left"))
    return {
        "family": {"id": str(family.pk), "name": family.name},
        "as_at": as_at,
        "people": [{**p, "id": str(p["id"])} for p in people],
        "relationships": [
            {**r, "id": str(r["id"]), "from_person": str(r["from_person"]), "to_person": str(r["to_person"])}
            for r in rels.values()
            if r["from_person"] in ids and r["to_person"] in ids
        ],
        "memberships": [
            {
                "family_id": str(m["family_id"]),
                "family_name": m["family__name"],
                "person": str(m["person_id"]),
                "role": m["role"],
                "is_subject": m["is_subject"],
                "joined": m["joined"],
                "left": m["left"],
            }
            for m in members
            if m["person_id"] in ids
        ],
    }
