"""Assessment templates kept as data, and the assessments written from them (API.md "Assessments").

A template is a key, a name, a version and an ordered list of sections (each a key, a title, help
text and a kind). A published version never changes: a change makes a new version, and an
assessment keeps the version it began with. An assessment is written on a case for one or more
children; it moves draft → submitted → (returned → submitted …) → authorised. Sections the record
already knows (the family, the household, professionals, drawings, the timeline, Section 47) are
read live while it is a draft and frozen into ``snapshot`` when it is submitted, so an authorised
assessment never changes afterwards.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casework.core.models import VersionedModel


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class AssessmentTemplate(models.Model):
    """One version of a practice framework's assessment. Published versions are immutable."""

    id = models.BigAutoField(primary_key=True)
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=150)
    version = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    sections = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT)
    bundled = models.BooleanField(default=False, help_text="Shipped with Casework (not uploaded).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_template_version"),
            # At most one draft per key: a change to a published version is made in one new draft.
            models.UniqueConstraint(fields=["key"], condition=models.Q(status="draft"), name="one_draft_per_template"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    AUTHORISED = "authorised", "Authorised"


OPEN_ASSESSMENT_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED)


class DelayReason(models.TextChoices):
    FAMILY_UNAVAILABLE = "family_unavailable", "The family was not available"
    NO_ACCESS = "no_access", "We could not get access"
    AWAITING_INFORMATION = "awaiting_information", "Waiting for information from others"
    COMPLEXITY = "complexity", "The family's circumstances need more time to understand"
    CAPACITY = "capacity", "Team capacity"
    OTHER = "other", "Another reason"


class Assessment(VersionedModel):
    """One Understanding Families (or other framework's) assessment on a case, for its children."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="assessments")
    template = models.ForeignKey(AssessmentTemplate, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    start_date = models.DateField(help_text="Census AssessmentActualStartDate.")
    internal_review_date = models.DateField(
        null=True, blank=True, help_text="Census AssessmentInternalReviewDate, where the authority records one."
    )
    # The time frame the worker proposes at the outset and the team manager agrees.
    due_date = models.DateField(null=True, blank=True)
    timeframe_reason = models.TextField(blank=True)
    timeframe_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    timeframe_agreed_at = models.DateTimeField(null=True, blank=True)
    # Why it is taking longer than agreed: a category that is counted, plus words.
    delay_reason_category = models.CharField(max_length=20, choices=DelayReason.choices, blank=True)
    delay_reason = models.TextField(blank=True)
    # What the worker writes, per section key (narratives, yes/no answers, three columns, scales).
    sections = models.JSONField(default=dict, blank=True)
    # Pre-filled sections frozen from the record at submission ({section_key: value}); empty in draft.
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    analysis = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.template.name} started {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASSESSMENT_STATUSES


class AssessmentChild(models.Model):
    """A child the assessment is about, and its outcome for that child (the census per child)."""

    id = models.BigAutoField(primary_key=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="subjects")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="assessment_subjects")
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="assessment_subjects"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # CIN census assessment factor codes identified for this child (casework.core.codes).
    factors = models.JSONField(default=list, blank=True)
    requires_support = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "child"], name="assessment_child_once")]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.assessment_id}"


class TimeframeRevision(models.Model):
    """Every time frame proposed, agreed or revised, with the reason: the history is kept."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        REVISED = "revised", "Revised"

    id = models.BigAutoField(primary_key=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="timeframe_history")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_date}"


class AssessmentStep(models.Model):
    """The workflow's steps, in order: who did what and when (and a return's reason)."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted for authorisation"
        RETURNED = "returned", "Returned to the worker"
        AUTHORISED = "authorised", "Authorised"

    id = models.BigAutoField(primary_key=True)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at}"
