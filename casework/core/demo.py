"""The demo authority: `manage.py seed_demo` runs every registered step in order.

Each app registers the steps that add its own records, so the demo stays a realistic tour
of the product as features arrive. Steps must be idempotent: running twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from casework.core.models import Role, Team, TeamKind, User

DEMO_PASSWORD = "casework-demo-2026"


@dataclass
class DemoContext:
    """Shared between steps: what earlier steps made, and lines to print at the end."""

    users: dict[str, User] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


_steps: dict[str, tuple[int, Callable[[DemoContext], None]]] = {}


def register(order: int, name: str) -> Callable[[Callable[[DemoContext], None]], Callable]:
    def decorator(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _steps[name] = (order, func)
        return func

    return decorator


@transaction.atomic
def seed_demo() -> DemoContext:
    """Create or complete the demo authority; idempotent."""
    context = DemoContext()
    for _, (_, step) in sorted(_steps.items(), key=lambda item: (item[1][0], item[0])):
        step(context)
    return context


DEMO_TEAMS = [
    ("Front Door", TeamKind.FRONT_DOOR),
    ("North", TeamKind.LONG_TERM),
    ("South", TeamKind.ASSESSMENT),
]

DEMO_USERS = [
    # username, first, last, role, teams
    ("manager", "Priya", "Shah", Role.TEAM_MANAGER, ["North"]),
    ("worker", "Sam", "Okafor", Role.SOCIAL_WORKER, ["North"]),
    ("colleague", "Jo", "Lewis", Role.SOCIAL_WORKER, ["North"]),
    ("frontdoor", "Alex", "Morgan", Role.SOCIAL_WORKER, ["Front Door"]),
    ("frontdoor.manager", "Chris", "Evans", Role.TEAM_MANAGER, ["Front Door"]),
    ("south", "Dani", "Clarke", Role.SOCIAL_WORKER, ["South"]),
    ("south.manager", "Ravi", "Patel", Role.TEAM_MANAGER, ["South"]),
    ("performance", "Morgan", "Reid", Role.PERFORMANCE_OFFICER, []),
    ("auditor", "Kim", "Adebayo", Role.AUDITOR, []),
]


@register(0, "core.teams_and_users")
def teams_and_users(context: DemoContext) -> None:
    for name, kind in DEMO_TEAMS:
        context.teams[name], _ = Team.objects.get_or_create(name=name, defaults={"kind": kind})
    for username, first, last, role, team_names in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last, role=role)
            user.email = f"{username}@example.org"
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.teams.set([context.teams[name] for name in team_names])
        context.users[username] = user
