from django.urls import path

from casework.core import views, views_drafts, views_exports

app_name = "core"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
    path("drafts/", views_drafts.draft_detail, name="draft_detail"),
    path("drafts/save/", views_drafts.draft_save_view, name="draft_save"),
    path("drafts/discard/", views_drafts.draft_discard_view, name="draft_discard"),
    path("exports/<uuid:job_id>/", views_exports.export_job, name="export_job"),
    path("exports/<uuid:job_id>/status/", views_exports.export_job_status, name="export_job_status"),
    path("exports/<uuid:job_id>/rerun/", views_exports.export_job_rerun, name="export_job_rerun"),
    path("exports/<uuid:job_id>/download/", views_exports.export_download, name="export_download"),
]
