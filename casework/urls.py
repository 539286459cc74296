"""Top-level URLs: each app's pages, the API under /api/v1/, /healthz and the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from casework.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("casework.core.urls")),
    path("", include("casework.case_urls")),
    path("", include("families.urls")),
    path("", include("casework.urls_chronology")),
    path("", include("assessments.urls")),
    path("", include("performance.urls")),
    path("api/v1/", include("casework.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "casework.core.views.bad_request"
handler403 = "casework.core.views.permission_denied"
handler404 = "casework.core.views.page_not_found"
handler500 = "casework.core.views.server_error"
