from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/", views.export, name="export"),
    path("my-data/delete/", views.delete, name="delete"),
    path("notice/<slug:slug>/", views.notice, name="notice"),
    path("retention/", views.retention, name="retention"),
]
