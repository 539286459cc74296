"""Documents: a versioned repository per child and per family."""

from django.http import Http404


def person_documents(request, person_id):
    """Placeholder until this page is built."""
    raise Http404


def family_documents(request, family_id):
    """Placeholder until this page is built."""
    raise Http404


def document_detail(request, document_id):
    """Placeholder until this page is built."""
    raise Http404


def document_replace(request, document_id):
    """Placeholder until this page is built."""
    raise Http404


def document_download(request, document_id, number):
    """Placeholder until this page is built."""
    raise Http404
