"""Plans for a child (Child in Need now; child protection plans use the same records), their goals
and the progress recorded at each review; supervision between a manager and a worker; and the
actions that come out of both (API.md "Plans", "Supervision and decisions")."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casework.core.codes import CATEGORY_OF_ABUSE
from casework.core.models import VersionedModel


class PlanKind(models.TextChoices):
    CIN = "cin", "Child in need plan"
    CP = "cp", "Child protection plan"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AUTHORISED = "authorised", "Authorised"
    ENDED = "ended", "Ended"


class Plan(VersionedModel):
    """One child's plan: what needs to change, the help given, how often the child is visited.

    A CIN plan is drafted by a worker and authorised by a team manager who did not write it; a CP
    plan is started and ended by conferences. A child never has a CIN and a CP plan open at once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="plans")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=3, choices=PlanKind.choices, default=PlanKind.CIN)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    initial_category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE, blank=True)
    latest_category = models.CharField(max_length=3, choices=CATEGORY_OF_ABUSE, blank=True)
    visiting_frequency_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Working days between statutory visits."
    )
    review_frequency_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Weeks between reviews of a CIN plan."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["child", "status"]), models.Index(fields=["case", "status"])]
        constraints = [
            # A child never has two plans open at once (a CIN and a CP plan included; drafts count).
            models.UniqueConstraint(
                fields=["child"], condition=~models.Q(status="ended"), name="one_open_plan_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child_id}"


class PlanGoal(models.Model):
    """What needs to change, and the help provided (who does what)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    help_provided = models.TextField(blank=True)
    achieved = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class PlanReview(models.Model):
    """A review of a CIN plan: who came, what was said, progress on each goal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    date = models.DateField()
    attendees = models.JSONField(default=list, blank=True)
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-recorded_at"]

    def __str__(self) -> str:
        return f"Review of {self.plan_id} on {self.date}"


class GoalProgress(models.Model):
    """Progress on one goal (0 nothing has changed, 10 the goal is met), recorded at a review."""

    id = models.BigAutoField(primary_key=True)
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="progress_history")
    review = models.ForeignKey(PlanReview, null=True, blank=True, on_delete=models.CASCADE, related_name="progress")
    # A CP plan's progress is recorded at core groups and review conferences instead.
    core_group = models.ForeignKey(
        "casework.CoreGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="progress"
    )
    conference = models.ForeignKey(
        "casework.Conference", null=True, blank=True, on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField()
    progress = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=10), name="goal_progress_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress}/10 on {self.date}"


class Supervision(VersionedModel):
    """A supervision session between a team manager and one of their workers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_given"
    )
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="supervisions")
    date = models.DateField()
    private_notes = models.TextField(
        blank=True, help_text="Wellbeing, workload, learning: seen by the two people only, never on a child's record."
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    supervisee_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["private_notes"])

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["supervisee", "date"])]

    def __str__(self) -> str:
        return f"Supervision of {self.supervisee_id} on {self.date}"


class SupervisionDiscussion(models.Model):
    """One case discussed in supervision: reflection, the decision and its rationale."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="discussions")
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="supervision_discussions")
    position = models.PositiveSmallIntegerField(default=0)
    reflection = models.TextField(blank=True)
    decision = models.TextField()
    rationale = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} in {self.supervision_id}"


class ActionSource(models.TextChoices):
    SUPERVISION = "supervision", "Supervision"
    PLAN = "plan", "Plan"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Action(VersionedModel):
    """Something someone will do by a date, from supervision, a plan or elsewhere."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="actions")
    child = models.ForeignKey(
        "families.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    source = models.CharField(max_length=12, choices=ActionSource.choices, default=ActionSource.OTHER)
    discussion = models.ForeignKey(
        SupervisionDiscussion, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField()
    status = models.CharField(max_length=4, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_note = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["owner", "status", "due_date"]), models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return self.action[:60]
