"""Layered genogram layout in pure Python (GENOGRAM.md §4 approach A): layout(graph) -> Layout.

Rows are generations; whole units (a person with all their partners) are ordered, never single
people; barycentre sweeps reduce crossings while each sibship stays oldest-left; coordinates are
packed per row by isotonic regression (centre parents over children and children under parents,
never reordering); lines are routed orthogonally with separate tracks per channel.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

from families.genogram.graph import GLink, GPerson, Graph, GUnion
from families.genogram.text import fit, text_width

R = 20  # symbol half-size
NAME_SIZE = 11
SMALL_SIZE = 10
NAME_MAX = 104
UNIT_GAP = 36
MIN_PARTNER_GAP = 14
COUPLE_Y = 34  # couple line below the symbol centre (level 0); deeper levels step by 7
NAME_Y = (60, 73)
BOX_TOP, BOX_BOTTOM = 38, 80  # label extents above and below a symbol centre
TRACK = 9
MARGIN = 24


@dataclass
class UnionGeom:
    x1: float
    x2: float
    y: float
    drop_x: float
    level: int


@dataclass
class Route:
    link: GLink
    points: list[tuple[float, float]]
    label_at: tuple[float, float] | None = None
    label_anchor: str = "start"


@dataclass
class Outline:
    household: str
    label: str
    rects: list[tuple[float, float, float, float]]
    connectors: list[tuple[float, float, float, float]]


@dataclass
class Layout:
    pos: dict[str, tuple[float, float]]
    width_of: dict[str, float]
    labels: dict[str, tuple[str, str]]
    rows: dict[int, list[str]]
    unions: dict[str, UnionGeom]
    routes: list[Route]
    twin_bars: list[tuple[str, tuple[float, float, float, float]]]
    outlines: list[Outline]
    width: float
    height: float
    top: float
    crossings: int = 0
    flags: list[str] = field(default_factory=list)


def snap(v: float) -> float:
    return round(v * 2) / 2


def person_key(p: GPerson) -> tuple:
    return (p.sort_date, p.placeholder, p.id)


def years_text(p: GPerson) -> str:
    """Above the symbol: birth and death years, an estimated birth year, or the due date."""
    if p.died or (p.dob and p.dob_estimated):
        born = f"{'c. ' if p.dob_estimated else ''}{p.dob.year}" if p.dob else "?"
        return f"{born}\u2013{p.died.year}" if p.died else f"b. {born}"
    if p.unborn and p.expected:
        return f"due {p.expected.strftime('%b %Y')}"
    return ""


def symbol_top(p: GPerson) -> float:
    if p.outcome in ("miscarriage", "termination"):
        return 8
    if p.outcome == "stillbirth":
        return 11
    return R


# --- Units and ordering -------------------------------------------------------------------------


def _ended(union: GUnion) -> bool:
    """Ended, or parents with no couple record (drawn to the side of a current partner)."""
    return union.slashes > 0 or union.end is not None or union.kind == "unrecorded"


def _chain(graph: Graph, members: list[str], couples: list[GUnion]) -> list[str]:
    """A person with all their partners: ended unions left, current right; male left for one couple."""
    people = graph.people
    if len(members) == 1:
        return members
    if len(members) == 2:
        a, b = sorted(members, key=lambda m: ({"M": 0, "F": 2}.get(people[m].sex, 1), person_key(people[m])))
        if people[a].sex == people[b].sex or "U" in (people[a].sex, people[b].sex):
            a, b = sorted(members, key=lambda m: person_key(people[m]))
        return [a, b]
    partners: dict[str, list[tuple[str, GUnion]]] = {m: [] for m in members}
    for union in couples:
        partners[union.a].append((union.b, union))
        partners[union.b].append((union.a, union))
    hub = min(members, key=lambda m: (-len(partners[m]), people[m].placeholder, m))
    order = [hub]
    placed = {hub}
    queue = [hub]
    while queue:
        node = queue.pop(0)
        mine = sorted(partners[node], key=lambda t: (not _ended(t[1]), t[1].start or datetime.date.min, t[0]))
        current = [t for t in mine if not _ended(t[1])]
        for n, (other, union) in enumerate(mine):
            if other in placed:
                continue
            i = order.index(node)
            if node != hub:
                left = i < order.index(hub)
            elif current:
                left = _ended(union)
            else:  # no current partner: alternate sides so no union spans several others
                left = n % 2 == 0
            order.insert(i if left else i + 1, other)
            placed.add(other)
            queue.append(other)
    return order


def build_units(graph: Graph) -> dict[int, list[list[str]]]:
    rows: dict[int, list[list[str]]] = {}
    couples = sorted((u for u in graph.unions.values() if u.b is not None), key=lambda u: u.id)
    group = {pid: pid for pid in graph.people}

    def find(x: str) -> str:
        while group[x] != x:
            group[x] = group[group[x]]
            x = group[x]
        return x

    for union in couples:
        if graph.people[union.a].gen == graph.people[union.b].gen:
            a, b = find(union.a), find(union.b)
            if a != b:
                group[max(a, b)] = min(a, b)
    comps: dict[str, list[str]] = {}
    for pid in sorted(graph.people):
        comps.setdefault(find(pid), []).append(pid)
    for members in comps.values():
        inside = [u for u in couples if u.a in members and u.b in members]
        gen = graph.people[members[0]].gen
        rows.setdefault(gen, []).append(_chain(graph, members, inside))
    return rows


class _Orderer:
    def __init__(self, graph: Graph, rows: dict[int, list[list[str]]]) -> None:
        self.g = graph
        self.rows = rows
        self.placement: dict[str, str] = {}
        for p in graph.people.values():
            # Under the union the child lives with (adoptive or kinship carers), else the birth union.
            homes = [
                u
                for u in sorted(p.care_unions)
                if any(set(graph.people[c].households) & set(p.households) for c in graph.unions[u].partners)
            ]
            union = (
                (homes[0] if homes else None) or p.birth_union or (sorted(p.care_unions)[0] if p.care_unions else None)
            )
            if union:
                self.placement[p.id] = union
        kids: dict[str, list[str]] = {}
        for child, union in sorted(self.placement.items()):
            kids.setdefault(union, []).append(child)
        self.rank = {}
        self.kids = kids
        for children in kids.values():
            for i, child in enumerate(sorted(children, key=lambda c: person_key(graph.people[c]))):
                self.rank[child] = i
        self.house: dict[str, list[str]] = {}
        for household in graph.households:
            for pid in household.members:
                self.house.setdefault(pid, []).extend(m for m in household.members if m != pid)

    def norm(self) -> dict[str, float]:
        out = {}
        for units in self.rows.values():
            flat = [p for unit in units for p in unit]
            for i, pid in enumerate(flat):
                out[pid] = (i + 0.5) / len(flat)
        return out

    def union_pos(self, norm: dict[str, float], uid: str) -> float:
        partners = self.g.unions[uid].partners
        return sum(norm[p] for p in partners) / len(partners)

    def down(self, gen: int) -> None:
        norm = self.norm()

        def key(unit: list[str]) -> tuple:
            votes = [self.union_pos(norm, self.placement[m]) for m in unit if m in self.placement]
            if votes:
                bary = sum(votes) / len(votes)
            else:
                mates = [norm[h] for m in unit for h in self.house.get(m, []) if h in norm]
                bary = sum(mates) / len(mates) if mates else 2.0 + norm[unit[0]]
            rank = min((self.rank.get(m, 99) for m in unit), default=99)
            return (round(bary, 6), rank, min(person_key(self.g.people[m]) for m in unit))

        self.rows[gen].sort(key=key)

    def up(self, gen: int) -> None:
        norm = self.norm()

        def key(unit: list[str]) -> tuple:
            votes = [
                norm[c]
                for m in unit
                for uid in self._unions_of(m)
                for c in self.kids.get(uid, [])
                if self.g.people[c].gen > gen
            ]
            bary = sum(votes) / len(votes) if votes else norm[unit[0]]
            return (round(bary, 6), min(person_key(self.g.people[m]) for m in unit))

        self.rows[gen].sort(key=key)

    def _unions_of(self, pid: str) -> list[str]:
        return sorted([*self.g.people[pid].unions, f"u-{pid}-solo"])

    def crossings(self) -> int:
        norm = self.norm()
        edges = [
            (self.g.people[child].gen, self.union_pos(norm, uid), norm[child]) for child, uid in self.placement.items()
        ]
        edges.sort()
        count = 0
        for i, (g1, u1, c1) in enumerate(edges):
            for g2, u2, c2 in edges[i + 1 :]:
                if g2 != g1:
                    break
                if (u1 - u2) * (c1 - c2) < 0:
                    count += 1
        return count

    def run(self, sweeps: int = 4) -> int:
        gens = sorted(self.rows)
        self.rows[gens[0]].sort(key=lambda u: min(person_key(self.g.people[m]) for m in u)) if gens else None
        best, best_rows = None, None
        for _ in range(sweeps):
            for gen in gens[1:]:
                self.down(gen)
            count = self.crossings()
            if best is None or count < best:
                best, best_rows = count, {g: [list(u) for u in us] for g, us in self.rows.items()}
            for gen in reversed(gens[:-1]):
                self.up(gen)
        self.rows = best_rows or self.rows
        return best or 0


# --- Coordinates ---------------------------------------------------------------------------------


def _pava(desired: list[float], widths: list[float], weights: list[float]) -> list[float]:
    """Left edges closest to `desired` (least squares) keeping the order and the gaps."""
    offsets, acc = [], 0.0
    for w in widths:
        offsets.append(acc)
        acc += w + UNIT_GAP
    targets = [d - o for d, o in zip(desired, offsets, strict=True)]
    blocks: list[list[float]] = []  # [value, weight, count]
    for t, w in zip(targets, weights, strict=True):
        blocks.append([t, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    values = [b[0] for b in blocks for _ in range(b[2])]
    return [v + o for v, o in zip(values, offsets, strict=True)]


class _Placer:
    def __init__(self, graph: Graph, rows: dict[int, list[list[str]]], width_of: dict[str, float], orderer) -> None:
        self.g = graph
        self.rows = rows
        self.w = width_of
        self.o = orderer
        self.unit_offsets: dict[int, list[list[float]]] = {}
        self.left: dict[int, list[float]] = {}
        for gen, units in rows.items():
            self.unit_offsets[gen] = [self._offsets(unit) for unit in units]
            lefts, acc = [], 0.0
            for unit, offs in zip(units, self.unit_offsets[gen], strict=True):
                lefts.append(acc)
                acc += self._unit_width(unit, offs) + UNIT_GAP
            self.left[gen] = lefts

    def _offsets(self, unit: list[str]) -> list[float]:
        """Centres of a unit's members from its left edge; partners leave room for union dates."""
        offs = [self.w[unit[0]] / 2]
        for a, b in itertools.pairwise(unit):
            gap = self.w[a] / 2 + self.w[b] / 2 + MIN_PARTNER_GAP
            union = self.g.unions.get("u-" + "-".join(sorted((a, b))))
            if union is not None:
                gap = max(gap, text_width(union.dates_text(), SMALL_SIZE) + 2 * R + 16, 96)
            offs.append(offs[-1] + gap)
        return offs

    def _unit_width(self, unit: list[str], offs: list[float]) -> float:
        return offs[-1] + self.w[unit[-1]] / 2

    def x(self) -> dict[str, float]:
        out = {}
        for gen, units in self.rows.items():
            for unit, offs, left in zip(units, self.unit_offsets[gen], self.left[gen], strict=True):
                for pid, off in zip(unit, offs, strict=True):
                    out[pid] = left + off
        return out

    def drop_x(self, xs: dict[str, float], uid: str) -> float:
        union = self.g.unions[uid]
        return sum(xs[p] for p in union.partners) / len(union.partners)

    def _solve(self, gen: int, votes_for) -> None:
        units = self.rows[gen]
        desired, widths, weights = [], [], []
        for i, unit in enumerate(units):
            offs = self.unit_offsets[gen][i]
            votes = votes_for(unit, offs)
            desired.append(sum(votes) / len(votes) if votes else self.left[gen][i])
            weights.append(1.0 if votes else 0.05)
            widths.append(self._unit_width(unit, offs))
        self.left[gen] = _pava(desired, widths, weights)

    def down(self, gen: int) -> None:
        xs = self.x()

        def votes(unit: list[str], offs: list[float]) -> list[float]:
            out = []
            for pid, off in zip(unit, offs, strict=True):
                uid = self.o.placement.get(pid)
                if uid is None or any(self.g.people[p].gen >= gen for p in self.g.unions[uid].partners):
                    continue
                sibs = [c for c in self.o.kids[uid] if self.g.people[c].gen == gen]
                centre = (min(xs[c] for c in sibs) + max(xs[c] for c in sibs)) / 2
                out.append(self.drop_x(xs, uid) + xs[pid] - centre - off)
            return out

        self._solve(gen, votes)

    def up(self, gen: int) -> None:
        xs = self.x()

        def votes(unit: list[str], offs: list[float]) -> list[float]:
            out = []
            left = xs[unit[0]] - offs[0]
            for uid in sorted({u for m in unit for u in self.o._unions_of(m) if u in self.o.kids}):
                kids = [c for c in self.o.kids[uid] if self.g.people[c].gen == gen + 1]
                if kids:
                    centre = (min(xs[c] for c in kids) + max(xs[c] for c in kids)) / 2
                    out.append(centre - (self.drop_x(xs, uid) - left))
            return out

        self._solve(gen, votes)

    def run(self, passes: int = 6) -> dict[str, float]:
        gens = sorted(self.rows)
        for _ in range(passes):
            for gen in reversed(gens[:-1]):
                self.up(gen)
            for gen in gens[1:]:
                self.down(gen)
        return self.x()


