"""Words for the genogram: each person's relationship to the index child, tooltips, the
text-alternative rows and the one-or-two-sentence description (GENOGRAM.md §7)."""

from __future__ import annotations

from typing import Any

from families.genogram.graph import GPerson, Graph, GUnion
from families.wording import DIRECTIONAL_LABELS, SYMMETRIC_LABELS

# What q is to the index child, most telling first, when a record joins them directly.
KIND_PRIORITY = [
    "parent",
    "adoptive_parent",
    "special_guardian",
    "foster_carer",
    "step_parent",
    "carer",
    "twin",
    "sibling",
    "half_sibling",
    "step_sibling",
    "grandparent",
    "aunt_uncle",
    "cousin",
    "spouse",
    "partner",
    "ex_spouse",
    "ex_partner",
]
GENDERED = {
    "parent": ("mother", "father"),
    "child": ("daughter", "son"),
    "sibling": ("sister", "brother"),
    "half-sibling": ("half-sister", "half-brother"),
    "grandparent": ("grandmother", "grandfather"),
    "grandchild": ("granddaughter", "grandson"),
    "aunt or uncle": ("aunt", "uncle"),
    "niece or nephew": ("niece", "nephew"),
    "step-parent": ("stepmother", "stepfather"),
}


def _gendered(word: str, p: GPerson) -> str:
    pair = GENDERED.get(word)
    if pair and p.sex in ("F", "M"):
        return pair[0] if p.sex == "F" else pair[1]
    return word


def _direct(graph: Graph, index: str, q: str) -> list[str]:
    found = []
    for rel in graph.relationships:
        if {rel["from"], rel["to"]} != {index, q} or rel["kind"] not in KIND_PRIORITY:
            continue
        if rel["kind"] in DIRECTIONAL_LABELS:
            from_label, to_label = DIRECTIONAL_LABELS[rel["kind"]]
            word = from_label if rel["from"] == q else to_label
        else:
            word = SYMMETRIC_LABELS[rel["kind"]]
            if rel["kind"] == "twin" and rel["identical"]:
                word = "identical twin"
        found.append((KIND_PRIORITY.index(rel["kind"]), word))
    return [_gendered(word, graph.people[q]) for _, word in sorted(found)]


def _parents(graph: Graph, pid: str) -> set[str]:
    union = graph.unions.get(graph.people[pid].birth_union or "")
    return set(union.partners) if union else set()


def _partners(graph: Graph, pid: str) -> dict[str, GUnion]:
    out = {}
    for uid in graph.people[pid].unions:
        union = graph.unions[uid]
        if union.kind != "unrecorded":
            out[union.b if union.a == pid else union.a] = union
    return out


def relationship_to_index(graph: Graph, q: str) -> str:
    """What q is to the index child, from a record or worked out from the drawing."""
    index = graph.index_id
    if index is None:
        return ""
    if q == index:
        return "index child"
    direct = _direct(graph, index, q)
    kin = [w for w in direct if w not in CARE_WORDS]
    care = [w for w in direct if w in CARE_WORDS]
    derived = _derived(graph, index, q)
    first = kin[0] if kin else derived if derived not in ("relative", "household member") else ""
    if care and first and first not in care:
        return f"{first} and {care[0]}"
    return (care or kin or [derived])[0]


CARE_WORDS = {"special guardian", "foster carer", "carer", "adoptive parent"}


def _derived(graph: Graph, index: str, q: str) -> str:
    p = graph.people[q]
    parents = _parents(graph, index)
    q_parents = _parents(graph, q)
    if q in parents:
        return _gendered("parent", p)
    if index in q_parents:
        return _gendered("child", p)
    shared = parents & q_parents
    if shared:
        return _gendered("sibling" if len(shared) == 2 and len(parents) == 2 else "half-sibling", p)
    if q in {gp for parent in parents for gp in _parents(graph, parent)}:
        return _gendered("grandparent", p)
    for parent in sorted(parents):
        union = _partners(graph, parent).get(q)
        if union is not None:
            whose = graph.people[parent]
            word = "former partner" if union.slashes else "partner"
            return f"{_gendered('parent', whose)}'s {word}"
    if q in _partners(graph, index):
        return "partner"
    grand = {gp for parent in parents for gp in _parents(graph, parent)}
    if q_parents and q_parents <= grand and q not in parents:
        return _gendered("aunt or uncle", p)
    if q_parents & {c for c in graph.people if _parents(graph, c) & parents and c != index}:
        return _gendered("niece or nephew", p)
    if set(p.households) & set(graph.people[index].households):
        return "household member"
    return "relative"


