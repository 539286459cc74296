"""Compare-and-swap saves for records two people may edit at once (design principle 12)."""

from __future__ import annotations

from django.db import models, transaction

from casework.core.errors import Conflict
from casework.core.models import Counter


class StaleVersion(Conflict):
    """Someone else saved the record after this change started from it (API 409)."""

    def __init__(self, instance: models.Model, expected: int | None, current: models.Model) -> None:
        super().__init__(
            "Someone else changed this record while you were editing it. Nothing was saved.",
            current_version=current.version,
            your_version=expected,
        )
        self.instance = instance
        self.current = current


def check_version(instance: models.Model, expected: int | None) -> models.Model:
    """Lock the stored row and compare its version with the one the change started from.

    Returns the stored row. Raises StaleVersion when they differ (or none was given: a PATCH
    must say which version it read).
    """
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected is None or int(expected) != current.version:
        raise StaleVersion(instance, expected, current)
    return current


@transaction.atomic
def save_versioned(
    instance: models.Model,
    *,
    expected_version: int | None,
    update_fields: list[str] | None = None,
    change_reason: str | None = None,
    by: models.Model | None = None,
) -> models.Model:
    """Save `instance` only if the stored version is still `expected_version`, then bump it.
    History records `by` (or, without it, the request's user) and `change_reason`."""
    check_version(instance, expected_version)
    instance.version = int(expected_version) + 1
    if change_reason:
        instance._change_reason = change_reason
    if by is not None:
        instance._history_user = by
    fields = None if update_fields is None else [*update_fields, "version"]
    instance.save(update_fields=fields)
    return instance


def bump_version(instance: models.Model) -> None:
    """Record a change made through related rows (members, addresses) on the parent's version."""
    type(instance)._default_manager.filter(pk=instance.pk).update(version=models.F("version") + 1)
    instance.refresh_from_db(fields=["version"])


@transaction.atomic
def counter_next(name: str) -> int:
    """The next value of a named counter: strictly increasing, never reused."""
    counter, _ = Counter.objects.select_for_update().get_or_create(name=name)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value
