"""/api/v1/strategy-discussions/ and /api/v1/section47/ (API.md "Child protection").

Discussions are recorded by the team holding the case and corrected with a PATCH (its
version); a Section 47 enquiry is never POSTed: a discussion deciding `s47` or
`immediate_protection` starts it, and a PATCH with `outcome` and `completed_date` completes it.
Read by whoever may open the child's record."""

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
from casework.api.serializers_strategy import (
    Section47FilterSerializer,
    Section47PatchSerializer,
    Section47Serializer,
    StrategyDiscussionInputSerializer,
    StrategyDiscussionPatchSerializer,
    StrategyDiscussionSerializer,
    StrategyFilterSerializer,
)
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.models import Section47, StrategyDiscussion
from casework.selectors_strategy import (
    section47_get_for_user,
    section47_list_for_user,
    strategy_can_record,
    strategy_discussion_get_for_user,
    strategy_discussion_list_for_user,
)
from casework.services import strategy as strategy_services
from families.selectors import person_list_for_user

CANNOT_RECORD = strategy_services.CANNOT_RECORD


class StrategyDiscussionViewSet(CaseworkViewSet):
    serializer_class = StrategyDiscussionSerializer

    def get_object(self, pk: Any = None) -> StrategyDiscussion:
        return strategy_discussion_get_for_user(
            user=self.request.user, discussion_id=pk or self.kwargs["discussion_id"]
        )

    def shown(self, discussions: list[StrategyDiscussion]) -> list[dict[str, Any]]:
        log_access(
            self.request, what="API: strategy discussion", people=[c for d in discussions for c in d.children.all()]
        )
        return StrategyDiscussionSerializer(discussions, many=True, context=self.get_serializer_context()).data

    @extend_schema(
        parameters=[StrategyFilterSerializer], description="Strategy discussions about children you may open."
    )
    def list(self, request: Request) -> Response:
        query = self.parse(StrategyFilterSerializer, request.query_params)
        discussions = strategy_discussion_list_for_user(user=request.user)
        if query.get("case"):
            discussions = discussions.filter(case_id=query["case"])
        if query.get("child"):
            discussions = discussions.filter(children=query["child"])
        return self.get_paginated_response(self.shown(self.page(discussions.order_by("-date", "-created_at", "id"))))

    @extend_schema(request=StrategyDiscussionInputSerializer, responses={201: StrategyDiscussionSerializer})
    def create(self, request: Request) -> Response:
        """Record a strategy discussion about children of a case your team holds."""
        user = request.user
        self.require(user.role in WRITING_ROLES, "Your role cannot record strategy discussions.")
        data = self.parse(StrategyDiscussionInputSerializer, request.data)
        case = selectors.case_get_for_user(user=user, case_id=data["case"])
        ids = list(dict.fromkeys(data["children"]))
        children = list(person_list_for_user(user=user).filter(pk__in=ids, episodes__case=case).distinct())
        if len(children) != len(ids):
            raise ValidationError({"children": ["Choose children of this case"]})
        discussion = strategy_services.strategy_discussion_record(
            by=user,
            case=case,
            children=children,
            date=data.get("date"),
            agencies=data.get("agencies") or [],
            information=data.get("information") or "",
            decision=data.get("decision") or "",
            reasoning=data.get("reasoning") or "",
        )
        return Response(self.shown([self.get_object(discussion.pk)])[0], status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, discussion_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=StrategyDiscussionPatchSerializer, responses=StrategyDiscussionSerializer)
    def partial_update(self, request: Request, discussion_id: str) -> Response:
        """Correct a discussion (send its version); enquiry dates and targets are derived again."""
        discussion = self.get_object()
        children = list(discussion.children.all())
        self.require(strategy_can_record(user=request.user, case=discussion.case, children=children), CANNOT_RECORD)
        data = self.parse(StrategyDiscussionPatchSerializer, request.data)
        version = data.pop("version", None)
        strategy_services.strategy_discussion_update(
            by=request.user, discussion=discussion, data=data, expected_version=version
        )
        return Response(self.shown([self.get_object()])[0])


class Section47ViewSet(CaseworkViewSet):
    serializer_class = Section47Serializer

    def get_object(self) -> Section47:
        return section47_get_for_user(user=self.request.user, s47_id=self.kwargs["s47_id"])

    def shown(self, enquiries: list[Section47]) -> list[dict[str, Any]]:
        log_access(self.request, what="API: Section 47 enquiry", people=[s.child for s in enquiries])
        return Section47Serializer(enquiries, many=True, context=self.get_serializer_context()).data

    @extend_schema(
        parameters=[Section47FilterSerializer],
        description="Section 47 enquiries of children you may open. They are started by strategy "
        "discussions (POST /api/v1/strategy-discussions/), never created here.",
    )
    def list(self, request: Request) -> Response:
        query = self.parse(Section47FilterSerializer, request.query_params)
        enquiries = section47_list_for_user(user=request.user)
        for name in ("case", "child"):
            if query.get(name):
                enquiries = enquiries.filter(**{f"{name}_id": query[name]})
        if query.get("open") is not None:
            enquiries = enquiries.filter(completed_date__isnull=query["open"])
        return self.get_paginated_response(
            self.shown(self.page(enquiries.order_by("-start_date", "-created_at", "id")))
        )

    def retrieve(self, request: Request, s47_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=Section47PatchSerializer, responses=Section47Serializer)
    def partial_update(self, request: Request, s47_id: str) -> Response:
        """Complete the enquiry: `outcome`, `completed_date` (not before the start) and `findings`."""
        s47 = self.get_object()
        self.require(strategy_can_record(user=request.user, case=s47.case, children=[s47.child]), CANNOT_RECORD)
        data = self.parse(Section47PatchSerializer, request.data)
        strategy_services.section47_complete(
            by=request.user,
            s47=s47,
            outcome=data.get("outcome"),
            completed_date=data.get("completed_date"),
            findings=data.get("findings") or "",
            expected_version=data.get("version"),
        )
        return Response(self.shown([self.get_object()])[0])


urlpatterns = [
    path(
        "strategy-discussions/",
        StrategyDiscussionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-strategy-discussions",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/",
        StrategyDiscussionViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-strategy-discussion",
    ),
    path("section47/", Section47ViewSet.as_view({"get": "list"}), name="api-section47s"),
    path(
        "section47/<uuid:s47_id>/",
        Section47ViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-section47",
    ),
]
