from django.apps import AppConfig


class PairsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pairs"
    verbose_name = "Pairs, meetings and evaluation"
