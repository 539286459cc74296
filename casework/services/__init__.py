"""Writes in the case domain: every change in one transaction, with access, history and chronology."""

from casework.services.cases import (
    case_allocate,
    case_transfer_accept,
    case_transfer_decline,
    case_transfer_propose,
    decision_record,
    episode_authorise_closure,
    episode_close,
    episode_decline_closure,
    episode_set_primary_need,
)
from casework.services.frontdoor import (
    contact_decide,
    contact_endorse,
    contact_record,
    contact_referrer_informed,
    contact_update,
)

__all__ = [
    "case_allocate",
    "case_transfer_accept",
    "case_transfer_decline",
    "case_transfer_propose",
    "contact_decide",
    "contact_endorse",
    "contact_record",
    "contact_referrer_informed",
    "contact_update",
    "decision_record",
    "episode_authorise_closure",
    "episode_close",
    "episode_decline_closure",
    "episode_set_primary_need",
]
