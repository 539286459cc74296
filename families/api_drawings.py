"""Genogram and eco-map SVG endpoints (API.md "Chronology, genogram, eco-map").

`image/svg+xml`, drawn by the same code as the pages; the same access rules (404 outside the
user's access or for a restricted record they may not open), and every drawing read is written
to the access log. Bad input (an `as_at` that is not a past date) answers 400 naming the field.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from casework.core.access_log import log_access
from families import selectors
from families.ecomap import draw_ecomap
from families.views.drawings import allow_styles, genogram_for, people_drawn

SVG = "image/svg+xml"
SVG_RESPONSES = {
    (200, SVG): OpenApiTypes.STR,
    400: OpenApiResponse(description="Bad query parameters, by field"),
    404: OpenApiResponse(description="Not found, or outside your access"),
}


class AsAtQuerySerializer(serializers.Serializer):
    as_at = serializers.DateField(
        required=False,
        help_text="Draw the family as it was on this date (YYYY-MM-DD, today or earlier). Default: today.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2024-03-27."},
    )

    def validate_as_at(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError("The date must be today or in the past.")
        return value


def svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type=f"{SVG}; charset=utf-8")
    response["Cache-Control"] = "private, no-store"  # a child's record: never kept by a cache
    return allow_styles(response, svg)


class DrawingView(APIView):
    """A drawing is a file, whatever Accept says; errors are JSON."""

    def perform_content_negotiation(self, request: Request, force: bool = False):
        return super().perform_content_negotiation(request, force=True)


class FamilyGenogramView(DrawingView):
    @extend_schema(parameters=[AsAtQuerySerializer], responses=SVG_RESPONSES, operation_id="families_genogram_svg")
    def get(self, request: Request, family_id: UUID) -> HttpResponse:
        """The family's genogram: each person a `<g data-person-id>`, each tie `data-relationship-id`."""
        family = selectors.family_get_for_user(user=request.user, family_id=family_id)
        query = AsAtQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        drawing = genogram_for(family=family, user=request.user, as_at=query.validated_data.get("as_at"))
        log_access(request, what="API: family genogram", people=people_drawn(drawing), family=family)
        return svg_response(drawing.svg)


class FamilyEcomapView(DrawingView):
    @extend_schema(responses=SVG_RESPONSES, operation_id="families_ecomap_svg")
    def get(self, request: Request, family_id: UUID) -> HttpResponse:
        """The family at the centre, its members' connections and professionals around it."""
        family = selectors.family_get_for_user(user=request.user, family_id=family_id)
        drawing = draw_ecomap(family=family, user=request.user)
        log_access(request, what="API: family eco-map", people=drawing.people, family=family)
        return svg_response(drawing.svg)


class PersonEcomapView(DrawingView):
    @extend_schema(responses=SVG_RESPONSES, operation_id="people_ecomap_svg")
    def get(self, request: Request, person_id: UUID) -> HttpResponse:
        """The person at the centre: `data-connection-id` and `data-professional-id` on each tie."""
        person = selectors.person_get_for_user(user=request.user, person_id=person_id)
        drawing = draw_ecomap(person=person, user=request.user)
        log_access(request, what="API: eco-map", people=[person])
        return svg_response(drawing.svg)


urlpatterns = [
    path("families/<uuid:family_id>/genogram.svg", FamilyGenogramView.as_view(), name="api-family-genogram"),
    path("families/<uuid:family_id>/ecomap.svg", FamilyEcomapView.as_view(), name="api-family-ecomap"),
    path("people/<uuid:person_id>/ecomap.svg", PersonEcomapView.as_view(), name="api-person-ecomap"),
]
