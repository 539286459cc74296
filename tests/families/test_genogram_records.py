"""draw_genogram from the database: the demo family shapes (recorded through the services by
the demo builders), the "as at" date, restricted relatives, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from casework.core.demo import DemoContext
from families import demo, services
from families.genogram import draw_genogram
from families.models import Family
from tests.families.conftest import make_family, make_person
from tests.families.test_genogram import centres, parse, people_g, placeholders, texts, with_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(allocated_worker, colleague, manager, other_team_worker, north, south) -> DemoContext:
    return DemoContext(
        users={"worker": allocated_worker, "colleague": colleague, "manager": manager, "south": other_team_worker},
        teams={"North": north, "South": south},
    )


def drawn(context: DemoContext, shape, name: str, **kwargs):
    shape(context)
    family = Family.objects.get(name=name)
    return family, draw_genogram(family, **kwargs)


def ids_by_name(drawing) -> dict[str, str]:
    return {row["name"].split()[0]: row["person_id"] for row in drawing.people}


def test_three_generations(context, allocated_worker, django_assert_max_num_queries):
    demo.three_generations(context)
    family = Family.objects.get(name="Okoro family")
    with django_assert_max_num_queries(8):
        drawing = draw_genogram(family, user=allocated_worker)
    assert drawing.generations == 3
    rows = {row["name"].split()[0]: row for row in drawing.people}
    assert rows["Grace"]["relationship"] == "grandmother"
    assert rows["Adaeze"]["relationship"] == "mother" and rows["Ada"]["relationship"] == "sister"
    pos = centres(parse(drawing.svg))
    ids = ids_by_name(drawing)
    assert pos[ids["Grace"]][1] < pos[ids["Adaeze"]][1] == pos[ids["Chidi"]][1] < pos[ids["Tobi"]][1]
    assert "m. " in " ".join(texts(parse(drawing.svg)))


def test_step_family_with_half_siblings(context):
    _, drawing = drawn(context, demo.step_family, "Harris-Kowalski family")
    rows = {row["name"].split()[0]: row for row in drawing.people}
    assert rows["Sam"]["relationship"] == "half-brother"
    assert rows["Lee"]["relationship"] == "stepfather"
    assert rows["Jason"]["relationship"] == "father" and rows["Jason"]["household"] == ""
    root = parse(drawing.svg)
    assert not with_class(root, "gx-descent-step_parent"), "the couple line shows the step-parent"
    (separated,) = with_class(root, "gx-union-ex_partner")
    assert len(with_class(separated, "gx-slash")) == 1
    ids = ids_by_name(drawing)
    sam_parents = {
        g.get("data-relationship-id") for g in with_class(root, "gx-descent") if g.get("data-child-id") == ids["Sam"]
    }
    ava_parents = {
        g.get("data-relationship-id") for g in with_class(root, "gx-descent") if g.get("data-child-id") == ids["Ava"]
    }
    assert len(sam_parents) == len(ava_parents) == 2 and not sam_parents & ava_parents


def test_single_parent_children_share_one_unknown_father(context):
    _, drawing = drawn(context, demo.single_parent, "Begum family")
    root = parse(drawing.svg)
    assert len(placeholders(root)) == 1, "the sibling record says they share a father"
    assert len(people_g(root)) == 3


def test_special_guardianship_with_grandparents(context):
    _, drawing = drawn(context, demo.special_guardianship, "Walsh family")
    root = parse(drawing.svg)
    sgo = with_class(root, "gx-descent-special_guardian")
    assert sgo and all("SGO" in texts(g) for g in sgo)
    assert [g.find("{http://www.w3.org/2000/svg}title").text for g in with_class(root, "gx-household-group")] == [
        "Special guardianship household"
    ]
    rows = {row["name"].split()[0]: row for row in drawing.people}
    assert rows["Maureen"]["relationship"] == "grandmother and special guardian"
    assert drawing.generations == 3


def test_twins(context):
    _, drawing = drawn(context, demo.twins, "Nowak family")
    root = parse(drawing.svg)
    assert len(with_class(root, "gx-identical-bar")) == 1
    assert with_class(root, "gx-twins")[0].get("data-relationship-id")


def test_unborn_baby_and_earlier_miscarriage(context):
    _, drawing = drawn(context, demo.unborn_baby, "Clarke family")
    statuses = {row["name"]: row["status"] for row in drawing.people}
    assert statuses["Unborn Clarke"] == "unborn" and statuses["Pregnancy Clarke"] == "miscarriage"
    root = parse(drawing.svg)
    assert with_class(root, "gx-unborn") and with_class(root, "gx-loss-dot")
    assert any(t.startswith("due ") for t in texts(root))


def test_deceased_grandparent(context):
    _, drawing = drawn(context, demo.deceased_grandparent, "Ahmed family")
    root = parse(drawing.svg)
    (dead,) = [g for g in people_g(root).values() if "gx-deceased" in g.get("class")]
    assert with_class(dead, "gx-death-x") and any("\u2013" in t for t in texts(dead))
    assert [r["status"] for r in drawing.people].count("deceased") == 1


def test_child_living_between_two_households(context):
    _, drawing = drawn(context, demo.two_households, "Evans family (mum's home)")
    root = parse(drawing.svg)
    groups = with_class(root, "gx-household-group")
    assert len(groups) == 2
    cerys = next(row for row in drawing.people if row["name"] == "Cerys Evans")
    assert cerys["household"] == "Household, Household (another family)"
    assert "Quarry Lane" not in drawing.svg and "Willow Street" not in drawing.svg, "never an address"
    assert "Chloe Morgan" in drawing.svg, "the other parent's partner is drawn"


def test_as_at_date_changes_what_is_drawn(context):
    _, today = drawn(context, demo.step_family, "Harris-Kowalski family")
    family = Family.objects.get(name="Harris-Kowalski family")
    before = draw_genogram(family, as_at=demo.years_ago(6))
    names_then = {row["name"].split()[0] for row in before.people}
    assert "Sam" in {row["name"].split()[0] for row in today.people}
    assert "Sam" not in names_then and "Lee" not in names_then, "not born / not yet a partner"
    assert [u["status"] for u in before.unions] == ["Separated"], "Lee's partnership had not started"
    assert len(today.unions) == 2
    ava_then = next(row for row in before.people if row["name"].startswith("Ava"))
    ava_now = next(row for row in today.people if row["name"].startswith("Ava"))
    assert int(ava_then["age"]) == int(ava_now["age"]) - 6


def test_query_count_does_not_grow_with_the_family(allocated_worker, django_assert_max_num_queries):
    small = make_family(allocated_worker, name="Small family", members=[(make_person(allocated_worker), "child")])
    kids = [
        make_person(allocated_worker, f"Kid{i}", "Big", date_of_birth=datetime.date(2010 + i, 1, 1)) for i in range(6)
    ]
    mum = make_person(allocated_worker, "Mum", "Big", date_of_birth=datetime.date(1985, 1, 1))
    big = make_family(allocated_worker, name="Big family", members=[(k, "child") for k in kids] + [(mum, "adult")])
    for kid in kids:
        services.relationship_create(by=allocated_worker, from_person=mum, to_person=kid, data={"kind": "parent"})
    with django_assert_max_num_queries(8):
        draw_genogram(small, user=allocated_worker)
    with django_assert_max_num_queries(8):
        drawing = draw_genogram(big, user=allocated_worker)
    assert len(drawing.people) == 7


def _restricted_father(allocated_worker, manager):
    child = make_person(allocated_worker, "Ava", "Smith")
    father = make_person(allocated_worker, "Secret", "Relative", sex="M", date_of_birth=datetime.date(1980, 1, 1))
    family = make_family(allocated_worker, members=[(child, "child")])
    services.relationship_create(by=allocated_worker, from_person=father, to_person=child, data={"kind": "parent"})
    services.person_set_restriction(
        by=manager, person=father, restricted=True, restricted_to=[], expected_version=father.version
    )
    return family, father


def test_restricted_relative_is_not_revealed_to_a_user_who_may_not_open_them(allocated_worker, colleague, manager):
    family, father = _restricted_father(allocated_worker, manager)
    drawing = draw_genogram(family, user=colleague)
    assert "Secret" not in drawing.svg and "Relative" not in drawing.svg
    assert str(father.pk) not in drawing.svg
    assert [row["name"] for row in drawing.people] == ["Ava Smith"]
    root = parse(drawing.svg)
    assert len(placeholders(root)) == 0, "no tie to the hidden record is drawn"


def test_restricted_relative_is_drawn_for_the_holding_teams_manager(allocated_worker, manager):
    family, father = _restricted_father(allocated_worker, manager)
    drawing = draw_genogram(family, user=manager)
    assert str(father.pk) in people_g(parse(drawing.svg))
    assert "Secret" in drawing.svg
