"""/api/v1/contacts/: the front door (API.md "The front door"; PERMISSIONS.md "Actions").

Record a contact (any writing role; it lands in a front-door team's queue), correct its facts
while it is undecided, decide it with a reason, endorse the decision where the authority
requires it, and record that the referrer was told.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from casework import selectors, services
from casework.api.base import CaseworkViewSet, team_named
from casework.api.serializers import (
    ContactFilterSerializer,
    ContactInputSerializer,
    ContactPatchSerializer,
    ContactSerializer,
    DecideSerializer,
    ReferrerInformedSerializer,
)
from casework.core.access import WRITING_ROLES
from casework.core.access_log import log_access
from casework.models import Contact
from families.models import Family
from families.selectors import family_get_for_user, person_get_linkable

NOT_FRONT_DOOR = "Only the front-door team holding this contact can do this."
DECIDED = "This contact has been decided: the front-door team now has read access only."


class ContactViewSet(CaseworkViewSet):
    serializer_class = ContactSerializer

    def get_object(self) -> Contact:
        return selectors.contact_get_for_user(user=self.request.user, contact_id=self.kwargs["contact_id"])

    def shown(self, contacts: list[Contact], named: dict[Any, list[Any]] | None = None) -> list[dict[str, Any]]:
        """The contacts as this user may see them; the children shown are logged as viewed."""
        details = selectors.contact_details_for_user(user=self.request.user, contacts=contacts)
        people = [link.child for d in details.values() for link in d.links]
        log_access(self.request, what="API: contact", people=people)
        context = {**self.get_serializer_context(), "details": details, "named": named or {}}
        return ContactSerializer(contacts, many=True, context=context).data

    def one(self, contact: Contact, code: int = 200, **kwargs: Any) -> Response:
        return Response(self.shown([contact], **kwargs)[0], status=code)

    def require_front_door(self, contact: Contact) -> None:
        user = self.request.user
        if not selectors.contact_can_change(user=user, contact=contact):
            member = user.role in WRITING_ROLES and selectors.contact_is_front_door_member(user=user, contact=contact)
            self.require(False, DECIDED if member else NOT_FRONT_DOOR)

    def family(self, data: dict[str, Any]) -> None:
        if data.get("family") is not None:
            data["family"] = family_get_for_user(user=self.request.user, family_id=data["family"])

    @extend_schema(parameters=[ContactFilterSerializer], description="Contacts about children you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(ContactFilterSerializer, request.query_params)
        contacts = selectors.contact_list_for_user(user=request.user)
        if query.get("decided") is not None:
            contacts = contacts.exclude(decision="") if query["decided"] else contacts.filter(decision="")
        if query.get("team"):
            contacts = contacts.filter(team_id=query["team"])
        if query.get("child"):
            contacts = contacts.filter(contact_children__child_id=query["child"])
        page = self.page(contacts.order_by("-received_at", "id"))
        return self.get_paginated_response(self.shown(page))

    @extend_schema(request=ContactInputSerializer, responses={201: ContactSerializer})
    def create(self, request: Request) -> Response:
        user = request.user
        self.require(user.role in WRITING_ROLES, "Your role cannot record contacts.")
        data = self.parse(ContactInputSerializer, request.data)
        children = [person_get_linkable(user=user, person_id=pk) for pk in data.pop("children", [])]
        self.family(data)
        family: Family | None = data.pop("family", None)
        team = team_named(data.pop("team", None))
        contact = services.contact_record(by=user, children=children, data=data, team=team, family=family)
        return self.one(contact, code=status.HTTP_201_CREATED, named={contact.pk: [c.pk for c in children]})

    def retrieve(self, request: Request, contact_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=ContactPatchSerializer, responses=ContactSerializer)
    def partial_update(self, request: Request, contact_id: str) -> Response:
        contact = self.get_object()
        self.require_front_door(contact)
        data = self.parse(ContactPatchSerializer, request.data, instance=contact, partial=True)
        version = data.pop("version", None)
        self.family(data)
        contact = services.contact_update(by=request.user, contact=contact, changes=data, expected_version=version)
        return self.one(contact)

    @extend_schema(request=DecideSerializer, responses=ContactSerializer)
    def decide(self, request: Request, contact_id: str) -> Response:
        """Decide with a reason; a referral opens an episode per referred child (or links it)."""
        contact = self.get_object()
        self.require_front_door(contact)
        data = self.parse(DecideSerializer, request.data)
        own = {link.child_id: link.child for link in contact.contact_children.select_related("child")}
        if any(pk not in own for pk in data.get("children") or []):
            raise ValidationError({"children": ["Choose children named in this contact"]})
        contact = services.contact_decide(
            by=request.user,
            contact=contact,
            decision=data.get("decision") or "",
            reason=data.get("decision_reason") or "",
            team=team_named(data.get("team")),
            children=[own[pk] for pk in dict.fromkeys(data.get("children") or [])] or None,
        )
        return self.one(contact)

    @extend_schema(request=None, responses=ContactSerializer)
    def endorse(self, request: Request, contact_id: str) -> Response:
        """A manager of the front-door team endorses its decision, where the authority requires it."""
        contact = self.get_object()
        self.require(
            selectors.contact_can_endorse(user=request.user, contact=contact),
            "Only a manager of the front-door team can endorse its decisions.",
        )
        return self.one(services.contact_endorse(by=request.user, contact=contact))

    @extend_schema(request=ReferrerInformedSerializer, responses=ContactSerializer)
    def referrer_informed(self, request: Request, contact_id: str) -> Response:
        """Record when and how the referrer was told the outcome."""
        contact = self.get_object()
        self.require(selectors.contact_can_inform_referrer(user=request.user, contact=contact), NOT_FRONT_DOOR)
        data = self.parse(ReferrerInformedSerializer, request.data)
        contact = services.contact_referrer_informed(
            by=request.user, contact=contact, informed_at=data.get("informed_at"), how=data.get("how") or ""
        )
        return self.one(contact)
