from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from matching import selectors, services
from matching.models import MatchRun
from matching.reasons import describe
from programs.models import Round


class Command(BaseCommand):
    """Prints in the site's language (Swedish unless LANGUAGE_CODE says otherwise)."""

    help = gettext_lazy(
        "Run matching for a round and print the pairs, the unmatched with reasons, the score and the time."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument(
            "--publish",
            action="store_true",
            help=gettext_lazy("Publish the pairs and e-mail the introductions."),
        )
        parser.add_argument(
            "--same-region", action="store_true", help=gettext_lazy("Only pair people in the same region.")
        )

    def handle(self, *args, round_slug, publish, same_region, **options):
        round_ = Round.objects.filter(slug=round_slug).first()
        if round_ is None:
            raise CommandError(_("No round with the slug %(slug)r.") % {"slug": round_slug})
        run = services.run_matching(round_, same_region=same_region)
        if run.status == MatchRun.Status.FAILED:
            raise CommandError(_("Run #%(id)s failed: %(error)s") % {"id": run.pk, "error": run.error})
        self.print_summary(run)
        if publish:
            try:
                count = services.publish_run(run)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            message = ngettext(
                "Published %(count)d pair; the introductions are queued.",
                "Published %(count)d pairs; the introductions are queued.",
                count,
            ) % {"count": count}
            self.stdout.write(self.style.SUCCESS(message))

    def print_summary(self, run: MatchRun) -> None:
        pairs = list(selectors.pairs_of_run(run))
        counts = {
            "pairs": ngettext("%(count)d pair", "%(count)d pairs", len(pairs)) % {"count": len(pairs)},
            "unmatched": ngettext("%(count)d unmatched", "%(count)d unmatched", len(run.unmatched))
            % {"count": len(run.unmatched)},
        }
        summary = _("Run #%(id)s for %(round)s: %(pairs)s, %(unmatched)s")
        self.stdout.write(summary % {"id": run.pk, "round": run.round, **counts})
        for pair in pairs:
            names = f"{pair.mentor_application.full_name} & {pair.mentee_application.full_name}"
            self.stdout.write(
                "  " + _("%(names)s  score %(score)s") % {"names": names, "score": _number(pair.score)}
            )
        people = selectors.applications_by_id(u["id"] for u in run.unmatched)
        roles = {"mentor": run.round.program.mentor_label, "mentee": run.round.program.mentee_label}
        for item in run.unmatched:
            person = people.get(item["id"])
            self.stdout.write(
                "  "
                + _("unmatched %(role)s %(name)s: %(reason)s")
                % {
                    "role": roles.get(item["role"], item["role"]),
                    "name": person.full_name if person else item["id"],
                    "reason": describe(item["code"], item["params"]),
                }
            )
        kept = run.parameters.get("kept_pairs", 0)
        kept_text = ngettext("%(count)d published pair kept", "%(count)d published pairs kept", kept) % {
            "count": kept
        }
        self.stdout.write(
            _("Total score %(score)s; %(kept)s; time %(ms)s ms")
            % {"score": _number(run.total_score or 0), "kept": kept_text, "ms": run.duration_ms}
        )


def _number(value: float) -> str:
    """Two decimals in the active language's form (3,25 in Swedish)."""
    return number_format(value, decimal_pos=2)
