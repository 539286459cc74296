"""Pages behind the child at a glance: changing the worker's current summary (versioned, never
silently overwritten), with its earlier versions beside the form."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework.core.access_log import log_access
from casework.core.pages import StaleRow, add_service_errors, stale_version_response
from casework.core.versioning import StaleVersion
from casework.models import ChildSummary
from casework.services.visits import summary_update
from casework.views.cases import form_page, posted
from families.models import Person
from families.selectors import person_can_write, person_get_for_user

CANNOT_CHANGE = "Your team does not hold this child's record, or your role cannot change it."
SUMMARY_MAX = 5000


class SummaryForm(forms.Form):
    text = forms.CharField(
        label="Current summary",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=SUMMARY_MAX,
        error_messages={
            "required": "Write the summary",
            "max_length": f"Keep the summary to {SUMMARY_MAX:,} characters or fewer",
        },
    )
    # 0 when no summary has been written yet: two people writing the first one still collide.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = (
            f"In a few lines: what is happening to {person.first_name} now, what worries us, what is going well "
            "and what the work is for. It is shown at the top of the record; earlier versions are kept."
        )


def _summary_url(person: Person) -> str:
    return reverse("casework:summary_edit", kwargs={"person_id": person.pk})


def _record_url(person: Person, anchor: str = "summary") -> str:
    return reverse("families:person_detail", kwargs={"person_id": person.pk}) + f"#{anchor}"


def summary_versions(summary: ChildSummary | None) -> list[Any]:
    """Every saved version of the summary, newest first, with who saved it (one query). The
    first save writes two history rows (the empty row, then its text): one line per version."""
    if summary is None:
        return []
    latest: dict[int, Any] = {}
    for row in summary.history.select_related("history_user").order_by("-history_date", "-history_id")[:200]:
        latest.setdefault(row.version, row)
    return list(latest.values())


@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Change the worker's current summary of the child, from the version the form was opened on."""
    person = person_get_for_user(user=request.user, person_id=person_id)  # 404 outside the user's access
    if not person_can_write(user=request.user, person=person):
        raise PermissionDenied(CANNOT_CHANGE)
    summary = ChildSummary.objects.filter(child=person).first()
    initial = {"text": summary.text if summary else "", "version": summary.version if summary else 0}
    form = SummaryForm(posted(request), initial=initial, person=person)
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            summary_update(by=request.user, child=person, text=text, expected_version=form.cleaned_data["version"])
        except StaleVersion as stale:
            return stale_version_response(
                request,
                record=f"{person.full_name}'s current summary",
                rows=[StaleRow("Current summary", stale.current.text, text.strip())],
                restart_url=_summary_url(person),
                cancel_url=_record_url(person),
                current=stale.current,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.first_name}'s current summary is saved")
            return redirect(_record_url(person))
    log_access(request, what="Current summary", people=[person])
    return form_page(
        request,
        form,
        title=f"{person.full_name}'s current summary",
        caption="",
        back_url=_record_url(person),
        submit="Save the summary",
        template="casework/glance/summary_edit.html",
        versions=summary_versions(summary),
    )
