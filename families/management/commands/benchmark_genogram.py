"""Time the genogram engine on a 60-person, four-generation family built in memory (no database).

python manage.py benchmark_genogram [--runs 15] [--people 60]
"""

from __future__ import annotations

import datetime
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand

from families.genogram import build_genogram


def benchmark_family(size: int = 60) -> dict[str, Any]:
    """Four generations: two founding couples, their children marry in, grandchildren, great-grandchildren."""
    people: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []

    def person(sex: str, year: int) -> str:
        pid = f"00000000-0000-4000-8000-{len(people):012d}"
        people.append(
            {
                "id": pid,
                "first_name": f"Person{len(people)}",
                "last_name": "Bench",
                "sex": sex,
                "date_of_birth": datetime.date(year, 1 + len(people) % 12, 1 + len(people) % 27),
            }
        )
        return pid

    def rel(a: str, kind: str, b: str) -> None:
        rels.append({"id": f"10000000-0000-4000-8000-{len(rels):012d}", "from_person": a, "to_person": b, "kind": kind})

    couples = []
    for founder in range(2):
        a, b = person("M", 1940 + founder), person("F", 1942 + founder)
        rel(a, "spouse", b)
        couples.append((a, b, 1965))
    generation = 0
    while len(people) < size and couples:
        next_couples = []
        for a, b, born in couples:
            for child in range(3 if generation < 2 else 2):
                if len(people) >= size:
                    break
                kid = person("F" if child % 2 else "M", born + 2 * child)
                rel(a, "parent", kid)
                rel(b, "parent", kid)
                if generation < 2 and len(people) < size - 1:
                    partner = person("M" if child % 2 else "F", born + child)
                    rel(kid, "spouse" if child % 2 else "partner", partner)
                    next_couples.append((kid, partner, born + 25))
        couples, generation = next_couples, generation + 1
    members = [
        {"family_id": "bench0000", "person": p["id"], "is_subject": i == len(people) - 1, "joined": None, "left": None}
        for i, p in enumerate(people[-8:])
    ]
    return {
        "family": {"id": "bench0000", "name": "Benchmark family"},
        "as_at": datetime.date(2026, 6, 1),
        "people": people,
        "relationships": rels,
        "memberships": members,
    }


class Command(BaseCommand):
    help = "Time drawing a 60-person, four-generation genogram (median of N runs)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--people", type=int, default=60)

    def handle(self, *args, runs: int, people: int, **options) -> None:
        data = benchmark_family(people)
        drawing = build_genogram(data)  # warm up (font metrics are read once)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            build_genogram(data)
            times.append(time.perf_counter() - start)
        self.stdout.write(
            f"{len(drawing.people)} people, {drawing.generations} generations, {len(drawing.svg)} bytes of SVG: "
            f"median {statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms over {runs} runs"
        )
