"""factory_boy factories: build realistic records for tests (no fixture files)."""

from tests.factories.core import TeamFactory, UserFactory

__all__ = ["TeamFactory", "UserFactory"]
