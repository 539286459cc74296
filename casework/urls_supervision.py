"""Supervision pages (namespace `casework`): a manager's workers, a worker's history and agenda,
recording a session, a record and its acknowledgement."""

from django.urls import path

from casework.views import supervision

urlpatterns = [
    path("supervision/", supervision.supervision_home, name="supervision_home"),
    path("supervision/workers/<uuid:worker_id>/", supervision.supervision_worker, name="supervision_worker"),
    path(
        "supervision/workers/<uuid:worker_id>/agenda/",
        supervision.supervision_agenda_page,
        name="supervision_agenda",
    ),
    path("supervision/workers/<uuid:worker_id>/new/", supervision.supervision_new, name="supervision_new"),
    path("supervision/<uuid:supervision_id>/", supervision.supervision_detail, name="supervision_detail"),
    path(
        "supervision/<uuid:supervision_id>/acknowledge/",
        supervision.supervision_acknowledge,
        name="supervision_acknowledge",
    ),
]
