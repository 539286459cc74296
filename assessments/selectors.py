"""Placeholder."""


def open_assessments(*, person_id=None, episode=None) -> list[str]:
    return []
