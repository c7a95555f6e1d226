from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship import tick

from .send_reminders import Command as SendReminders


class Command(BaseCommand):
    help = (
        "Run everything time-driven that the beat runs (pair lifecycle, reminders, retention, …) as if "
        "it were now or --at, and print what was done. Twice at the same instant does nothing the "
        "second time. --dry-run prints what would be done and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be done; write nothing.")
        parser.add_argument(
            "--at",
            help="Run as if it were this instant (ISO 8601; without an offset it is Swedish time).",
        )

    def handle(self, *args, dry_run=False, at=None, **options):
        instant = SendReminders.parse_at(self, at) if at else timezone.now()
        total = 0
        for label, lines in tick.run(instant, dry_run=dry_run):
            self.stdout.write(f"{label}: {len(lines)}")
            for line in lines:
                self.stdout.write(f"  {line}")
            total += len(lines)
        done = _("would be done") if dry_run else _("done")
        self.stdout.write(
            self.style.SUCCESS(
                _("tick at %(at)s: %(count)d things %(done)s.")
                % {"at": instant.isoformat(), "count": total, "done": done}
            )
        )
