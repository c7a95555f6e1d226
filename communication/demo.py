"""Demo data: the events of the demo round with pairs — a kickoff that took place (answers and
attendance recorded) and a workshop ahead (some answered). Idempotent; sends no e-mail."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from matching.models import Pair
from programs.models import Round

from .models import Event, Invitation


def _round_with_pairs():
    active = Round.objects.filter(pairs__state=Pair.State.ACTIVE).distinct().order_by("-kickoff").first()
    return (
        active
        or Round.objects.filter(pairs__state__in=Pair.LIVE_STATES).distinct().order_by("-kickoff").first()
    )


def _people(round_) -> list[int]:
    pairs = Pair.objects.filter(round=round_, state__in=Pair.LIVE_STATES)
    return sorted(
        set(pairs.values_list("mentor_application", flat=True))
        | set(pairs.values_list("mentee_application", flat=True))
    )


@transaction.atomic
def seed(stdout) -> None:
    round_ = _round_with_pairs()
    if round_ is None:
        stdout.write("communication: no round with pairs, no events")
        return
    now = timezone.now().replace(second=0, microsecond=0)
    kickoff_at = round_.kickoff.replace(second=0, microsecond=0)
    # Halfway through a round that is on, two weeks ahead (so there is something to answer);
    # in a round that is over, two months after its kickoff.
    workshop_at = kickoff_at + timedelta(days=60)
    if round_.ends > now:
        workshop_at = max(now + timedelta(days=14), workshop_at)
    workshop_at = workshop_at.replace(hour=15, minute=0)
    specs = [
        ("kickoff", "Uppstartsträff", "Kickoff meeting", kickoff_at, "Handelskammaren, Storgatan 1"),
        ("workshop", "Workshop: att leda förändring", "Workshop: leading change", workshop_at, ""),
    ]
    people = _people(round_)
    for index, (kind, title_sv, title_en, starts, place) in enumerate(specs):
        event, created = Event.objects.get_or_create(
            round=round_,
            kind=kind,
            defaults={
                "title_sv": title_sv, "title_en": title_en, "starts_at": starts,
                "ends_at": starts + timedelta(hours=2), "place": place or "",
                "video_link": "" if place else "https://video.example.org/workshop",
                "description_sv": "Vi träffas alla par tillsammans.", "description_en": "All pairs meet.",
                "invited_at": starts - timedelta(days=21),
            },
        )  # fmt: skip
        if not created:
            continue
        past = starts < now
        Invitation.objects.bulk_create(
            [
                Invitation(
                    event=event,
                    application_id=pk,
                    answer=("yes" if n % 4 else "no") if past or n % 2 else "",
                    answered_at=(starts - timedelta(days=7)) if past or n % 2 else None,
                    attended=(n % 4 != 0 and n % 5 != 0) if past else None,
                )
                for n, pk in enumerate(people, start=index)
            ]
        )
        stdout.write(f"communication: event {title_sv!r} in {round_.slug} with {len(people)} invited")
