from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import Round
from programs.round_copy import copy_round


class Command(BaseCommand):
    """Prints in the site's language (Swedish unless LANGUAGE_CODE says otherwise)."""

    help = gettext_lazy(
        "Copy a round's setup (timeline shifted, topics, partners, rubric, reminder rules) into a new, "
        "unpublished round without any people."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument("new_slug")
        parser.add_argument(
            "--shift-days",
            type=int,
            default=None,
            help=gettext_lazy("Days to move every date (default: the next year on the same weekdays, 364)."),
        )
        parser.add_argument("--name", default="", help=gettext_lazy("The new round's name."))

    def handle(self, *args, round_slug, new_slug, shift_days, name, **options):
        round_ = Round.objects.filter(slug=round_slug).first()
        if round_ is None:
            raise CommandError(_("No round with the slug %(slug)r.") % {"slug": round_slug})
        shift = None if shift_days is None else timedelta(days=shift_days)
        try:
            new = copy_round(round_, slug=new_slug, name=name, shift=shift)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        opens = date_format(timezone.localtime(new.applications_open), "DATETIME_FORMAT")
        self.stdout.write(
            _("Created %(round)s (%(slug)s), unpublished; applications open %(opens)s.")
            % {"round": new.name, "slug": new.slug, "opens": opens}
        )
