"""Everything time-driven, as the beat runs it: `run(at)` does each step due at `at`, once.

A step is `step(at: datetime, *, dry_run: bool) -> list[str]`: it does (or, dry, only lists)
what is due at `at` and returns a line per thing done; run again at the same instant it does
nothing and returns []. `manage.py tick --at T` and the beat task `mentorship.tick` call `run`.
Adding a time-driven job is one line in STEPS (dotted paths: imported when run, so this module
depends on no app at import time).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

STEPS: list[tuple[str, str]] = [
    (_("pair lifecycle"), "matching.lifecycle.tick_step"),
    (_("reminders"), "reminders.services.tick_step"),
    (_("exceptions digest"), "reminders.exceptions.digest_step"),
    (_("retention"), "privacy.services.retention.tick_step"),
]


def run(at: datetime | None = None, *, dry_run: bool = False) -> list[tuple[str, list[str]]]:
    """Run every step at `at` (default now); returns (step label, lines) in STEPS order."""
    at = at or timezone.now()
    return [(str(label), import_string(path)(at, dry_run=dry_run)) for label, path in STEPS]