# --- Routing ------------------------------------------------------------------------------------


def _assign_tracks(segments: list[tuple[float, float, object]]) -> dict[object, int]:
    """Greedy interval colouring by left x: overlapping bars in one channel get separate tracks."""
    tracks: list[float] = []
    out = {}
    for lo, hi, key in sorted(segments, key=lambda s: (s[0], s[1], str(s[2]))):
        for t, end in enumerate(tracks):
            if lo > end + 6:
                tracks[t] = hi
                out[key] = t
                break
        else:
            tracks.append(hi)
            out[key] = len(tracks) - 1
    return out


def _free_x(boxes_by_gen: dict[int, list[tuple[float, float]]], gens: range, near: float, also: float) -> float:
    """An x clear of every label box on the rows a long line passes."""
    candidates = {near, also}
    for g in gens:
        spans = sorted(boxes_by_gen.get(g, []))
        for (_, r1), (l2, _) in itertools.pairwise(spans):
            if l2 - r1 > 8:
                candidates.add((r1 + l2) / 2)
        if spans:
            candidates.update({spans[0][0] - 12, spans[-1][1] + 12})

    def free(x: float) -> bool:
        return all(not (lo - 4 <= x <= hi + 4) for g in gens for lo, hi in boxes_by_gen.get(g, []))

    ok = sorted((abs(x - near) + abs(x - also), x) for x in candidates if free(x))
    return ok[0][1] if ok else near


