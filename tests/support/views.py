"""A test-only page with an autosaving form, as later issues' visit, note and assessment pages
will have: it shows how a view uses casework.core.drafts in a few lines."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines

from casework.core.drafts import draft_autosave, draft_discard
from casework.core.forms import GovukDateField, error_summary_params

TEMPLATE = Path(__file__).with_name("note_form.html")
RECORD_VERSION = 3  # the version of the (pretend) record the form edits
saved_notes: list[dict] = []


class NoteForm(forms.Form):
    summary = forms.CharField(label="Summary", max_length=200)
    note = forms.CharField(label="What happened", widget=forms.Textarea)
    seen_on = GovukDateField(label="Date seen", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def note_form(request: HttpRequest, record_key: str) -> HttpResponse:
    form = NoteForm(request.POST or None, initial={"version": RECORD_VERSION})
    autosave = draft_autosave(request, form, form_key="test-note", record_key=record_key, version=RECORD_VERSION)
    if form.is_valid():
        saved_notes.append(form.cleaned_data)
        draft_discard(user=request.user, form_key="test-note", record_key=record_key)
        messages.success(request, "Note saved")
        return redirect(request.path)
    context = {
        "title": "Record a note",
        "form": form,
        "form_errors": error_summary_params(form),
        "autosave": autosave,
    }
    template = engines["jinja2"].from_string(TEMPLATE.read_text())
    return HttpResponse(template.render(context, request), status=400 if form.is_bound else 200)
