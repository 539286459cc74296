"""/api/v1/: people, warnings, families and members, relationships, professionals, connections.

API.md "People and families". Every view parses with a serializer, reads through the selectors
(404 outside the user's access), writes through the services (403 for a role or team that may
only read; 400 naming the field; 409 for a stale version or a likely duplicate) and responds.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model, prefetch_related_objects
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.viewsets import GenericViewSet

from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.core.models import User
from families import api_drawings, selectors, services
from families.models import Connection, Family, Person, PersonWarning, Professional, Relationship
from families.serializers import (
    ConnectionSerializer,
    FamilyFilterSerializer,
    FamilyInputSerializer,
    FamilySerializer,
    MemberLeftQuerySerializer,
    MemberSerializer,
    PersonFilterSerializer,
    PersonSearchQuerySerializer,
    PersonSerializer,
    PersonSummarySerializer,
    ProfessionalSerializer,
    RelationshipEndQuerySerializer,
    RelationshipSerializer,
    RestrictedPersonSerializer,
    WarningSerializer,
)


class WriteAccess(BasePermission):
    """PERMISSIONS.md: creating needs a writing role; changing a record the user can see needs
    write access through their teams (the selectors say which), else 403."""

    message = "Your role cannot change this record, or your team does not hold it for writing."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or view.action != "create" or view.kwargs:
            return True
        return request.user.role in WRITING_ROLES

    def has_object_permission(self, request: Request, view: Any, obj: Model) -> bool:
        return request.method in SAFE_METHODS or view.can_write(request.user, obj)


class FamiliesViewSet(GenericViewSet):
    """What every view here shares: the write check, parsing, narrative hidden from performance officers."""

    permission_classes = [IsAuthenticated, WriteAccess]
    parser_classes = [JSONParser]

    def can_write(self, user: User, obj: Model) -> bool:
        raise NotImplementedError

    def checked(self, obj: Model) -> Any:
        self.check_object_permissions(self.request, obj)
        return obj

    def parse(self, serializer_class: type[Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user
        return {**super().get_serializer_context(), "sees_narrative": selectors.sees_narrative(user)}

    def paginated(self, rows: Any, serializer_class: type[Serializer], **context: Any) -> Response:
        page = self.paginate_queryset(rows)
        data = serializer_class(page, many=True, context={**self.get_serializer_context(), **context}).data
        return self.get_paginated_response(data)

    def one(self, obj: Any, serializer_class: type[Serializer] | None = None, code: int = 200, **context: Any):
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(obj, context={**self.get_serializer_context(), **context}).data, code)


# --- People ------------------------------------------------------------------------------------

SEARCH_RESULT = PolymorphicProxySerializer(
    component_name="PersonSearchResult",
    serializers=[PersonSerializer, PersonSummarySerializer, RestrictedPersonSerializer],
    resource_type_field_name=None,
    many=True,
)


class PersonViewSet(FamiliesViewSet):
    """People: search (everyone may; minimal results outside access), create, read, change."""

    serializer_class = PersonSerializer

    def can_write(self, user: User, obj: Model) -> bool:
        return selectors.person_can_write(user=user, person=obj)

    def get_object(self) -> Person:
        return self.checked(selectors.person_with_record(user=self.request.user, person_id=self.kwargs["person_id"]))

    def person_response(self, person: Person, code: int = 200) -> Response:
        return self.one(person, code=code, known_to=selectors.known_to([person.pk]))

    @extend_schema(
        parameters=[PersonSearchQuerySerializer],
        responses=SEARCH_RESULT,
        description="With a search parameter: everyone matching (outside your access only id, names, date "
        "of birth and known_to; a restricted record only id, restricted and known_to). Without: the "
        "people you may open.",
    )
    def list(self, request: Request) -> Response:
        query = self.parse(PersonSearchQuerySerializer, request.query_params)
        if not any(query.values()):
            people = selectors.person_list_for_user(user=request.user).prefetch_related("warnings", "restricted_to")
            page = self.paginate_queryset(people.order_by("last_name", "first_name", "id"))
            log_access(request, what="API: people list", people=page)
            known = selectors.known_to([p.pk for p in page])
            data = PersonSerializer(page, many=True, context={**self.get_serializer_context(), "known_to": known})
            return self.get_paginated_response(data.data)
        page = self.paginate_queryset(selectors.person_search(user=request.user, **query))
        return self.get_paginated_response(self.search_rows(page))

    def search_rows(self, results: list[selectors.SearchResult]) -> list[dict[str, Any]]:
        """Whole records for the people the user may open (logged); otherwise the minimum."""
        opened = [r.person for r in results if r.visible]
        prefetch_related_objects(opened, "warnings", "restricted_to")
        log_access(self.request, what="API: people search", people=opened)
        context = {**self.get_serializer_context(), "known_to": {r.person.pk: r.known_to for r in results}}
        rows = []
        for result in results:
            person = result.person
            if result.visible:
                rows.append(PersonSerializer(person, context=context).data)
            elif person.restricted:
                rows.append(RestrictedPersonSerializer(result).data)
            else:
                rows.append(PersonSummarySerializer(result).data)
        return rows

    @extend_schema(responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(PersonSerializer, request.data)
        restricted, restricted_to = data.pop("restricted", False), data.pop("restricted_to", [])
        with transaction.atomic():
            person = services.person_create(
                by=request.user,
                data=data,
                confirm_not_duplicate=data.pop("confirm_not_duplicate", False),
                la_child_id=data.pop("la_child_id", None),
            )
            if restricted:
                services.person_set_restriction(
                    by=request.user,
                    person=person,
                    restricted=True,
                    restricted_to=restricted_to,
                    expected_version=person.version,
                )
        return self.person_response(person, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, person_id: str) -> Response:
        person = self.get_object()
        log_access(request, what="API: person record", people=[person])
        return self.person_response(person)

    def partial_update(self, request: Request, person_id: str) -> Response:
        person = self.get_object()
        data = self.parse(PersonSerializer, request.data, instance=person, partial=True)
        version = data.pop("version", None)
        data.pop("confirm_not_duplicate", None)
        restricted = data.pop("restricted", person.restricted)
        restricted_to = data.pop("restricted_to", None)
        named = list(person.restricted_to.all()) if restricted_to is None else restricted_to
        restriction_changed = restricted != person.restricted or set(named) != set(person.restricted_to.all())
        with transaction.atomic():
            if data or not restriction_changed:
                person = services.person_update(by=request.user, person=person, changes=data, expected_version=version)
                version = person.version
            if restriction_changed:
                services.person_set_restriction(
                    by=request.user, person=person, restricted=restricted, restricted_to=named, expected_version=version
                )
        return self.person_response(person)


class WarningViewSet(FamiliesViewSet):
    """A person's warnings: current and ended; ended by setting `to_date`."""

    serializer_class = WarningSerializer

    def can_write(self, user: User, obj: Model) -> bool:
        person = obj.person if isinstance(obj, PersonWarning) else obj
        return selectors.person_can_write(user=user, person=person)

    def person(self) -> Person:
        return selectors.person_get_for_user(user=self.request.user, person_id=self.kwargs["person_id"])

    def get_object(self) -> PersonWarning:
        return self.checked(
            selectors.warning_get_for_person(person=self.person(), warning_id=self.kwargs["warning_id"])
        )

    def list(self, request: Request, person_id: str) -> Response:
        person = self.person()
        log_access(request, what="API: person's warnings", people=[person])
        return self.paginated(selectors.warning_list_for_person(person=person), WarningSerializer)

    @extend_schema(responses={201: WarningSerializer})
    def create(self, request: Request, person_id: str) -> Response:
        person = self.checked(self.person())
        data = self.parse(WarningSerializer, request.data)
        warning = services.warning_add(
            by=request.user,
            person=person,
            kind=data["kind"],
            detail=data.get("detail") or "",
            from_date=data.get("from_date"),
            to_date=data.get("to_date"),
        )
        return self.one(warning, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, person_id: str, warning_id: str) -> Response:
        warning = self.get_object()
        log_access(request, what="API: person's warning", people=[warning.person])
        return self.one(warning)

    def partial_update(self, request: Request, person_id: str, warning_id: str) -> Response:
        warning = self.get_object()
        data = self.parse(WarningSerializer, request.data, partial=True)
        version = data.pop("version", None)
        warning = services.warning_update(by=request.user, warning=warning, changes=data, expected_version=version)
        return self.one(warning)