def layout(graph: Graph) -> Layout:
    """Positions, union lines, routed descent lines and household outlines for a graph."""
    labels, width_of = {}, {}
    for p in graph.people.values():
        first = "" if p.outcome else fit(p.first_name or "", NAME_SIZE, NAME_MAX)
        last = "" if p.outcome else fit(p.last_name or "", NAME_SIZE, NAME_MAX)
        labels[p.id] = (first, last)
        widest = max(text_width(first, NAME_SIZE), text_width(last, NAME_SIZE), text_width(years_text(p), SMALL_SIZE))
        width_of[p.id] = snap(max(2 * R + 12, widest) + 8)
    units = build_units(graph)
    orderer = _Orderer(graph, units)
    crossings = orderer.run()
    placer = _Placer(graph, orderer.rows, width_of, orderer)
    xs = placer.run()
    shift = MARGIN - min((x - width_of[p] / 2 for p, x in xs.items()), default=0)
    xs = {p: snap(x + shift) for p, x in xs.items()}
    rows = {g: [p for u in us for p in u] for g, us in orderer.rows.items()}
    gens = sorted(rows)
    return _route(graph, xs, rows, gens, width_of, labels, orderer, crossings)


def _union_geoms(graph: Graph, xs: dict[str, float], rows: dict[int, list[str]]) -> dict[str, tuple]:
    """(x1, x2, level, drop_x) for each union; unions over other partners drop down deeper."""
    geoms = {}
    used: dict[float, int] = {}
    spans = []
    for uid, union in sorted(graph.unions.items()):
        if union.b is None:
            x = xs[union.a]
            geoms[uid] = (x, x, -1, x)
            continue
        x1, x2 = sorted((xs[union.a], xs[union.b]))
        between = [xs[p] for p in rows[graph.people[union.a].gen] if x1 < xs[p] < x2]
        spans.append((len(between), uid, x1, x2, between))
    for level, uid, x1, x2, between in sorted(spans):  # adjacent couples first: they keep the middle
        drop = (x1 + x2) / 2
        if between:  # drop from a free gap nearest the middle, not through someone between
            stops = sorted([x1, *between, x2])
            gaps = [snap((a + b) / 2) for a, b in itertools.pairwise(stops)]
            drop = min(gaps, key=lambda g: (used.get(g, 0), abs(g - drop), g))
        count = used.get(snap(drop), 0)
        used[snap(drop)] = count + 1
        geoms[uid] = (x1, x2, min(level, 2), snap(drop + 12 * count))
    return geoms


