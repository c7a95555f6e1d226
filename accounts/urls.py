from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.login_view, name="login"),
    path("sign-in/link/", views.link_view, name="link"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
