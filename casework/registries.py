"""Questions the case domain asks of apps built on it, without importing them.

Whether an episode had an assessment started decides `referral_nfa` (API.md "Cases and child
episodes": closed with no assessment started, the census's "referral, no further action"). The
assessments app answers it by registering a probe in its AppConfig.ready::

    # assessments/apps.py
    register_assessment_probe(episodes_with_an_assessment)

    def episodes_with_an_assessment(episodes) -> set:
        ...  # the ids of those episodes for which an assessment was started (one query)

A probe takes a list of episodes and returns the ids of those that had an assessment started,
so a page of episodes costs one query per probe, not one per episode. Until a probe is
registered no episode has had an assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = [
    "AssessmentProbe",
    "episode_had_assessment",
    "episodes_with_assessment",
    "register_assessment_probe",
    "unregister_assessment_probe",
]

AssessmentProbe = Callable[[Sequence[Any]], Iterable[Any]]
_assessment_probes: dict[str, AssessmentProbe] = {}


def register_assessment_probe(probe: AssessmentProbe, *, name: str | None = None) -> None:
    """Add (or replace: idempotent by name, default the function's qualified name) a probe."""
    if not callable(probe):
        raise ValueError("register_assessment_probe needs a callable")
    _assessment_probes[name or f"{probe.__module__}.{probe.__qualname__}"] = probe


def unregister_assessment_probe(probe: AssessmentProbe | None = None, *, name: str | None = None) -> None:
    """Remove a probe by name (or by the function registered under its default name)."""
    key = name or (f"{probe.__module__}.{probe.__qualname__}" if probe is not None else "")
    _assessment_probes.pop(key, None)


def episodes_with_assessment(episodes: Sequence[Any]) -> set[Any]:
    """The ids of these episodes for which an assessment was started (empty without probes)."""
    episodes = list(episodes)
    if not episodes:
        return set()
    found: set[Any] = set()
    for probe in list(_assessment_probes.values()):
        found.update(probe(episodes))
    return found


def episode_had_assessment(episode: Any) -> bool:
    """Whether an assessment was started in this episode (false when no app has said so)."""
    return episode.pk in episodes_with_assessment([episode])
