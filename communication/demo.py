"""Demo data for the round in progress: a kickoff that took place (answers and attendance
recorded), a workshop ahead (some answered), a message the coordinator sent to its pairs, and one
decision e-mail that bounced (so the coordinators' outbox shows a failure to act on).

Idempotent. The events send no e-mail; the message goes through the outbox once (its token is
fixed), like one a coordinator sends."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from applications.emails import DECISION_KINDS
from applications.models import Application, State
from applications.services.screening import applicant_language, decision_email_context
from matching.models import Pair
from notifications.models import Notification
from programs.models import Round
from programs.selectors import coordinators

from .audiences import Audience
from .messages import Texts, send_message
from .models import Event, Invitation


def _round_with_pairs():
    active = Round.objects.filter(pairs__state=Pair.State.ACTIVE).distinct().order_by("-kickoff").first()
    return (
        active
        or Round.objects.filter(pairs__state__in=Pair.LIVE_STATES).distinct().order_by("-kickoff").first()
    )


def _people(round_, *, at) -> list[int]:
    """Who is in a pair of the round at `at` (a pair that had ended by then is not invited)."""
    pairs = Pair.objects.filter(round=round_, state__in=Pair.LIVE_STATES).exclude(ended_at__lt=at)
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
        people = _people(round_, at=starts)
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
    _message(round_, stdout)
    _bounced_decision(round_, stdout)


def _message(round_, stdout) -> None:
    coordinator = coordinators(round_.program_id).first()
    if coordinator is None:
        return
    texts = Texts(
        subject_sv="Välkomna till uppstarten!",
        subject_en="Welcome to the kickoff!",
        body_sv=(
            "Hej {first_name},\n\nNu börjar {round}! Vi ses på uppstartsträffen, där du också träffar "
            "{pair_name}. Ta gärna med frågor om hur ni vill lägga upp era träffar.\n\nVarma hälsningar,\n"
            "Klara på Handelskammaren"
        ),
        body_en=(
            "Hello {first_name},\n\n{round} is starting! See you at the kickoff, where you will also meet "
            "{pair_name}. Bring your questions on how you want to plan your meetings.\n\nWarm regards,\n"
            "Klara at the Chamber of Commerce"
        ),
    )
    audience = Audience(pair_states=[Pair.State.ACTIVE])  # {pair_name}: people in a live pair
    sent_at = round_.kickoff - timedelta(days=7)
    _message_row, created = send_message(
        round_,
        audience=audience,
        texts=texts,
        token=f"demo-{round_.slug}-kickoff",
        actor=coordinator,
        at=sent_at,
    )
    if created:
        stdout.write(f"communication: message {texts.subject_sv!r} sent to the pairs of {round_.slug}")


def _bounced_decision(round_, stdout) -> None:
    """The waitlisted mentor's decision e-mail came back: a coordinator sees it and can retry."""
    application = Application.objects.filter(round=round_, state=State.WAITLISTED).first()
    if application is None:
        return
    language = applicant_language(application)
    _row, created = Notification.objects.get_or_create(
        key=f"decision:{application.pk}:{application.state}",
        defaults={
            "to": application.email,
            "template": DECISION_KINDS[application.state].key,
            "context": decision_email_context(application, language),
            "language": language,
            "program_id": round_.program_id,
            "status": Notification.Status.FAILED,
            "attempts": 1,
            "last_error": f"550 5.1.1 <{application.email}>: Recipient address rejected: mailbox unavailable",
        },
    )
    if created:
        stdout.write(f"communication: a bounced decision e-mail to {application.email} in the outbox")
