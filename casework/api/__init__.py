"""The case domain's REST API (API.md): contacts, cases, episodes and decisions here; visits and
notes, plans, supervision and actions in their own modules, whose routes are appended below."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.viewsets import GenericViewSet

from casework.api.actions import urlpatterns as action_urlpatterns
from casework.api.cases import CaseViewSet, EpisodeViewSet
from casework.api.conferences import urlpatterns as conference_urlpatterns
from casework.api.contacts import ContactViewSet
from casework.api.decisions import DecisionViewSet
from casework.api.plans import urlpatterns as plan_urlpatterns
from casework.api.strategy import urlpatterns as strategy_urlpatterns
from casework.api.supervision import urlpatterns as supervision_urlpatterns
from casework.api.visits import urlpatterns as visit_urlpatterns


def _routes(viewset: type[GenericViewSet], **actions: str) -> Any:
    return viewset.as_view(actions)


def _action(viewset: type[GenericViewSet], action: str) -> Any:
    return viewset.as_view({"post": action})


urlpatterns = [
    path("contacts/", _routes(ContactViewSet, get="list", post="create"), name="api-contacts"),
    path(
        "contacts/<uuid:contact_id>/",
        _routes(ContactViewSet, get="retrieve", patch="partial_update"),
        name="api-contact",
    ),
    path("contacts/<uuid:contact_id>/decide/", _action(ContactViewSet, "decide"), name="api-contact-decide"),
    path("contacts/<uuid:contact_id>/endorse/", _action(ContactViewSet, "endorse"), name="api-contact-endorse"),
    path(
        "contacts/<uuid:contact_id>/referrer_informed/",
        _action(ContactViewSet, "referrer_informed"),
        name="api-contact-referrer-informed",
    ),
    path("cases/", _routes(CaseViewSet, get="list"), name="api-cases"),
    path("cases/<uuid:case_id>/", _routes(CaseViewSet, get="retrieve"), name="api-case"),
    path("cases/<uuid:case_id>/allocate/", _action(CaseViewSet, "allocate"), name="api-case-allocate"),
    path("cases/<uuid:case_id>/transfer/", _action(CaseViewSet, "transfer"), name="api-case-transfer"),
    path(
        "cases/<uuid:case_id>/accept_transfer/",
        _action(CaseViewSet, "accept_transfer"),
        name="api-case-accept-transfer",
    ),
    path(
        "cases/<uuid:case_id>/decline_transfer/",
        _action(CaseViewSet, "decline_transfer"),
        name="api-case-decline-transfer",
    ),
    path("episodes/", _routes(EpisodeViewSet, get="list"), name="api-episodes"),
    path(
        "episodes/<uuid:episode_id>/",
        _routes(EpisodeViewSet, get="retrieve", patch="partial_update"),
        name="api-episode",
    ),
    path("episodes/<uuid:episode_id>/close/", _action(EpisodeViewSet, "close"), name="api-episode-close"),
    path(
        "episodes/<uuid:episode_id>/authorise_closure/",
        _action(EpisodeViewSet, "authorise_closure"),
        name="api-episode-authorise-closure",
    ),
    path(
        "episodes/<uuid:episode_id>/decline_closure/",
        _action(EpisodeViewSet, "decline_closure"),
        name="api-episode-decline-closure",
    ),
    path("decisions/", _routes(DecisionViewSet, get="list", post="create"), name="api-decisions"),
    path("decisions/<uuid:decision_id>/", _routes(DecisionViewSet, get="retrieve"), name="api-decision"),
]

urlpatterns += (
    visit_urlpatterns + plan_urlpatterns + supervision_urlpatterns + action_urlpatterns + strategy_urlpatterns
) + conference_urlpatterns
