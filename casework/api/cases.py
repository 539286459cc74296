"""/api/v1/cases/ and /api/v1/episodes/ (API.md "Cases and child episodes").

Cases are opened by referrals (POST /contacts/{id}/decide/), never here. A case's holding-team
manager allocates and proposes transfers; the receiving team's manager accepts or declines. An
episode's closure is requested by a worker and authorised by the holding team's manager (never
their own request), or made directly by that manager.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from casework import registries, selectors, services
from casework.api.base import CaseworkViewSet, team_named, user_named
from casework.api.serializers import (
    AllocateSerializer,
    CaseFilterSerializer,
    CaseSerializer,
    ClosureSerializer,
    EpisodeFilterSerializer,
    EpisodePatchSerializer,
    EpisodeSerializer,
    ReasonSerializer,
    TransferSerializer,
)
from casework.core.access_log import log_access
from casework.core.models import Role
from casework.core.versioning import StaleVersion
from casework.models import Case, Episode
from families.selectors import visible_person_ids

MANAGER_ONLY = "Only a manager of the team holding the case can do this."
RECEIVING_ONLY = "Only a manager of the receiving team can decide this transfer."


class CaseViewSet(CaseworkViewSet):
    serializer_class = CaseSerializer

    def get_object(self) -> Case:
        return selectors.case_get_for_user(user=self.request.user, case_id=self.kwargs["case_id"])

    def shown(self, cases: list[Case], *, family: bool = False) -> list[dict[str, Any]]:
        """The cases with the episodes of children this user may open (logged as viewed)."""
        episodes = Episode.objects.select_related("child").order_by("referral_date", "opened_at")
        cases = list(cases)
        prefetch_related_objects(cases, Prefetch("episodes", queryset=episodes))
        children = {e.child_id: e.child for case in cases for e in case.episodes.all()}
        visible = visible_person_ids(user=self.request.user, person_ids=list(children))
        people = [child for pk, child in children.items() if pk in visible]
        log_family = cases[0].family if family and cases else None
        log_access(self.request, what="API: case", people=people, family=log_family)
        context = {**self.get_serializer_context(), "visible_children": visible}
        return CaseSerializer(cases, many=True, context=context).data

    def one(self, case: Case) -> Response:
        return Response(self.shown([case], family=True)[0])

    def require_manager(self, case: Case) -> None:
        self.require(selectors.case_can_manage(user=self.request.user, case=case), MANAGER_ONLY)

    def require_receiving_manager(self, case: Case) -> None:
        # With no transfer waiting, a manager is told so (400) by the service.
        user = self.request.user
        receiving = case.pending_transfer_to_id is None or selectors.case_can_decide_transfer(user=user, case=case)
        self.require(user.role == Role.TEAM_MANAGER and receiving, RECEIVING_ONLY)

    @extend_schema(
        parameters=[CaseFilterSerializer],
        description="Cases with a child you may open, and cases "
        "waiting for your team to accept a transfer. Cases are opened by referrals (contacts' decide).",
    )
    def list(self, request: Request) -> Response:
        query = self.parse(CaseFilterSerializer, request.query_params)
        cases = selectors.case_list_for_user(user=request.user)
        for name in ("status", "team", "family"):
            if query.get(name):
                cases = cases.filter(**{name: query[name]})
        page = self.page(cases.order_by("-opened_at", "id"))
        return self.get_paginated_response(self.shown(page))

    def retrieve(self, request: Request, case_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=AllocateSerializer, responses=CaseSerializer)
    def allocate(self, request: Request, case_id: str) -> Response:
        """The holding team's manager allocates the case to a worker in the team."""
        case = self.get_object()
        self.require_manager(case)
        data = self.parse(AllocateSerializer, request.data)
        worker = user_named(data["worker"], "worker")
        case = services.case_allocate(by=request.user, case=case, worker=worker, expected_version=data.get("version"))
        return self.one(case)

    @extend_schema(request=TransferSerializer, responses=CaseSerializer)
    def transfer(self, request: Request, case_id: str) -> Response:
        """Propose a transfer: the receiving team reads the case until its manager decides."""
        case = self.get_object()
        self.require_manager(case)
        data = self.parse(TransferSerializer, request.data)
        team = team_named(data["team"])
        case = services.case_transfer_propose(by=request.user, case=case, team=team, summary=data.get("summary", ""))
        return self.one(case)

    @extend_schema(request=None, responses=CaseSerializer)
    def accept_transfer(self, request: Request, case_id: str) -> Response:
        """The receiving team's manager accepts: write access moves, the former team keeps read."""
        case = self.get_object()
        self.require_receiving_manager(case)
        return self.one(services.case_transfer_accept(by=request.user, case=case))

    @extend_schema(request=ReasonSerializer, responses=CaseSerializer)
    def decline_transfer(self, request: Request, case_id: str) -> Response:
        """The receiving team's manager declines with a reason; access is as it was."""
        case = self.get_object()
        self.require_receiving_manager(case)
        data = self.parse(ReasonSerializer, request.data)
        return self.one(services.case_transfer_decline(by=request.user, case=case, reason=data.get("reason", "")))


