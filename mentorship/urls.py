from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    path("matching/", include("matching.urls")),
    path("pairs/", include("pairs.urls")),
    path("privacy/", include("privacy.urls")),
    path("reports/", include("reports.urls")),
    path("events/", include("communication.urls")),
    path("", include("programs.urls")),
]

handler500 = "mentorship.views.server_error"

admin.site.site_header = "Mentorskap"
admin.site.site_title = "Mentorskap"