def person_words(graph: Graph, p: GPerson) -> dict[str, str]:
    """Age (or date) text and status for the table and tooltip."""
    as_at = graph.as_at
    if p.outcome:
        status = p.outcome
        age = f"expected {p.expected.strftime('%-d %B %Y')}" if p.expected else ""
    elif p.unborn:
        status, age = "unborn", f"due {p.expected.strftime('%-d %B %Y')}" if p.expected else ""
    elif p.died:
        years = p.age_on(as_at)
        status = "deceased"
        age = f"died {p.died.year}" + (f", aged {years}" if years is not None else "")
    else:
        years = p.age_on(as_at)
        status = "living"
        age = "not known" if years is None else (f"about {years}" if p.dob_estimated else str(years))
    return {"age": age, "status": status}


def tooltip(graph: Graph, p: GPerson, relationship: str) -> str:
    if p.placeholder:
        return f"{p.last_name.capitalize()} not recorded"
    words = person_words(graph, p)
    parts = [p.name or "Name not recorded"]
    if words["age"]:
        parts.append(words["age"])
    if words["status"] not in ("living",):
        parts.append(words["status"])
    if relationship:
        parts.append(relationship)
    return ", ".join(parts)


def people_rows(graph: Graph, relationships: dict[str, str]) -> list[dict[str, Any]]:
    labels = {h.id: h.label for h in graph.households}
    rows = []
    for p in sorted(graph.people.values(), key=lambda p: (p.gen, p.sort_date, p.name, p.id)):
        if p.placeholder:
            continue
        words = person_words(graph, p)
        rows.append(
            {
                "person_id": p.id,
                "name": p.name,
                "relationship": relationships.get(p.id, ""),
                "age": words["age"],
                "status": words["status"],
                "household": ", ".join(labels[h] for h in p.households if h in labels),
                "parental_responsibility": ", ".join(
                    sorted(graph.people[c].name for c in p.pr_for if c in graph.people)
                ),
                "index_child": p.id == graph.index_id,
            }
        )
    return rows


KIND_WORDS = {
    "spouse": ("Married", "Married"),
    "ex_spouse": ("Married", "Divorced"),
    "partner": ("Partners", "Together"),
    "ex_partner": ("Partners", "Separated"),
}


def union_rows(graph: Graph) -> list[dict[str, Any]]:
    rows = []
    for union in sorted(graph.unions.values(), key=lambda u: (u.start or u.end or graph.as_at, u.id)):
        if union.kind not in KIND_WORDS:
            continue
        kind, status = KIND_WORDS[union.kind]
        if union.kind in ("spouse", "partner") and union.end:
            status = "Separated"
        partners = sorted(union.partners, key=lambda p: (graph.people[p].sex != "M", graph.people[p].sort_date, p))
        names = [graph.people[p].name or "Not recorded" for p in partners]
        rows.append(
            {
                "relationship_id": union.relationship_id,
                "partners": " and ".join(names),
                "kind": kind,
                "dates": union.dates_text(),
                "status": status,
            }
        )
    return rows


def title_for(graph: Graph) -> str:
    name = graph.family_name
    return f"Genogram of the {name}" if name.lower().endswith("family") else f"Genogram of {name}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def description_for(graph: Graph, relationships: dict[str, str]) -> str:
    real = [p for p in graph.people.values() if not p.placeholder]
    count = len(real)
    gens = graph.generations
    if not real:
        return f"{title_for(graph)}: nobody is recorded in this family as at {graph.as_at.strftime('%-d %B %Y')}."
    first = (
        f"{title_for(graph)} as at {graph.as_at.strftime('%-d %B %Y')}: {gens} generation{'s' if gens != 1 else ''}, "
        f"{count} {'person' if count == 1 else 'people'}."
    )
    index = graph.people.get(graph.index_id or "")
    if index is None:
        return first
    age = index.age_on(graph.as_at)
    who = f"{index.first_name}" + (f" ({age})" if age is not None else "")
    mates = sorted(
        {
            relationships.get(m, "")
            for h in graph.households
            if index.id in h.members and h.id == graph.family_id
            for m in h.members
            if m != index.id
        }
        - {""}
    )
    if mates:
        return f"{first} Index child {who} lives with {_join(mates)}."
    return f"{first} Index child {who}."
