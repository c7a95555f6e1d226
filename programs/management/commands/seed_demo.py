import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

# Each app adds its part of the demo in `<app>/demo.py` with `seed(stdout) -> None`,
# idempotent. They run in this order, so later parts can use what earlier ones made.
DEMO_MODULES = [
    "programs.demo",
    "applications.demo",
    "applications.demo_screening",
    "matching.demo",
    "pairs.demo",
    "reminders.demo",
    "privacy.demo",
    "communication.demo",
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo program, rounds, people and data. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(_("DEBUG is off: refusing to create demo logins. Use --force to run anyway."))
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready.")))
        from programs.demo import print_logins

        print_logins(self.stdout)
