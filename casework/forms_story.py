"""Forms for the child's story and the document pages. They parse what was typed (and say who
wrote an entry); uploads are checked by content in the views (casework.core.uploads), and the
services in casework.services.visits decide what is allowed (their errors go back on these
fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casework.core.forms import GovukDateField
from casework.models import DocumentCategory, StoryKind

MADE_BY_CHILD, MADE_WITH_ME, MADE_WITH_OTHER = "child", "with_me", "with_other"
WITH = ", with "  # "Ava, with Sam Okafor (social worker)": the child first, then who helped
KIND_MISSING = "Choose what kind of entry it is"


def _file(label: str, help_text: str, required: bool) -> forms.FileField:
    # Checked by content on the server (casework.core.uploads), whatever the name says.
    return forms.FileField(
        label=label, required=required, help_text=help_text, error_messages={"required": "Choose a file"}
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StoryEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=StoryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_MISSING, "invalid_choice": KIND_MISSING},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="In the child's words if you can, for example \u201cMy house\u201d",
        error_messages={"required": "Give the entry a title, in the child's words if you can"},
    )
    text = forms.CharField(
        label="Their words (optional for a drawing, photo or recording)",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
    )
    file = _file(
        "File (optional for words)",
        "A drawing or photo (JPEG, PNG, GIF, WebP, HEIC), a recording (MP3, M4A, WAV, OGG), a video "
        "(MP4, MOV, WebM) or a PDF",
        required=False,
    )
    made_by = forms.ChoiceField(
        label="Who wrote or made it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Say who wrote or made it", "invalid_choice": "Say who wrote or made it"},
    )
    helper = forms.CharField(
        label="Who helped them (if someone else)",
        required=False,
        max_length=120,
        help_text="Their name and role, for example \u201cMs Patel, class teacher\u201d",
    )
    occurred_on = GovukDateField(label="When was it made?", allow_future=False)

    def __init__(self, *args: Any, child_name: str, helper_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate(), "made_by": MADE_BY_CHILD})
        super().__init__(*args, **kwargs)
        self.child_name, self.helper_name = child_name, helper_name
        self.fields["made_by"].choices = [
            (MADE_BY_CHILD, f"{child_name}, on their own"),
            (MADE_WITH_ME, f"{child_name}, with me ({helper_name})"),
            (MADE_WITH_OTHER, f"{child_name}, with someone else"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("made_by") == MADE_WITH_OTHER and not (data.get("helper") or "").strip():
            self.add_error("helper", "Say who helped them: a name and role")
        return data

    def attributed_to(self) -> str:
        """Who wrote or made it, as the record keeps it: "Ava" or "Ava, with Sam Okafor"."""
        made_by = self.cleaned_data["made_by"]
        if made_by == MADE_WITH_ME:
            return f"{self.child_name}{WITH}{self.helper_name}"
        if made_by == MADE_WITH_OTHER:
            return f"{self.child_name}{WITH}{self.cleaned_data['helper'].strip()}"
        return self.child_name


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Give the document a title"})
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *DocumentCategory.choices],
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category"},
    )
    file = _file(
        "File",
        "A PDF, a Word, Excel or PowerPoint document, a photo, a recording or a video",
        required=True,
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text="For example, who sent it or what it is about",
    )


class DocumentReplaceForm(forms.Form):
    file = _file("New version", "The old versions are kept and can still be downloaded", required=True)
    note = forms.CharField(
        label="What changed (optional)",
        required=False,
        max_length=300,
        help_text="For example, \u201cSigned copy\u201d or \u201cCorrected dates\u201d",
    )
    version = _version()


class AccessLogFilterForm(forms.Form):
    viewer = forms.ChoiceField(label="Who viewed", required=False)

    def __init__(self, *args: Any, viewers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["viewer"].choices = [("", "Everyone"), *viewers]
