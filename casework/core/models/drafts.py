"""Server-side drafts: what someone is typing, kept per user, per form, per record."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Draft(models.Model):
    """Autosaved form text. Never in browser storage (it leaks on shared machines); never in
    history tables; purged after DRAFT_MAX_AGE_DAYS."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    form_key = models.CharField(max_length=100, help_text="Which form, e.g. 'visit' or 'person-edit'.")
    record_key = models.CharField(
        max_length=100, blank=True, help_text="Which record the form is about ('' for a new one)."
    )
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "form_key", "record_key"], name="draft_one_per_form")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.form_key} {self.record_key}"
