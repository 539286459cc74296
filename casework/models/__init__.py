"""The case domain's records: the front door, cases and episodes, and the work on them."""

from casework.models.cases import Case, CaseStatus, DecisionKind, DecisionRecord, Episode, EpisodeStatus, StepDown
from casework.models.frontdoor import Consent, Contact, ContactChild, Decision

__all__ = [
    "Case",
    "CaseStatus",
    "Consent",
    "Contact",
    "ContactChild",
    "Decision",
    "DecisionKind",
    "DecisionRecord",
    "Episode",
    "EpisodeStatus",
    "StepDown",
]
