"""Pages for the child's story, documents and the access log (namespace `casework`)."""

from django.urls import path

from casework.views import access_log, documents, story

urlpatterns = [
    path("people/<uuid:person_id>/story/", story.story, name="story"),
    path("people/<uuid:person_id>/story/new/", story.story_add, name="story_add"),
    path("story/<uuid:entry_id>/file/", story.story_file, name="story_file"),
    path("people/<uuid:person_id>/documents/", documents.person_documents, name="person_documents"),
    path("people/<uuid:person_id>/documents/new/", documents.person_document_upload, name="person_document_upload"),
    path("families/<uuid:family_id>/documents/", documents.family_documents, name="family_documents"),
    path("families/<uuid:family_id>/documents/new/", documents.family_document_upload, name="family_document_upload"),
    path("documents/<uuid:document_id>/", documents.document_detail, name="document_detail"),
    path("documents/<uuid:document_id>/replace/", documents.document_replace, name="document_replace"),
    path(
        "documents/<uuid:document_id>/versions/<int:number>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("people/<uuid:person_id>/access-log/", access_log.person_access_log, name="person_access_log"),
]
