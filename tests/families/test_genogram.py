"""The genogram engine on GENOGRAM.md §8's test families, from plain data (no database).

Structure is asserted by parsing the SVG with ElementTree: who is drawn, where, with which
symbols and line styles; plus geometry (no overlaps, no line through someone else's symbol).
"""

from __future__ import annotations

import copy
import itertools
import random
import re
import signal
import xml.etree.ElementTree as ET

import pytest

from families.genogram import build_genogram, build_genogram_svg
from families.genogram.graph import build_graph
from families.genogram.layout import layout
from tests.families import genogram_families as fams

NS = {"s": "http://www.w3.org/2000/svg"}
R = 20


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def people_g(root: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        pid = g.get("data-person-id")
        if pid:
            assert pid not in found, f"{pid} drawn twice"
            found[pid] = g
    return found


def placeholders(root: ET.Element) -> list[ET.Element]:
    return [
        g
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if {"gx-placeholder", "gx-person"} <= set((g.get("class") or "").split())
    ]


def centre(g: ET.Element) -> tuple[float, float]:
    for el in g:
        tag = el.tag.split("}")[1]
        if tag == "circle":
            return float(el.get("cx")), float(el.get("cy"))
        if tag == "rect" and "gx-sym" in el.get("class", ""):
            return float(el.get("x")) + float(el.get("width")) / 2, float(el.get("y")) + float(el.get("height")) / 2
        if tag == "polygon":
            pts = [tuple(map(float, p.split(","))) for p in el.get("points").split()]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2 if len(pts) == 4 else max(ys) - 18
        if tag == "path" and "gx-death-x" in el.get("class", ""):
            nums = list(map(float, re.findall(r"-?\d+(?:\.\d+)?", el.get("d"))))
            return (nums[0] + nums[2]) / 2, (nums[1] + nums[3]) / 2
    raise AssertionError("no symbol")


def centres(root: ET.Element) -> dict[str, tuple[float, float]]:
    return {pid: centre(g) for pid, g in people_g(root).items()}


def segments(d: str) -> list[tuple[float, float, float, float]]:
    """Absolute M/L/H/V paths to segments."""
    out, x, y = [], 0.0, 0.0
    for cmd, args in re.findall(r"([MLHV])([^MLHV]*)", d):
        nums = list(map(float, args.split()))
        if cmd == "M":
            x, y = nums
        elif cmd == "L":
            out.append((x, y, nums[0], nums[1]))
            x, y = nums
        elif cmd == "H":
            out.append((x, y, nums[0], y))
            x = nums[0]
        else:
            out.append((x, y, x, nums[0]))
            y = nums[0]
    return out


def line_paths(root: ET.Element, cls: str = "gx-line") -> list[ET.Element]:
    return [p for p in root.iter("{http://www.w3.org/2000/svg}path") if cls in (p.get("class") or "").split()]


def with_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def texts(el: ET.Element) -> list[str]:
    return [t.text or "" for t in el.iter("{http://www.w3.org/2000/svg}text")]


def _crosses(seg, box) -> bool:
    x1, y1, x2, y2 = seg
    bx1, by1, bx2, by2 = box
    if x1 == x2:
        return bx1 < x1 < bx2 and min(y1, y2) < by2 and max(y1, y2) > by1
    if y1 == y2:
        return by1 < y1 < by2 and min(x1, x2) < bx2 and max(x1, x2) > bx1
    # diagonals (twins): sample along the segment
    return any(bx1 < x1 + (x2 - x1) * t / 20 < bx2 and by1 < y1 + (y2 - y1) * t / 20 < by2 for t in range(1, 20))


def assert_sound(data: dict) -> None:
    """Every family: each person once, parents above children, partners on one row, no overlapping
    boxes, and no line through a symbol that is not one of its ends."""
    drawing = build_genogram(data)
    root = parse(drawing.svg)
    pos = centres(root)
    graph = build_graph(data)
    lay = layout(graph)
    real = {pid for pid, p in graph.people.items() if not p.placeholder}
    assert set(pos) == real
    assert len(placeholders(root)) == len(graph.people) - len(real)
    for link in graph.links:
        if link.kind == "parent":
            for parent in graph.unions[link.union].partners:
                assert lay.pos[parent][1] < lay.pos[link.child][1]
    for union in graph.unions.values():
        if union.b is not None:
            assert lay.pos[union.a][1] == lay.pos[union.b][1]
    boxes = {
        pid: (x - lay.width_of[pid] / 2, y - 38, x + lay.width_of[pid] / 2, y + 80) for pid, (x, y) in lay.pos.items()
    }
    for a, b in itertools.combinations(sorted(boxes), 2):
        (a1, a2, a3, a4), (b1, b2, b3, b4) = boxes[a], boxes[b]
        assert a3 <= b1 or b3 <= a1 or a4 <= b2 or b4 <= a2, f"{a} and {b} overlap"
    symbols = {pid: (x - R, y - R, x + R, y + R) for pid, (x, y) in lay.pos.items()}
    for path in line_paths(root):
        for seg in segments(path.get("d")):
            ends = [(seg[0], seg[1]), (seg[2], seg[3])]
            for pid, (x1, y1, x2, y2) in symbols.items():
                if any(x1 - 1 <= ex <= x2 + 1 and y1 - 1 <= ey <= y2 + 1 for ex, ey in ends):
                    continue
                assert not _crosses(seg, (x1 + 1, y1 + 1, x2 - 1, y2 - 1)), f"line {seg} crosses {pid}"


@pytest.mark.parametrize("number", sorted(fams.ALL))
def test_every_test_family_is_drawn_soundly(number):
    assert_sound(fams.ALL[number]().data)


@pytest.mark.parametrize("number", sorted(fams.ALL))
def test_shuffled_input_gives_byte_identical_svg(number):
    data = fams.ALL[number]().data
    shuffled = copy.deepcopy(data)
    rng = random.Random(number)
    for key in ("people", "relationships", "memberships"):
        rng.shuffle(shuffled[key])
    assert build_genogram_svg(shuffled) == build_genogram_svg(data)


def test_svg_contract_root_title_desc_style_and_prefixed_ids():
    drawing = build_genogram(fams.f01_married_three_children().data)
    assert not drawing.svg.startswith("<?xml")
    root = parse(drawing.svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "geno-fam00001-title geno-fam00001-desc"
    first, second = list(root)[:2]
    assert first.tag.endswith("title") and first.get("id") == "geno-fam00001-title"
    assert second.tag.endswith("desc") and second.get("id") == "geno-fam00001-desc"
    assert first.text == drawing.title == "Genogram of the Smith family"
    assert "2 generations, 5 people" in second.text and "Index child Cara (14)" in second.text
    style = root.find("s:style", NS).text
    assert ".gx-" in style and "DejaVu Sans" in style
    assert all(el.get("id", "geno-fam00001").startswith("geno-fam00001") for el in root.iter())
    assert all(t.get("dy") == "0.35em" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert with_class(root, "gx-legend"), "every diagram has a key"
    for pid, g in people_g(root).items():
        assert g.find("s:title", NS).text, pid


def test_1_married_couple_three_children():
    root = parse(build_genogram_svg(fams.f01_married_three_children().data))
    pos = centres(root)
    assert pos["p-dad"][0] < pos["p-mum"][0] and pos["p-dad"][1] == pos["p-mum"][1]
    assert pos["p-ben"][0] < pos["p-cara"][0] < pos["p-dan"][0], "oldest left"
    assert "16" in texts(people_g(root)["p-ben"])
    couple = with_class(root, "gx-union-spouse")[0]
    assert "m. 2009" in texts(couple)
    bars = {segments(p.get("d"))[1][1] for p in line_paths(root, "gx-birth")}
    assert len(bars) == 1, "one sibship bar"
    assert "gx-subject" in people_g(root)["p-cara"].get("class")
    assert with_class(people_g(root)["p-cara"], "gx-subject-outline"), "double outline for the subject child"


def test_2_single_mother_child_hangs_from_placeholder_father():
    root = parse(build_genogram_svg(fams.f02_single_mother().data))
    (father,) = placeholders(root)
    assert "gx-male" in father.get("class") and "?" in texts(father)
    assert father.get("data-person-id") is None
    (descent,) = [g for g in with_class(root, "gx-descent") if g.get("data-child-id") == "p-ava"]
    assert descent.get("data-relationship-id") == "r-001"


def test_3_three_fathers_are_not_merged():
    graph = build_graph(fams.f03_three_fathers().data)
    unions = {graph.people[c].birth_union for c in ("p-a1", "p-a2", "p-a3")}
    assert len(unions) == 3, "each child under its own union"
    assert sum(p.placeholder for p in graph.people.values()) == 2, "two unknown fathers, not one"
    root = parse(build_genogram_svg(fams.f03_three_fathers().data))
    drops = {
        g.get("data-child-id"): segments(g.find("s:path", NS).get("d"))[0][0] for g in with_class(root, "gx-descent")
    }
    assert len(set(drops.values())) == 3


def test_4_divorced_and_remarried_no_crossings():
    data = fams.f04_divorced_remarried().data
    root = parse(build_genogram_svg(data))
    pos = centres(root)
    assert pos["p-ex"][0] < pos["p-dad"][0] < pos["p-wife"][0], "ex on one side, current wife on the other"
    (divorce,) = with_class(root, "gx-union-ex_spouse")
    assert len(with_class(divorce, "gx-slash")) == 2 and "m. 2000, div. 2010" in texts(divorce)
    (marriage,) = with_class(root, "gx-union-spouse")
    assert not with_class(marriage, "gx-slash")
    assert layout(build_graph(data)).crossings == 0
    assert max(pos["p-old1"][0], pos["p-old2"][0]) < pos["p-new1"][0]


def _outline_contains(root, household_id: str, point) -> bool:
    group = next(g for g in with_class(root, "gx-household-group") if g.get("data-household-id") == household_id)
    for rect in group.iter("{http://www.w3.org/2000/svg}rect"):
        if "gx-household" not in rect.get("class"):
            continue
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        if x <= point[0] <= x + w and y <= point[1] <= y + h:
            return True
    return False


def test_5_blended_family_household_excludes_exes_and_no_step_line():
    root = parse(build_genogram_svg(fams.f05_blended().data))
    pos = centres(root)
    for member in ("p-mum", "p-step", "p-ava", "p-leo", "p-joint"):
        assert _outline_contains(root, "fam00001-test", pos[member]), member
    for ex in ("p-exh", "p-exw"):
        assert not _outline_contains(root, "fam00001-test", pos[ex]), ex
    assert not with_class(root, "gx-descent-step_parent"), "step-parent shown by the couple line only"


def test_6_cohabiting_then_separated():
    root = parse(build_genogram_svg(fams.f06_cohabiting_separated().data))
    (couple,) = with_class(root, "gx-union-partner")
    assert "gx-dashed" in with_class(couple, "gx-couple")[0].get("class")
    assert len(with_class(couple, "gx-slash")) == 1 and "from 2012, s. 2019" in texts(couple)


def test_7_adopted_child_drawn_once_with_birth_and_adoptive_lines():
    root = parse(build_genogram_svg(fams.f07_adoption().data))
    assert list(people_g(root)).count("p-kid") == 1
    lines = {g.get("class") for g in with_class(root, "gx-descent") if g.get("data-child-id") == "p-kid"}
    assert lines == {"gx-descent gx-descent-parent", "gx-descent gx-descent-adoptive_parent"}
    assert all("gx-dashed" in p.get("class") for p in line_paths(root, "gx-adoptive"))


def test_8_foster_placement_dotted_with_foster_household():
    root = parse(build_genogram_svg(fams.f08_foster().data))
    foster = with_class(root, "gx-foster")
    assert len({p.get("d") for p in foster}) == 1, "one dotted line from the carers as a couple"
    assert all("gx-dotted" in p.get("class") for p in foster)
    labels = [g.find("s:title", NS).text for g in with_class(root, "gx-household-group")]
    assert labels == ["Foster household"]
    assert "p-bmum" in people_g(root)


def test_9_special_guardianship_outline_skips_the_mother():
    root = parse(build_genogram_svg(fams.f09_sgo_grandmother().data))
    pos = centres(root)
    assert pos["p-nan"][1] < pos["p-mum"][1] < pos["p-mia"][1]
    assert _outline_contains(root, "fam00001-test", pos["p-nan"])
    assert _outline_contains(root, "fam00001-test", pos["p-mia"])
    assert not _outline_contains(root, "fam00001-test", pos["p-mum"])
    assert "SGO" in texts(with_class(root, "gx-descent-special_guardian")[0])


def test_10_twins_from_one_point_bar_only_for_identical():
    root = parse(build_genogram_svg(fams.f10_twins_triplets().data))
    start = {}
    for g in with_class(root, "gx-descent"):
        segs = segments(g.find("s:path", NS).get("d"))
        start[g.get("data-child-id")] = (segs[-1][0], segs[-1][1])
    assert start["p-fa"] == start["p-fb"] != start["p-ia"]
    assert start["p-ia"] == start["p-ib"]
    assert start["p-t1"] == start["p-t2"] == start["p-t3"]
    bars = with_class(root, "gx-identical-bar")
    assert len(bars) == 1
    twin_ids = [r["id"] for r in fams.f10_twins_triplets().data["relationships"] if r["kind"] == "twin"]
    assert sorted(g.get("data-relationship-id") for g in with_class(root, "gx-twins")) == sorted(twin_ids)
    identical = next(r["id"] for r in fams.f10_twins_triplets().data["relationships"] if r.get("identical"))
    (with_bar,) = [g for g in with_class(root, "gx-twins") if with_class(g, "gx-identical-bar")]
    assert with_bar.get("data-relationship-id") == identical


def test_11_deceased_parent_with_years_and_later_union():
    root = parse(build_genogram_svg(fams.f11_deceased_remarried().data))
    first = people_g(root)["p-first"]
    assert "gx-deceased" in first.get("class") and with_class(first, "gx-death-x")
    assert "1970\u20132015" in texts(first) and "44" in texts(first), "age at death inside"
    assert len(with_class(root, "gx-union-spouse")) == 2


def test_12_pregnancy_miscarriage_stillbirth():
    root = parse(build_genogram_svg(fams.f12_pregnancy_losses().data))
    g = people_g(root)
    assert g["p-baby"].find("s:polygon", NS) is not None and "gx-unborn" in g["p-baby"].get("class")
    assert with_class(g["p-loss"], "gx-loss-dot")
    assert with_class(g["p-still"], "gx-death-x") and float(g["p-still"].find("s:rect", NS).get("width")) == R
    pos = centres(root)
    assert pos["p-kid"][0] < pos["p-loss"][0] < pos["p-still"][0] < pos["p-baby"][0], "at their dates"


def test_13_same_sex_couple_and_non_binary_parent():
    root = parse(build_genogram_svg(fams.f13_same_sex_nonbinary().data))
    sky = people_g(root)["p-sky"]
    assert "gx-unknown" in sky.get("class") and len(sky.find("s:polygon", NS).get("points").split()) == 4
    assert len(with_class(root, "gx-descent-adoptive_parent")) == 4


def test_same_sex_couple_older_partner_left():
    f = fams.Fam()
    f.person("zed", "M", 1990)
    f.person("abe", "M", 1980)
    f.rel("zed", "spouse", "abe")
    pos = centres(parse(build_genogram_svg(f.data)))
    assert pos["p-abe"][0] < pos["p-zed"][0]


def test_14_teenage_index_child_with_her_baby():
    data = fams.f14_teen_mother().data
    drawing = build_genogram(data)
    assert drawing.generations == 4
    root = parse(drawing.svg)
    assert with_class(people_g(root)["p-teen"], "gx-subject-outline")
    assert centres(root)["p-teen"][1] < centres(root)["p-baby"][1]
    teen = next(r for r in drawing.people if r["person_id"] == "p-teen")
    assert teen["relationship"] == "index child"


def test_15_two_brothers_marry_two_sisters_nobody_duplicated():
    root = parse(build_genogram_svg(fams.f15_two_brothers_two_sisters().data))
    assert len(people_g(root)) == 10


def test_16_younger_partner_shares_the_row():
    pos = centres(parse(build_genogram_svg(fams.f16_younger_partner().data)))
    assert pos["p-mum"][1] == pos["p-young"][1]


def test_17_placeholders_from_grandparent_and_sibling_records():
    graph = build_graph(fams.f17_derived_only().data)
    kid, sib = graph.people["p-kid"], graph.people["p-sib"]
    assert kid.birth_union == sib.birth_union, "full siblings share their unknown parents"
    kid_parents = graph.unions[kid.birth_union].partners
    assert any(
        "p-gran" in graph.unions[graph.people[p].birth_union or "u-x"].partners
        for p in kid_parents
        if graph.people[p].birth_union
    ), "a placeholder parent joins the grandparent to the child"
    half, other = graph.people["p-half"], graph.people["p-other"]
    assert half.gen == kid.gen, "a half-sibling known only by the record sits on the child's row"
    shared = set(graph.unions[half.birth_union].partners) & set(graph.unions[other.birth_union].partners)
    assert len(shared) == 1 and graph.people[shared.pop()].placeholder
    assert half.birth_union != other.birth_union


def test_18_lodger_inside_the_household():
    root = parse(build_genogram_svg(fams.f18_lodger().data))
    assert _outline_contains(root, "fam00001-test", centres(root)["p-lodger"])


def test_19_large_family_is_drawn_without_overlaps():
    data = fams.f19_large().data
    drawing = build_genogram(data)
    assert len(drawing.people) >= 40
    assert len(people_g(parse(drawing.svg))) == len(drawing.people)


def test_20_names_escaped_truncated_with_full_text_in_title():
    drawing = build_genogram(fams.f20_names().data)
    assert "O'Neill &amp; &lt;Smith&gt;" in drawing.svg
    root = parse(drawing.svg)
    zoe = people_g(root)["p-zoe"]
    assert any(t.endswith("…") for t in texts(zoe))
    assert "Łukasz-Wojciechowska-Montgomery-Smythe" in zoe.find("s:title", NS).text
    assert "عمرو" in texts(people_g(root)["p-amr"])


def test_21_unknown_dobs_stable_and_no_guessed_twins():
    root = parse(build_genogram_svg(fams.f21_unknown_dobs().data))
    pos = centres(root)
    assert pos["p-e"][0] < pos["p-b"][0] < pos["p-c"][0] < pos["p-a"][0], "unknown dates of birth last"
    assert not with_class(root, "gx-twins") and not with_class(root, "gx-identical-bar")
    assert "c. 1980" not in build_genogram_svg(fams.f21_unknown_dobs().data)


def test_22_own_ancestor_is_flagged_not_hung(monkeypatch):
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("hung")))
    signal.alarm(10)
    try:
        drawing = build_genogram(fams.f22_bad_data().data)
    finally:
        signal.alarm(0)
    assert drawing.warnings and "own ancestor" in drawing.warnings[0]
    root = parse(drawing.svg)
    assert "own ancestor" in " ".join(texts(root))
    assert "own ancestor" in drawing.description
    pos = centres(root)
    assert pos["p-young"][1] < pos["p-old"][1], "a parent younger than the child is still drawn above"
    assert build_genogram(fams.f22_bad_data().data).svg == drawing.svg


def test_as_at_date_changes_what_is_drawn():
    data = fams.f04_divorced_remarried().data
    data["as_at"] = fams.d(2005)
    drawing = build_genogram(data)
    root = parse(drawing.svg)
    assert "p-new1" not in people_g(root) and "p-old1" in people_g(root)
    assert not with_class(root, "gx-slash"), "not divorced yet"
    assert with_class(root, "gx-union-spouse") and not with_class(root, "gx-union-ex_spouse")
    assert "3" in texts(people_g(root)["p-old1"]), "age as at the date"
    assert [u["status"] for u in drawing.unions] == ["Married"]


def test_text_alternative_rows():
    drawing = build_genogram(fams.f05_blended().data)
    rows = {r["person_id"]: r for r in drawing.people}
    assert rows["p-ava"]["relationship"] == "index child"
    assert rows["p-mum"]["relationship"] == "mother"
    assert rows["p-step"]["relationship"] == "stepfather"
    assert rows["p-joint"]["relationship"] == "half-sister"
    assert rows["p-exh"]["relationship"] == "father"
    assert rows["p-ava"]["age"] == "16" and rows["p-ava"]["status"] == "living"
    assert rows["p-ava"]["household"] == "Household" and rows["p-exh"]["household"] == ""
    unions = {u["partners"]: u for u in drawing.unions}
    assert unions["Step Smith and Exw Smith"] == {
        "relationship_id": "r-002",
        "partners": "Step Smith and Exw Smith",
        "kind": "Married",
        "dates": "m. 2008, div. 2015",
        "status": "Divorced",
    }
    assert "lives with" in drawing.description and "mother" in drawing.description


def test_bad_input_raises_a_clear_error():
    from families.genogram import GenogramDataError

    data = fams.f01_married_three_children().data
    data["people"][0]["date_of_birth"] = "not a date"
    with pytest.raises(GenogramDataError, match="Not a date"):
        build_genogram(data)
