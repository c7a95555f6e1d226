from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("mine/", views.my_applications, name="mine"),
    path("start/<slug:slug>/<str:role>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
