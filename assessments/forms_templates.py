"""The form performance officers use to upload or type an assessment template's JSON. It only
reads what was sent (a file, or text); assessments.schema (through the services) judges it,
and its messages go back on the field the JSON came from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from assessments.schema import MAX_JSON_BYTES

FILE_FIELD = "json_file"
TEXT_FIELD = "json_text"


class TemplateJsonForm(forms.Form):
    json_file = forms.FileField(
        label="Upload a JSON file",
        required=False,
        help_text="A template saved as a .json file. If you upload a file, it is used instead of the text below.",
    )
    json_text = forms.CharField(
        label="Or type or paste the template's JSON",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30}),
        max_length=MAX_JSON_BYTES,
        error_messages={"max_length": f"The JSON must be smaller than {MAX_JSON_BYTES // 1024} KB"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get(FILE_FIELD)
        if upload is not None:
            if upload.size > MAX_JSON_BYTES:
                self.add_error(FILE_FIELD, f"The file must be smaller than {MAX_JSON_BYTES // 1024} KB")
            else:
                cleaned["json"] = upload.read()
                cleaned["source"] = FILE_FIELD
        elif (cleaned.get(TEXT_FIELD) or "").strip():
            cleaned["json"] = cleaned[TEXT_FIELD]
            cleaned["source"] = TEXT_FIELD
        elif not self.errors:
            self.add_error(FILE_FIELD, "Upload a JSON file, or type or paste the template's JSON")
        return cleaned

    def add_template_errors(self, error: ValidationError) -> None:
        """The schema's messages (each naming its section) on the field the JSON came from."""
        self.add_error(self.cleaned_data.get("source") or TEXT_FIELD, ValidationError(error.messages))
