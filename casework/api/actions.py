"""/api/v1/actions/ (API.md "Supervision and decisions"): actions with their owner and due date.

Read by whoever may open the case (and the child, for an action about one child); added and
changed by those who record on the case (its allocated worker, colleagues and manager:
PERMISSIONS.md); completed with a note by the owner or a manager of the team holding the case.
Actions from supervision are added with the supervision record, not here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors, selectors_actions
from casework.api.base import CaseworkViewSet, user_named
from casework.api.serializers_actions import (
    ActionCompleteSerializer,
    ActionFilterSerializer,
    ActionInputSerializer,
    ActionPatchSerializer,
    ActionSerializer,
)
from casework.api.visits import record_can_write
from casework.core.access_log import log_access
from casework.models import Action, ActionStatus, Case, Plan
from casework.services import actions as action_services
from families.models import Person
from families.selectors import person_list_for_user

NOT_HOLDING = "Only the team holding the case can add or change its actions."


class ActionViewSet(CaseworkViewSet):
    serializer_class = ActionSerializer

    def get_object(self) -> Action:
        return selectors_actions.action_get_for_user(user=self.request.user, action_id=self.kwargs["action_id"])

    def shown(self, records: list[Action]) -> list[dict[str, Any]]:
        """The actions, their children (or, for a whole-case action, the case's children the
        user may open) written to the access log in one go."""
        records = list(records)
        whole_case = {a.case_id for a in records if a.child_id is None}
        children = {a.child_id: a.child for a in records if a.child_id is not None}
        if whole_case:
            others = person_list_for_user(user=self.request.user).filter(episodes__case_id__in=whole_case).distinct()
            children.update({p.pk: p for p in others})
        log_access(self.request, what="API: action", people=list(children.values()))
        return ActionSerializer(records, many=True, context=self.get_serializer_context()).data

    def one(self, record: Action, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.shown([record])[0], status=code)

    @extend_schema(parameters=[ActionFilterSerializer], description="Actions on cases you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(ActionFilterSerializer, request.query_params)
        records = selectors_actions.action_list_for_user(user=request.user)
        for name in ("owner", "case", "child"):
            if query.get(name):
                records = records.filter(**{f"{name}_id": query[name]})
        if query.get("status"):
            records = records.filter(status=query["status"])
        return self.get_paginated_response(self.shown(self.page(records.order_by("due_date", "created_at", "id"))))

    def writable_case(self, case_id: Any) -> Case:
        case = selectors.case_get_for_user(user=self.request.user, case_id=case_id)
        self.require(record_can_write(user=self.request.user, case=case), NOT_HOLDING)
        return case

    def child_of(self, case: Case, child_id: Any) -> Person | None:
        if not child_id:
            return None
        child = person_list_for_user(user=self.request.user).filter(pk=child_id, episodes__case=case).first()
        if child is None:
            raise ValidationError({"child": ["Choose a child of this case"]})
        return child

    @staticmethod
    def plan_of(case: Case, plan_id: Any) -> Plan | None:
        if not plan_id:
            return None
        plan = Plan.objects.filter(pk=plan_id, case=case).first()
        if plan is None:
            raise ValidationError({"plan": ["Choose a plan of this case"]})
        return plan

    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(ActionInputSerializer, request.data)
        case = self.writable_case(data["case"])
        record = action_services.action_create(
            by=request.user,
            case=case,
            action=data.get("action") or "",
            owner=user_named(data.get("owner"), "owner"),
            due_date=data.get("due_date"),
            child=self.child_of(case, data.get("child")),
            source=data.get("source") or "other",
            plan=self.plan_of(case, data.get("plan")),
        )
        return self.one(record, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, action_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=ActionPatchSerializer, responses={200: ActionSerializer})
    def partial_update(self, request: Request, action_id: str) -> Response:
        record = self.get_object()
        if record.status == ActionStatus.OPEN:
            self.require(
                action_services.action_can_change(user=request.user, action=record),
                "Only the person who added the action, or a manager of the team, can change it.",
            )
        data = self.parse(ActionPatchSerializer, request.data)
        version = data.pop("version", None)
        if "owner" in data:
            data["owner"] = user_named(data["owner"], "owner")
        action_services.action_update(by=request.user, action=record, data=data, expected_version=version)
        return self.one(record)

    @extend_schema(request=ActionCompleteSerializer, responses={200: ActionSerializer})
    def complete(self, request: Request, action_id: str) -> Response:
        record = self.get_object()
        if record.status == ActionStatus.OPEN:
            self.require(
                action_services.action_can_complete(user=request.user, action=record),
                "Only the action's owner, or a manager of the team, can complete it.",
            )
        data = self.parse(ActionCompleteSerializer, request.data)
        action_services.action_complete(
            by=request.user, action=record, note=data.get("note") or "", expected_version=data.get("version")
        )
        return self.one(record)


urlpatterns = [
    path("actions/", ActionViewSet.as_view({"get": "list", "post": "create"}), name="api-actions"),
    path(
        "actions/<uuid:action_id>/",
        ActionViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-action",
    ),
    path("actions/<uuid:action_id>/complete/", ActionViewSet.as_view({"post": "complete"}), name="api-action-complete"),
]
