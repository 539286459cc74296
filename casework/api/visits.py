"""Visits and case notes API (API.md "Visits and notes"): /api/v1/visits/ and /api/v1/notes/.

Anyone who may open a child of the case reads its visits and notes (narrative null for
performance officers); the team holding the case records them (PERMISSIONS.md "Record visits,
notes ..."): a draft is changed with PATCH (sending its version), finished once with
.../finish/, and afterwards only corrected by appending (.../amend/). The seeing-the-child rules
are the services' (casework.services.visits); these views parse, ask, call and respond.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors
from casework.api.base import CaseworkViewSet
from casework.api.serializers_visits import (
    CaseNoteFilterSerializer,
    CaseNoteInputSerializer,
    CaseNotePatchSerializer,
    CaseNoteSerializer,
    VisitFilterSerializer,
    VisitInputSerializer,
    VisitNoteAmendSerializer,
    VisitNoteFinishSerializer,
    VisitPatchSerializer,
    VisitSerializer,
)
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.access_log import log_access
from casework.core.models import User
from casework.models import Amendment, Case, CaseNote, Visit, VisitChild
from casework.services import visits as visit_services
from families.models import Person
from families.selectors import person_can_write, person_list_for_user, visible_person_ids

NOT_HOLDING = "Only the team holding the case can record visits and notes on it."


# --- Reading and "who may act" (PERMISSIONS.md) ---------------------------------------------------


def visit_list_for_user(*, user: User) -> QuerySet[Visit]:
    """Visits on cases the user may open (a case with a child they may open)."""
    return Visit.objects.filter(case__in=selectors.case_list_for_user(user=user).values("id")).select_related("case")


def note_list_for_user(*, user: User) -> QuerySet[CaseNote]:
    """Case notes on cases the user may open."""
    cases = selectors.case_list_for_user(user=user).values("id")
    return CaseNote.objects.filter(case__in=cases).select_related("case")


def record_can_write(*, user: User, case: Case) -> bool:
    """Record visits and notes: a writing role in the team holding the case (its allocated
    worker, colleagues and manager) with write access to a child of the case. Front-door and
    receiving teams read only."""
    return (
        user.role in WRITING_ROLES
        and case.team_id in team_ids_for(user)
        and any(person_can_write(user=user, person=child) for child in visit_services.case_children(case))
    )


def amendments_by_record(records: list[Visit] | list[CaseNote]) -> dict[Any, list[Amendment]]:
    """Each record's amendments, oldest first, read in one query for a whole page."""
    if not records:
        return {}
    rows = Amendment.objects.filter(
        record_type=ContentType.objects.get_for_model(records[0]), record_id__in=[r.pk for r in records]
    ).select_related("added_by")
    found: dict[Any, list[Amendment]] = {}
    for row in rows.order_by("added_at", "id"):
        found.setdefault(row.record_id, []).append(row)
    return found


class RecordViewSet(CaseworkViewSet):
    """What the visit and note endpoints share: reading, the holding team's check, finish, amend."""

    what = ""
    id_kwarg = ""

    def records(self) -> QuerySet:
        raise NotImplementedError

    def get_object(self) -> Any:
        return get_object_or_404(self.records(), pk=self.kwargs[self.id_kwarg])

    def people_of(self, records: list[Any]) -> tuple[dict[Any, Person], list[Person]]:
        """Everyone the records name (by id), and the children among them (logged as viewed)."""
        raise NotImplementedError

    def shown(self, records: Any) -> list[dict[str, Any]]:
        records = list(records)
        people, children = self.people_of(records)
        visible = visible_person_ids(user=self.request.user, person_ids=list(people))
        log_access(self.request, what=self.what, people=[child for child in children if child.pk in visible])
        context = {
            **self.get_serializer_context(),
            "visible_people": visible,
            "amendments": amendments_by_record(records),
        }
        return self.get_serializer_class()(records, many=True, context=context).data

    def one(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.shown([record])[0], status=code)

    def listed(self, records: QuerySet, query: dict[str, Any]) -> Response:
        if query.get("case"):
            records = records.filter(case_id=query["case"])
        if query.get("status"):
            records = records.filter(status=query["status"])
        return self.get_paginated_response(self.shown(self.page(records.order_by("-occurred_at", "-created_at", "id"))))

    def require_writer(self, case: Case) -> None:
        self.require(record_can_write(user=self.request.user, case=case), NOT_HOLDING)

    def writable_case(self, case_id: UUID) -> Case:
        """The case a new record is for: 404 outside the user's access, 403 unless they hold it."""
        case = selectors.case_get_for_user(user=self.request.user, case_id=case_id)
        self.require_writer(case)
        return case

    def case_children(self, case: Case, ids: list[Any]) -> dict[Any, Person]:
        """The children of this case among `ids` that the user may open."""
        children = person_list_for_user(user=self.request.user).filter(pk__in=ids, episodes__case=case).distinct()
        return {child.pk: child for child in children}

    def writable_record(self) -> Any:
        """The record (404 outside the user's access), if the user may record on its case (403)."""
        record = self.get_object()
        self.require_writer(record.case)
        return record

    def finish_version(self, request: Request) -> int | None:
        return self.parse(VisitNoteFinishSerializer, request.data).get("version")

    def amend_record(self, request: Request) -> Response:
        record = self.writable_record()
        data = self.parse(VisitNoteAmendSerializer, request.data)
        visit_services.amend(by=request.user, record=record, text=data.get("text") or "")
        return self.one(record, code=status.HTTP_201_CREATED)


