"""`manage.py api_token <username>`: create (or show) a user's API token; prints only the key."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token

from casework.core.models import User


class Command(BaseCommand):
    help = "Create or show the API token of a user. Prints only the key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user called {options['username']!r}.") from exc
        if not user.is_active:
            raise CommandError(f"{user.username} is not active.")
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
