"""`manage.py benchmark_census`: how long the CIN census export takes, and its peak memory.

Builds N children with realistic histories (the synthetic authority of tests/factories/census.py,
bulk-created: referrals with no further action, assessments, CIN plans, Section 47 enquiries,
conferences and CP plans with reviews, closures with every reason, histories from earlier years),
then times the census export for the year ending 31 March: deriving every child
(``census_children``) and streaming the XML (``write_census_xml``) to a temporary file; and the
validation page's work (deriving again and running ``census_validate``). The peak
memory is measured in a second run under tracemalloc (which slows Python down, so the time is from
the first). Everything is made in one transaction that is rolled back at the end, so the database is
left as it was (on PostgreSQL it is vacuumed after each size). Not run in CI.

    manage.py benchmark_census --children 2500 --children 5000 --children 10000
"""

from __future__ import annotations

import datetime
import tempfile
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the CIN census export (derive + XML) and its peak memory for N children (rolled back)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--children",
            type=int,
            action="append",
            help="How many children (repeat for several sizes; default 10000).",
        )
        parser.add_argument("--year-end", default="2026-03-31", help="The census reference date (31 March).")
        parser.add_argument("--chunk-size", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        sizes = options["children"] or [10000]
        year_end = datetime.date.fromisoformat(options["year_end"])
        rows = []
        for size in sizes:
            try:
                with transaction.atomic():
                    rows.append(self._run(size, year_end, options["chunk_size"], options["seed"]))
                    raise Rollback
            except Rollback:
                pass
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # The rolled-back rows stay behind as dead tuples until vacuumed: clear them so each
                # size starts from the same database.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        self.stdout.write("")
        self.stdout.write(
            "| Children | Build (s) | Export: derive + XML (s) | Queries | XML size (MB) | Peak memory (MB) "
            "| Validation page: derive + rules (s) |"
        )
        self.stdout.write("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            self.stdout.write(
                f"| {r['children']:,} | {r['build']:.1f} | {r['export']:.1f} | {r['queries']:,} | "
                f"{r['size'] / 1e6:.1f} | {r['peak'] / 1e6:.1f} | {r['validate']:.1f} |"
            )
        self.stdout.write("Rolled back: nothing was kept.")

    def _run(self, size: int, year_end: datetime.date, chunk_size: int, seed: int) -> dict:
        from performance.census.derive import census_children, census_header
        from performance.census.xml import write_census_xml
        from tests.factories.census import build_synthetic_authority

        start = time.perf_counter()
        made = build_synthetic_authority(children=size, year_end=year_end, seed=seed, batch_size=2000)
        build = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics, as a live database has them
        self.stdout.write(
            f"{size:,} children: built in {build:.1f}s ({made['episodes']:,} episodes, {made['assessments']:,} "
            f"assessments, {made['plans']:,} plans, {made['section47s']:,} Section 47 enquiries, "
            f"{made['conferences']:,} conferences)"
        )
        header = census_header(year_end, serial_no=1)

        def export() -> tuple[int, int]:
            with tempfile.TemporaryFile() as out:
                written = write_census_xml(
                    out, header=header, children=census_children(year_end, chunk_size=chunk_size)
                )
                return written, out.tell()

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            written, size_bytes = export()
            elapsed = time.perf_counter() - start
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            export()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.stdout.write(
            f"  export: {written:,} children in {elapsed:.1f}s, {len(queries):,} queries, "
            f"{size_bytes / 1e6:.1f} MB of XML, peak memory {peak / 1e6:.1f} MB (tracemalloc)"
        )
        from performance.census.rules import census_validate

        start = time.perf_counter()
        failures = census_validate(census_children(year_end, chunk_size=chunk_size), year_end=year_end)
        validate = time.perf_counter() - start
        errors = sum(1 for f in failures if not f.query)
        self.stdout.write(
            f"  validation (derive + rules): {validate:.1f}s, {errors} errors, {len(failures) - errors} queries"
        )
        if written < size:
            self.stderr.write(f"  only {written} of {size} children were in the census")
        return {
            "children": size,
            "build": build,
            "export": elapsed,
            "queries": len(queries),
            "size": size_bytes,
            "peak": peak,
            "validate": validate,
        }
