"""`manage.py seed_demo`: the demo authority, a realistic tour of the product. Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo authority. Running it twice changes nothing."

    def handle(self, *args, **options) -> None:
        context = seed_demo()
        self.stdout.write("Demo authority ready. Everyone's password is: " + DEMO_PASSWORD)
        for username, user in context.users.items():
            teams = ", ".join(t.name for t in user.teams.all()) or "authority-wide"
            self.stdout.write(f"  {username:<20} {user.get_role_display():<20} {teams}")
        for note in context.notes:
            self.stdout.write(note)
