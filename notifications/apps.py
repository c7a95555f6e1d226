from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("E-mail outbox")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its e-mail kinds in its own emails.py (see notifications/emails.py).
        autodiscover_modules("emails")