def _route(graph, xs, rows, gens, width_of, labels, orderer, crossings) -> Layout:
    people = graph.people
    geoms = _union_geoms(graph, xs, rows)
    boxes_by_gen: dict[int, list[tuple[float, float]]] = {}
    for pid, x in xs.items():
        boxes_by_gen.setdefault(people[pid].gen, []).append((x - width_of[pid] / 2, x + width_of[pid] / 2))
    obstacles = {g: list(spans) for g, spans in boxes_by_gen.items()}
    for uid, (_, _, _, drop) in geoms.items():
        if any(lk.union == uid for lk in graph.links):
            obstacles.setdefault(people[graph.unions[uid].a].gen, []).append((drop - 4, drop + 4))
    for pid, x in xs.items():
        if people[pid].birth_union:
            obstacles.setdefault(people[pid].gen, []).append((x - 4, x + 4))
    drawn = {(lk.child, lk.union) for lk in graph.links}

    def aside(link: GLink) -> bool:
        """The second line into a child (birth or care) lands beside the main one."""
        home = orderer.placement.get(link.child)
        return home != link.union and (link.child, home) in drawn

    # Each link: source point x, the rows it spans, and its horizontal segments per channel.
    segments: dict[int, list[tuple[float, float, object]]] = {}
    plans = []
    for i, link in enumerate(sorted(graph.links, key=lambda lk: (lk.union, lk.child, lk.kind))):
        union = graph.unions[link.union]
        src_gen = people[union.a].gen
        child = people[link.child]
        sx = geoms[link.union][3]
        if (
            link.kind != "parent"
            and union.b is not None
            and any(lk.kind == "parent" for lk in graph.links if lk.union == link.union)
        ):
            sx += 12
        tx = xs[link.child] + (10 if aside(link) else 0)
        if child.gen <= src_gen:  # only after a flagged cycle; draw nothing misleading
            continue
        if link.kind == "parent":
            key = ("sib", link.union, child.gen)
            plans.append((link, sx, tx, src_gen, child.gen, None, key))
            continue
        mid = None
        if child.gen - src_gen > 1:
            mid = _free_x(obstacles, range(src_gen + 1, child.gen), tx + 10, sx)
            segments.setdefault(src_gen + 1, []).append((min(sx, mid), max(sx, mid), ("care-a", i)))
        start = mid if mid is not None else sx
        plans.append((link, sx, tx, src_gen, child.gen, mid, ("care", i)))
        segments.setdefault(child.gen, []).append((min(start, tx), max(start, tx), ("care", i)))
    sib_spans: dict[object, list[float]] = {}
    for link, sx, tx, _, _, _, key in plans:
        if key[0] == "sib":
            sib_spans.setdefault(key, [sx]).append(twin_point(graph, link.child, xs) or tx)
    for key, span in sib_spans.items():
        segments.setdefault(key[2], []).append((min(span), max(span), key))
    tracks: dict[object, int] = {}
    height_of: dict[int, int] = {}
    for gen, segs in segments.items():
        assigned = _assign_tracks(segs)
        tracks.update(assigned)
        height_of[gen] = max(assigned.values()) + 1
    top = MARGIN + 20 + 16 * len(graph.warnings) + BOX_TOP
    ys: dict[int, float] = {}
    y = top
    for gen in range(0, (gens[-1] + 1) if gens else 0):
        if gen:
            y += BOX_BOTTOM + BOX_TOP + max(44, 24 + TRACK * height_of.get(gen, 1))
        ys[gen] = y
    pos = {pid: (x, ys[people[pid].gen]) for pid, x in xs.items()}
    unions = {}
    for uid, (x1, x2, level, drop) in geoms.items():
        uy = ys[people[graph.unions[uid].a].gen]
        unions[uid] = UnionGeom(x1, x2, uy + (COUPLE_Y + 7 * level if level >= 0 else R), drop, level)
    routes = []
    for link, sx, tx, src_gen, cgen, mid, key in plans:
        union = graph.unions[link.union]
        sy = unions[link.union].y
        cy = ys[cgen]
        bar = cy - BOX_TOP - 10 - TRACK * tracks.get(key, 0)
        top_y = cy - symbol_top(people[link.child])
        if aside(link):  # beside the line from the union the child lives with, not on it
            top_y = cy - (R if people[link.child].sex != "F" else 17.5)
        if key[0] == "sib":
            tp = twin_point(graph, link.child, xs)
            if tp is not None:
                points = [(sx, sy), (sx, bar), (tp, bar), (tx, top_y)]
            elif abs(sx - tx) <= 1:  # an only child straight below: no jog
                points = [(tx, sy), (tx, bar), (tx, top_y)]
            else:
                points = [(sx, sy), (sx, bar), (tx, bar), (tx, top_y)]
            routes.append(Route(link, _clean(points)))
            continue
        beside = aside(link)
        label_at = (tx + 5 if beside else tx - 5, (bar + top_y) / 2)
        if mid is None:
            points = [(sx, sy), (sx, bar), (tx, bar), (tx, top_y)]
        else:
            upper = ys[src_gen + 1] - BOX_TOP - 10 - TRACK * tracks.get(("care-a", key[1]), 0)
            points = [(sx, sy), (sx, upper), (mid, upper), (mid, bar), (tx, bar), (tx, top_y)]
        del union
        routes.append(Route(link, _clean(points), label_at, "start" if beside else "end"))
    twin_bars = _twin_bars(graph, routes)
    height = (ys[gens[-1]] if gens else top) + BOX_BOTTOM + MARGIN
    width = max((x + width_of[p] / 2 for p, x in xs.items()), default=0) + MARGIN
    outlines = _outlines(graph, pos, width_of)
    for outline in outlines:
        for _, _, x2, y2 in outline.rects:
            width, height = max(width, x2 + MARGIN / 2), max(height, y2 + MARGIN / 2)
    return Layout(
        pos=pos,
        width_of=width_of,
        labels=labels,
        rows=rows,
        unions=unions,
        routes=routes,
        twin_bars=twin_bars,
        outlines=outlines,
        width=snap(width),
        height=snap(height),
        top=top,
        crossings=crossings,
    )


