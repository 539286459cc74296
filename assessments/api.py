"""/api/v1/assessments/ (API.md "Assessments"): started by the team holding the case for children
with open episodes there, written while a draft or returned (PATCH with the version read: stale →
409, nothing saved), submitted (POST .../submit/), returned by a manager with a reason
(POST .../return/), authorised by a manager of the case's team who is not its author
(POST .../authorise/); the time frame is agreed by a manager (POST .../agree_timeframe/) and
proposed or revised with a reason (POST .../propose_timeframe/: our extension of API.md).
Read by whoever may open the children's records; authorised assessments are read-only (400)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import services
from assessments.models import Assessment
from assessments.selectors import assessment_get_for_user, assessment_list_for_user
from assessments.serializers import (
    AssessmentFilterSerializer,
    AssessmentInputSerializer,
    AssessmentPatchSerializer,
    AssessmentSerializer,
    AuthoriseSerializer,
    ProposeTimeframeSerializer,
    ReturnSerializer,
    VersionSerializer,
)
from casework import selectors as case_selectors
from casework.api.base import CaseworkViewSet
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from families.selectors import person_list_for_user

ERRORS = {
    400: OpenApiResponse(description="Bad input or a rule of the workflow, by field"),
    403: OpenApiResponse(description="Your role or team may read this assessment but not do this"),
    404: OpenApiResponse(description="Not found, or outside your access"),
    409: OpenApiResponse(description="Stale version: someone else saved first; nothing was saved"),
}


class AssessmentViewSet(CaseworkViewSet):
    serializer_class = AssessmentSerializer

    def get_object(self) -> Assessment:
        return assessment_get_for_user(user=self.request.user, assessment_id=self.kwargs["assessment_id"])

    def shown(self, assessments: list[Assessment]) -> list[dict[str, Any]]:
        assessments = list(assessments)
        prefetch_related_objects(assessments, "subjects__child", "subjects__episode")
        log_access(
            self.request,
            what="API: assessment",
            people=[row.child for a in assessments for row in a.subjects.all()],
        )
        return AssessmentSerializer(assessments, many=True, context=self.get_serializer_context()).data

    def one(self, assessment: Assessment, code: int = status.HTTP_200_OK) -> Response:
        fresh = assessment_get_for_user(user=self.request.user, assessment_id=assessment.pk)
        return Response(self.shown([fresh])[0], status=code)

    @extend_schema(
        parameters=[AssessmentFilterSerializer],
        description="Assessments of children you may open (`?case=`, `?child=`, `?status=`).",
    )
    def list(self, request: Request) -> Response:
        query = self.parse(AssessmentFilterSerializer, request.query_params)
        rows: QuerySet[Assessment] = assessment_list_for_user(user=request.user)
        if query.get("case"):
            rows = rows.filter(case_id=query["case"])
        if query.get("child"):
            rows = rows.filter(subjects__child_id=query["child"])
        if query.get("status"):
            rows = rows.filter(status=query["status"])
        return self.get_paginated_response(self.shown(self.page(rows.order_by("-created_at", "id"))))

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Start an assessment (the latest published version of its template) for children with
        open episodes in a case your team holds; a proposed due date needs its reason."""
        user = request.user
        self.require(user.role in WRITING_ROLES, "Your role cannot write assessments.")
        data = self.parse(AssessmentInputSerializer, request.data)
        case = case_selectors.case_get_for_user(user=user, case_id=data["case"])
        wanted = list(dict.fromkeys(data["children"]))
        found = {p.pk: p for p in person_list_for_user(user=user).filter(pk__in=wanted, episodes__case=case).distinct()}
        if missing := [str(pk) for pk in wanted if pk not in found]:
            raise ValidationError({"children": [f"Not a child of this case: {', '.join(missing)}"]})
        assessment = services.assessment_start(
            user=user,
            case=case,
            children=[found[pk] for pk in wanted],
            template_key=data.get("template") or services.DEFAULT_TEMPLATE,
            start_date=data.get("start_date"),
            due_date=data.get("due_date"),
            timeframe_reason=data.get("timeframe_reason") or "",
        )
        return self.one(assessment, code=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AssessmentSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, assessment_id: str) -> Response:
        return Response(self.shown([self.get_object()])[0])

    @extend_schema(request=AssessmentPatchSerializer, responses={200: AssessmentSerializer, **ERRORS})
    def partial_update(self, request: Request, assessment_id: str) -> Response:
        """Change a draft or returned assessment: written sections (merged by key), the analysis,
        each child's outcome, the internal review date, the reason for delay. Send `version`."""
        assessment = self.get_object()
        data = self.parse(AssessmentPatchSerializer, request.data)
        outcomes = data.get("child_outcomes")
        if outcomes is not None:
            outcomes = [{**row, "child": str(row["child"])} for row in outcomes]
        services.assessment_update(
            user=request.user,
            assessment=assessment,
            expected_version=data.get("version"),
            sections=data.get("sections"),
            analysis=data.get("analysis"),
            internal_review_date=data.get("internal_review_date", services.UNSET),
            child_outcomes=outcomes,
            delay_reason_category=data.get("delay_reason_category"),
            delay_reason=data.get("delay_reason"),
        )
        return self.one(assessment)

    @extend_schema(request=VersionSerializer, responses={200: AssessmentSerializer, **ERRORS})
    def submit(self, request: Request, assessment_id: str) -> Response:
        """Submit for authorisation: needs the analysis and each child's outcome; the pre-filled
        sections are frozen as they are now."""
        assessment = self.get_object()
        version = self.parse(VersionSerializer, request.data).get("version")
        services.assessment_submit(user=request.user, assessment=assessment, expected_version=version)
        return self.one(assessment)

    @extend_schema(request=ReturnSerializer, responses={200: AssessmentSerializer, **ERRORS})
    def return_(self, request: Request, assessment_id: str) -> Response:
        """A manager of the case's team returns a submitted assessment with a reason."""
        assessment = self.get_object()
        data = self.parse(ReturnSerializer, request.data)
        services.assessment_return(
            user=request.user,
            assessment=assessment,
            expected_version=data.get("version"),
            reason=data.get("reason") or "",
        )
        return self.one(assessment)

    @extend_schema(request=AuthoriseSerializer, responses={200: AssessmentSerializer, **ERRORS})
    def authorise(self, request: Request, assessment_id: str) -> Response:
        """A manager of the case's team, never its author, authorises a submitted assessment and
        may confirm each child's primary need on their episode."""
        assessment = self.get_object()
        data = self.parse(AuthoriseSerializer, request.data)
        needs = data.get("primary_needs")
        services.assessment_authorise(
            user=request.user,
            assessment=assessment,
            expected_version=data.get("version"),
            primary_needs=dict(needs) if needs is not None else None,
        )
        return self.one(assessment)

    @extend_schema(request=VersionSerializer, responses={200: AssessmentSerializer, **ERRORS})
    def agree_timeframe(self, request: Request, assessment_id: str) -> Response:
        """A manager of the case's team who did not write the assessment agrees its time frame."""
        assessment = self.get_object()
        version = self.parse(VersionSerializer, request.data).get("version")
        services.assessment_agree_timeframe(user=request.user, assessment=assessment, expected_version=version)
        return self.one(assessment)

    @extend_schema(
        request=ProposeTimeframeSerializer,
        responses={200: AssessmentSerializer, **ERRORS},
        description="Propose the time frame, or revise it with a reason (a revision clears the manager's "
        "agreement until agreed again; every proposal is kept). An extension of API.md.",
    )
    def propose_timeframe(self, request: Request, assessment_id: str) -> Response:
        assessment = self.get_object()
        data = self.parse(ProposeTimeframeSerializer, request.data)
        services.assessment_propose_timeframe(
            user=request.user,
            assessment=assessment,
            expected_version=data.get("version"),
            due_date=data.get("due_date"),
            reason=data.get("reason") or "",
        )
        return self.one(assessment)


def _action(name: str) -> Any:
    return AssessmentViewSet.as_view({"post": name})


urlpatterns = [
    path("assessments/", AssessmentViewSet.as_view({"get": "list", "post": "create"}), name="api-assessments"),
    path(
        "assessments/<uuid:assessment_id>/",
        AssessmentViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-assessment",
    ),
    path("assessments/<uuid:assessment_id>/submit/", _action("submit"), name="api-assessment-submit"),
    path("assessments/<uuid:assessment_id>/return/", _action("return_"), name="api-assessment-return"),
    path("assessments/<uuid:assessment_id>/authorise/", _action("authorise"), name="api-assessment-authorise"),
    path(
        "assessments/<uuid:assessment_id>/agree_timeframe/",
        _action("agree_timeframe"),
        name="api-assessment-agree-timeframe",
    ),
    path(
        "assessments/<uuid:assessment_id>/propose_timeframe/",
        _action("propose_timeframe"),
        name="api-assessment-propose-timeframe",
    ),
]
