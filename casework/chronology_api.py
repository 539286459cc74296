"""The chronology API (API.md "Chronology, genogram, eco-map"), with the child's record's rules.

Lives in the case domain because it needs both the chronology and the access rules of people
and families; the chronology app itself imports only the core.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.access_log import log_access
from casework.core.drf import Pagination
from chronology import selectors as chrono
from chronology import services as chrono_services
from chronology.models import ChronologyEntry, DatePrecision, Origin, Significance
from families import selectors as people
from families.models import FamilyMembership, Person


class ChronologyEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    occurred_on = serializers.DateField()
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_text = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    category = serializers.CharField(max_length=40)
    summary = serializers.CharField(max_length=300)
    detail = serializers.CharField(required=False, allow_blank=True, default="")
    origin = serializers.CharField(read_only=True)
    source_agency = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    significance = serializers.ChoiceField(choices=Significance.choices, default=Significance.ROUTINE)
    included = serializers.BooleanField(default=True)
    analysis = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    person = serializers.UUIDField(required=False, allow_null=True)
    family = serializers.UUIDField(required=False, allow_null=True)
    people = serializers.ListField(child=serializers.UUIDField(), read_only=True)
    link = serializers.DictField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class CurationSerializer(serializers.Serializer):
    significance = serializers.ChoiceField(choices=Significance.choices, required=False)
    included = serializers.BooleanField(required=False)
    analysis = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    version = serializers.IntegerField()
    # Manual entries only: their facts can be corrected.
    occurred_on = serializers.DateField(required=False)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    date_text = serializers.CharField(max_length=100, required=False, allow_blank=True)
    category = serializers.CharField(max_length=40, required=False)
    summary = serializers.CharField(max_length=300, required=False)
    detail = serializers.CharField(required=False, allow_blank=True)
    source_agency = serializers.CharField(max_length=200, required=False, allow_blank=True)


FACT_FIELDS = ("occurred_on", "date_precision", "date_text", "category", "summary", "detail", "source_agency")


def entry_data(entry: ChronologyEntry, *, narrative: bool) -> dict[str, Any]:
    """One entry as the API shows it; performance officers get structured fields only."""
    curation = entry.curation
    manual = entry.origin == Origin.MANUAL
    link = None
    if entry.source_type_id:
        link = {"type": entry.source_type.model, "id": entry.source_id}
    return {
        "id": str(entry.id),
        "occurred_on": entry.occurred_on.isoformat(),
        "date_precision": entry.date_precision,
        "date_text": entry.date_text,
        "category": entry.category,
        "summary": entry.summary if narrative or not manual else entry.category.replace("_", " ").capitalize(),
        "detail": entry.detail if narrative else None,
        "origin": entry.origin,
        "source_agency": entry.source_agency,
        "significance": curation.significance,
        "included": curation.included,
        "analysis": curation.analysis if narrative else None,
        "person": str(entry.person_id) if entry.person_id else None,
        "family": str(entry.family_id) if entry.family_id else None,
        "people": [str(p.id) for p in entry.people.all()],
        "link": link,
        "version": curation.version,
    }


def _parse_filters(request: Request) -> chrono.EntryFilters:
    errors: dict[str, list[str]] = {}

    def date(name: str) -> datetime.date | None:
        value = request.query_params.get(name)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            errors[name] = ["Enter a date as YYYY-MM-DD"]
            return None

    def listed(name: str) -> tuple[str, ...]:
        return tuple(v for raw in request.query_params.getlist(name) for v in raw.split(",") if v)

    significance = listed("significance")
    if any(s not in Significance.values for s in significance):
        errors["significance"] = [f"Choose from: {', '.join(Significance.values)}"]
    included_raw = request.query_params.get("included")
    included = None
    if included_raw is not None:
        if included_raw.lower() not in ("true", "false", "1", "0"):
            errors["included"] = ["Use true or false"]
        included = included_raw.lower() in ("true", "1")
    person_id = request.query_params.get("person")
    if person_id:
        try:
            person_id = str(uuid.UUID(person_id))
        except ValueError:
            errors["person"] = ["Give a person's id"]
    filters = chrono.EntryFilters(
        significance=significance,
        category=listed("category"),
        date_from=date("from"),
        date_to=date("to"),
        text=request.query_params.get("q", "")[:200],
        included=included,
        person_id=person_id or None,
    )
    if errors:
        raise ValidationError(errors)
    return filters


def _hidden_people(user, entries: QuerySet[ChronologyEntry]) -> set[Any]:
    """People in these entries whom the reader may not open (their entries are left out)."""
    through = ChronologyEntry.people.through
    mentioned = set(
        through.objects.filter(chronologyentry__in=entries.values("id")).values_list("person_id", flat=True)
    )
    return mentioned - people.visible_person_ids(user=user, person_ids=list(mentioned))


def _paginated(request: Request, view: APIView, entries: QuerySet[ChronologyEntry]) -> Response:
    narrative = people.sees_narrative(request.user)
    paginator = Pagination()
    page = paginator.paginate_queryset(entries, request, view=view)
    return paginator.get_paginated_response([entry_data(e, narrative=narrative) for e in page])


FILTER_PARAMETERS = [
    OpenApiParameter("significance", OpenApiTypes.STR, description="routine, significant, critical (comma list)"),
    OpenApiParameter("category", OpenApiTypes.STR),
    OpenApiParameter("from", OpenApiTypes.DATE),
    OpenApiParameter("to", OpenApiTypes.DATE),
    OpenApiParameter("q", OpenApiTypes.STR),
    OpenApiParameter("included", OpenApiTypes.BOOL),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT),
]


class PersonChronologyView(APIView):
    """A child's (or adult's) chronology, ordered by date."""

    @extend_schema(parameters=FILTER_PARAMETERS, responses=ChronologyEntrySerializer(many=True))
    def get(self, request: Request, person_id: str) -> Response:
        person = people.person_get_for_user(user=request.user, person_id=person_id)
        filters = _parse_filters(request)
        entries = chrono.entries_for_person(person_id=person.id)
        entries = chrono.excluding_people(entries, _hidden_people(request.user, entries))
        log_access(request, what="Chronology (API)", people=[person])
        return _paginated(request, self, chrono.apply_filters(entries, filters))


class FamilyChronologyView(APIView):
    """A family's chronology: siblings' and adults' entries merged, each event once."""

    @extend_schema(
        parameters=[*FILTER_PARAMETERS, OpenApiParameter("person", OpenApiTypes.UUID)],
        responses=ChronologyEntrySerializer(many=True),
    )
    def get(self, request: Request, family_id: str) -> Response:
        family = people.family_get_for_user(user=request.user, family_id=family_id)
        filters = _parse_filters(request)
        member_ids = list(FamilyMembership.objects.filter(family=family).values_list("person_id", flat=True))
        entries = chrono.entries_for_family(family_id=family.id, member_ids=member_ids)
        entries = chrono.excluding_people(entries, _hidden_people(request.user, entries))
        visible = Person.objects.filter(id__in=people.visible_person_ids(user=request.user, person_ids=member_ids))
        log_access(request, what="Family chronology (API)", people=list(visible), family=family)
        return _paginated(request, self, chrono.apply_filters(entries, filters))


