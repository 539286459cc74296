"""Visits' and case notes' representations (API.md "Visits and notes").

As in casework.api.serializers: these check types and sizes only; the seeing-the-child rules
(phone and video never count as seen, seen alone only when seen, a reason when not seen) are the
services', so pages and the API refuse the same things in the same words. Narrative text (the
narrative, the child's words, amendments) is null for performance officers. The children and
people a row names are only those the user may open (computed once per page by the views).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.api.serializers import CodeField, ListFilter, datetime_field, id_list, narrative, text
from casework.models import NoteKind, NotSeenReason, RecordStatus, SeenAlone, VisitKind, VisitOutcome
from families.serializers import MAX_VERSION, version_field


class VisitNoteAmendmentSerializer(serializers.Serializer):
    """A correction appended to a finished visit or note (the original is never rewritten)."""

    text = narrative()
    by = serializers.UUIDField(source="added_by_id", read_only=True)
    by_name = serializers.CharField(source="added_by.display_name", read_only=True)
    at = serializers.DateTimeField(source="added_at", read_only=True)


class AmendedRecordSerializer(serializers.Serializer):
    """What visits and notes share: draft or finished, who recorded and finished it, amendments."""

    id = serializers.UUIDField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True)
    status = CodeField(choices=RecordStatus.choices)
    occurred_at = serializers.DateTimeField(read_only=True)
    significant = serializers.BooleanField(read_only=True)
    narrative = narrative()
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_by = serializers.UUIDField(source="finished_by_id", read_only=True, allow_null=True)
    amendments = serializers.SerializerMethodField(help_text="Corrections appended once finished, oldest first.")
    version = serializers.IntegerField(read_only=True)

    @extend_schema_field(VisitNoteAmendmentSerializer(many=True))
    def get_amendments(self, record: Any) -> list[dict[str, Any]]:
        rows = self.context["amendments"].get(record.pk, [])
        return VisitNoteAmendmentSerializer(rows, many=True, context=self.context).data


# --- Visits -------------------------------------------------------------------------------------


class VisitChildSerializer(serializers.Serializer):
    """Whether one child was seen on the visit, and seen alone (or why not)."""

    child = serializers.UUIDField(source="child_id")
    child_name = serializers.CharField(source="child.full_name")
    seen = serializers.BooleanField()
    seen_alone = CodeField(choices=SeenAlone.choices, help_text="Null when the child was not seen.")
    not_seen_reason = CodeField(choices=NotSeenReason.choices, help_text="Null when the child was seen.")


class VisitSerializer(AmendedRecordSerializer):
    """A visit as read. `children` and `others_seen` are those the user may open."""

    kind = CodeField(choices=VisitKind.choices)
    statutory = serializers.BooleanField(read_only=True)
    outcome = CodeField(choices=VisitOutcome.choices)
    children = serializers.SerializerMethodField()
    others_seen = serializers.SerializerMethodField(help_text="Person ids.")
    interpreter = serializers.SerializerMethodField(help_text="The interpreter's language, or null.")
    childs_words = narrative(help_text="In the child's own words; null for performance officers.")

    def _visible(self) -> set[Any]:
        return self.context["visible_people"]

    @extend_schema_field(VisitChildSerializer(many=True))
    def get_children(self, visit: Any) -> list[dict[str, Any]]:
        rows = [row for row in visit.visit_children.all() if row.child_id in self._visible()]
        return VisitChildSerializer(rows, many=True).data

    def get_others_seen(self, visit: Any) -> list[str]:
        return [str(person.pk) for person in visit.others_seen.all() if person.pk in self._visible()]

    def get_interpreter(self, visit: Any) -> str | None:
        return visit.interpreter or None


class VisitChildInputSerializer(serializers.Serializer):
    child = serializers.UUIDField(help_text="A child of the case.")
    seen = serializers.BooleanField(required=False, default=False)
    seen_alone = serializers.ChoiceField(
        choices=SeenAlone.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="When seen: yes, no, or not_applicable (a baby, a child who cannot communicate alone).",
    )
    not_seen_reason = serializers.ChoiceField(
        choices=NotSeenReason.choices,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="When not seen (needed to finish, except for phone and video calls).",
    )


class VisitFieldsSerializer(serializers.Serializer):
    """The facts of a visit; the services say what is missing or wrong."""

    occurred_at = datetime_field(required=False, help_text="When it happened: now or in the past.")
    kind = serializers.ChoiceField(choices=VisitKind.choices, required=False)
    statutory = serializers.BooleanField(required=False)
    outcome = serializers.ChoiceField(choices=VisitOutcome.choices, required=False)
    children = serializers.ListField(
        child=VisitChildInputSerializer(),
        max_length=50,
        required=False,
        help_text="Each child of the case: seen, seen alone, or why not. Phone and video calls never "
        "count as seen. On a PATCH, replaces the rows.",
    )
    others_seen = id_list("Person ids of others seen (parents, carers): people you may open.")
    interpreter = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True, help_text="The language, or null."
    )
    narrative = text()
    childs_words = text(help_text="In the child's own words.")
    significant = serializers.BooleanField(required=False)


class VisitInputSerializer(VisitFieldsSerializer):
    case = serializers.UUIDField(help_text="A case your team holds.")


class VisitPatchSerializer(VisitFieldsSerializer):
    """Changes to a draft visit (a finished one is corrected with .../amend/)."""

    version = version_field()


class VisitFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False, help_text="Only visits recording this child.")
    status = serializers.ChoiceField(choices=RecordStatus.choices, required=False)


# --- Case notes ---------------------------------------------------------------------------------


class CaseNoteSerializer(AmendedRecordSerializer):
    """A case note as read; `children` (person ids) are those it is about that the user may open."""

    kind = CodeField(choices=NoteKind.choices)
    children = serializers.SerializerMethodField(help_text="Person ids.")

    def get_children(self, note: Any) -> list[str]:
        return [str(child.pk) for child in note.children.all() if child.pk in self.context["visible_people"]]


class CaseNoteFieldsSerializer(serializers.Serializer):
    occurred_at = datetime_field(required=False, help_text="Default (on create): now.")
    kind = serializers.ChoiceField(choices=NoteKind.choices, required=False)
    narrative = text(help_text="Needed to finish the note.")
    significant = serializers.BooleanField(required=False, help_text="A significant note goes in the chronology.")


class CaseNoteInputSerializer(CaseNoteFieldsSerializer):
    case = serializers.UUIDField(help_text="A case your team holds.")
    children = id_list("Children of the case the note is about (default: all of them).")


class CaseNotePatchSerializer(CaseNoteFieldsSerializer):
    """Changes to a draft note (a finished one is corrected with .../amend/)."""

    version = version_field()


class CaseNoteFilterSerializer(ListFilter):
    case = serializers.UUIDField(required=False)
    child = serializers.UUIDField(required=False, help_text="Only notes about this child.")
    status = serializers.ChoiceField(choices=RecordStatus.choices, required=False)


# --- Finishing and amending (both) ------------------------------------------------------------


class VisitNoteFinishSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_VERSION, help_text="If sent, the version you read (stale: 409)."
    )


class VisitNoteAmendSerializer(serializers.Serializer):
    text = text(help_text="The correction, appended with who added it and when.")
