from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.timezones import STOCKHOLM
from reminders import services


class Command(BaseCommand):
    help = (
        "Queue the reminders due now (or at --at), each once ever. "
        "--dry-run prints what would go out and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would go out; write nothing.")
        parser.add_argument(
            "--at",
            help="Run as if it were this instant (ISO 8601; without an offset it is Swedish time).",
        )

    def handle(self, *args, dry_run=False, at=None, **options):
        instant = self.parse_at(at) if at else timezone.now()
        skipped = []
        reminders = services.dispatch_due(instant, dry_run=dry_run, skipped=skipped)
        for rule in skipped:
            self.stderr.write(
                _("Skipped rule %(pk)s of round %(round)s: %(reason)s")
                % {"pk": rule.pk, "round": rule.round, "reason": rule.describe_offset()}
            )
        for reminder in reminders:
            rule = reminder.rule
            self.stdout.write(
                f"{timezone.localtime(reminder.due_at, STOCKHOLM):%Y-%m-%d %H:%M}\t{rule.pk or '-'}: {rule}\t"
                f"{reminder.to}\t{services.subject_of(reminder)}"
            )
        count = len(reminders)
        if dry_run:
            message = ngettext(
                "%(count)d reminder would be queued at %(at)s.",
                "%(count)d reminders would be queued at %(at)s.",
                count,
            )
        else:
            message = ngettext(
                "%(count)d reminder queued at %(at)s.", "%(count)d reminders queued at %(at)s.", count
            )
        self.stdout.write(self.style.SUCCESS(message % {"count": count, "at": instant.isoformat()}))

    def parse_at(self, value: str):
        instant = parse_datetime(value)
        if instant is None:
            raise CommandError(_("--at: not an ISO date and time: %(value)s") % {"value": value})
        if timezone.is_naive(instant):
            instant = timezone.make_aware(instant, STOCKHOLM)
        return instant
