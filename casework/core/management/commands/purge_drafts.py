"""`manage.py purge_drafts [--days N]`: delete drafts untouched for DRAFT_MAX_AGE_DAYS (or N days)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casework.core.drafts import draft_purge


class Command(BaseCommand):
    help = "Delete autosaved drafts nobody has touched for DRAFT_MAX_AGE_DAYS days (Celery beat runs this daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Age in days (default: DRAFT_MAX_AGE_DAYS).")

    def handle(self, *args, **options) -> None:
        days = settings.DRAFT_MAX_AGE_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = draft_purge(older_than=datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} draft{'' if deleted == 1 else 's'} older than {days} days.")
