"""The child's own story (My story) pages and its files."""

from django.http import Http404


def story(request, person_id):
    """Placeholder until this page is built."""
    raise Http404


def story_add(request, person_id):
    """Placeholder until this page is built."""
    raise Http404


def story_file(request, entry_id):
    """Placeholder until this page is built."""
    raise Http404
