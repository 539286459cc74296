"""Pre-filled sections read from the record: the children, the household and significant others
(relationship and parental responsibility), addresses (confidential ones never in the family's
copy nor for readers without write access), professionals (Annex B columns), the genogram and
eco-map drawings, the timeline of significant events; restricted relatives never appear; the
number of queries does not grow with the family."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import selectors
from assessments.kinds import PREFILLED_KINDS
from assessments.prefill import prefill_snapshot, prefill_value
from casework.core.chronology import CRITICAL, ROUTINE, SIGNIFICANT, chronology_record
from families.models import FamilyAddress, FamilyMembership, Person, Professional, Relationship
from tests.factories.assessments import *  # noqa: F403
from tests.factories.assessments import start, submitted

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(9000)


def values(assessment, user, *, for_family=False) -> dict:
    return {
        s.key: s.value for s in selectors.assessment_sections(assessment=assessment, user=user, for_family=for_family)
    }


def person(first, last="Smith", **extra) -> Person:
    return Person.objects.create(
        first_name=first,
        last_name=last,
        date_of_birth=datetime.date(1985, 4, 2),
        la_child_id=f"T{next(NUMBERS)}",
        **extra,
    )


@pytest.fixture
def household(assessment, siblings):
    """Mum lives with the children and holds PR; Dad lives elsewhere (a significant other, PR);
    Gran is restricted (never shown)."""
    family = assessment.case.family
    mum, dad = person("Lisa", sex="F", religion="Christian"), person("Tom", "Brown", sex="M")
    gran = person("Jean", "Hidden", restricted=True)
    FamilyMembership.objects.create(family=family, person=mum, role="adult", joined=datetime.date(2020, 1, 1))
    FamilyMembership.objects.create(family=family, person=gran, role="adult", joined=datetime.date(2020, 1, 1))
    for parent in (mum, dad):
        Relationship.objects.create(
            from_person=parent, to_person=siblings["ava"], kind="parent", parental_responsibility=True
        )
    Relationship.objects.create(from_person=gran, to_person=siblings["ava"], kind="grandparent")
    return {"mum": mum, "dad": dad, "gran": gran}


def test_the_children_with_their_details(assessment, allocated_worker, siblings):
    Person.objects.filter(pk=siblings["ava"].pk).update(la_child_id="LA123", ethnicity="WBRI", religion="None")
    row = values(
        selectors.assessment_get_for_user(user=allocated_worker, assessment_id=assessment.pk), allocated_worker
    )["family-membership"][0]
    assert row["la_child_id"] == "LA123" and row["name"] == "Ava Smith"
    assert row["date_of_birth"] == "2016-05-01" and row["gender"] == "Female"
    assert row["ethnicity"] == "White: British" and row["religion"] == "None"
    assert row["disability"] == "Not recorded"


def test_household_and_significant_others_with_relationship_and_pr(assessment, allocated_worker, household):
    rows = {r["name"]: r for r in values(assessment, allocated_worker)["household"]}
    assert rows["Lisa Smith"]["in_household"] is True and rows["Lisa Smith"]["relationship"] == "parent of Ava"
    assert rows["Lisa Smith"]["parental_responsibility"] is True
    assert rows["Lisa Smith"]["parental_responsibility_for"] == ["Ava"]
    assert rows["Tom Brown"]["in_household"] is False and rows["Tom Brown"]["parental_responsibility"] is True
    assert rows["Sam Smith"]["in_household"] is True  # a sibling who is not assessed
    assert "Jean Hidden" not in rows  # a restricted relative never appears


def test_restricted_relatives_are_left_out_of_the_drawings(assessment, allocated_worker, household):
    shown = values(assessment, allocated_worker)
    assert shown["family-tree"].lstrip().startswith("<svg") and "Jean" not in shown["family-tree"]
    assert str(household["gran"].pk) not in shown["family-tree"]
    assert str(household["mum"].pk) in shown["family-tree"]
    assert "<svg" in shown["relationships"] and str(household["gran"].pk) not in shown["relationships"]


def test_confidential_addresses_never_reach_the_family_or_readers_without_write_access(
    assessment, allocated_worker, auditor
):
    family = assessment.case.family
    shown = values(assessment, allocated_worker)["address"]
    assert [a["text"] for a in shown["addresses"]] == ["1 Mill Lane, N1 1AA"]
    assert shown["addresses"][0]["confidential"] is False
    FamilyAddress.objects.filter(family=family).update(confidential=True)
    flagged = values(assessment, allocated_worker)["address"]["addresses"]
    assert [(a["text"], a["confidential"]) for a in flagged] == [("1 Mill Lane, N1 1AA", True)]
    for hidden in (values(assessment, allocated_worker, for_family=True), values(assessment, auditor)):
        assert hidden["address"]["addresses"] == []
    live = prefill_value(assessment=assessment, section={"kind": "address"}, for_family=True)
    assert live["addresses"] == []
    # Frozen at submission: still flagged, still left out of the family's copy.
    submitted(assessment, allocated_worker)
    frozen = selectors.assessment_get_for_user(user=allocated_worker, assessment_id=assessment.pk)
    assert frozen.snapshot["address"]["addresses"][0]["confidential"] is True
    assert values(frozen, allocated_worker, for_family=True)["address"]["addresses"] == []
    assert values(frozen, auditor)["address"]["addresses"] == []


def test_professionals_in_annex_b_columns(assessment, allocated_worker, siblings):
    Professional.objects.create(
        family=assessment.case.family,
        name="Dr Rao",
        role="GP",
        agency="Mill Lane Surgery",
        telephone="020 7946 0000",
        email="rao@example.org",
        working_with=siblings["ava"],
    )
    Professional.objects.create(
        family=assessment.case.family,
        name="Old worker",
        role="Health visitor",
        agency="NHS",
        to_date=timezone.localdate() - datetime.timedelta(days=5),
    )
    rows = values(assessment, allocated_worker)["professionals"]
    assert len(rows) == 1
    assert rows[0]["name"] == "Dr Rao" and rows[0]["role_agency"] == "GP, Mill Lane Surgery"
    assert rows[0]["contact"] == "020 7946 0000, rao@example.org" and rows[0]["working_with"] == "Ava Smith"


def test_a_professional_working_with_a_restricted_relative_is_left_out(assessment, allocated_worker, household):
    """Their agency could identify the restricted person (as on the family eco-map)."""
    Professional.objects.create(
        family=assessment.case.family, name="P. Officer", role="Probation officer", working_with=household["gran"]
    )
    Professional.objects.create(family=assessment.case.family, name="Ms Head", role="Head teacher")
    names = [r["name"] for r in values(assessment, allocated_worker)["professionals"]]
    assert names == ["Ms Head"]
    assert [r["name"] for r in values(assessment, allocated_worker, for_family=True)["professionals"]] == ["Ms Head"]


def test_timeline_holds_the_significant_and_critical_entries(assessment, allocated_worker, siblings, household):
    ava = siblings["ava"]
    for n, significance in enumerate((ROUTINE, SIGNIFICANT, CRITICAL)):
        chronology_record(
            source=household["mum"] if n == 0 else (household["dad"] if n == 1 else ava),
            kind=f"test_{significance}",
            summary=f"A {significance} event",
            when=datetime.date(2024, 1, 1 + n),
            category="note",
            person=ava,
            significance=significance,
        )
    chronology_record(
        source=household["gran"],
        kind="test_gran",
        summary="Gran's event",
        when=datetime.date(2024, 2, 1),
        category="note",
        people=[ava, household["gran"]],
        significance=CRITICAL,
    )
    summaries = [row["summary"] for row in values(assessment, allocated_worker)["timeline"]]
    assert "A significant event" in summaries and "A critical event" in summaries
    assert "A routine event" not in summaries and "Gran's event" not in summaries
    assert summaries.index("A significant event") < summaries.index("A critical event")  # oldest first


def test_a_snapshot_holds_every_pre_filled_section(assessment):
    snapshot = prefill_snapshot(assessment)
    assert set(snapshot) == {s["key"] for s in assessment.template.sections if s["kind"] in PREFILLED_KINDS}


def test_the_number_of_queries_does_not_grow_with_the_family(assessment, allocated_worker, siblings):
    def count() -> int:
        fresh = selectors.assessment_get_for_user(user=allocated_worker, assessment_id=assessment.pk)
        with CaptureQueriesContext(connection) as queries:
            prefill_snapshot(fresh)
        return len(queries)

    before = count()
    family = assessment.case.family
    for n in range(6):
        relative = person(f"Cousin{n}")
        FamilyMembership.objects.create(family=family, person=relative, role="adult", joined=datetime.date(2020, 1, 1))
        Relationship.objects.create(from_person=relative, to_person=siblings["ava"], kind="cousin")
        Professional.objects.create(family=family, name=f"Pro {n}", role="Teacher", agency="School")
    assert count() <= before + 2


def test_the_assessed_children_are_not_repeated_in_the_household(allocated_worker, case, siblings, template):
    Relationship.objects.create(from_person=siblings["ava"], to_person=siblings["sam"], kind="sibling")
    both = start(allocated_worker, case, [siblings["ava"], siblings["sam"]])
    shown = values(both, allocated_worker)
    assert [row["name"] for row in shown["family-membership"]] == ["Ava Smith", "Sam Smith"]
    assert not {"Ava Smith", "Sam Smith"} & {row["name"] for row in shown["household"]}
