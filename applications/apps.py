from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "applications"
    verbose_name = _("Applications and screening")

    def ready(self):
        from applications.services.eligibility import reevaluate_round
        from programs.services import on_eligibility_list_changed

        on_eligibility_list_changed(reevaluate_round)
