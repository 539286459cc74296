"""`manage.py benchmark_chronology`: how long a child's chronology of 2,000 entries takes to open.

Builds a team, a worker and a child with N entries (bulk-created), then times the chronology
page and the API with the Django test client signed in as the worker. Everything is made in
one transaction that is rolled back at the end, so the database is left as it was.
"""

from __future__ import annotations

import datetime
import statistics
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from casework.core.access import access_grant
from casework.core.models import AccessLevel, Role, Team, TeamKind, User
from chronology.models import ChronologyCuration, ChronologyEntry, Origin, Significance

SIGNIFICANCES = [Significance.ROUTINE, Significance.ROUTINE, Significance.SIGNIFICANT, Significance.CRITICAL]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the chronology page and API for a child with many entries (rolled back afterwards)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--entries", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
                self._run(options["entries"], options["runs"])
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing was kept.")

    def _run(self, count: int, runs: int) -> None:
        from families.models import Person  # the benchmark's child (chronology imports only the core)

        suffix = uuid.uuid4().hex[:8]
        team = Team.objects.create(name=f"Benchmark {suffix}", kind=TeamKind.LONG_TERM)
        worker = User.objects.create_user(username=f"bench-{suffix}", role=Role.SOCIAL_WORKER)
        worker.teams.add(team)
        child = Person.objects.create(
            first_name="Bench", last_name="Mark", date_of_birth=datetime.date(2015, 1, 1), la_child_id=f"B{suffix}"
        )
        access_grant(team=team, level=AccessLevel.WRITE, reason="Benchmark", person=child)
        self._entries(child, count)
        client = Client()
        client.force_login(worker)
        page = reverse("chronology:person_chronology", kwargs={"person_id": child.pk})
        api = f"/api/v1/people/{child.pk}/chronology/"
        for label, url in (
            ("Page, default filter (significant and critical)", page),
            ("Page, every entry", page + "?filtered=1"),
            ("Page, every entry, last page", page + "?filtered=1&page=40"),
            ("API, every entry", api),
            ("API, significant and critical", api + "?significance=significant,critical"),
        ):
            self._time(client, label, url, runs)

    def _entries(self, child, count: int) -> None:
        start = time.perf_counter()
        entries = [
            ChronologyEntry(
                person=child,
                occurred_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=i * 2),
                category=("police", "health", "education", "visit")[i % 4],
                event_kind="manual",
                origin=Origin.MANUAL,
                summary=f"Benchmark event {i}",
                detail="Detail " * 20,
            )
            for i in range(count)
        ]
        ChronologyEntry.objects.bulk_create(entries, batch_size=500)
        through = ChronologyEntry.people.through
        through.objects.bulk_create(
            [through(chronologyentry_id=e.pk, person_id=child.pk) for e in entries], batch_size=500
        )
        ChronologyCuration.objects.bulk_create(
            [ChronologyCuration(entry=e, significance=SIGNIFICANCES[i % 4]) for i, e in enumerate(entries)],
            batch_size=500,
        )
        self.stdout.write(f"Made {count} entries in {time.perf_counter() - start:.2f}s")

    def _time(self, client: Client, label: str, url: str, runs: int) -> None:
        client.get(url)  # warm up
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                self.stderr.write(f"{label}: HTTP {response.status_code}")
                return
        self.stdout.write(
            f"{label}: median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms, {len(queries)} queries"
        )