# --- Families ----------------------------------------------------------------------------------


class FamilyViewSet(FamiliesViewSet):
    """Families: the current address (confidential ones only for writers), members past and present."""

    serializer_class = FamilySerializer

    def can_write(self, user: User, obj: Model) -> bool:
        return selectors.family_can_write(user=user, family=obj)

    def get_object(self) -> Family:
        family = selectors.family_with_members(user=self.request.user, family_id=self.kwargs["family_id"])
        return self.checked(family)

    def family_context(self, families: list[Family]) -> dict[str, Any]:
        """Which of these families the user may change (to see a confidential address), and which
        members are restricted records the user may not open (left out of the family)."""
        user = self.request.user
        member_ids = [m.person_id for family in families for m in family.memberships.all()]
        return {
            **self.get_serializer_context(),
            "writable_families": selectors.writable_family_ids(user=user, family_ids=[f.pk for f in families]),
            "hidden_people": selectors.hidden_person_ids(user=user, person_ids=member_ids),
        }

    def family_response(self, family: Family, code: int = 200) -> Response:
        return Response(FamilySerializer(family, context=self.family_context([family])).data, code)

    def list(self, request: Request) -> Response:
        families = selectors.family_list_for_user(user=request.user).prefetch_related(
            "addresses", "memberships__person"
        )
        page = self.paginate_queryset(families.order_by("name", "id"))
        data = FamilySerializer(page, many=True, context=self.family_context(page)).data
        return self.get_paginated_response(data)

    @extend_schema(request=FamilyInputSerializer, responses={201: FamilySerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(FamilyInputSerializer, request.data)
        family = services.family_create(
            by=request.user,
            name=data["name"],
            telephone=data.get("telephone", ""),
            address=data.get("address"),
            moved_in=data.get("moved_on"),
        )
        family = selectors.family_with_members(user=request.user, family_id=family.pk)
        return self.family_response(family, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, family_id: str) -> Response:
        family = self.get_object()
        context = self.family_context([family])
        shown = [m.person for m in family.memberships.all() if m.person_id not in context["hidden_people"]]
        log_access(request, what="API: family record", people=shown, family=family)
        return Response(FamilySerializer(family, context=context).data)

    @extend_schema(request=FamilyInputSerializer, responses=FamilySerializer)
    def partial_update(self, request: Request, family_id: str) -> Response:
        family = self.get_object()
        data = self.parse(FamilyInputSerializer, request.data, partial=True)
        version = data.pop("version", None)
        services.family_update(by=request.user, family=family, changes=data, expected_version=version)
        return self.family_response(selectors.family_with_members(user=request.user, family_id=family.pk))

    @extend_schema(request=MemberSerializer, responses={201: MemberSerializer})
    def add_member(self, request: Request, family_id: str) -> Response:
        family = self.get_object()
        data = self.parse(MemberSerializer, request.data)
        person = selectors.person_get_for_user(user=request.user, person_id=data["person_id"])
        membership = services.membership_add(
            by=request.user,
            family=family,
            person=person,
            role=data["role"],
            is_subject=data.get("is_subject", False),
            joined=data.get("joined"),
        )
        return self.one(membership, MemberSerializer, status.HTTP_201_CREATED)

    @extend_schema(parameters=[MemberLeftQuerySerializer], request=None, responses={200: MemberSerializer})
    def end_member(self, request: Request, family_id: str, person_id: str) -> Response:
        """End a membership (kept in history with the date they left)."""
        family = self.get_object()
        person = selectors.person_get_for_user(user=request.user, person_id=person_id)
        query = self.parse(MemberLeftQuerySerializer, request.query_params)
        membership = services.membership_end(by=request.user, family=family, person=person, left=query.get("left"))
        return self.one(membership, MemberSerializer)


# --- Relationships -----------------------------------------------------------------------------


class RelationshipViewSet(FamiliesViewSet):
    """Relationships: stored once, read from both sides; ending one keeps it in history."""

    serializer_class = RelationshipSerializer

    def can_write(self, user: User, obj: Model) -> bool:
        return selectors.relationship_can_write(user=user, relationship=obj)

    def get_object(self) -> Relationship:
        relationship_id = self.kwargs["relationship_id"]
        return self.checked(
            selectors.relationship_get_for_user(user=self.request.user, relationship_id=relationship_id)
        )

    def about(self) -> Person | None:
        """The person named by ?person= (404 when the user may not open them)."""
        person_id = self.parse(PersonFilterSerializer, self.request.query_params).get("person")
        return None if person_id is None else selectors.person_get_for_user(user=self.request.user, person_id=person_id)

    @extend_schema(parameters=[PersonFilterSerializer])
    def list(self, request: Request) -> Response:
        about = self.about()
        relationships = selectors.relationship_list_for_user(user=request.user, person=about)
        return self.paginated(
            relationships.order_by("created_at", "id"), RelationshipSerializer, about=about and about.pk
        )

    @extend_schema(responses={201: RelationshipSerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(RelationshipSerializer, request.data)
        data.pop("version", None)
        people = [
            selectors.person_get_linkable(user=request.user, person_id=data.pop(key))
            for key in ("from_person_id", "to_person_id")
        ]
        if not selectors.visible_person_ids(user=request.user, person_ids=[p.pk for p in people]):
            raise Http404  # at least one of the two must be a record the user may open
        relationship = services.relationship_create(
            by=request.user, from_person=people[0], to_person=people[1], data=data
        )
        return self.one(relationship, code=status.HTTP_201_CREATED)

    @extend_schema(parameters=[PersonFilterSerializer])
    def retrieve(self, request: Request, relationship_id: str) -> Response:
        relationship = self.get_object()
        about = self.about()
        return self.one(relationship, about=about and about.pk)

    def partial_update(self, request: Request, relationship_id: str) -> Response:
        relationship = self.get_object()
        data = self.parse(RelationshipSerializer, request.data, instance=relationship, partial=True)
        version = data.pop("version", None)
        relationship = services.relationship_update(
            by=request.user, relationship=relationship, changes=data, expected_version=version
        )
        return self.one(relationship)

    @extend_schema(parameters=[RelationshipEndQuerySerializer], request=None, responses={200: RelationshipSerializer})
    def destroy(self, request: Request, relationship_id: str) -> Response:
        """End the relationship (kept in history with its end date)."""
        relationship = self.get_object()
        query = self.parse(RelationshipEndQuerySerializer, request.query_params)
        relationship = services.relationship_end(
            by=request.user,
            relationship=relationship,
            end_date=query.get("end_date"),
            expected_version=query.get("version"),
        )
        return self.one(relationship)


# --- Professionals and connections -------------------------------------------------------------


class ProfessionalViewSet(FamiliesViewSet):
    """Professionals involved with a family (Annex B's table)."""

    serializer_class = ProfessionalSerializer

    def can_write(self, user: User, obj: Model) -> bool:
        return selectors.family_can_write(user=user, family=obj.family)

    def get_object(self) -> Professional:
        pro_id = self.kwargs["professional_id"]
        return self.checked(selectors.professional_get_for_user(user=self.request.user, professional_id=pro_id))

    def working_with(self, data: dict[str, Any]) -> None:
        """The family member the professional works with (a person the user may open), or none."""
        if "working_with_id" not in data:
            return
        person_id = data.pop("working_with_id")
        user = self.request.user
        data["working_with"] = (
            None if person_id is None else selectors.person_get_for_user(user=user, person_id=person_id)
        )

    @extend_schema(parameters=[FamilyFilterSerializer])
    def list(self, request: Request) -> Response:
        family_id = self.parse(FamilyFilterSerializer, request.query_params).get("family")
        family = None if family_id is None else selectors.family_get_for_user(user=request.user, family_id=family_id)
        professionals = selectors.professional_list_for_user(user=request.user, family=family)
        return self.paginated(professionals.order_by("agency", "name", "id"), ProfessionalSerializer)

    @extend_schema(responses={201: ProfessionalSerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(ProfessionalSerializer, request.data)
        data.pop("version", None)
        family = selectors.family_get_for_user(user=request.user, family_id=data.pop("family_id"))
        self.working_with(data)
        professional = services.professional_create(by=request.user, family=family, data=data)
        return self.one(professional, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, professional_id: str) -> Response:
        return self.one(self.get_object())

    def partial_update(self, request: Request, professional_id: str) -> Response:
        professional = self.get_object()
        data = self.parse(ProfessionalSerializer, request.data, instance=professional, partial=True)
        version = data.pop("version", None)
        self.working_with(data)
        professional = services.professional_update(
            by=request.user, professional=professional, changes=data, expected_version=version
        )
        return self.one(professional)


class ConnectionViewSet(FamiliesViewSet):
    """A person's community ties, for the eco-map."""

    serializer_class = ConnectionSerializer

    def can_write(self, user: User, obj: Model) -> bool:
        return selectors.person_can_write(user=user, person=obj.person)

    def get_object(self) -> Connection:
        connection_id = self.kwargs["connection_id"]
        return self.checked(selectors.connection_get_for_user(user=self.request.user, connection_id=connection_id))

    @extend_schema(parameters=[PersonFilterSerializer])
    def list(self, request: Request) -> Response:
        person_id = self.parse(PersonFilterSerializer, request.query_params).get("person")
        person = None if person_id is None else selectors.person_get_for_user(user=request.user, person_id=person_id)
        connections = selectors.connection_list_for_user(user=request.user, person=person)
        return self.paginated(connections.order_by("kind", "name", "id"), ConnectionSerializer)

    @extend_schema(responses={201: ConnectionSerializer})
    def create(self, request: Request) -> Response:
        data = self.parse(ConnectionSerializer, request.data)
        data.pop("version", None)
        person = selectors.person_get_for_user(user=request.user, person_id=data.pop("person_id"))
        connection = services.connection_create(by=request.user, person=person, data=data)
        return self.one(connection, code=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, connection_id: str) -> Response:
        return self.one(self.get_object())

    def partial_update(self, request: Request, connection_id: str) -> Response:
        connection = self.get_object()
        data = self.parse(ConnectionSerializer, request.data, instance=connection, partial=True)
        version = data.pop("version", None)
        connection = services.connection_update(
            by=request.user, connection=connection, changes=data, expected_version=version
        )
        return self.one(connection)


def _routes(viewset: type[GenericViewSet], **actions: str) -> Any:
    return viewset.as_view(actions)


urlpatterns = [
    path("people/", _routes(PersonViewSet, get="list", post="create"), name="api-people"),
    path(
        "people/<uuid:person_id>/",
        _routes(PersonViewSet, get="retrieve", patch="partial_update"),
        name="api-person",
    ),
    path(
        "people/<uuid:person_id>/warnings/",
        _routes(WarningViewSet, get="list", post="create"),
        name="api-person-warnings",
    ),
    path(
        "people/<uuid:person_id>/warnings/<uuid:warning_id>/",
        _routes(WarningViewSet, get="retrieve", patch="partial_update"),
        name="api-person-warning",
    ),
    path("families/", _routes(FamilyViewSet, get="list", post="create"), name="api-families"),
    path(
        "families/<uuid:family_id>/",
        _routes(FamilyViewSet, get="retrieve", patch="partial_update"),
        name="api-family",
    ),
    path(
        "families/<uuid:family_id>/members/",
        _routes(FamilyViewSet, post="add_member"),
        name="api-family-members",
    ),
    path(
        "families/<uuid:family_id>/members/<uuid:person_id>/",
        _routes(FamilyViewSet, delete="end_member"),
        name="api-family-member",
    ),
    path("relationships/", _routes(RelationshipViewSet, get="list", post="create"), name="api-relationships"),
    path(
        "relationships/<uuid:relationship_id>/",
        _routes(RelationshipViewSet, get="retrieve", patch="partial_update", delete="destroy"),
        name="api-relationship",
    ),
    path("professionals/", _routes(ProfessionalViewSet, get="list", post="create"), name="api-professionals"),
    path(
        "professionals/<uuid:professional_id>/",
        _routes(ProfessionalViewSet, get="retrieve", patch="partial_update"),
        name="api-professional",
    ),
    path("connections/", _routes(ConnectionViewSet, get="list", post="create"), name="api-connections"),
    path(
        "connections/<uuid:connection_id>/",
        _routes(ConnectionViewSet, get="retrieve", patch="partial_update"),
        name="api-connection",
    ),
]

urlpatterns += api_drawings.urlpatterns
