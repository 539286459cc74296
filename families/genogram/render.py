"""The genogram as SVG (GENOGRAM.md §5): ElementTree only, own `.gx-` styles, prefixed ids,
real text in DejaVu Sans centred with `dy`, a legend on every diagram, byte-identical output."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from families.genogram.graph import GPerson, Graph
from families.genogram.layout import BOX_TOP, NAME_SIZE, NAME_Y, SMALL_SIZE, Layout, R, snap, years_text
from families.genogram.text import text_width

STYLE = """
.gx-root text{font-family:'DejaVu Sans',sans-serif;fill:#0b0c0c}
.gx-sym{fill:#ffffff;stroke:#0b0c0c;stroke-width:2}
.gx-sym-outer{fill:none;stroke:#0b0c0c;stroke-width:1.5}
.gx-placeholder .gx-sym{stroke:#505a5f;stroke-dasharray:4 3}
.gx-loss-dot{fill:#0b0c0c;stroke:#0b0c0c}
.gx-line{fill:none;stroke:#0b0c0c;stroke-width:1.5}
.gx-x{fill:none;stroke:#0b0c0c;stroke-width:2}
.gx-dashed{stroke-dasharray:7 4}
.gx-dotted{stroke-dasharray:2 4;stroke-linecap:round;stroke-width:2}
.gx-slash{fill:none;stroke:#0b0c0c;stroke-width:1.5}
.gx-household{fill:none;stroke:#1d70b8;stroke-width:1.5;stroke-dasharray:10 5}
.gx-household-label{font-size:10px}
.gx-label-bg{fill:#ffffff}
.gx-name{font-size:11px}
.gx-small{font-size:10px}
.gx-age{font-size:12px;font-weight:bold}
.gx-q{font-size:16px;fill:#505a5f}
.gx-pr{font-size:9px;font-weight:bold}
.gx-warning{font-size:12px;font-weight:bold}
.gx-legend-title{font-size:11px;font-weight:bold}
.gx-legend-box{fill:none;stroke:#b1b4b6;stroke-width:1}
""".strip()


def _n(v: float) -> str:
    v = snap(v)
    return str(int(v)) if v == int(v) else f"{v:.1f}"


def _el(parent: ET.Element, tag: str, **attrs: object) -> ET.Element:
    clean = {
        k.rstrip("_").replace("__", ":").replace("_", "-"): (_n(v) if isinstance(v, float) else str(v))
        for k, v in attrs.items()
    }
    return ET.SubElement(parent, tag, clean)


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    text: str,
    cls: str,
    anchor: str = "middle",
    bg: bool = False,
    size: float = NAME_SIZE,
) -> None:
    if not text:
        return
    if bg:
        w = text_width(text, size) + 4
        left = {"middle": x - w / 2, "start": x - 2, "end": x - w + 2}[anchor]
        _el(
            parent,
            "rect",
            class_="gx-label-bg",
            x=float(left),
            y=float(y - size * 0.65),
            width=float(w),
            height=float(size * 1.3),
        )
    node = _el(parent, "text", class_=cls, x=float(x), y=float(y), dy="0.35em", text_anchor=anchor)
    node.text = text


def _shape(parent: ET.Element, sex: str, x: float, y: float, r: float, cls: str, unborn: bool = False) -> None:
    if unborn:
        points = [(x, y - r), (x + r * 0.95, y + r * 0.8), (x - r * 0.95, y + r * 0.8)]
        _el(parent, "polygon", class_=cls, points=" ".join(f"{_n(a)},{_n(b)}" for a, b in points))
    elif sex == "M":
        _el(parent, "rect", class_=cls, x=float(x - r), y=float(y - r), width=float(2 * r), height=float(2 * r))
    elif sex == "F":
        _el(parent, "circle", class_=cls, cx=float(x), cy=float(y), r=float(r))
    else:
        r = r * 1.08
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        _el(parent, "polygon", class_=cls, points=" ".join(f"{_n(a)},{_n(b)}" for a, b in points))


def _cross(parent: ET.Element, x: float, y: float, d: float) -> None:
    _el(
        parent,
        "path",
        class_="gx-x gx-death-x",
        d=f"M{_n(x - d)} {_n(y - d)}L{_n(x + d)} {_n(y + d)}M{_n(x + d)} {_n(y - d)}L{_n(x - d)} {_n(y + d)}",
    )


def _classes(p: GPerson, graph: Graph) -> str:
    classes = ["gx-person", {"M": "gx-male", "F": "gx-female"}.get(p.sex, "gx-unknown")]
    for flag, name in (
        (p.subject, "gx-subject"),
        (p.id == graph.index_id, "gx-index"),
        (p.died is not None, "gx-deceased"),
        (p.unborn, "gx-unborn"),
        (p.placeholder, "gx-placeholder"),
        (bool(p.outcome), f"gx-loss gx-{p.outcome}"),
        (bool(p.pr_for), "gx-holds-pr"),
    ):
        if flag:
            classes.append(name)
    return " ".join(classes)


def _person(parent: ET.Element, p: GPerson, graph: Graph, lay: Layout, tooltip: str) -> None:
    x, y = lay.pos[p.id]
    attrs = {"class_": _classes(p, graph)}
    if not p.placeholder:
        attrs["data_person_id"] = p.id
    g = _el(parent, "g", **attrs)
    ET.SubElement(g, "title").text = tooltip
    if p.outcome == "miscarriage":
        _el(g, "circle", class_="gx-loss-dot", cx=float(x), cy=float(y), r=7.0)
    elif p.outcome == "termination":
        _cross(g, x, y, 7)
    elif p.outcome == "stillbirth":
        _shape(g, p.sex, x, y, R / 2, "gx-sym")
        _cross(g, x, y, R / 2 * 0.75)
    else:
        _shape(g, p.sex, x, y, R, "gx-sym", unborn=p.unborn)
        if p.subject:
            _shape(g, p.sex, x, y, R + 4, "gx-sym-outer gx-subject-outline", unborn=p.unborn)
        if p.died:
            _cross(g, x, y, R * (0.707 if p.sex == "F" else 0.9))
        age = p.age_on(graph.as_at)
        if p.placeholder:
            _text(g, x, y, "?", "gx-q")
        elif age is not None:
            _text(g, x, y + (3 if p.unborn else 0), str(age), "gx-age", bg=p.died is not None, size=12)
    years = years_text(p)
    if years:
        _text(g, x, y - BOX_TOP + 10, years, "gx-small gx-years", bg=True, size=SMALL_SIZE)
    if p.pr_for:
        _text(g, x + R + 2, y - R + 4, "PR", "gx-pr", anchor="start", size=9)
    first, last = lay.labels[p.id]
    _text(g, x, y + NAME_Y[0], first, "gx-name", bg=True)
    _text(g, x, y + NAME_Y[1], last, "gx-name", bg=True)


def _couples(parent: ET.Element, graph: Graph, lay: Layout) -> None:
    for uid, union in sorted(graph.unions.items()):
        if union.b is None:
            continue
        geom = lay.unions[uid]
        ya = lay.pos[union.a][1]
        kind = union.kind
        cls = f"gx-line gx-couple gx-couple-{kind}" + (" gx-dashed" if union.dashed else "")
        attrs = {"class_": f"gx-union gx-union-{kind}"}
        if union.relationship_id:
            attrs["data_relationship_id"] = union.relationship_id
        g = _el(parent, "g", **attrs)
        (x1, x2) = (geom.x1, geom.x2)
        d = f"M{_n(x1)} {_n(ya + R)}V{_n(geom.y)}H{_n(x2)}V{_n(ya + R)}"
        _el(g, "path", class_=cls, d=d)
        has_children = any(link.union == uid for link in graph.links)
        sx = geom.drop_x + (16 if has_children else 0)
        if sx + 10 > x2 - R:
            sx = geom.drop_x - 16
        for i in range(union.slashes):
            off = (i - (union.slashes - 1) / 2) * 6
            _el(
                g,
                "path",
                class_="gx-slash",
                d=f"M{_n(sx + off - 4)} {_n(geom.y + 7)}L{_n(sx + off + 4)} {_n(geom.y - 7)}",
            )
        _text(g, geom.drop_x, geom.y - 8, union.dates_text(), "gx-small gx-union-dates", bg=True, size=SMALL_SIZE)


LINK_CLASSES = {
    "parent": "gx-birth",
    "adoptive_parent": "gx-adoptive gx-dashed",
    "foster_carer": "gx-foster gx-dotted",
    "special_guardian": "gx-sgo gx-dotted",
    "carer": "gx-carer gx-dotted",
    "step_parent": "gx-step gx-dotted",
}


def _links(parent: ET.Element, graph: Graph, lay: Layout) -> None:
    for route in lay.routes:
        link = route.link
        d = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in route.points)
        ids = link.relationship_ids or [""]
        for rel_id in ids:  # one element per relationship record, so each tie is addressable
            attrs = {"class_": f"gx-descent gx-descent-{link.kind}"}
            if rel_id:
                attrs["data_relationship_id"] = rel_id
            attrs["data_child_id"] = link.child
            g = _el(parent, "g", **attrs)
            _el(g, "path", class_=f"gx-line {LINK_CLASSES[link.kind]}", d=d)
            if link.kind == "special_guardian" and route.label_at:
                _text(
                    g,
                    route.label_at[0],
                    route.label_at[1],
                    "SGO",
                    "gx-small gx-sgo-label",
                    anchor=route.label_anchor,
                    bg=True,
                    size=SMALL_SIZE,
                )
    bars = dict(lay.twin_bars)
    for _, _, identical, rel_id in graph.twins:  # every twin record is addressable; a bar if identical
        g = _el(parent, "g", class_="gx-twins", data_relationship_id=rel_id)
        ET.SubElement(g, "title").text = "Identical twins" if identical else "Twins"
        if rel_id in bars:
            x1, y1, x2, y2 = bars[rel_id]
            _el(g, "path", class_="gx-line gx-identical-bar", d=f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}")


def _households(parent: ET.Element, lay: Layout) -> None:
    for outline in lay.outlines:
        g = _el(parent, "g", class_="gx-household-group", data_household_id=outline.household)
        ET.SubElement(g, "title").text = outline.label
        for x1, y1, x2, y2 in outline.rects:
            _el(g, "rect", class_="gx-household", x=x1, y=y1, width=x2 - x1, height=y2 - y1, rx=12.0)
        for c in outline.connectors:
            points = list(zip(c[::2], c[1::2], strict=True))
            d = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in points)
            _el(g, "path", class_="gx-household gx-household-connector", d=d)
        x1, y1 = outline.rects[0][:2]
        _text(g, x1 + 8, y1 + 8, outline.label, "gx-household-label", anchor="start", bg=True, size=SMALL_SIZE)


def _legend_items(graph: Graph) -> list[tuple[str, str]]:
    people = graph.people.values()
    kinds = {u.kind for u in graph.unions.values()}
    links = {lk.kind for lk in graph.links}
    items = [("M", "Male"), ("F", "Female")]
    wanted = [
        (any(p.sex == "U" and not p.unborn and not p.outcome for p in people), "U", "Other or unknown"),
        (any(p.subject for p in people), "subject", "Child the work is about"),
        (any(p.died for p in people), "deceased", "Died (years above)"),
        (any(p.unborn for p in people), "unborn", "Pregnancy"),
        (any(p.outcome == "miscarriage" for p in people), "miscarriage", "Miscarriage"),
        (any(p.outcome == "stillbirth" for p in people), "stillbirth", "Stillbirth"),
        (any(p.outcome == "termination" for p in people), "termination", "Termination"),
        (any(p.placeholder for p in people), "placeholder", "Not recorded"),
        (any(p.pr_for for p in people), "pr", "Parental responsibility"),
        (bool(kinds & {"spouse", "ex_spouse"}), "married", "Married or civil partners"),
        (bool(kinds & {"partner", "ex_partner"}), "partner", "Living together or partners"),
        (any(u.slashes == 1 for u in graph.unions.values()), "separated", "Separated (s.)"),
        (any(u.slashes == 2 for u in graph.unions.values()), "divorced", "Divorced (div.)"),
        ("parent" in links, "birth", "Birth child"),
        ("adoptive_parent" in links, "adoptive", "Adopted"),
        (bool(links & {"foster_carer", "carer", "step_parent"}), "care", "Foster or kinship care"),
        ("special_guardian" in links, "sgo", "Special guardianship (SGO)"),
        (bool(graph.twins), "twins", "Twins (bar: identical)"),
        (bool(graph.households), "household", "Lives together"),
    ]
    return items + [(key, words) for present, key, words in wanted if present]


def _legend_sample(g: ET.Element, key: str, x: float, y: float) -> None:
    line = lambda cls: _el(g, "path", class_=f"gx-line {cls}", d=f"M{_n(x - 12)} {_n(y)}H{_n(x + 12)}")  # noqa: E731
    if key in ("M", "F", "U"):
        _shape(g, key, x, y, 8, "gx-sym")
    elif key == "subject":
        _shape(g, "F", x, y, 7, "gx-sym")
        _shape(g, "F", x, y, 10, "gx-sym-outer")
    elif key == "deceased":
        _shape(g, "M", x, y, 8, "gx-sym")
        _cross(g, x, y, 7)
    elif key == "unborn":
        _shape(g, "U", x, y, 9, "gx-sym", unborn=True)
    elif key == "miscarriage":
        _el(g, "circle", class_="gx-loss-dot", cx=float(x), cy=float(y), r=5.0)
    elif key == "stillbirth":
        _shape(g, "F", x, y, 6, "gx-sym")
        _cross(g, x, y, 5)
    elif key == "termination":
        _cross(g, x, y, 5)
    elif key == "placeholder":
        pg = _el(g, "g", class_="gx-placeholder")
        _shape(pg, "M", x, y, 8, "gx-sym")
    elif key == "pr":
        _text(g, x, y, "PR", "gx-pr", size=9)
    elif key in ("married", "birth"):
        line("")
    elif key in ("partner", "adoptive"):
        line("gx-dashed")
    elif key in ("care", "sgo"):
        line("gx-dotted")
    elif key in ("separated", "divorced"):
        line("")
        for i in range(1 if key == "separated" else 2):
            off = i * 6 - (0 if key == "separated" else 3)
            _el(g, "path", class_="gx-slash", d=f"M{_n(x + off - 3)} {_n(y + 5)}L{_n(x + off + 3)} {_n(y - 5)}")
    elif key == "twins":
        _el(
            g,
            "path",
            class_="gx-line",
            d=f"M{_n(x - 9)} {_n(y + 7)}L{_n(x)} {_n(y - 7)}L{_n(x + 9)} {_n(y + 7)}"
            f"M{_n(x - 4.5)} {_n(y)}H{_n(x + 4.5)}",
        )
    elif key == "household":
        _el(g, "rect", class_="gx-household", x=float(x - 12), y=float(y - 7), width=24.0, height=14.0, rx=4.0)


def _legend(parent: ET.Element, graph: Graph, top: float, width: float) -> float:
    """The key, wrapped to the diagram's width; returns the height it takes."""
    g = _el(parent, "g", class_="gx-legend")
    _text(g, 24, top + 12, "Key", "gx-legend-title", anchor="start")
    x, y = 24.0, top + 34
    for key, words in _legend_items(graph):
        item_w = 32 + text_width(words, SMALL_SIZE) + 18
        if x + item_w > width - 12 and x > 24:
            x, y = 24.0, y + 24
        _legend_sample(g, key, x + 12, y)
        _text(g, x + 30, y, words, "gx-small", anchor="start", size=SMALL_SIZE)
        x += item_w
    height = y - top + 18
    _el(g, "rect", class_="gx-legend-box", x=12.0, y=float(top), width=float(width - 24), height=float(height))
    return height


def render_svg(graph: Graph, lay: Layout, *, title: str, description: str, tooltips: dict[str, str]) -> str:
    prefix = f"geno-{graph.family_id[:8]}"
    width = max(lay.width, 640.0)
    legend_top = lay.height + 8
    root = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg"})
    ET.SubElement(root, "title", {"id": f"{prefix}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{prefix}-desc"}).text = description
    ET.SubElement(root, "style").text = STYLE
    body = _el(root, "g", class_="gx-root")
    for i, warning in enumerate(graph.warnings):
        _text(body, 24, 24 + 16 * i, warning, "gx-warning", anchor="start", size=12)
    _households(_el(body, "g", class_="gx-households"), lay)
    _couples(_el(body, "g", class_="gx-couples"), graph, lay)
    _links(_el(body, "g", class_="gx-descents"), graph, lay)
    people = _el(body, "g", class_="gx-people")
    for pid in sorted(lay.pos, key=lambda p: (lay.pos[p][1], lay.pos[p][0], p)):
        _person(people, graph.people[pid], graph, lay, tooltips.get(pid, graph.people[pid].name))
    legend_h = _legend(body, graph, legend_top, width)
    height = legend_top + legend_h + 12
    root.set("viewBox", f"0 0 {_n(width)} {_n(height)}")
    root.set("width", _n(width))
    root.set("height", _n(height))
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    root.set("class", "gx-genogram")
    return ET.tostring(root, encoding="unicode")
