"""/api/v1/plans/ (API.md "Plans"): CIN plans drafted by the team holding the case, authorised
by one of its managers who did not write them (POST .../authorise/), reviewed with progress per
goal (POST .../reviews/) and ended with a decision record (POST .../end/: our extension of
API.md, the one way a CIN plan ends). Read by whoever may open the child's record."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors
from casework.api.base import CaseworkViewSet
from casework.api.serializers_plans import (
    PlanEndSerializer,
    PlanFilterSerializer,
    PlanInputSerializer,
    PlanPatchSerializer,
    PlanReviewInputSerializer,
    PlanSerializer,
    PlanVersionSerializer,
)
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.models import (
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    GoalProgress,
    Plan,
    PlanGoal,
    PlanKind,
    PlanReview,
)
from casework.selectors_plans import plan_can_record, plan_get_for_user, plan_list_for_user
from casework.services import plans as plan_services
from casework.services.conferences import cp_plan_update
from families.selectors import person_list_for_user

CANNOT_RECORD = plan_services.CANNOT_RECORD


STARTED_BY_CONFERENCE = "A child protection plan is started by a conference: record the initial conference"


def _cp_reviews(plans: list[Plan]) -> dict[Any, list[Any]]:
    """A CP plan's reviews: its core groups and review conferences, newest first (fixed queries)."""
    cp = [plan.pk for plan in plans if plan.kind == PlanKind.CP]
    if not cp:
        return {}
    progress = GoalProgress.objects.order_by("goal__position", "id")
    found: dict[Any, list[Any]] = {pk: [] for pk in cp}
    for group in CoreGroup.objects.filter(plan_id__in=cp).prefetch_related(Prefetch("progress", queryset=progress)):
        group.review_kind = "core_group"
        found[group.plan_id].append(group)
    outcomes = ConferenceOutcome.objects.filter(plan_id__in=cp, conference__kind=ConferenceKind.REVIEW)
    for outcome in outcomes.select_related("conference").prefetch_related(
        Prefetch("conference__progress", queryset=progress.select_related("goal"))
    ):
        conference = outcome.conference
        found[outcome.plan_id].append(
            SimpleNamespace(
                id=conference.pk,
                date=conference.date,
                attendees=conference.attendees,
                summary=conference.summary,
                recorded_by_id=conference.recorded_by_id,
                progress=[p for p in conference.progress.all() if p.goal.plan_id == outcome.plan_id],
                review_kind="review_conference",
            )
        )
    return {pk: sorted(rows, key=lambda r: r.date, reverse=True) for pk, rows in found.items()}


