"""/api/v1/supervisions/ (API.md "Supervision and decisions"): records the user may read (the
supervisee, the supervisor; auditors without private notes), recording one (a manager of the
worker's team), changing it (the supervisor, before acknowledgement) and acknowledging it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework.api.base import CaseworkViewSet, user_named
from casework.api.serializers_supervision import (
    AcknowledgeSerializer,
    SupervisionInputSerializer,
    SupervisionPatchSerializer,
    SupervisionSerializer,
)
from casework.core.access_log import log_access
from casework.core.models import Role
from casework.core.versioning import StaleVersion
from casework.models import Case, Supervision
from casework.selectors_supervision import (
    supervision_get_for_user,
    supervision_list_for_user,
    supervision_shows_private_notes,
)
from casework.services import supervision as services
from families.models import Person
from families.selectors import visible_person_ids


class SupervisionViewSet(CaseworkViewSet):
    serializer_class = SupervisionSerializer

    def get_object(self) -> Supervision:
        return supervision_get_for_user(user=self.request.user, supervision_id=self.kwargs["supervision_id"])

    def shown(self, records: list[Supervision]) -> list[dict[str, Any]]:
        """The records, private notes only for the two people; the children of the cases
        discussed are logged as viewed (the log never carries the notes)."""
        user = self.request.user
        case_ids = {d.case_id for r in records for d in r.discussions.all()}
        children = list(Person.objects.filter(episodes__case_id__in=case_ids).distinct()) if case_ids else []
        visible = visible_person_ids(user=user, person_ids=[c.pk for c in children])
        log_access(self.request, what="API: supervision record", people=[c for c in children if c.pk in visible])
        private = {r.pk for r in records if supervision_shows_private_notes(user=user, supervision=r)}
        context = {**self.get_serializer_context(), "private_for": private}
        return SupervisionSerializer(records, many=True, context=context).data

    def list(self, request: Request) -> Response:
        """Supervision records you may read: your own, as supervisee or supervisor (auditors: all)."""
        page = self.page(supervision_list_for_user(user=request.user).order_by("-date", "-created_at", "id"))
        return self.get_paginated_response(self.shown(page))

    @extend_schema(request=SupervisionInputSerializer, responses={201: SupervisionSerializer})
    def create(self, request: Request) -> Response:
        """A team manager records supervision of a worker in their team."""
        self.require(request.user.role == Role.TEAM_MANAGER, services.NOT_THEIR_MANAGER)
        data = self.parse(SupervisionInputSerializer, request.data)
        supervisee = user_named(data["supervisee"], "supervisee")
        record = services.supervision_record(
            by=request.user,
            supervisee=supervisee,
            date=data.get("date"),
            private_notes=data.get("private_notes") or "",
            discussions=[self._discussion(index, item) for index, item in enumerate(data.get("discussions") or [])],
        )
        self.kwargs["supervision_id"] = record.pk
        return Response(self.shown([self.get_object()])[0], status=status.HTTP_201_CREATED)

    def _discussion(self, index: int, item: dict[str, Any]) -> dict[str, Any]:
        case = Case.objects.select_related("family").filter(pk=item["case"]).first()
        if case is None:
            raise ValidationError({f"discussions.{index}.case": ["Choose an open case the worker holds in your team"]})
        actions = [
            {
                "action": a.get("action") or "",
                "owner": user_named(a.get("owner"), f"discussions.{index}.actions.{number}.owner"),
                "due_date": a.get("due_date"),
            }
            for number, a in enumerate(item.get("actions") or [])
        ]
        return {**item, "case": case, "actions": actions}

    def retrieve(self, request: Request, supervision_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=SupervisionPatchSerializer, responses=SupervisionSerializer)
    def partial_update(self, request: Request, supervision_id: str) -> Response:
        """The supervisor changes the record before it is acknowledged; send the version."""
        record = self.get_object()
        self.require(record.supervisor_id == request.user.pk, "Only the supervisor changes a supervision record.")
        data = self.parse(SupervisionPatchSerializer, request.data)
        version = data.pop("version", None)
        if version is None:
            raise StaleVersion(record, None, record)
        services.supervision_update(by=request.user, supervision=record, expected_version=version, data=data)
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=AcknowledgeSerializer, responses=SupervisionSerializer)
    def acknowledge(self, request: Request, supervision_id: str) -> Response:
        """The supervisee acknowledges their record (once), with an optional comment."""
        record = self.get_object()
        self.require(record.supervisee_id == request.user.pk, "Only the supervisee acknowledges their record.")
        data = self.parse(AcknowledgeSerializer, request.data)
        services.supervision_acknowledge(by=request.user, supervision=record, comment=data.get("comment") or "")
        return Response(self.shown([self.get_object()])[0])


urlpatterns = [
    path(
        "supervisions/",
        SupervisionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-supervisions",
    ),
    path(
        "supervisions/<uuid:supervision_id>/",
        SupervisionViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-supervision",
    ),
    path(
        "supervisions/<uuid:supervision_id>/acknowledge/",
        SupervisionViewSet.as_view({"post": "acknowledge"}),
        name="api-supervision-acknowledge",
    ),
]
