"""Reading a child's access log (team managers and auditors)."""

from django.http import Http404


def person_access_log(request, person_id):
    """Placeholder until this page is built."""
    raise Http404
