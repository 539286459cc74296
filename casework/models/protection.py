"""The child protection process (Working Together): strategy discussions, Section 47 enquiries,
child protection conferences and their decisions per child, and core groups (API.md "Child
protection"). Child protection plans are `Plan` rows of kind `cp`, started and ended by
conferences."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casework.core.codes import CATEGORY_OF_ABUSE
from casework.core.models import VersionedModel


class StrategyDecision(models.TextChoices):
    S47 = "s47", "Start a Section 47 enquiry"
    NO_S47 = "no_s47", "No Section 47 enquiry"
    IMMEDIATE_PROTECTION = "immediate_protection", "Immediate protection needed"


class StrategyDiscussion(VersionedModel):
    """A strategy discussion (or meeting) between agencies about one or more children."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="strategy_discussions")
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    children = models.ManyToManyField("families.Person", related_name="strategy_discussions")
    date = models.DateField()
    agencies = models.JSONField(default=list, blank=True, help_text="Agencies present, e.g. police, health.")
    information = models.TextField(help_text="The information shared.")
    decision = models.CharField(max_length=20, choices=StrategyDecision.choices)
    reasoning = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.date}"


class S47Outcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    NO_ICPC = "no_icpc", "No conference needed"


class Section47(VersionedModel):
    """A Section 47 enquiry about one child, started by a strategy discussion."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="section47s")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="section47s")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="section47s")
    start_date = models.DateField(help_text="The starting strategy discussion's date (census S47ActualStartDate).")
    icpc_target_date = models.DateField(
        null=True, blank=True, help_text="15 working days after the latest strategy discussion for this child."
    )
    outcome = models.CharField(max_length=8, choices=S47Outcome.choices, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["child", "completed_date"])]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date}"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"


class ConferenceDecision(models.TextChoices):
    CP_PLAN = "cp_plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE_PLAN = "continue_plan", "Continue the plan"
    END_PLAN = "end_plan", "End the plan"


class Conference(VersionedModel):
    """A child protection conference: who came, how the family took part, a decision per child."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    date = models.DateField()
    chair = models.CharField(max_length=200)
    attendees = models.JSONField(default=list, blank=True)
    parents_participation = models.TextField(blank=True)
    child_participation = models.TextField(blank=True, help_text="How the child took part, and their views.")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"


class ConferenceOutcome(models.Model):
    """The conference's decision for one child (and the category of abuse for a plan)."""

    id = models.BigAutoField(primary_key=True)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="outcomes")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="conference_outcomes")
    decision = models.CharField(max_length=14, choices=ConferenceDecision.choices)
    category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE, blank=True)
    plan = models.ForeignKey(
        "casework.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="conference_outcomes"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "child"], name="conference_child_once")]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.decision}"


class CoreGroup(VersionedModel):
    """A core group meeting on a child protection plan, with progress on the plan's goals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey("casework.Plan", on_delete=models.PROTECT, related_name="core_groups")
    date = models.DateField()
    attendees = models.JSONField(default=list, blank=True)
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"Core group on {self.date}"
