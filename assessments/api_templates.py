"""/api/v1/assessment-templates/ (API.md "Assessments"): the published assessment templates, read
by any signed-in user. The list holds the latest published version of each key
(`understanding-families` is always there); a key, or a key and a version, picks one. A version
that was published stays readable after it is retired: assessments begun on it still use it.
Drafts are never shown here: they are managed on the performance officers' pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.kinds import KIND_LABELS, SECTION_KINDS
from assessments.models import AssessmentTemplate
from assessments.schema import MAX_KEY, VIEWPOINTS
from assessments.selectors_templates import template_published, templates_published


class TemplateSectionSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(
        choices=[(kind, KIND_LABELS[kind]) for kind in SECTION_KINDS],
        read_only=True,
        help_text="What the section holds (pre-filled kinds are read from the record).",
    )
    help = serializers.CharField(read_only=True, help_text="The guidance workers read while writing the section.")
    required = serializers.BooleanField(read_only=True, default=False, help_text="Needed before submitting.")
    family_copy = serializers.BooleanField(
        read_only=True, default=True, help_text="Printed in the family's copy of the assessment."
    )
    anchors = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        required=False,
        help_text='Scale sections only: what points of the 0-10 scale mean, e.g. {"0": "...", "10": "..."}.',
    )
    viewpoints = serializers.ListField(
        child=serializers.ChoiceField(choices=[(v, v) for v in VIEWPOINTS]),
        read_only=True,
        required=False,
        help_text="Scale sections only: whose scores the section asks for.",
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.get("kind") != "scale":
            data.pop("anchors", None)
            data.pop("viewpoints", None)
        return data


class AssessmentTemplateSerializer(serializers.Serializer):
    """A published version of an assessment template: its sections in order."""

    key = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    retired = serializers.SerializerMethodField(help_text="True when no new assessment starts on this version.")
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    sections = TemplateSectionSerializer(many=True, read_only=True)

    def get_retired(self, template: AssessmentTemplate) -> bool:
        return template.status == "retired"


class TemplateFilterSerializer(serializers.Serializer):
    key = serializers.SlugField(required=False, max_length=MAX_KEY, help_text="Only this template.")
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=100000, help_text="Only this version (with key)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" in attrs and "key" not in attrs:
            raise serializers.ValidationError({"version": ["Give the template's key with its version"]})
        return attrs


class _TemplateView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    def shown(self, template: AssessmentTemplate) -> dict[str, Any]:
        return AssessmentTemplateSerializer(template).data


class AssessmentTemplateListView(_TemplateView):
    @extend_schema(
        parameters=[TemplateFilterSerializer],
        responses=AssessmentTemplateSerializer(many=True),
        description="The latest published version of each assessment template (understanding-families is "
        "always present); ?key= picks one template, ?key=&version= one version. Not paginated.",
    )
    def get(self, request: Request) -> Response:
        query = TemplateFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        key, version = query.validated_data.get("key"), query.validated_data.get("version")
        if key:
            try:
                return Response([self.shown(template_published(key=key, version=version))])
            except Http404:  # a filter that matches nothing is an empty list, not an error
                return Response([])
        return Response([self.shown(t) for t in templates_published()])


class AssessmentTemplateDetailView(_TemplateView):
    @extend_schema(responses=AssessmentTemplateSerializer, description="The latest published version of a template.")
    def get(self, request: Request, key: str) -> Response:
        return Response(self.shown(template_published(key=key)))


class AssessmentTemplateVersionView(_TemplateView):
    @extend_schema(
        responses=AssessmentTemplateSerializer,
        description="One version that was published (it may since have been retired); 404 for drafts.",
    )
    def get(self, request: Request, key: str, version: int) -> Response:
        return Response(self.shown(template_published(key=key, version=version)))


urlpatterns = [
    path("assessment-templates/", AssessmentTemplateListView.as_view(), name="api-assessment-templates"),
    path("assessment-templates/<slug:key>/", AssessmentTemplateDetailView.as_view(), name="api-assessment-template"),
    path(
        "assessment-templates/<slug:key>/versions/<int:version>/",
        AssessmentTemplateVersionView.as_view(),
        name="api-assessment-template-version",
    ),
]
