"""Visits and case notes pages."""

from django.http import Http404


def case_records(request, case_id):
    """Placeholder until this page is built."""
    raise Http404


def visit_new(request, case_id):
    """Placeholder until this page is built."""
    raise Http404


def visit_detail(request, visit_id):
    """Placeholder until this page is built."""
    raise Http404


def visit_edit(request, visit_id):
    """Placeholder until this page is built."""
    raise Http404


def visit_finish(request, visit_id):
    """Placeholder until this page is built."""
    raise Http404


def visit_amend(request, visit_id):
    """Placeholder until this page is built."""
    raise Http404


def note_new(request, case_id):
    """Placeholder until this page is built."""
    raise Http404


def note_detail(request, note_id):
    """Placeholder until this page is built."""
    raise Http404


def note_edit(request, note_id):
    """Placeholder until this page is built."""
    raise Http404


def note_finish(request, note_id):
    """Placeholder until this page is built."""
    raise Http404


def note_amend(request, note_id):
    """Placeholder until this page is built."""
    raise Http404
