"""Pages behind the child at a glance."""

from django.http import Http404


def summary_edit(request, person_id):
    """Placeholder until this page is built."""
    raise Http404
