"""Errors services raise; pages and the API turn them into messages and status codes."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the service refused the change (API 400 with the field named)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Conflict(Exception):
    """The change conflicts with the current state (API 409), e.g. a stale version."""

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        return {"detail": str(self), **self.extra}


class Gone(Exception):
    """What was asked for existed but is no longer available, e.g. an expired export (410)."""
