from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from privacy.services import retention


class Command(BaseCommand):
    help = "Anonymise the rounds whose retention date has passed (as the daily beat does)."

    def add_arguments(self, parser):
        parser.add_argument("--at", help="as if it were this instant (ISO 8601, e.g. 2027-09-01T03:00+02:00)")
        parser.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")

    def handle(self, *args, at=None, dry_run=False, **options):
        instant = timezone.now()
        if at:
            instant = parse_datetime(at)
            if instant is None:
                raise CommandError(_("Not a date and time: %(value)s") % {"value": at})
            if timezone.is_naive(instant):
                instant = timezone.make_aware(instant)
        result = retention.preview_expired(instant) if dry_run else retention.anonymise_expired(instant)
        if not result:
            self.stdout.write(_("Nothing to anonymise."))
        for slug, counts in result.items():
            figures = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)
            label = _("would anonymise") if dry_run else _("anonymised")
            self.stdout.write(f"{slug}: {label}: {figures}")
