"""Demo: default reminder rules for the demo rounds (idempotent; absent rounds are skipped)."""

from programs.models import Round

from .services import ensure_default_rules

DEMO_ROUNDS = ["hosten-2025", "varen-2026", "hosten-2026"]


def seed(stdout) -> None:
    for round_ in Round.objects.filter(slug__in=DEMO_ROUNDS):
        created = ensure_default_rules(round_)
        stdout.write(f"reminders: {round_.slug}: {created} default rules created")
