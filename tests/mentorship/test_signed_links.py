"""The one signed-link scheme: purpose, payload and expiry, for every link in an e-mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorship import signed_links
from mentorship.signed_links import LinkError


def test_a_link_reads_back_its_payload_until_its_expiry():
    at = timezone.now()
    token = signed_links.sign("meeting", {"p": 7, "r": "mentor"}, expires_at=at + timedelta(days=1))

    payload = signed_links.read(token, "meeting", at=at + timedelta(days=1, seconds=-1))

    assert payload == {"p": 7, "r": "mentor"}


def test_a_link_is_expired_from_its_expiry_instant_on():
    at = timezone.now()
    token = signed_links.sign("meeting", {"p": 7}, expires_at=at)

    with pytest.raises(LinkError) as error:
        signed_links.read(token, "meeting", at=at)
    assert error.value.reason == "expired"


def test_a_link_made_for_one_purpose_does_not_open_another():
    at = timezone.now()
    token = signed_links.sign("survey", {"p": 7}, expires_at=at + timedelta(days=1))

    with pytest.raises(LinkError) as error:
        signed_links.read(token, "meeting", at=at)
    assert error.value.reason == "invalid"


def test_a_tampered_link_is_invalid():
    at = timezone.now()
    token = signed_links.sign("meeting", {"p": 7}, expires_at=at + timedelta(days=1))

    with pytest.raises(LinkError) as error:
        signed_links.read(token[:-3] + "abc", "meeting", at=at)
    assert error.value.reason == "invalid"
