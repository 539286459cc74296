from django.urls import path

from casework.core import views

app_name = "core"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
]
