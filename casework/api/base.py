"""What every view of the case domain's API shares (the pattern of families.api).

Each view reads through a selector (404 outside the user's access), asks the selectors' "who
may act" checks before reading a body (403 for a role or team that may only read), parses with
a serializer (400 naming the field), calls one service (which re-checks everything, atomically;
409 for a stale version) and responds.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.serializers import Serializer
from rest_framework.viewsets import GenericViewSet

from casework.core.models import Team, User
from families.selectors import sees_narrative


class CaseworkViewSet(GenericViewSet):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "sees_narrative": sees_narrative(self.request.user)}

    def parse(self, serializer_class: type[Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def require(self, allowed: bool, message: str) -> None:
        """403 on a record the user can see but may not act on (PERMISSIONS.md)."""
        if not allowed:
            raise PermissionDenied(message)

    def page(self, rows: QuerySet) -> list[Any]:
        return list(self.paginate_queryset(rows))


def team_named(team_id: Any, field: str = "team") -> Team | None:
    """The team a body names by id; 400 naming the field when there is none."""
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationError({field: ["There is no such team"]})
    return team


def user_named(user_id: Any, field: str) -> User | None:
    """A colleague a body names by id (a worker, a manager); 400 naming the field if unknown."""
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({field: ["There is no such user"]})
    return user


EARLIEST = datetime.date(1900, 1, 1)
