"""Eco-maps (GENOGRAM.md §3, §5, test 24): rings, line styles and arrows, legend, labels that
do not overlap, ids on every tie, determinism, escaping and a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
import math
import xml.etree.ElementTree as ET

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from families import services
from families.ecomap import CENTRE_R, draw_ecomap, ring_count
from families.models import Energy, Strength
from tests.families.conftest import make_family, make_person
from tests.families.pages_helpers import restrict

NS = {"s": "http://www.w3.org/2000/svg"}
KINDS = ["school", "health", "faith", "leisure", "family", "friend", "work", "other"]

pytestmark = pytest.mark.django_db


def add_connections(by, person, count: int, **data) -> list:
    return [
        services.connection_create(
            by=by, person=person, data={"name": f"Group {i:02d}", "kind": KINDS[i % len(KINDS)], **data}
        )
        for i in range(count)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def ties(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-connection-id"): g for g in root.iter(f"{{{NS['s']}}}g") if g.get("data-connection-id")}


def node_radii(root: ET.Element) -> list[float]:
    return [
        round(math.hypot(float(c.get("cx")), float(c.get("cy"))))
        for c in root.iter(f"{{{NS['s']}}}circle")
        if c.get("class") == "ex-node"
    ]


def boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """Every system circle's and every label's bounding box (diagram coordinates)."""
    found = []
    for element in root.iter():
        if element.get("class") == "ex-node":
            x, y, r = (float(element.get(k)) for k in ("cx", "cy", "r"))
            found.append((x - r, y - r, x + r, y + r))
        elif element.get("class") == "ex-label-bg":
            x, y, w, h = (float(element.get(k)) for k in ("x", "y", "width", "height"))
            found.append((x, y, x + w, y + h))
    return found


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("count", "rings"), [(0, 0), (6, 1), (7, 2), (12, 2), (13, 3), (25, 3)])
def test_systems_go_on_one_two_or_three_rings_by_count(allocated_worker, ava, count, rings):
    add_connections(allocated_worker, ava, count)
    root = parse(draw_ecomap(person=ava).svg)
    assert len(ties(root)) == count
    assert len(set(node_radii(root))) == rings == ring_count(count)


def test_a_lone_system_starts_at_twelve_o_clock(allocated_worker, ava):
    add_connections(allocated_worker, ava, 1)
    node = next(c for c in parse(draw_ecomap(person=ava).svg).iter() if c.get("class") == "ex-node")
    assert float(node.get("cx")) == 0 and float(node.get("cy")) < 0


def test_strong_ties_sit_inside_tenuous_ones(allocated_worker, ava):
    strong = add_connections(allocated_worker, ava, 5, strength="strong")
    tenuous = add_connections(allocated_worker, ava, 5, strength="tenuous")
    root = parse(draw_ecomap(person=ava).svg)
    line_ends = {cid: (g.find("s:line", NS).get("x2"), g.find("s:line", NS).get("y2")) for cid, g in ties(root).items()}
    distance = {cid: math.hypot(float(x), float(y)) for cid, (x, y) in line_ends.items()}
    assert max(distance[str(c.pk)] for c in strong) < min(distance[str(c.pk)] for c in tenuous)
    assert len(set(node_radii(root))) == 2


def test_every_strength_and_energy_is_drawn_with_its_line_and_arrows(allocated_worker, ava):
    made = {}
    for strength, energy in itertools.product(Strength.values, Energy.values):
        data = {"name": f"{strength} {energy}", "kind": "school", "strength": strength, "energy": energy}
        made[(strength, energy)] = services.connection_create(by=allocated_worker, person=ava, data=data)
    root = parse(draw_ecomap(person=ava).svg)
    markers = {m.get("id"): m.find("s:path", NS).get("fill") for m in root.iter(f"{{{NS['s']}}}marker")}
    assert len(markers) == 3 and all(m.startswith("eco-") for m in markers)  # one per colour, prefixed
    drawn = ties(root)
    for (strength, energy), connection in made.items():
        group = drawn[str(connection.pk)]
        line = group.find("s:line", NS)
        assert f"ex-{strength}" in line.get("class")
        assert math.hypot(float(line.get("x1")), float(line.get("y1"))) == pytest.approx(CENTRE_R, abs=0.2)
        assert (line.get("stroke-width"), line.get("stroke-dasharray")) == {
            "strong": ("3", None),
            "moderate": ("1.5", None),
            "tenuous": ("1.5", "6 4"),
            "stressful": ("1.5", None),
        }[strength]
        ticks = group.find("s:path", NS)
        assert (ticks is not None and ticks.get("class") == "ex-ticks") == (strength == "stressful")
        at_centre, at_system = line.get("marker-start"), line.get("marker-end")
        assert (at_centre is not None) == (energy in ("to_person", "both"))
        assert (at_system is not None) == (energy in ("from_person", "both"))
        for used in filter(None, (at_centre, at_system)):
            assert markers[used[5:-1]] == line.get("stroke")  # the marker of the line's own colour


def test_the_legend_explains_strength_and_energy_in_words(ava):
    root = parse(draw_ecomap(person=ava).svg)
    legend = next(g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "ex-legend")
    words = {t.text for t in legend.iter(f"{{{NS['s']}}}text")}
    assert {"Key", "Strong tie", "Moderate tie", "Tenuous tie", "Stressful tie"} <= words
    assert {"Energy flows to the child", "Energy flows from the child", "Energy flows both ways"} <= words


@pytest.mark.parametrize("count", [6, 13, 25])
def test_labels_and_circles_do_not_overlap(allocated_worker, ava, count):
    for i in range(count):
        name = "Long name of a community group " * (i % 2 + 1) + str(i)
        data = {"name": name, "kind": KINDS[i % 8], "strength": Strength.values[i % 4]}
        services.connection_create(by=allocated_worker, person=ava, data=data)
    found = boxes(parse(draw_ecomap(person=ava).svg))
    assert len(found) == 2 * count
    pairs = [(a, b) for a, b in itertools.combinations(range(len(found)), 2) if not (a % 2 == 0 and b == a + 1)]
    assert not [p for p in pairs if overlap(found[p[0]], found[p[1]])]


def test_svg_contract_title_desc_role_and_centre(allocated_worker, ava):
    add_connections(allocated_worker, ava, 3)
    drawing = draw_ecomap(person=ava)
    root = parse(drawing.svg)
    prefix = f"eco-{str(ava.pk)[:8]}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{prefix}-title {prefix}-desc"
    assert [child.tag.split("}")[1] for child in root[:3]] == ["title", "desc", "style"]
    assert root[0].text == drawing.title == "Eco-map of Ava Smith"
    assert "3 community connections" in drawing.description
    assert [g.get("data-person-id") for g in root.iter() if g.get("data-person-id")] == [str(ava.pk)]
    assert all(i.startswith(prefix) for i in (e.get("id") for e in root.iter()) if i)
    assert "DejaVu Sans" in drawing.svg


def test_same_data_gives_byte_identical_svg(allocated_worker, ava):
    add_connections(allocated_worker, ava, 9, strength="stressful", energy="both")
    assert draw_ecomap(person=ava).svg == draw_ecomap(person=ava).svg


def test_names_are_escaped_and_long_ones_truncated_with_the_full_name_in_the_title(allocated_worker, ava):
    name = "O'Neill & <Smith> Community Association of Greater Leeds"
    services.connection_create(by=allocated_worker, person=ava, data={"name": name, "kind": "leisure"})
    drawing = draw_ecomap(person=ava)
    assert "<Smith>" not in drawing.svg and "&lt;Smith&gt;" in drawing.svg
    root = parse(drawing.svg)
    labels = [t.text for t in root.iter(f"{{{NS['s']}}}text") if t.get("class") == "ex-label"]
    assert labels == ["O'Neill & <Smith> Commu…"]
    assert any(name in (t.text or "") for t in root.iter(f"{{{NS['s']}}}title"))
    assert drawing.systems[0]["name"] == name


def test_professionals_are_systems_grouped_by_agency(allocated_worker, ava, smith_family):
    for name, agency in (("Zoe", "NHS"), ("Ann", "School nursing"), ("Bea", "NHS")):
        services.professional_create(
            by=allocated_worker, family=smith_family, data={"name": name, "role": "Nurse", "agency": agency}
        )
    lee = make_person(allocated_worker, "Lee", "Smith", date_of_birth="1985-01-01", sex="M")
    services.membership_add(by=allocated_worker, family=smith_family, person=lee, role="adult")
    services.professional_create(
        by=allocated_worker,
        family=smith_family,
        data={"name": "Pat", "role": "Probation officer", "agency": "Probation", "working_with": lee},
    )
    drawing = draw_ecomap(person=ava)
    assert [(s["name"], s["agency"]) for s in drawing.systems] == [
        ("Bea", "NHS"),
        ("Zoe", "NHS"),
        ("Ann", "School nursing"),
    ]
    assert drawing.svg.count("data-professional-id") == 3  # Lee's probation officer is not Ava's


def test_family_ecomap_centres_the_family_and_leaves_out_restricted_members(allocated_worker, colleague, manager, ava):
    mia = make_person(allocated_worker, "Mia", "Smith")
    family = make_family(allocated_worker, members=[(ava, "child"), (mia, "child")])
    school = services.connection_create(by=allocated_worker, person=ava, data={"name": "Oak School", "kind": "school"})
    secret = services.connection_create(
        by=allocated_worker, person=mia, data={"name": "Hidden Club", "kind": "leisure"}
    )
    restrict(mia, by=manager)
    drawing = draw_ecomap(family=family, user=colleague)
    root = parse(drawing.svg)
    assert set(ties(root)) == {str(school.pk)}
    assert str(secret.pk) not in drawing.svg and "Mia" not in drawing.svg
    assert [p.pk for p in drawing.people] == [ava.pk]
    assert any(g.get("data-family-id") == str(family.pk) for g in root.iter())
    assert drawing.systems[0]["person"] == "Ava"
    assert len(parse(draw_ecomap(family=family, user=manager).svg).findall(".//*[@data-connection-id]")) == 2


def test_queries_do_not_grow_with_connections(allocated_worker, ava, smith_family):
    def queries(person) -> int:
        with CaptureQueriesContext(db_connection) as captured:
            draw_ecomap(person=person)
        return len(captured)

    add_connections(allocated_worker, ava, 5)
    few = queries(ava)
    add_connections(allocated_worker, ava, 35)
    assert queries(ava) == few <= 3


def test_family_members_with_and_without_dates_of_birth_are_ordered_oldest_first(allocated_worker, ava):
    dad = make_person(allocated_worker, "Rob", "Smith", date_of_birth=None, sex="M")
    mum = make_person(allocated_worker, "Kim", "Smith", date_of_birth=datetime.date(1988, 2, 2))
    family = make_family(allocated_worker, members=[(ava, "child"), (dad, "adult"), (mum, "adult")])
    drawing = draw_ecomap(family=family, user=allocated_worker)
    assert [p.first_name for p in drawing.people] == ["Kim", "Ava", "Rob"]
    centre = next(g for g in parse(drawing.svg).iter() if g.get("data-family-id"))
    assert [t.get("data-person-id") for t in centre.iter() if t.get("data-person-id")] == [
        str(mum.pk),
        str(ava.pk),
        str(dad.pk),
    ]