def _goal_rows(goals: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if goals is None:
        return None
    return [{**g, "id": str(g["id"]) if g.get("id") else None} for g in goals]


class PlanViewSet(CaseworkViewSet):
    serializer_class = PlanSerializer

    def get_object(self) -> Plan:
        return plan_get_for_user(user=self.request.user, plan_id=self.kwargs["plan_id"])

    def shown(self, plans: list[Plan]) -> list[dict[str, Any]]:
        """The plans with goals (latest progress) and reviews, in a fixed number of queries."""
        plans = list(plans)
        history = GoalProgress.objects.order_by("date", "id")
        goals = PlanGoal.objects.prefetch_related(
            Prefetch("progress_history", queryset=history, to_attr="progress_rows")
        )
        prefetch_related_objects(plans, Prefetch("goals", queryset=goals), Prefetch("reviews", queryset=self.reviews()))
        for plan in plans:
            for goal in plan.goals.all():
                goal.latest = goal.progress_rows[-1] if goal.progress_rows else None
        log_access(self.request, what="API: plan", people=[plan.child for plan in plans])
        context = {
            **self.get_serializer_context(),
            "goals": {plan.pk: list(plan.goals.all()) for plan in plans},
            "reviews": {plan.pk: list(plan.reviews.all()) for plan in plans} | _cp_reviews(plans),
        }
        return PlanSerializer(plans, many=True, context=context).data

    @staticmethod
    def reviews() -> QuerySet:
        progress = GoalProgress.objects.order_by("goal__position", "id")
        return PlanReview.objects.prefetch_related(Prefetch("progress", queryset=progress))

    def one(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.shown([self.get_object_by_pk(plan.pk)])[0], status=code)

    def get_object_by_pk(self, pk: Any) -> Plan:
        return plan_get_for_user(user=self.request.user, plan_id=pk)

    def writable(self) -> Plan:
        plan = self.get_object()
        self.require(plan_can_record(user=self.request.user, plan=plan), CANNOT_RECORD)
        return plan

    @extend_schema(parameters=[PlanFilterSerializer], description="Plans of children you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(PlanFilterSerializer, request.query_params)
        plans = plan_list_for_user(user=request.user)
        for name in ("case", "child", "status", "kind"):
            if query.get(name):
                plans = plans.filter(**{f"{name}_id" if name in ("case", "child") else name: query[name]})
        return self.get_paginated_response(self.shown(self.page(plans.order_by("-created_at", "id"))))

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        """Draft a CIN plan for a child with an open episode in a case your team holds."""
        user = request.user
        self.require(user.role in WRITING_ROLES, "Your role cannot draft plans.")
        data = self.parse(PlanInputSerializer, request.data)
        case = selectors.case_get_for_user(user=user, case_id=data.pop("case"))
        child = person_list_for_user(user=user).filter(pk=data.pop("child"), episodes__case=case).first()
        if child is None:
            raise ValidationError({"child": ["Choose a child of this case"]})
        if data.pop("kind", PlanKind.CIN) == PlanKind.CP:
            raise ValidationError({"kind": [STARTED_BY_CONFERENCE]})
        goals = _goal_rows(data.pop("goals", None)) or []
        plan = plan_services.plan_create(by=user, case=case, child=child, data=data, goals=goals)
        return self.one(plan, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, plan_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=PlanPatchSerializer, responses=PlanSerializer)
    def partial_update(self, request: Request, plan_id: str) -> Response:
        """Change a draft (send its version); an authorised CIN plan moves on at its reviews; an
        open CP plan's visiting frequency and goals may change (its categories and dates may not)."""
        plan = self.writable()
        data = self.parse(PlanPatchSerializer, request.data)
        version = data.pop("version", None)
        goals = _goal_rows(data.pop("goals", None))
        update = cp_plan_update if plan.kind == PlanKind.CP else plan_services.plan_update
        update(by=request.user, plan=plan, data=data, goals=goals, expected_version=version)
        return self.one(plan)

    @extend_schema(request=PlanVersionSerializer, responses=PlanSerializer)
    def authorise(self, request: Request, plan_id: str) -> Response:
        """A manager of the team holding the case, never the plan's author, authorises a draft."""
        plan = self.get_object()
        version = self.parse(PlanVersionSerializer, request.data).get("version")
        plan_services.plan_authorise(by=request.user, plan=plan, expected_version=version)
        return self.one(plan)

    @extend_schema(request=PlanReviewInputSerializer, responses={201: PlanSerializer})
    def review(self, request: Request, plan_id: str) -> Response:
        """Record a CIN plan review: attendees, a summary, progress (0-10) per goal at most once."""
        plan = self.writable()
        data = self.parse(PlanReviewInputSerializer, request.data)
        progress = [{**row, "goal": str(row["goal"])} for row in data.get("goal_progress") or []]
        plan_services.plan_review(
            by=request.user,
            plan=plan,
            date=data.get("date"),
            attendees=data.get("attendees") or [],
            summary=data.get("summary") or "",
            goal_progress=progress,
        )
        return self.one(plan, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanEndSerializer,
        responses=PlanSerializer,
        description="End a CIN plan, or step down, with a decision record (an extension of API.md).",
    )
    def end(self, request: Request, plan_id: str) -> Response:
        plan = self.writable()
        data = self.parse(PlanEndSerializer, request.data)
        plan_services.plan_end(
            by=request.user,
            plan=plan,
            end_date=data.get("end_date"),
            reason=data.get("reason") or "",
            kind=data.get("kind") or "end_plan",
            expected_version=data.get("version"),
        )
        return self.one(plan)


def _action(name: str) -> Any:
    return PlanViewSet.as_view({"post": name})


urlpatterns = [
    path("plans/", PlanViewSet.as_view({"get": "list", "post": "create"}), name="api-plans"),
    path(
        "plans/<uuid:plan_id>/",
        PlanViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-plan",
    ),
    path("plans/<uuid:plan_id>/authorise/", _action("authorise"), name="api-plan-authorise"),
    path("plans/<uuid:plan_id>/reviews/", _action("review"), name="api-plan-reviews"),
    path("plans/<uuid:plan_id>/end/", _action("end"), name="api-plan-end"),
]
