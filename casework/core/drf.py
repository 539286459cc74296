"""API plumbing shared by every endpoint (API.md "Conventions"): pagination and errors.

Kept apart from any view so DRF settings can import it without an import cycle.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.core.errors import Conflict, DomainError, Gone


class Pagination(PageNumberPagination):
    """`{count, next, previous, results}` with ?page=N and ?page_size=N (max 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": [str(m) for m in error.messages]}
    detail: dict[str, list[str]] = {}
    for field, errors in error.error_dict.items():
        key = "non_field_errors" if field == NON_FIELD_ERRORS else field
        detail.setdefault(key, []).extend(str(m) for e in errors for m in e.messages)
    return detail


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Map domain errors onto the API's status codes; never let them become a 500."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Conflict):
        return Response(exc.payload(), status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Gone):
        return Response({"detail": str(exc)}, status=status.HTTP_410_GONE)
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({exc.field or "non_field_errors": [str(exc)]})
    return drf_exception_handler(exc, context)
