from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from applications.services import submission

        from . import (
            control,
            welcome,  # noqa: F401  (registers the welcome e-mail on entering "confirmed")
        )

        if control.on_withdrawn not in submission.ON_WITHDRAWN:
            submission.ON_WITHDRAWN.append(control.on_withdrawn)