# --- Visits -------------------------------------------------------------------------------------


class VisitViewSet(RecordViewSet):
    serializer_class = VisitSerializer
    what = "API: visit"
    id_kwarg = "visit_id"

    def records(self) -> QuerySet[Visit]:
        return visit_list_for_user(user=self.request.user)

    def people_of(self, records: list[Visit]) -> tuple[dict[Any, Person], list[Person]]:
        rows = VisitChild.objects.select_related("child").order_by("child__date_of_birth", "child__first_name")
        prefetch_related_objects(records, Prefetch("visit_children", queryset=rows), "others_seen")
        children = {row.child_id: row.child for visit in records for row in visit.visit_children.all()}
        people = {**children, **{p.pk: p for visit in records for p in visit.others_seen.all()}}
        return people, list(children.values())

    def children_rows(self, case: Case, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rows with each child id replaced by the child (None, which the service refuses by
        position, when it is not a child of this case the user may open)."""
        known = self.case_children(case, [row["child"] for row in rows])
        return [{**row, "child": known.get(row["child"])} for row in rows]

    def others_seen(self, ids: list[Any]) -> list[Person]:
        wanted = list(dict.fromkeys(ids))
        people = list(person_list_for_user(user=self.request.user).filter(pk__in=wanted))
        if len(people) != len(wanted):
            raise ValidationError({"others_seen": ["Choose people whose records you may open"]})
        return people

    def visit_parts(self, case: Case, data: dict[str, Any]) -> dict[str, Any]:
        """Children and others seen as the services take them (absent: left as they are)."""
        if "interpreter" in data:
            data["interpreter"] = data["interpreter"] or ""
        parts: dict[str, Any] = {}
        if "children" in data:
            parts["children"] = self.children_rows(case, data.pop("children"))
        if "others_seen" in data:
            parts["others_seen"] = self.others_seen(data.pop("others_seen"))
        return parts

    @extend_schema(parameters=[VisitFilterSerializer], description="Visits on cases with a child you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(VisitFilterSerializer, request.query_params)
        visits = self.records()
        if query.get("child"):
            visits = visits.filter(visit_children__child_id=query["child"])
        return self.listed(visits, query)

    @extend_schema(request=VisitInputSerializer, responses={201: VisitSerializer})
    def create(self, request: Request) -> Response:
        """Start a visit record (a draft) on a case your team holds."""
        self.require(request.user.role in WRITING_ROLES, "Your role cannot record visits.")
        data = self.parse(VisitInputSerializer, request.data)
        case = self.writable_case(data.pop("case"))
        parts = {"children": [], **self.visit_parts(case, data)}
        visit = visit_services.visit_create(by=request.user, case=case, data=data, **parts)
        return self.one(visit, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, visit_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=VisitPatchSerializer, responses=VisitSerializer)
    def partial_update(self, request: Request, visit_id: str) -> Response:
        """Change a draft (send its version); a finished visit is corrected with .../amend/."""
        visit = self.writable_record()
        data = self.parse(VisitPatchSerializer, request.data)
        version = data.pop("version", None)
        parts = self.visit_parts(visit.case, data)
        visit = visit_services.visit_update(by=request.user, visit=visit, data=data, expected_version=version, **parts)
        return self.one(visit)

    @extend_schema(request=VisitNoteFinishSerializer, responses=VisitSerializer)
    def finish(self, request: Request, visit_id: str) -> Response:
        """Finish: each child seen, seen alone, or why not; it goes in the chronology."""
        visit = self.writable_record()
        version = self.finish_version(request)
        return self.one(visit_services.visit_finish(by=request.user, visit=visit, expected_version=version))

    @extend_schema(request=VisitNoteAmendSerializer, responses={201: VisitSerializer})
    def amend(self, request: Request, visit_id: str) -> Response:
        """Correct a finished visit by appending; the original text stays as it was."""
        return self.amend_record(request)


# --- Case notes ---------------------------------------------------------------------------------


class CaseNoteViewSet(RecordViewSet):
    serializer_class = CaseNoteSerializer
    what = "API: case note"
    id_kwarg = "note_id"

    def records(self) -> QuerySet[CaseNote]:
        return note_list_for_user(user=self.request.user)

    def people_of(self, records: list[CaseNote]) -> tuple[dict[Any, Person], list[Person]]:
        prefetch_related_objects(records, "children")
        children = {child.pk: child for note in records for child in note.children.all()}
        return children, list(children.values())

    @extend_schema(parameters=[CaseNoteFilterSerializer], description="Case notes on cases with a child you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(CaseNoteFilterSerializer, request.query_params)
        notes = self.records()
        if query.get("child"):
            notes = notes.filter(children__id=query["child"])
        return self.listed(notes, query)

    @extend_schema(request=CaseNoteInputSerializer, responses={201: CaseNoteSerializer})
    def create(self, request: Request) -> Response:
        """Start a case note (a draft) on a case your team holds."""
        self.require(request.user.role in WRITING_ROLES, "Your role cannot record case notes.")
        data = self.parse(CaseNoteInputSerializer, request.data)
        case = self.writable_case(data.pop("case"))
        wanted = list(dict.fromkeys(data.pop("children", None) or []))
        known = self.case_children(case, wanted)
        if len(known) != len(wanted):
            raise ValidationError({"children": ["Choose children of this case"]})
        children = [known[pk] for pk in wanted]
        note = visit_services.note_create(by=request.user, case=case, data=data, children=children)
        return self.one(note, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, note_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=CaseNotePatchSerializer, responses=CaseNoteSerializer)
    def partial_update(self, request: Request, note_id: str) -> Response:
        """Change a draft (send its version); a finished note is corrected with .../amend/."""
        note = self.writable_record()
        data = self.parse(CaseNotePatchSerializer, request.data)
        version = data.pop("version", None)
        note = visit_services.note_update(by=request.user, note=note, data=data, expected_version=version)
        return self.one(note)

    @extend_schema(request=VisitNoteFinishSerializer, responses=CaseNoteSerializer)
    def finish(self, request: Request, note_id: str) -> Response:
        """Finish the note; one marked significant goes in the chronology."""
        note = self.writable_record()
        version = self.finish_version(request)
        return self.one(visit_services.note_finish(by=request.user, note=note, expected_version=version))

    @extend_schema(request=VisitNoteAmendSerializer, responses={201: CaseNoteSerializer})
    def amend(self, request: Request, note_id: str) -> Response:
        """Correct a finished note by appending; the original text stays as it was."""
        return self.amend_record(request)


def _routes(name: str, viewset: type[RecordViewSet], id_kwarg: str) -> list[Any]:
    record = f"{name}s/<uuid:{id_kwarg}>/"
    return [
        path(f"{name}s/", viewset.as_view({"get": "list", "post": "create"}), name=f"api-{name}s"),
        path(record, viewset.as_view({"get": "retrieve", "patch": "partial_update"}), name=f"api-{name}"),
        path(f"{record}finish/", viewset.as_view({"post": "finish"}), name=f"api-{name}-finish"),
        path(f"{record}amend/", viewset.as_view({"post": "amend"}), name=f"api-{name}-amend"),
    ]


urlpatterns = [*_routes("visit", VisitViewSet, "visit_id"), *_routes("note", CaseNoteViewSet, "note_id")]
