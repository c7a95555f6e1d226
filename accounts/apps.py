from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(using="default", **kwargs) -> None:
    """Every `migrate` also creates the database cache's table (a no-op for other caches)."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Infrastructure, not domain flow: the rate limits' shared cache must exist on a fresh
        # clone (`make run`, the container's migrate) without a step anyone could forget.
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="accounts.cache_table")
