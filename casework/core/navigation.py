"""The service's primary navigation, registered by the apps that own each page.

An app adds its entry when its page exists, so the menu never shows a dead link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str
    section: str  # the first path segment the item is active for, e.g. "people"
    visible_to: Callable[[object], bool]


_items: dict[str, NavItem] = {}


def register(
    *,
    order: int,
    label: str,
    url_name: str,
    section: str,
    visible_to: Callable[[object], bool] = lambda user: True,
) -> None:
    """Add (or replace) a primary navigation entry; registration is idempotent by URL name."""
    _items[url_name] = NavItem(order, label, url_name, section, visible_to)


def items_for(user, path: str) -> list[dict[str, object]]:
    """The entries a signed-in user sees, with the current section marked active."""
    if not getattr(user, "is_authenticated", False):
        return []
    current = path.strip("/").split("/", 1)[0]
    entries = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"text": item.label, "href": href, "active": item.section == current})
    return entries
