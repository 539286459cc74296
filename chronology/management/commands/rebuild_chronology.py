"""`manage.py rebuild_chronology`: re-record every system entry from the records.

For data imported, or after a fix to how an event is summarised. Each app registers how to
rebuild its own entries (casework.core.chronology.register_rebuilder); curation is kept.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from casework.core.chronology import rebuilders


class Command(BaseCommand):
    help = "Re-record every system chronology entry from the records, keeping curation."

    def handle(self, *args, **options) -> None:
        total = 0
        for name, rebuild in rebuilders().items():
            with transaction.atomic():
                count = rebuild()
            total += count
            self.stdout.write(f"{name}: {count} events recorded")
        self.stdout.write(f"Rebuilt {total} events.")
