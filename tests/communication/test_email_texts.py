"""Every system e-mail: one layout, both languages, editable per program, reset to default."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from applications.models import State
from applications.services import screening
from notifications import emails
from notifications.models import EmailTemplate, Notification
from notifications.services import queue_email
from tests.factories import ApplicationFactory

URL_TEXT = re.compile(r"<a [^>]*>\s*(https?://|www\.)", re.I)


def example_context(kind):
    """A context with every key any kind reads, so each renders fully."""
    return {
        "path": "/accounts/link/?sesame=SECRET",
        "minutes": 15,
        "full_name": "Anna Andersson",
        "name": "Anna Andersson",
        "program": "Omvänt mentorskap",
        "program_name": "Omvänt mentorskap",
        "round": "Hösten 2026",
        "round_name": "Hösten 2026",
        "role": "Mentor",
        "deadline": "2026-03-29T12:00:00+00:00",
        "screening_ends": "2026-04-10T12:00:00+00:00",
        "pairs_announced": "2026-04-20T12:00:00+00:00",
        "is_eligible": False,
        "other": {"name": "Bo Berg", "title": "VD", "organisation": "Ljus AB"},
        "other_name": "Bo Berg",
        "other_role_sv": "Adept",
        "other_role_en": "Mentee",
        "breakdown": {"topics": 1, "distance": 1},
        "confirm_by": "2026-05-01T10:00:00+00:00",
        "link": "https://example.org/x/SECRET",
        "admin_link": "https://example.org/admin/x",
        "pair_link": "https://example.org/pairs/1/",
        "meeting_link": "https://example.org/pairs/1/log/SECRET/",
        "kickoff": "2026-05-05T15:00:00+00:00",
        "partner_name": "Bo Berg",
        "mentor_name": "Anna Andersson",
        "mentee_name": "Bo Berg",
        "since": "1 mars 2026",
        "cadence_days": 30,
        "unreviewed": 3,
        "unreleased": 2,
        "survey": "midpoint",
        "first_name": "Anna",
        "pair_name": "Bo Berg",
        "subject": "Hej {first_name}",
        "body": "Välkommen, {first_name}!\n\n{link}",
    }


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("key", sorted(emails.KINDS))
def test_every_email_kind_renders_in_both_languages_with_words_on_its_links(key, language):
    kind = emails.KINDS[key]
    rendered = emails.render(kind, example_context(kind), language=language)
    assert rendered.subject and "{" not in rendered.subject
    assert "{" not in rendered.text, rendered.text
    assert f'<html lang="{language}">' in rendered.html
    assert not URL_TEXT.search(rendered.html), "a link whose text is a bare URL"
    assert "<style" not in rendered.html  # inlined
    _subject, body = emails.default_texts(kind, language)
    with translation.override(language):
        for name, words in kind.links.items():
            if "{" + name + "}" in body:
                assert f">{words}</a>" in rendered.html.replace("\n", "")


def test_dates_are_in_words_in_swedish_time_saying_so():
    kind = emails.KINDS["application_submitted"]
    sv = emails.render(kind, example_context(kind), language="sv")
    en = emails.render(kind, example_context(kind), language="en")
    # 12:00 UTC on 29 March 2026 is after the change to summer time: 14:00 in Stockholm.
    assert "söndag 29 mars 2026 kl. 14:00 (svensk tid)" in sv.text
    assert "Sunday 29 March 2026 at 14:00 (Swedish time)" in en.text


def test_the_introduction_has_a_button_and_a_real_list_not_pre():
    kind = emails.KINDS["matching_pair_introduction"]
    rendered = emails.render(kind, example_context(kind), language="sv")
    assert "<pre" not in rendered.html
    assert "<li" in rendered.html
    assert 'href="https://example.org/x/SECRET"' in rendered.html
    assert "Bekräfta eller tacka nej:\nhttps://example.org/x/SECRET" in rendered.text


def test_placeholders_are_named_only_no_format_specs_or_attributes(
    round_, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.create(
        program=round_.program,
        kind="decision_accepted",
        language="sv",
        subject="Hej {name}",
        body="{name:>100000000} {link.__len__} {round!r} {0} {name}",
    )
    application = ApplicationFactory(round=round_, full_name="Eva E")
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(application, decision=State.ACCEPTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    body = mailoutbox[0].body
    assert body.startswith("{name:>100000000} {link.__len__} {round!r} {0} Eva E\n")
    assert len(body) < 1000


@pytest.fixture
def texts_url(round_):
    def url(kind="decision_accepted", language="sv", program=None):
        program_id = (program or round_.program).pk
        return reverse("admin:communication_email_text", args=[program_id, kind, language])

    return url


def test_an_edited_text_is_used_and_reset_restores_the_default(
    client, coordinator, round_, texts_url, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    response = client.post(
        texts_url(), {"subject": "Välkommen {name}!", "body": "Hej {name}!\n\n{link}", "_save": "1"}
    )
    assert response.status_code == 302
    first = ApplicationFactory(round=round_, full_name="Eva E")
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(first, decision=State.ACCEPTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    assert mailoutbox[-1].subject == "Välkommen Eva E!"

    assert client.post(texts_url(), {"_reset": "1"}).status_code == 302
    second = ApplicationFactory(round=round_, full_name="Per P")
    with django_capture_on_commit_callbacks(execute=True):
        screening.decide(second, decision=State.ACCEPTED, actor=coordinator)
        screening.release_decisions(round_, actor=coordinator)
    assert mailoutbox[-1].subject == f"Välkommen till {round_.program.name}, {round_.name}"
    assert not EmailTemplate.objects.exists()


def test_the_edit_form_starts_from_the_default_and_refuses_unknown_placeholders(
    client, coordinator, texts_url
):
    client.force_login(coordinator)
    response = client.get(texts_url("decision_rejected", "en"))
    assert response.context["form"].initial["subject"] == "Your application to {program}, {round}"
    response = client.post(texts_url(), {"subject": "Hej {namn}", "body": "x", "_save": "1"})
    assert response.status_code == 200
    assert "{namn}" in response.content.decode()
    assert not EmailTemplate.objects.exists()


def test_preview_uses_real_data_and_never_a_live_link(client, coordinator, round_, texts_url):
    queue_email(
        key="sign-in:x",
        to="anna@example.org",
        template="sign_in_link",
        context={"path": "/accounts/link/?sesame=LIVE-TOKEN", "minutes": 15},
        program_id=round_.program_id,
    )
    client.force_login(coordinator)
    page = client.get(texts_url("sign_in_link"))
    preview = client.get(
        reverse("admin:communication_email_text_preview", args=[round_.program_id, "sign_in_link", "sv"])
    )
    assert page.status_code == preview.status_code == 200
    assert "LIVE-TOKEN" not in page.content.decode() + preview.content.decode()
    assert "15 minuter" in preview.content.decode() or "15 minutes" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_another_programs_coordinator_gets_404_and_a_lead_only_reads(
    client, other_coordinator, lead, texts_url, round_
):
    client.force_login(other_coordinator)
    assert client.get(texts_url()).status_code == 404
    assert client.post(texts_url(), {"subject": "x", "body": "y", "_save": "1"}).status_code == 404
    overview = client.get(reverse("admin:communication_emailtext_changelist"))
    assert round_.program.name not in overview.content.decode()
    client.force_login(lead)
    assert client.get(texts_url()).status_code == 200
    assert client.post(texts_url(), {"subject": "x", "body": "y", "_save": "1"}).status_code == 403
    assert not EmailTemplate.objects.exists()
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("own_texts", [1, 3])
def test_overview_query_count_does_not_grow(
    client, coordinator, round_, own_texts, django_assert_num_queries
):
    for kind in sorted(emails.KINDS)[:own_texts]:
        EmailTemplate.objects.create(program=round_.program, kind=kind, language="sv", subject="S", body="B")
    client.force_login(coordinator)
    url = reverse("admin:communication_emailtext_changelist")
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("Egen text") == own_texts
