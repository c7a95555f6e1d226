"""Last round's participants are invited to apply to the copied round: a group message to them."""

import pytest
from django.urls import reverse

from communication.models import Message
from programs.models import Round
from tests.factories import ApplicationFactory, PairFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_round(round_):
    """The round the coordinator copies: a completed and a confirmed pair, and others who took no part."""
    round_.name = "Hösten 2026"
    round_.save()
    return {
        "completed": PairFactory(round=round_, state="completed"),
        "confirmed": PairFactory(round=round_, state="confirmed"),
        "declined": PairFactory(round=round_, state="declined"),
        "rejected": ApplicationFactory(round=round_, rejected=True),
        "unmatched": ApplicationFactory(round=round_, accepted=True),
        "elsewhere": PairFactory(round=RoundFactory(), state="completed"),
    }


def test_the_copied_round_offers_to_invite_the_last_rounds_participants(
    client, coordinator, round_, last_round, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.post(
        reverse("admin:programs_round_copy", args=[round_.pk]),
        {"name": "Hösten 2027", "slug": "hosten-2027", "shift_days": 364},
    )
    new = Round.objects.get(slug="hosten-2027")
    page = client.get(reverse("admin:programs_round_change", args=[new.pk])).content.decode()
    invite = reverse("admin:communication_message_compose", args=[round_.pk]) + f"?invite={new.pk}"
    assert invite in page and "Bjud in deltagarna i Hösten 2026 att söka" in page

    form = client.get(invite).context["form"]
    assert "Hösten 2027" in form.initial["subject_sv"] and "Hösten 2027" in form.initial["subject_en"]
    assert new.get_absolute_url() in form.initial["body_sv"]
    data = {name: form.initial[name] for name in ("subject_sv", "body_sv", "subject_en", "body_en")}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            invite, {**data, "pair_states": form.initial["pair_states"], "token": "b" * 32, "_send": "1"}
        )

    message = Message.objects.get()
    assert message.round == round_
    participants = {last_round[kind].mentor_application.email for kind in ("completed", "confirmed")} | {
        last_round[kind].mentee_application.email for kind in ("completed", "confirmed")
    }
    assert {mail.to[0] for mail in mailoutbox} == participants
    assert all(new.get_absolute_url() in mail.body for mail in mailoutbox)


def test_an_invitation_to_another_programs_round_is_refused(client, coordinator, round_, last_round):
    client.force_login(coordinator)
    other = RoundFactory()

    url = reverse("admin:communication_message_compose", args=[round_.pk]) + f"?invite={other.pk}"

    assert client.get(url).status_code == 404
