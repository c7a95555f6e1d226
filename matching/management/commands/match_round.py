from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from matching import selectors, services
from matching.models import MatchRun
from matching.reasons import describe
from programs.models import Round


class Command(BaseCommand):
    help = "Run matching for a round and print the pairs, the unmatched with reasons, the score and the time."

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pairs and e-mail the introductions."
        )
        parser.add_argument("--same-region", action="store_true", help="Only pair people in the same region.")

    def handle(self, *args, round_slug, publish, same_region, **options):
        round_ = Round.objects.filter(slug=round_slug).first()
        if round_ is None:
            raise CommandError(f"No round with the slug {round_slug!r}.")
        run = services.run_matching(round_, same_region=same_region)
        if run.status == MatchRun.Status.FAILED:
            raise CommandError(f"Run #{run.pk} failed: {run.error}")
        self.print_summary(run)
        if publish:
            try:
                count = services.publish_run(run)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(self.style.SUCCESS(f"Published {count} pairs; introductions queued."))

    def print_summary(self, run: MatchRun) -> None:
        pairs = list(selectors.pairs_of_run(run))
        self.stdout.write(
            f"Run #{run.pk} for {run.round}: {len(pairs)} pairs, {len(run.unmatched)} unmatched"
        )
        for pair in pairs:
            names = f"{pair.mentor_application.full_name} & {pair.mentee_application.full_name}"
            self.stdout.write(f"  {names}  score {pair.score:.2f}")
        people = selectors.applications_by_id(u["id"] for u in run.unmatched)
        for item in run.unmatched:
            person = people.get(item["id"])
            name = person.full_name if person else item["id"]
            self.stdout.write(f"  unmatched {item['role']} {name}: {describe(item['code'], item['params'])}")
        kept = run.parameters.get("kept_pairs", 0)
        self.stdout.write(
            f"Total score {run.total_score:.2f}; {kept} published pairs kept; time {run.duration_ms} ms"
        )
