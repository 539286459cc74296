"""Users, teams and their roles: who uses Casework and in which team (PERMISSIONS.md)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"
    AUDITOR = "auditor", "Auditor"


AUTHORITY_WIDE_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR)


class TeamKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door"
    ASSESSMENT = "assessment", "Assessment"
    LONG_TERM = "long_term", "Long term"
    OTHER = "other", "Other"


class Team(models.Model):
    """A team or unit that holds work together; access to records is granted to teams."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaseworkUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """Someone who signs in: a role (what they may do) and teams (which records they reach)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    teams = models.ManyToManyField(Team, related_name="members", blank=True)

    objects = CaseworkUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role == Role.TEAM_MANAGER

    @property
    def is_authority_wide(self) -> bool:
        return self.role in AUTHORITY_WIDE_ROLES


class WorkerHeartbeat(models.Model):
    """When a background worker last ran its heartbeat task (shown by /healthz)."""

    name = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
