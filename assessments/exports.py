"""Placeholder."""


def register_exports() -> None:
    pass
