"""Cases (the family's container) and child episodes (one per child per referral: the CIN
census `CINdetails`), with allocation, transfer and closure authorised by a manager."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.core.codes import CLOSURE_REASON, PRIMARY_NEED, REFERRAL_SOURCE
from casework.core.models import VersionedModel


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(VersionedModel):
    """A family's case, held by a team (which holds it together), with a lead worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_cases"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=6, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    pending_transfer_to = models.ForeignKey(
        "core.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="incoming_transfers"
    )
    transfer_summary = models.TextField(blank=True)
    transfer_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer_proposed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["family"], condition=Q(status="open"), name="case_one_open_case_per_family")
        ]

    def __str__(self) -> str:
        return f"Case for {self.family} ({self.team})"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSURE_REQUESTED = "closure_requested", "Closure requested"
    CLOSED = "closed", "Closed"


class StepDown(models.TextChoices):
    NONE = "none", "None"
    EARLY_HELP = "early_help", "Early help"
    UNIVERSAL = "universal", "Universal services"
    OTHER_AGENCY = "other_agency", "Another agency"


class Episode(VersionedModel):
    """One child's involvement from referral to closure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="episodes")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="episodes")
    contact = models.ForeignKey(
        "casework.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=REFERRAL_SOURCE)
    primary_need = models.CharField(max_length=2, choices=PRIMARY_NEED, blank=True)
    status = models.CharField(max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=CLOSURE_REASON, blank=True)
    closure_summary = models.TextField(blank=True)
    step_down = models.CharField(max_length=12, choices=StepDown.choices, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_declined_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["referral_date", "opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=~Q(status="closed"), name="episode_one_open_per_child")
        ]
        indexes = [models.Index(fields=["child", "referral_date"])]

    def __str__(self) -> str:
        return f"Episode of {self.child} from {self.referral_date}"

    @property
    def is_open(self) -> bool:
        return self.status != EpisodeStatus.CLOSED


class DecisionKind(models.TextChoices):
    NFA = "nfa", "No further action"
    CLOSURE = "closure", "Closure"
    STEP_DOWN = "step_down", "Step down"
    END_PLAN = "end_plan", "End a plan"
    OTHER = "other", "Other"


class DecisionRecord(models.Model):
    """A significant decision with the options considered and the rationale (risk principles:
    judged by the quality of the reasoning, not the outcome)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    children = models.ManyToManyField("families.Person", related_name="decisions")
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    decision = models.TextField()
    options_considered = models.TextField(blank=True)
    rationale = models.TextField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"