class EpisodeViewSet(CaseworkViewSet):
    serializer_class = EpisodeSerializer

    def get_object(self) -> Episode:
        return selectors.episode_get_for_user(user=self.request.user, episode_id=self.kwargs["episode_id"])

    def shown(self, episodes: list[Episode]) -> list[dict[str, Any]]:
        episodes = list(episodes)
        log_access(self.request, what="API: episode", people=[e.child for e in episodes])
        context = {
            **self.get_serializer_context(),
            "rereferrals": selectors.episodes_rereferral_ids(episodes),
            "assessed": registries.episodes_with_assessment(episodes),
        }
        return EpisodeSerializer(episodes, many=True, context=context).data

    def one(self, episode: Episode) -> Response:
        return Response(self.shown([episode])[0])

    def require_writer(self, episode: Episode) -> None:
        self.require(
            selectors.episode_can_request_closure(user=self.request.user, episode=episode),
            "Your team does not hold this child's record, or your role cannot change it.",
        )

    def require_closure_decider(self, episode: Episode) -> None:
        self.require(
            selectors.user_manages_team(user=self.request.user, team_id=episode.case.team_id),
            "Only a manager of the team holding the case can authorise or decline a closure.",
        )

    @extend_schema(parameters=[EpisodeFilterSerializer], description="Episodes of children you may open.")
    def list(self, request: Request) -> Response:
        query = self.parse(EpisodeFilterSerializer, request.query_params)
        episodes = selectors.episode_list_for_user(user=request.user)
        for name in ("child", "case", "status"):
            if query.get(name):
                episodes = episodes.filter(**{name: query[name]})
        page = self.page(episodes.order_by("-referral_date", "-opened_at", "id"))
        return self.get_paginated_response(self.shown(page))

    def retrieve(self, request: Request, episode_id: str) -> Response:
        return self.one(self.get_object())

    @extend_schema(request=EpisodePatchSerializer, responses=EpisodeSerializer)
    def partial_update(self, request: Request, episode_id: str) -> Response:
        """Set or change the primary need (N0 to N9) as the work progresses; send the version."""
        episode = self.get_object()
        self.require_writer(episode)
        data = self.parse(EpisodePatchSerializer, request.data)
        if data.get("version") is None:
            raise StaleVersion(episode, None, episode)
        episode = services.episode_set_primary_need(
            by=request.user, episode=episode, primary_need=data["primary_need"], expected_version=data["version"]
        )
        return self.one(episode)

    @extend_schema(request=ClosureSerializer, responses=EpisodeSerializer)
    def close(self, request: Request, episode_id: str) -> Response:
        """A worker's request waits for a manager; the holding team's manager closes directly."""
        episode = self.get_object()
        self.require_writer(episode)
        data = self.parse(ClosureSerializer, request.data)
        version = data.pop("version", None)
        episode = services.episode_close(by=request.user, episode=episode, closure=data, expected_version=version)
        return self.one(episode)

    @extend_schema(request=None, responses=EpisodeSerializer)
    def authorise_closure(self, request: Request, episode_id: str) -> Response:
        """The holding team's manager authorises a requested closure (never their own request)."""
        episode = self.get_object()
        self.require_closure_decider(episode)
        return self.one(services.episode_authorise_closure(by=request.user, episode=episode))

    @extend_schema(request=ReasonSerializer, responses=EpisodeSerializer)
    def decline_closure(self, request: Request, episode_id: str) -> Response:
        """The holding team's manager declines a requested closure with a reason."""
        episode = self.get_object()
        self.require_closure_decider(episode)
        data = self.parse(ReasonSerializer, request.data)
        episode = services.episode_decline_closure(by=request.user, episode=episode, reason=data.get("reason", ""))
        return self.one(episode)
