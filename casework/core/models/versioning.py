"""Optimistic locking (an integer `version` on every record that can be edited) and counters."""

from __future__ import annotations

from django.db import models


class VersionedModel(models.Model):
    """A record edited with compare-and-swap: saves must name the version they started from.

    Use `casework.core.versioning.save_versioned(...)` in services; a stale version raises
    `StaleVersion` (API 409; pages show both texts so nothing is lost).
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Counter(models.Model):
    """A named, ever-increasing number (LA child IDs, census serial numbers): never reused."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
