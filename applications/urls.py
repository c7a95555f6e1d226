from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("mine/", views.my_applications, name="mine"),
    path("start/<slug:slug>/<str:role>/", views.start, name="start"),
]
