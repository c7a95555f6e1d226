"""Every reminder e-mail renders in both languages, and a rule's own message replaces the text."""

import pytest

from notifications.models import Notification
from notifications.services import render

TEMPLATES = [
    "reminder_draft",
    "reminder_opening",
    "reminder_screening_digest",
    "reminder_unconfirmed",
    "reminder_unconfirmed_coordinator",
    "reminder_no_meeting",
    "reminder_no_meeting_coordinator",
    "reminder_survey",
    "reminder_survey_reminder",
]
CONTEXT = {
    "round_name": "Hösten 2026",
    "program_name": "Omvänt mentorskap",
    "name": "Alva",
    "deadline": "30 mars 2026 12:00",
    "role": "Mentor",
    "link": "https://example.org/x/",
    "admin_link": "https://example.org/admin/",
    "unreviewed": 3,
    "unreleased": 2,
    "confirm_by": "1 maj 2026 12:00",
    "partner_name": "Berit & Co",
    "mentor_name": "Alva",
    "mentee_name": "Berit",
    "since": "1 juni 2026",
    "cadence_days": 30,
    "survey": "midpoint",
    "subject": "",
    "message": "",
}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_reminder_renders(template, language):
    subject, text, html = render(Notification(template=template, context=CONTEXT, language=language))

    assert subject and "{" not in subject + text + html
    assert "Hösten 2026" in subject + text
    assert "Berit & Co" not in html or "Berit &amp; Co" in html  # escaped in HTML only


def test_swedish_and_english_differ():
    swedish = render(Notification(template="reminder_survey", context=CONTEXT, language="sv"))
    english = render(Notification(template="reminder_survey", context=CONTEXT, language="en"))

    assert swedish[0] == "En kort enkät om Hösten 2026"
    assert english[0] == "A short survey about Hösten 2026"
    assert "Ni är halvvägs genom Hösten 2026" in swedish[1]
    assert "You are halfway through Hösten 2026" in english[1]


def test_a_rules_message_replaces_the_standard_text():
    context = {**CONTEXT, "message": "Glöm inte att skicka in!"}

    _subject, text, html = render(Notification(template="reminder_draft", context=context, language="sv"))

    assert "Glöm inte att skicka in!" in text and "Glöm inte att skicka in!" in html
    assert "Bara inskickade" not in text
