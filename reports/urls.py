from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("<slug:slug>/", views.sponsor, name="sponsor"),
    path("<slug:slug>/report.pdf", views.sponsor_pdf, name="sponsor_pdf"),
    path("<slug:slug>/share/", views.share, name="share"),
]
