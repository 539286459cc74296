"""Who may reach which records (the access table) and who did (the access log).

PERMISSIONS.md: access to a child or a family is granted to teams through one table, written
only by services; the access log is append-only in the database itself.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AccessLevel(models.TextChoices):
    WRITE = "write", "Write"
    READ = "read", "Read"


class RecordAccessQuerySet(models.QuerySet):
    def current(self) -> RecordAccessQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_teams(self, team_ids) -> RecordAccessQuerySet:
        return self.filter(team_id__in=team_ids)

    def for_user(self, user) -> RecordAccessQuerySet:
        return self.filter(team__members=user)

    def writable(self) -> RecordAccessQuerySet:
        return self.filter(level=AccessLevel.WRITE)


class RecordAccess(models.Model):
    """One team's access to one person or one family, from `granted_at` until `ended_at`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="record_access")
    person = models.ForeignKey(
        "families.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="access_rows"
    )
    family = models.ForeignKey(
        "families.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="access_rows"
    )
    level = models.CharField(max_length=5, choices=AccessLevel.choices)
    reason = models.CharField(max_length=200)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    objects = RecordAccessQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(family__isnull=True))
                | (Q(person__isnull=True) & Q(family__isnull=False)),
                name="record_access_person_xor_family",
            ),
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(ended_at__isnull=True, person__isnull=False),
                name="record_access_one_current_row_per_team_person",
            ),
            models.UniqueConstraint(
                fields=["team", "family"],
                condition=Q(ended_at__isnull=True, family__isnull=False),
                name="record_access_one_current_row_per_team_family",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "ended_at"]),
            models.Index(fields=["family", "ended_at"]),
        ]

    def __str__(self) -> str:
        subject = self.person_id or self.family_id
        return f"{self.team} {self.level} {subject}"


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    DOWNLOAD = "download", "Downloaded a file"
    EXPORT = "export", "Exported"


class AccessLog(models.Model):
    """Append-only: every view of a child's record, every download, every export.

    UPDATE and DELETE are refused by the database (a trigger on PostgreSQL and on SQLite),
    not merely hidden by the application.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=AccessAction.choices, default=AccessAction.VIEW)
    person = models.ForeignKey("families.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200, help_text="The page, API call, file or export.")
    path = models.CharField(max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    restricted_record = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["person", "at"])]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.what}"
