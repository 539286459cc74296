"""Pre-filled sections: what the record already knows, read rather than retyped (Annex B).

Each pre-filled kind (assessments.kinds) has a reader here. Values are plain JSON (dates as ISO
strings) so that they can be frozen into ``Assessment.snapshot`` at submission; the frozen copy
then never changes, whatever happens to the family afterwards.

What a value may hold: restricted relatives never appear (the assessed children themselves are
shown, flagged ``restricted``); confidential addresses are kept flagged in the value and left out
for the family's copy and for readers without write access (``for_family=True`` here, or
``assessments.selectors.redact_prefilled`` when reading a frozen snapshot).

The number of queries is bounded: each reader makes a fixed number, whatever the family's size.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from assessments.kinds import PREFILLED_KINDS
from assessments.models import Assessment
from casework.core.codes import DISABILITY
from families.models import FamilyAddress, FamilyMembership, Person, Professional, Relationship
from families.wording import label_for

DISABILITY_LABELS = dict(DISABILITY)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _subjects(assessment: Assessment) -> list[Any]:
    from assessments.selectors import assessment_children

    return assessment_children(assessment)


def _subject_ids(assessment: Assessment) -> set[Any]:
    return {row.child_id for row in _subjects(assessment)}


def _gender(person: Person) -> str:
    sex = person.get_sex_display()
    return f"{sex} ({person.gender_identity})" if person.gender_identity else sex


def _disability(person: Person) -> str:
    codes = [code for code in (person.disabilities or []) if code != "NONE"]
    if not person.disabilities:
        return "Not recorded"
    if not codes:
        return "None"
    return ", ".join(DISABILITY_LABELS.get(code, code) for code in codes)


def person_row(person: Person) -> dict[str, Any]:
    """One person's identifying details (Annex B "family membership" columns)."""
    return {
        "person_id": str(person.pk),
        "la_child_id": person.la_child_id or "",
        "name": person.full_name,
        "known_as": person.known_as or "",
        "date_of_birth": _iso(person.date_of_birth),
        "date_of_birth_estimated": bool(person.date_of_birth_estimated),
        "expected_date_of_birth": _iso(person.expected_date_of_birth) if person.date_of_birth is None else None,
        "gender": _gender(person),
        "disability": _disability(person),
        "ethnicity": person.get_ethnicity_display() if person.ethnicity else "Not recorded",
        "religion": person.religion or "Not recorded",
        "restricted": bool(person.restricted),
    }


def subject_children(assessment: Assessment) -> list[dict[str, Any]]:
    return [person_row(row.child) for row in _subjects(assessment)]


def household(assessment: Assessment) -> list[dict[str, Any]]:
    """Household members (the family's current members) and significant others (people with a
    current relationship to an assessed child), each with their relationship to each child and
    whether they hold parental responsibility. Restricted relatives are left out."""
    subjects = {row.child_id: row.child for row in _subjects(assessment)}
    members = {
        m.person_id: m
        for m in FamilyMembership.objects.filter(family_id=assessment.case.family_id, left__isnull=True).select_related(
            "person"
        )
    }
    ties = Relationship.objects.filter(
        Q(from_person_id__in=list(subjects)) | Q(to_person_id__in=list(subjects))
    ).select_related("from_person", "to_person")
    today = timezone.localdate()
    rows: dict[Any, dict[str, Any]] = {}
    people: dict[Any, Person] = {pk: m.person for pk, m in members.items() if pk not in subjects}
    links: dict[Any, list[tuple[Relationship, Person]]] = {}
    for tie in ties:
        if tie.end_date is not None and tie.end_date <= today:
            continue
        child_id = tie.from_person_id if tie.from_person_id in subjects else tie.to_person_id
        other = tie.other(child_id)
        if other.pk in subjects:
            continue  # the assessed children are in their own section
        people.setdefault(other.pk, other)
        links.setdefault(other.pk, []).append((tie, subjects[child_id]))
    for pk, person in people.items():
        if person.restricted and pk not in subjects:
            continue  # restricted relatives never appear (as in the genogram)
        relations, responsibility = [], []
        for tie, child in links.get(pk, []):
            relations.append(f"{label_for(tie, person)} of {child.first_name}")
            if tie.parental_responsibility and str(tie.from_person_id) == str(person.pk):
                responsibility.append(child.first_name)
        row = person_row(person)
        membership = members.get(pk)
        row.update(
            {
                "in_household": membership is not None,
                "member_role": membership.get_role_display() if membership else "",
                "relationship": "; ".join(relations) or ("Household member" if membership else ""),
                "parental_responsibility": bool(responsibility),
                "parental_responsibility_for": responsibility,
            }
        )
        rows[pk] = row
    return sorted(rows.values(), key=lambda r: (not r["in_household"], r["name"].casefold()))


def address(assessment: Assessment, *, for_family: bool = False) -> dict[str, Any]:
    """The family's current addresses (confidential ones flagged) and telephone."""
    today = timezone.localdate()
    family = assessment.case.family
    rows = FamilyAddress.objects.filter(family_id=family.pk).filter(Q(to_date__isnull=True) | Q(to_date__gt=today))
    addresses = []
    for row in rows.order_by("-from_date", "-recorded_at"):
        if for_family and row.confidential:
            continue
        parts = [row.line1, row.line2, row.town, row.postcode]
        addresses.append(
            {
                "text": ", ".join(p for p in parts if p),
                "line1": row.line1,
                "line2": row.line2,
                "town": row.town,
                "postcode": row.postcode,
                "confidential": bool(row.confidential),
                "from_date": _iso(row.from_date),
            }
        )
    return {"addresses": addresses, "telephone": family.telephone or ""}


