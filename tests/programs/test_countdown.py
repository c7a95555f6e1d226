from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from programs.templatetags.rounds import time_left

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "swedish", "english"),
    [
        (timedelta(days=3, hours=4, minutes=5), "3 dagar, 4 timmar kvar", "3 days, 4 hours left"),
        (timedelta(days=1, hours=1), "1 dag, 1 timme kvar", "1 day, 1 hour left"),
        (timedelta(hours=5, minutes=1), "5 timmar, 1 minut kvar", "5 hours, 1 minute left"),
        (timedelta(minutes=59, seconds=30), "59 minuter kvar", "59 minutes left"),
        (timedelta(seconds=20), "1 minut kvar", "1 minute left"),
        (timedelta(0), "Sista ansökningsdag har passerat.", "The deadline has passed."),
        (-timedelta(days=2), "Sista ansökningsdag har passerat.", "The deadline has passed."),
    ],
)
def test_countdown_reads_right_in_both_languages(delta, swedish, english):
    with translation.override("sv"):
        assert time_left(NOW + delta, NOW) == swedish
    with translation.override("en"):
        assert time_left(NOW + delta, NOW) == english
