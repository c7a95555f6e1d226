"""After both confirm, each member gets one welcome e-mail in their language (DESIGN §3.5)."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from matching import services
from matching.models import Pair
from mentorship.timezones import STOCKHOLM
from notifications.models import EmailTemplate
from tests.factories import ApplicationFactory, PairFactory, RoundFactory


@pytest.fixture
def proposed(db, settings):
    """A proposed pair before the confirm-by date; the mentee reads English; kickoff 18:00 Swedish time."""
    settings.SITE_URL = "https://mentor.example.org"
    round_ = RoundFactory(anchor=timezone.now().replace(microsecond=0) - timedelta(days=32))
    local = timezone.localtime(round_.kickoff, STOCKHOLM)
    round_.kickoff = datetime(local.year, local.month, local.day, 18, 0, tzinfo=STOCKHOLM)
    round_.save()
    mentor = ApplicationFactory(
        round=round_, mentor=True, accepted=True, full_name="Alva Berg", phone="070-123 45 67", title="VD"
    )
    mentee = ApplicationFactory(round=round_, accepted=True, full_name="Bengt Ceder")
    mentee.applicant.preferred_language = "en"
    mentee.applicant.save()
    return PairFactory(
        round=round_,
        mentor_application=mentor,
        mentee_application=mentee,
        state=Pair.State.PROPOSED,
        mentor_confirmed_at=None,
        mentee_confirmed_at=None,
    )


def confirm_both(pair, capture):
    with capture(execute=True):
        services.confirm_pair(pair, role="mentor")
        services.confirm_pair(pair, role="mentee")


def test_both_members_are_welcomed_once_each_in_their_language(
    proposed, mailoutbox, django_capture_on_commit_callbacks
):
    confirm_both(proposed, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_pair(proposed, role="mentee")  # a second click changes nothing

    by_to = {message.to[0]: message for message in mailoutbox}
    assert len(mailoutbox) == 2
    swedish = by_to[proposed.mentor_application.email]
    english = by_to[proposed.mentee_application.email]
    day_sv = timezone.localtime(proposed.round.kickoff, STOCKHOLM)
    assert (
        swedish.subject
        == f"Välkommen: du och Bengt Ceder är ett par i {proposed.round.program.name} – {proposed.round.name}"
    )
    assert "kl. 18:00 (svensk tid)" in swedish.body and str(day_sv.year) in swedish.body
    assert "at 18:00 (Swedish time)" in english.body
    assert "Welcome!" in english.body


def test_the_welcome_has_the_partners_contacts_the_agreement_and_a_button_to_the_pair_page(
    proposed, mailoutbox, django_capture_on_commit_callbacks
):
    confirm_both(proposed, django_capture_on_commit_callbacks)

    english = next(m for m in mailoutbox if m.to == [proposed.mentee_application.email])
    swedish = next(m for m in mailoutbox if m.to == [proposed.mentor_application.email])
    html = english.alternatives[0][0]
    page = f"https://mentor.example.org/pairs/{proposed.pk}/"
    assert f"Alva Berg, VD, {proposed.mentor_application.organisation_display}" in english.body
    assert f"E-mail: {proposed.mentor_application.email}" in english.body
    assert "Phone: 070-123 45 67" in english.body
    assert f"E-post: {proposed.mentee_application.email}" in swedish.body
    assert "Cadence: we meet at least every 30 days, in person or online." in english.body
    assert "Mötesrytm: vi träffas minst var 30:e dag" in swedish.body
    assert re.search(
        rf'class="button".*?href="{page}"[^>]*>\s*Open your pair page and log a meeting', html, re.S
    )


def test_one_yes_is_not_yet_a_welcome(proposed, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_pair(proposed, role="mentor")

    assert mailoutbox == []


def test_a_programs_own_welcome_text_is_used(proposed, mailoutbox, django_capture_on_commit_callbacks):
    EmailTemplate.objects.create(
        program=proposed.round.program,
        kind="matching_pair_welcome",
        language="sv",
        subject="Hej och välkommen, {name}",
        body="Ni är ett par! Uppstart {kickoff}.\n\n{pair_link}",
    )

    confirm_both(proposed, django_capture_on_commit_callbacks)

    swedish = next(m for m in mailoutbox if m.to == [proposed.mentor_application.email])
    assert swedish.subject == "Hej och välkommen, Alva Berg"
    assert "(svensk tid)" in swedish.body and f"/pairs/{proposed.pk}/" in swedish.body
