"""`manage.py create_user <username> --role ROLE --team TEAM [--password P] [--team-kind KIND]`."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from casework.core.models import Role, Team, TeamKind, User


class Command(BaseCommand):
    help = "Create a user (or update their role and add a team), creating the team if needed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--team", action="append", default=[], help="Team name (repeatable).")
        parser.add_argument(
            "--team-kind",
            choices=TeamKind.values,
            default=TeamKind.OTHER,
            help="Kind of any team this command creates.",
        )
        parser.add_argument("--password", help="Initial password (a random one is printed if omitted).")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        username: str = options["username"].strip()
        if not username:
            raise CommandError("Give a username.")
        teams = []
        for name in options["team"]:
            team, created = Team.objects.get_or_create(name=name.strip(), defaults={"kind": options["team_kind"]})
            if created:
                self.stdout.write(f"Created team {team.name} ({team.get_kind_display()})")
            teams.append(team)
        user, created = User.objects.get_or_create(username=username)
        user.role = options["role"]
        if options["first_name"]:
            user.first_name = options["first_name"]
        if options["last_name"]:
            user.last_name = options["last_name"]
        password = options["password"]
        if created or password:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write("Warning: the password is weak: " + " ".join(exc.messages))
            user.set_password(password)
            if generated:
                self.stdout.write(f"Password for {username}: {password}")
        user.save()
        user.teams.add(*teams)
        verb = "Created" if created else "Updated"
        team_names = ", ".join(t.name for t in user.teams.all()) or "no team"
        self.stdout.write(f"{verb} {username}: {user.get_role_display()}, {team_names}")
