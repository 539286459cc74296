"""Chronology entries: every recorded event, gathered and ordered by the machine, curated by people.

Facts (what happened, when, from which record) are stored on the entry; curation (how
significant, whether included, the worker's analysis) is stored apart, on ChronologyCuration,
so re-recording or rebuilding an entry never touches what a person wrote about it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.core.models import VersionedModel


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Significance(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SIGNIFICANT = "significant", "Significant"
    CRITICAL = "critical", "Critical"


class Origin(models.TextChoices):
    SYSTEM = "system", "Recorded by the system"
    MANUAL = "manual", "Added by hand"


class ChronologyEntry(models.Model):
    """One event in one or more people's chronologies (stored once, shown to each)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "families.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person the event is mainly about.",
    )
    people = models.ManyToManyField("families.Person", related_name="chronology_entries", blank=True)
    family = models.ForeignKey(
        "families.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="chronology_entries"
    )
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(null=True, blank=True, help_text="When known, for order within a day.")
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_text = models.CharField(max_length=100, blank=True, help_text='e.g. "summer 2019"')
    category = models.CharField(max_length=40)
    event_kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    origin = models.CharField(max_length=6, choices=Origin.choices, default=Origin.SYSTEM)
    source_agency = models.CharField(max_length=200, blank=True)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["occurred_on", "occurred_at", "created_at"]
        verbose_name_plural = "chronology entries"
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "event_kind"],
                condition=Q(source_type__isnull=False),
                name="chronology_one_entry_per_event",
            )
        ]
        indexes = [
            models.Index(fields=["occurred_on"]),
            models.Index(fields=["family", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.summary}"


class ChronologyCuration(VersionedModel):
    """What people made of an entry: significance, inclusion and analysis (kept apart)."""

    entry = models.OneToOneField(ChronologyEntry, on_delete=models.CASCADE, related_name="curation", primary_key=True)
    significance = models.CharField(max_length=11, choices=Significance.choices, default=Significance.ROUTINE)
    included = models.BooleanField(default=True)
    analysis = models.TextField(blank=True)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    curated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.significance} {self.entry_id}"
