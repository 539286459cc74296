"""Pages of the case domain (namespace `casework`)."""

from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("", views.my_work, name="my_work"),
]
