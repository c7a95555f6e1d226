"""Where people find their data and the privacy notice."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_signed_in_people_find_my_data_in_the_menu(client, applicant, round_):
    client.force_login(applicant)

    html = client.get(round_.program.get_absolute_url()).content.decode()

    assert f'href="{reverse("privacy:my_data")}">Mina uppgifter</a>' in html


def test_anonymous_visitors_see_no_my_data_link(client, round_):
    html = client.get(round_.program.get_absolute_url()).content.decode()

    assert f'href="{reverse("privacy:my_data")}"' not in html


@pytest.mark.parametrize("page", ["program", "round"])
def test_program_and_round_pages_link_the_privacy_notice(client, round_, page):
    url = round_.program.get_absolute_url() if page == "program" else round_.get_absolute_url()

    html = client.get(url).content.decode()

    assert f'href="{reverse("privacy:notice", kwargs={"slug": round_.program.slug})}"' in html


def test_consent_section_of_the_form_links_the_notice_in_a_new_tab(client, applicant, round_):
    application = ApplicationFactory(round=round_, applicant=applicant, draft=True)
    client.force_login(applicant)

    html = client.get(reverse("applications:edit", kwargs={"pk": application.pk})).content.decode()

    notice = reverse("privacy:notice", kwargs={"slug": round_.program.slug})
    assert f'href="{notice}" target="_blank" rel="noopener"' in html