def professionals(assessment: Assessment) -> list[dict[str, Any]]:
    """Professionals involved now (Annex B columns: name, role and agency, contact details,
    involved with which child). A professional working with a restricted relative is left out
    altogether: their agency could identify that person (as on the family eco-map)."""
    today = timezone.localdate()
    rows = (
        Professional.objects.filter(family_id=assessment.case.family_id)
        .filter(Q(to_date__isnull=True) | Q(to_date__gt=today))
        .select_related("working_with")
        .order_by("agency", "name")
    )
    found = []
    for row in rows:
        with_person = row.working_with
        if with_person is not None and with_person.restricted and with_person.pk not in _subject_ids(assessment):
            continue
        found.append(
            {
                "professional_id": str(row.pk),
                "name": row.name,
                "role": row.role,
                "agency": row.agency,
                "role_agency": ", ".join(p for p in (row.role, row.agency) if p),
                "telephone": row.telephone,
                "email": row.email,
                "contact": ", ".join(p for p in (row.telephone, row.email) if p),
                "working_with": "" if with_person is None else with_person.full_name,
                "working_with_id": "" if with_person is None else str(with_person.pk),
                "contributed": bool(row.contributed),
            }
        )
    return found


def _restricted_relatives(assessment: Assessment, person_ids: set[Any]) -> set[Any]:
    subjects = _subject_ids(assessment)
    return set(Person.objects.filter(id__in=person_ids, restricted=True).values_list("id", flat=True)) - subjects


def genogram(assessment: Assessment) -> str:
    """The family's genogram as SVG text, without restricted relatives."""
    from families.genogram import build_genogram
    from families.genogram.graph import graph_input_for_family

    graph = graph_input_for_family(assessment.case.family, as_at=timezone.localdate())
    hidden = {str(pk) for pk in _restricted_relatives(assessment, {p["id"] for p in graph["people"]})}
    if hidden:
        graph["people"] = [p for p in graph["people"] if p["id"] not in hidden]
        graph["relationships"] = [
            r for r in graph["relationships"] if r["from_person"] not in hidden and r["to_person"] not in hidden
        ]
        graph["memberships"] = [m for m in graph.get("memberships", []) if m["person"] not in hidden]
    return build_genogram(graph).svg


def ecomap(assessment: Assessment) -> str:
    """The family's eco-map as SVG text. Where the family has a restricted relative, each
    assessed child's own eco-map is drawn instead (a family eco-map would show the relative)."""
    from families.ecomap import draw_ecomap

    family = assessment.case.family
    member_ids = set(
        FamilyMembership.objects.filter(family=family, left__isnull=True).values_list("person_id", flat=True)
    )
    if not _restricted_relatives(assessment, member_ids):
        return draw_ecomap(family=family).svg
    return "\n".join(draw_ecomap(person=row.child).svg for row in _subjects(assessment))


def timeline(assessment: Assessment) -> list[dict[str, Any]]:
    """The assessed children's significant and critical chronology entries, oldest first,
    leaving out entries that concern a restricted relative."""
    from chronology.selectors import SIGNIFICANT_OR_CRITICAL, entries_for_any, excluding_people, people_mentioned

    subjects = _subject_ids(assessment)
    entries = (
        entries_for_any()
        .filter(Q(people__id__in=list(subjects)) | Q(person_id__in=list(subjects)))
        .filter(curation__significance__in=SIGNIFICANT_OR_CRITICAL, curation__included=True)
        .distinct()
    )
    hidden_ids = _restricted_relatives(assessment, people_mentioned(entries))
    entries = excluding_people(entries, hidden_ids)
    return [
        {
            "entry_id": str(entry.pk),
            "date": _iso(entry.occurred_on),
            "date_text": entry.date_text,
            "category": entry.category,
            "summary": entry.summary,
            "significance": entry.curation.significance,
            "person": entry.person.full_name if entry.person_id else "",
        }
        for entry in entries
    ]


def child_protection(assessment: Assessment) -> dict[str, Any] | None:
    from assessments.selectors import assessment_s47

    found = assessment_s47(assessment)
    return None if found is None else {name: _iso(value) for name, value in found.items()}


def prefill_value(*, assessment: Assessment, section: dict, for_family: bool = False) -> Any:
    """The live value of one pre-filled section."""
    kind = section.get("kind")
    if kind == "subject_children":
        rows = subject_children(assessment)
        return [r for r in rows if not r["restricted"]] if for_family else rows
    if kind == "household":
        rows = household(assessment)
        return [r for r in rows if not r["restricted"]] if for_family else rows
    if kind == "address":
        return address(assessment, for_family=for_family)
    if kind == "professionals":
        return professionals(assessment)
    if kind == "genogram":
        return genogram(assessment)
    if kind == "ecomap":
        return ecomap(assessment)
    if kind == "timeline":
        return timeline(assessment)
    if kind == "child_protection":
        return child_protection(assessment)
    raise ValueError(f"{kind!r} is not a pre-filled kind ({', '.join(PREFILLED_KINDS)})")


def prefill_snapshot(assessment: Assessment) -> dict[str, Any]:
    """Every pre-filled section's value, to freeze at submission ({section_key: value}); each
    kind is read once even if the template uses it twice."""
    by_kind: dict[str, Any] = {}
    found: dict[str, Any] = {}
    for section in assessment.template.sections or []:
        kind = section.get("kind")
        if kind not in PREFILLED_KINDS:
            continue
        if kind not in by_kind:
            by_kind[kind] = prefill_value(assessment=assessment, section=section)
        found[section["key"]] = by_kind[kind]
    return found
