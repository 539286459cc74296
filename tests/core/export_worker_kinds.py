"""Imported by a test's Celery worker (``celery worker -I tests.core.export_worker_kinds``), after
Django is set up: registers the test-only slow export kind in the worker."""

from casework.core.exports import _registry
from tests.core.export_test_kinds import SLOW_KIND, slow_kind

_registry[SLOW_KIND] = slow_kind()
