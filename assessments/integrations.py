"""Placeholder."""


def register_integrations() -> None:
    pass