def _clean(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x, y in points:
        p = (snap(x), snap(y))
        if not out or out[-1] != p:
            out.append(p)
    return out


def twin_groups(graph: Graph) -> list[list[str]]:
    root: dict[str, str] = {}

    def find(x: str) -> str:
        root.setdefault(x, x)
        while root[x] != x:
            x = root[x]
        return x

    for a, b, _, _ in graph.twins:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for pid in sorted(root):
        groups.setdefault(find(pid), []).append(pid)
    return [g for g in groups.values() if len(g) > 1]


def twin_point(graph: Graph, pid: str, xs: dict[str, float]) -> float | None:
    """Twins and triplets hang from ONE point on the sibship bar."""
    for group in twin_groups(graph):
        if pid in group:
            return snap(sum(xs[m] for m in group) / len(group))
    return None


def _twin_bars(graph: Graph, routes: list[Route]) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Identical twins: a short bar joining the two diverging lines, 55 % of the way down."""
    ends = {r.link.child: r.points[-2:] for r in routes if r.link.kind == "parent"}
    bars = []
    for a, b, identical, rel_id in graph.twins:
        if not identical or a not in ends or b not in ends:
            continue
        points = []
        for pid in (a, b):
            (x0, y0), (x1, y1) = ends[pid]
            points.append((snap(x0 + (x1 - x0) * 0.55), snap(y0 + (y1 - y0) * 0.55)))
        (xa, ya), (xb, yb) = sorted(points)
        bars.append((rel_id, (xa, ya, xb, yb)))
    return bars


# --- Household outlines ------------------------------------------------------------------------


def _outlines(graph: Graph, pos: dict[str, tuple[float, float]], width_of: dict[str, float]) -> list[Outline]:
    """One rounded rectangle when members are contiguous; otherwise per-row runs joined up."""
    outlines = []
    for index, household in enumerate(graph.households):
        members = [m for m in household.members if m in pos]
        if not members:
            continue
        pad = 6 + 5 * index

        def box(pid: str, pad: float = pad) -> tuple[float, float, float, float]:
            x, y = pos[pid]
            half = width_of[pid] / 2
            return (x - half - pad, y - BOX_TOP + 6 - pad, x + half + pad, y + BOX_BOTTOM - 2 + pad)

        boxes = [box(m) for m in members]
        whole = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        others = [pid for pid in pos if pid not in members]
        if not any(_inside(pos[o], whole) for o in others):
            outlines.append(Outline(household.id, household.label, [_snap_rect(whole)], []))
            continue
        rects = []
        by_row: dict[float, list[str]] = {}
        for m in members:
            by_row.setdefault(pos[m][1], []).append(m)
        for y in sorted(by_row):
            run: list[str] = []
            row_others = sorted(pos[o][0] for o in others if pos[o][1] == y)
            for m in sorted(by_row[y], key=lambda p: pos[p][0]):
                if run and any(pos[run[-1]][0] < ox < pos[m][0] for ox in row_others):
                    rects.append(_union_rect([box(r) for r in run]))
                    run = []
                run.append(m)
            rects.append(_union_rect([box(r) for r in run]))
        connectors = _connectors(rects, [pos[o] for o in others], width_of_others=[width_of[o] for o in others])
        outlines.append(Outline(household.id, household.label, rects, connectors))
    return outlines


def _connectors(rects, others, width_of_others) -> list[tuple[float, ...]]:
    """Join per-row outlines: straight down where they overlap, else an L along the lower top edge,
    through a column clear of everyone else."""
    out: list[tuple[float, ...]] = []
    for a, b in itertools.pairwise(rects):
        if a[1] == b[1]:  # same row, split by someone else: join along the bottom
            y = a[3] - 10
            out.append(tuple(map(snap, (a[2], y, b[0], y))))
            continue
        lo, hi = max(a[0], b[0]) + 12, min(a[2], b[2]) - 12
        between = [
            (x - w / 2 - 4, x + w / 2 + 4) for (x, y), w in zip(others, width_of_others, strict=True) if a[3] < y < b[1]
        ]
        candidates = [lo, hi, (lo + hi) / 2] if lo <= hi else []
        candidates += (
            [a[0] + 12, a[2] - 12, (a[0] + a[2]) / 2] + [e + 2 for _, e in between] + [s - 2 for s, _ in between]
        )
        free = [x for x in candidates if a[0] + 8 <= x <= a[2] - 8 and all(not (s < x < e) for s, e in between)]
        x = min(
            free or [(a[0] + a[2]) / 2],
            key=lambda c: (not (b[0] + 8 <= c <= b[2] - 8), min(abs(c - b[0] - 14), abs(c - b[2] + 14)), c),
        )
        if b[0] + 8 <= x <= b[2] - 8:
            out.append(tuple(map(snap, (x, a[3], x, b[1]))))
        else:
            edge = b[0] if x < b[0] else b[2]
            out.append(tuple(map(snap, (x, a[3], x, b[1], edge, b[1]))))
    return out


def _inside(point: tuple[float, float], rect: tuple[float, float, float, float]) -> bool:
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def _union_rect(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return _snap_rect(
        (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    )


def _snap_rect(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return tuple(snap(v) for v in rect)  # type: ignore[return-value]
