"""Seeing the child: visits and case notes (drafts until finished, corrected by appending), the
child's own story, documents with versions, and the worker's current summary."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from casework.core.models import VersionedModel


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINISHED = "finished", "Finished"


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    OFFICE = "office", "Office visit"
    SCHOOL = "school", "School visit"
    PHONE = "phone", "Telephone call"
    VIDEO = "video", "Video call"
    OTHER = "other", "Other visit"


REMOTE_KINDS = {VisitKind.PHONE, VisitKind.VIDEO}


class VisitOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    NO_ACCESS = "no_access", "No access"
    DECLINED = "declined", "Declined by the family"
    CANCELLED = "cancelled", "Cancelled"


class SeenAlone(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable (a baby, or a child who cannot communicate alone)"


class NotSeenReason(models.TextChoices):
    NO_ACCESS = "no_access", "No access"
    DECLINED = "declined", "Declined"
    NOT_AT_HOME = "not_at_home", "Not at home"
    ASLEEP_OR_UNWELL = "asleep_or_unwell", "Asleep or unwell"
    OTHER = "other", "Other"


class Visit(VersionedModel):
    """A visit or contact with the family: who was seen (and alone), and the child's own words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="visits")
    status = models.CharField(max_length=8, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=VisitKind.choices, default=VisitKind.HOME_VISIT)
    statutory = models.BooleanField(default=False)
    outcome = models.CharField(max_length=10, choices=VisitOutcome.choices, default=VisitOutcome.COMPLETED)
    others_seen = models.ManyToManyField("families.Person", blank=True, related_name="visits_seen_at")
    interpreter = models.CharField(max_length=100, blank=True, help_text="The language, when an interpreter was used.")
    narrative = models.TextField(blank=True)
    childs_words = models.TextField(blank=True, help_text="In the child's own words.")
    significant = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[others_seen])

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["case", "status", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"


class VisitChild(models.Model):
    """Whether one child was seen on a visit, and seen alone (or why not)."""

    id = models.BigAutoField(primary_key=True)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="visit_children")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="visit_records")
    seen = models.BooleanField(default=False)
    seen_alone = models.CharField(max_length=14, choices=SeenAlone.choices, blank=True)
    not_seen_reason = models.CharField(max_length=16, choices=NotSeenReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "child"], name="visit_child_once")]
        indexes = [models.Index(fields=["child", "seen"])]

    def __str__(self) -> str:
        return f"{self.child_id} on {self.visit_id}"


class NoteKind(models.TextChoices):
    CASE_NOTE = "case_note", "Case note"
    PHONE_CALL = "phone_call", "Telephone call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "Meeting"
    MANAGEMENT = "management", "Management oversight"
    OTHER = "other", "Other"


class CaseNote(VersionedModel):
    """Everything else that happens on a case; a draft until finished."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="notes")
    children = models.ManyToManyField("families.Person", blank=True, related_name="case_notes")
    status = models.CharField(max_length=8, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=NoteKind.choices, default=NoteKind.CASE_NOTE)
    narrative = models.TextField(blank=True)
    significant = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %b %Y}"


class Amendment(models.Model):
    """A correction appended to a finished visit or note (the original is never rewritten)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    record_id = models.UUIDField()
    record = GenericForeignKey("record_type", "record_id")
    text = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"Amendment {self.added_at:%d %b %Y}"


class StoryKind(models.TextChoices):
    WORDS = "words", "Words"
    DRAWING = "drawing", "Drawing"
    PHOTO = "photo", "Photo"
    AUDIO = "audio", "Audio recording"
    VIDEO = "video", "Video (digital story)"
    DOCUMENT = "document", "Document"


class StoryEntry(models.Model):
    """The child's own story: written by the child or with them (attributed), drawings, photos,
    audio and video "digital stories"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="story_entries")
    kind = models.CharField(max_length=10, choices=StoryKind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    attributed_to = models.CharField(
        max_length=200, help_text='Who wrote or made it, e.g. "Ava" or "Ava, with Sam Okafor".'
    )
    occurred_on = models.DateField()
    file = models.FileField(upload_to="story/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name_plural = "story entries"

    def __str__(self) -> str:
        return self.title


class DocumentCategory(models.TextChoices):
    REPORT = "report", "Report"
    LETTER = "letter", "Letter"
    ASSESSMENT = "assessment", "Assessment or plan"
    MEETING = "meeting", "Meeting minutes"
    COURT = "court", "Court document"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    CONSENT = "consent", "Consent form"
    PHOTO = "photo", "Photograph"
    OTHER = "other", "Other"


class Document(VersionedModel):
    """A document about a child or a family; replacing it adds a version (old ones are kept)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "families.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    family = models.ForeignKey(
        "families.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=12, choices=DocumentCategory.choices, default=DocumentCategory.OTHER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, family__isnull=True)
                | models.Q(person__isnull=True, family__isnull=False),
                name="document_person_xor_family",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document, with its SHA-256, who uploaded it and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=300)
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_number_once")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ChildSummary(VersionedModel):
    """The worker's short current summary of what is happening to the child (versioned)."""

    child = models.OneToOneField(
        "families.Person", on_delete=models.PROTECT, primary_key=True, related_name="current_summary"
    )
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Summary of {self.child_id}"
