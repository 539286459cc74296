"""The registry of "open work" that keeps a child's episode open (DESIGN.md, "Domain").

An episode cannot be closed while work on it is still open: an assessment in progress, a
Section 47 enquiry, a CIN or CP plan. Each app that owns such work registers a finder when it
starts (in its AppConfig.ready), and the closure service asks them all, so the core never
imports the apps and the apps never import each other::

    # assessments/apps.py
    register_open_work("assessments", open_assessments)

    def open_assessments(*, person_id, episode) -> list[str]:
        ...  # ["Assessment started 3 March 2026"]

    # casework/services.py, before closing
    if open_work := open_work_for(episode=episode):
        raise DomainError(f"Finish or end first: {', '.join(open_work)}.")

A finder is called with keyword arguments, exactly one of them set: ``person_id`` (the child's
primary key, when asking about everything open for a child) or ``episode`` (one episode).
It returns short descriptions a worker reads ("CIN plan", "Assessment started 3 March 2026"),
an empty list when nothing is open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["OpenWorkFinder", "open_work_for", "open_work_registered", "register_open_work", "unregister_open_work"]


class OpenWorkFinder(Protocol):
    def __call__(self, *, person_id: Any | None, episode: Any | None) -> Iterable[str]: ...


_finders: dict[str, OpenWorkFinder] = {}


def register_open_work(name: str, finder: OpenWorkFinder | Callable[..., Iterable[str]]) -> None:
    """Add (or replace: registering is idempotent by name) a finder of open work."""
    if not name or not callable(finder):
        raise ValueError("register_open_work needs a name and a callable finder")
    _finders[name] = finder


def unregister_open_work(name: str) -> None:
    """Remove a finder; removing one that is not registered does nothing."""
    _finders.pop(name, None)


@contextmanager
def open_work_registered(name: str, finder: OpenWorkFinder | Callable[..., Iterable[str]]) -> Iterator[None]:
    """Register a finder for the duration of a block (tests), then put back what was there."""
    previous = _finders.get(name)
    register_open_work(name, finder)
    try:
        yield
    finally:
        if previous is None:
            unregister_open_work(name)
        else:
            _finders[name] = previous


def open_work_for(*, person: Any | None = None, episode: Any | None = None) -> list[str]:
    """Everything still open for a child (`person`: a person or its primary key) or for one
    `episode`, in the order the finders were registered; empty when the episode may close."""
    if (person is None) == (episode is None):
        raise TypeError("open_work_for needs exactly one of person= or episode=")
    person_id = getattr(person, "pk", person)
    found: list[str] = []
    for name, finder in list(_finders.items()):
        for description in finder(person_id=person_id, episode=episode):
            if not isinstance(description, str) or not description.strip():
                raise TypeError(f"open-work finder {name!r} returned {description!r}, not a description")
            found.append(description.strip())
    return found
