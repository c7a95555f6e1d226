from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pairs"
    verbose_name = _("Pairs, meetings and evaluation")
