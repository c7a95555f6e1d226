from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("pairs/<int:pair_id>/<str:token>/", views.respond, name="respond"),
    path("pairs/<int:pair_id>/<str:token>/confirm/", views.confirm, name="confirm"),
    path("pairs/<int:pair_id>/<str:token>/decline/", views.decline, name="decline"),
]
