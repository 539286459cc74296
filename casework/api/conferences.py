"""/api/v1/conferences/ and /api/v1/core-groups/ (API.md "Child protection"). A conference is
recorded with its decision per child (plans start, continue or end with it); a PATCH corrects
its chair, attendees, participation and summary only, never the decisions. Core groups are
recorded on open CP plans. Read by whoever may open the children's records."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors
from casework.api.base import CaseworkViewSet
from casework.api.serializers_conferences import (
    ConferenceFilterSerializer,
    ConferenceInputSerializer,
    ConferencePatchSerializer,
    ConferenceSerializer,
    CoreGroupFilterSerializer,
    CoreGroupInputSerializer,
    CoreGroupSerializer,
)
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.selectors_conferences import (
    conference_get_for_user,
    conference_list_for_user,
    core_group_get_for_user,
    core_group_list_for_user,
)
from casework.selectors_plans import plan_get_for_user
from casework.services import conferences as conference_services
from families.selectors import person_list_for_user

CANNOT_RECORD = conference_services.CANNOT_RECORD


def _progress(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{**row, "goal": str(row["goal"])} for row in rows or []]


class ConferenceViewSet(CaseworkViewSet):
    serializer_class = ConferenceSerializer

    def shown(self, conferences: list[Any]) -> Any:
        people = [o.child for c in conferences for o in c.outcomes.all()]
        log_access(self.request, what="API: conference", people=people)
        return ConferenceSerializer(conferences, many=True, context=self.get_serializer_context()).data

    def one(self, conference_id: Any, code: int = status.HTTP_200_OK) -> Response:
        conference = conference_get_for_user(user=self.request.user, conference_id=conference_id)
        return Response(self.shown([conference])[0], status=code)

    @extend_schema(parameters=[ConferenceFilterSerializer], description="Conferences about children you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(ConferenceFilterSerializer, request.query_params)
        conferences = conference_list_for_user(user=request.user)
        if query.get("case"):
            conferences = conferences.filter(case_id=query["case"])
        if query.get("child"):
            conferences = conferences.filter(outcomes__child_id=query["child"])
        if query.get("kind"):
            conferences = conferences.filter(kind=query["kind"])
        return self.get_paginated_response(self.shown(self.page(conferences.order_by("-date", "id"))))

    @extend_schema(request=ConferenceInputSerializer, responses={201: ConferenceSerializer})
    def create(self, request: Request) -> Response:
        """Record a conference: an initial or transfer-in conference deciding `cp_plan` starts a
        plan on its date; a review deciding `end_plan` ends it."""
        user = request.user
        self.require(user.role in WRITING_ROLES, CANNOT_RECORD)
        data = self.parse(ConferenceInputSerializer, request.data)
        case = selectors.case_get_for_user(user=user, case_id=data.pop("case"))
        people = {str(p.pk): p for p in person_list_for_user(user=user).filter(episodes__case=case).distinct()}
        outcomes = []
        for row in data.pop("outcomes"):
            child = people.get(str(row["child"]))
            if child is None:
                raise ValidationError({"outcomes": ["Choose children of this case"]})
            outcomes.append({**row, "child": child})
        conference = conference_services.conference_record(
            by=user,
            case=case,
            kind=data["kind"],
            date=data.get("date"),
            chair=data.get("chair") or "",
            attendees=data.get("attendees") or [],
            parents_participation=data.get("parents_participation") or "",
            child_participation=data.get("child_participation") or "",
            summary=data.get("summary") or "",
            outcomes=outcomes,
            goal_progress=_progress(data.get("goal_progress")),
        )
        return self.one(conference.pk, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, conference_id: str) -> Response:
        return self.one(conference_id)

    @extend_schema(request=ConferencePatchSerializer, responses=ConferenceSerializer)
    def partial_update(self, request: Request, conference_id: str) -> Response:
        """Correct the record of the conference (send its version); its decisions stand."""
        conference = conference_get_for_user(user=request.user, conference_id=conference_id)
        self.require(request.user.role in WRITING_ROLES, CANNOT_RECORD)
        data = self.parse(ConferencePatchSerializer, request.data)
        version = data.pop("version", None)
        conference_services.conference_update(
            by=request.user, conference=conference, data=data, expected_version=version
        )
        return self.one(conference.pk)


class CoreGroupViewSet(CaseworkViewSet):
    serializer_class = CoreGroupSerializer

    def one(self, group_id: Any, code: int = status.HTTP_200_OK) -> Response:
        group = core_group_get_for_user(user=self.request.user, core_group_id=group_id)
        log_access(self.request, what="API: core group", people=[group.plan.child])
        return Response(CoreGroupSerializer(group, context=self.get_serializer_context()).data, status=code)

    @extend_schema(parameters=[CoreGroupFilterSerializer], description="Core groups of plans you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(CoreGroupFilterSerializer, request.query_params)
        groups = core_group_list_for_user(user=request.user)
        if query.get("plan"):
            groups = groups.filter(plan_id=query["plan"])
        rows = self.page(groups.order_by("-date", "id"))
        log_access(request, what="API: core group", people=[g.plan.child for g in rows])
        data = CoreGroupSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(request=CoreGroupInputSerializer, responses={201: CoreGroupSerializer})
    def create(self, request: Request) -> Response:
        """Record a core group on an open child protection plan, with progress (0-10) per goal."""
        user = request.user
        self.require(user.role in WRITING_ROLES, CANNOT_RECORD)
        data = self.parse(CoreGroupInputSerializer, request.data)
        plan = plan_get_for_user(user=user, plan_id=data["plan"])
        group = conference_services.core_group_record(
            by=user,
            plan=plan,
            date=data.get("date"),
            attendees=data.get("attendees") or [],
            summary=data.get("summary") or "",
            goal_progress=_progress(data.get("goal_progress")),
        )
        return self.one(group.pk, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, core_group_id: str) -> Response:
        return self.one(core_group_id)


urlpatterns = [
    path("conferences/", ConferenceViewSet.as_view({"get": "list", "post": "create"}), name="api-conferences"),
    path(
        "conferences/<uuid:conference_id>/",
        ConferenceViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-conference",
    ),
    path("core-groups/", CoreGroupViewSet.as_view({"get": "list", "post": "create"}), name="api-core-groups"),
    path("core-groups/<uuid:core_group_id>/", CoreGroupViewSet.as_view({"get": "retrieve"}), name="api-core-group"),
]
