from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("program/<slug:slug>/", views.program_detail, name="program"),
    path("program/<slug:slug>/logo.png", views.logo, name="logo"),
    path("program/<slug:slug>/brand.css", views.brand_css, name="brand_css"),
    path("round/<slug:slug>/", views.round_detail, name="round"),
    path("round/<slug:slug>/interest/", views.round_interest, name="round_interest"),
]
