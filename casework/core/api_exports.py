"""/api/v1/exports/: request an export, follow its progress, fetch the file (API.md, "Exports")."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.core.exports import (
    export_for_download,
    export_get_for_user,
    export_is_expired,
    export_kind,
    export_kinds,
    export_list_for_user,
    export_open,
    export_request,
    export_rerun,
)
from casework.core.models import ExportJob, ExportStatus


def download_response(job: ExportJob) -> FileResponse:
    """The file as an attachment, never sniffed, never cached (pages and API alike)."""
    response = FileResponse(export_open(job), as_attachment=True, filename=job.filename, content_type=job.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


class ExportJobSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "label",
            "parameters",
            "status",
            "progress",
            "error",
            "filename",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_label(self, job: ExportJob) -> str:
        entry = export_kind(job.kind)
        return entry.label if entry else job.kind

    def get_download_url(self, job: ExportJob) -> str | None:
        """Where to fetch the file once done (null before, and after it expires)."""
        if job.status != ExportStatus.DONE or export_is_expired(job):
            return None
        path = reverse("api-export-download", kwargs={"job_id": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ExportAcceptedSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExportJob
        fields = ["id", "kind", "status"]
        read_only_fields = fields


class NewExportSerializer(serializers.Serializer):
    """`kind`, and the kind's own parameters beside it (e.g. `person`, `year_end`)."""

    kind = serializers.ChoiceField(choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.kind, k.label) for k in export_kinds()]


class ExportListView(GenericAPIView):
    """The signed-in user's export jobs (newest first), and requesting a new one."""

    serializer_class = ExportJobSerializer

    def get_queryset(self):
        return export_list_for_user(user=self.request.user)

    @extend_schema(responses=ExportJobSerializer(many=True), description="The signed-in user's export jobs.")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=NewExportSerializer,
        responses={202: ExportAcceptedSerializer, 400: OpenApiResponse(description="Unknown kind or bad parameters")},
        description="Queue an export. Besides `kind`, the body carries the kind's parameters, "
        'e.g. `{"kind": "chronology_pdf", "person": "<id>"}`; `{"kind": "people_csv"}` takes none.',
    )
    def post(self, request: Request) -> Response:
        serializer = NewExportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parameters = {key: value for key, value in request.data.items() if key != "kind"}
        job = export_request(by=request.user, kind=serializer.validated_data["kind"], parameters=parameters)
        job.refresh_from_db()  # without a broker the job has already run
        return Response(ExportAcceptedSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailView(APIView):
    """One export job: status and progress, the reason if it failed, the download link when done."""

    @extend_schema(responses={200: ExportJobSerializer, 404: OpenApiResponse(description="Not found")})
    def get(self, request: Request, job_id: UUID) -> Response:
        job = export_get_for_user(user=request.user, job_id=job_id)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


class ExportRerunView(APIView):
    """Run a failed job again (or one whose worker stopped): 202, queued under a new run."""

    @extend_schema(
        request=None,
        responses={
            202: ExportAcceptedSerializer,
            404: OpenApiResponse(description="Not found"),
            409: OpenApiResponse(description="Not failed or stopped"),
        },
    )
    def post(self, request: Request, job_id: UUID) -> Response:
        job = export_rerun(by=request.user, job=export_get_for_user(user=request.user, job_id=job_id))
        job.refresh_from_db()
        return Response(ExportAcceptedSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ExportDownloadView(APIView):
    """The finished file (an attachment); expired files answer 410. Every download is logged."""

    def perform_content_negotiation(self, request: Request, force: bool = False):
        return super().perform_content_negotiation(request, force=True)  # a file, whatever Accept says

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="Not found, or not finished"),
            410: OpenApiResponse(description="The file has expired"),
        }
    )
    def get(self, request: Request, job_id: UUID) -> FileResponse:
        return download_response(export_for_download(user=request.user, job_id=job_id, request=request))
