"""The front door: contacts about children, with the referrer's words and the decision's reasons."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casework.core.codes import REFERRAL_SOURCE
from casework.core.models import VersionedModel


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class Decision(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE_SIGNPOSTING = "advice_signposting", "Advice and signposting"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"


class Contact(VersionedModel):
    """Information received about one or more children, waiting for (or with) a decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="contacts")
    received_at = models.DateTimeField()
    source = models.CharField("Referral source", max_length=2, choices=REFERRAL_SOURCE)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True, help_text="Telephone or email.")
    anonymous = models.BooleanField(default=False)
    children = models.ManyToManyField("families.Person", through="ContactChild", related_name="contacts")
    family = models.ForeignKey(
        "families.Family", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    concerns = models.TextField(help_text="In the referrer's own words.")
    parents_aware = models.BooleanField(null=True, blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices)
    consent_reason = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsement_required = models.BooleanField(default=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    referrer_informed_at = models.DateTimeField(null=True, blank=True)
    referrer_informed_how = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at"]
        indexes = [models.Index(fields=["team", "decided_at"])]

    def __str__(self) -> str:
        return f"Contact {self.received_at:%d %b %Y %H:%M} ({self.get_source_display()})"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    @property
    def referrer_display(self) -> str:
        if self.anonymous:
            return "Anonymous"
        return ", ".join(p for p in (self.referrer_name, self.referrer_agency) if p) or "Not recorded"


class ContactChild(models.Model):
    """One child of a contact, with the outcome for that child (a referral may refer some
    children and not others) and the episode it opened or was linked to."""

    id = models.BigAutoField(primary_key=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="contact_children")
    child = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="contact_links")
    outcome = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    episode = models.ForeignKey(
        "casework.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="contact_links"
    )
    linked_to_open_episode = models.BooleanField(
        default=False, help_text="The child already had an open episode: the contact joined it (not a referral)."
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="contact_child_once")]
        indexes = [models.Index(fields=["child", "contact"])]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.contact_id}"
