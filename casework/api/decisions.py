"""/api/v1/decisions/: significant decisions with the options considered and the rationale
(API.md "Supervision and decisions"). Records are kept as made: no PATCH (405)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors, services
from casework.api.base import CaseworkViewSet, user_named
from casework.api.serializers import DecisionFilterSerializer, DecisionRecordInputSerializer, DecisionRecordSerializer
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.models import DecisionRecord
from families.selectors import person_list_for_user, visible_person_ids


class DecisionViewSet(CaseworkViewSet):
    serializer_class = DecisionRecordSerializer

    def get_object(self) -> DecisionRecord:
        return selectors.decision_get_for_user(user=self.request.user, decision_id=self.kwargs["decision_id"])

    def shown(self, records: list[DecisionRecord]) -> list[dict[str, Any]]:
        """The records with the children this user may open (logged as viewed)."""
        records = list(records)
        prefetch_related_objects(records, "children")
        children = {child.pk: child for record in records for child in record.children.all()}
        visible = visible_person_ids(user=self.request.user, person_ids=list(children))
        log_access(self.request, what="API: decision record", people=[children[pk] for pk in visible])
        context = {**self.get_serializer_context(), "visible_children": visible}
        return DecisionRecordSerializer(records, many=True, context=context).data

    @extend_schema(parameters=[DecisionFilterSerializer], description="Decisions about children you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(DecisionFilterSerializer, request.query_params)
        records = selectors.decision_list_for_user(user=request.user)
        if query.get("case"):
            records = records.filter(case_id=query["case"])
        if query.get("child"):
            records = records.filter(children__id=query["child"])
        page = self.page(records.order_by("-date", "-created_at", "id"))
        return self.get_paginated_response(self.shown(page))

    @extend_schema(request=DecisionRecordInputSerializer, responses={201: DecisionRecordSerializer})
    def create(self, request: Request) -> Response:
        user = request.user
        self.require(user.role in WRITING_ROLES, "Your role cannot record decisions.")
        data = self.parse(DecisionRecordInputSerializer, request.data)
        case = selectors.case_get_for_user(user=user, case_id=data["case"])
        wanted = list(dict.fromkeys(data.get("children") or []))
        # Children of this case the user may open; any other id is "not a child of this case".
        children = list(
            person_list_for_user(user=user).filter(pk__in=wanted, episodes__case=case).distinct().order_by("pk")
        )
        if len(children) != len(wanted):
            raise ValidationError({"children": ["Choose children of this case"]})
        record = services.decision_record(
            by=user,
            case=case,
            children=children,
            kind=data.get("kind") or "",
            decision=data.get("decision") or "",
            options_considered=data.get("options_considered") or "",
            rationale=data.get("rationale") or "",
            agreed_by=user_named(data.get("agreed_by"), "agreed_by"),
            date=data.get("date"),
        )
        return Response(self.shown([record])[0], status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, decision_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])
