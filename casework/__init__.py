"""Casework: case management for children's social care.

The package is the Django project (settings, urls, Celery app) and the case domain app.
"""

from casework.celery import app as celery_app

__all__ = ["celery_app"]