def _entry_for_user(user, entry_id: str) -> ChronologyEntry:
    """An entry the user may read: it concerns someone they may open (and nobody hidden)."""
    entry = get_object_or_404(chrono.entries_for_any(), pk=entry_id)
    subject_ids = [p.id for p in entry.people.all()] + ([entry.person_id] if entry.person_id else [])
    visible = people.visible_person_ids(user=user, person_ids=subject_ids)
    if subject_ids and set(subject_ids) - visible:
        raise Http404
    if not subject_ids and not (
        entry.family_id and people.family_list_for_user(user=user).filter(pk=entry.family_id).exists()
    ):
        raise Http404
    return entry


def _require_entry_write(user, entry: ChronologyEntry) -> None:
    subjects = list(entry.people.all())
    if any(people.person_can_write(user=user, person=p) for p in subjects):
        return
    if entry.family_id and people.family_can_write(user=user, family=entry.family):
        return
    raise PermissionDenied("Your team does not hold this record, or your role cannot change chronologies.")


class ChronologyEntryListView(APIView):
    """Add an entry known from elsewhere to a person's (or a family's) chronology."""

    @extend_schema(request=ChronologyEntrySerializer, responses={201: ChronologyEntrySerializer})
    def post(self, request: Request) -> Response:
        serializer = ChronologyEntrySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subjects: list[Person] = []
        family = None
        if data.get("person"):
            subjects = [people.person_get_for_user(user=request.user, person_id=data["person"])]
            if not people.person_can_write(user=request.user, person=subjects[0]):
                raise PermissionDenied("Your team does not hold this record, or your role cannot change it.")
        if data.get("family"):
            family = people.family_get_for_user(user=request.user, family_id=data["family"])
            if not people.family_can_write(user=request.user, family=family):
                raise PermissionDenied("Your team does not hold this family, or your role cannot change it.")
        if not subjects and family is None:
            return Response(
                {"person": ["Give the person (or family) whose chronology this belongs to"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        entry = chrono_services.manual_entry_create(
            by=request.user,
            people=subjects,
            family=family,
            occurred_on=data["occurred_on"],
            date_precision=data["date_precision"],
            date_text=data["date_text"],
            category=data["category"],
            summary=data["summary"],
            detail=data["detail"],
            source_agency=data["source_agency"],
            significance=data["significance"],
            included=data["included"],
            analysis=data["analysis"],
        )
        entry = chrono.entries_for_any().get(pk=entry.pk)
        return Response(entry_data(entry, narrative=True), status=status.HTTP_201_CREATED)


class ChronologyEntryDetailView(APIView):
    """Read an entry; curate it (significance, inclusion, analysis) with its version."""

    @extend_schema(responses=ChronologyEntrySerializer)
    def get(self, request: Request, entry_id: str) -> Response:
        entry = _entry_for_user(request.user, entry_id)
        return Response(entry_data(entry, narrative=people.sees_narrative(request.user)))

    @extend_schema(request=CurationSerializer, responses=ChronologyEntrySerializer)
    def patch(self, request: Request, entry_id: str) -> Response:
        entry = _entry_for_user(request.user, entry_id)
        _require_entry_write(request.user, entry)
        serializer = CurationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        facts = {name: data[name] for name in FACT_FIELDS if name in data}
        chrono_services.entry_curate(
            by=request.user,
            entry=entry,
            expected_version=data["version"],
            significance=data.get("significance"),
            included=data.get("included"),
            analysis=data.get("analysis"),
            facts=facts or None,
        )
        entry = chrono.entries_for_any().get(pk=entry.pk)
        return Response(entry_data(entry, narrative=True))
