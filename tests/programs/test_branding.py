"""A program's logo and accent colour: uploaded in the admin, served by the site, on its pages and e-mails."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from notifications.emails import kind_of, render
from programs.models import ProgramLogo
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def png(size=(400, 120), colour=(11, 94, 215)) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, format="PNG")
    data.seek(0)
    data.name = "logo.png"
    return data


def program_form(program, **extra) -> dict:
    """The program's change form as the admin posts it, with no inline rows."""
    data = {
        "name": program.name,
        "slug": program.slug,
        "mentor_label_sv": program.mentor_label_sv,
        "mentor_label_en": program.mentor_label_en,
        "mentee_label_sv": program.mentee_label_sv,
        "mentee_label_en": program.mentee_label_en,
        "privacy_notice_version": program.privacy_notice_version,
        "retention_months": program.retention_months,
        "min_group_size": program.min_group_size,
        "accent_colour": "#7a1f5c",
    }
    for prefix in ("contacts", "memberships", "topics", "survey_questions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **extra}


def post(client, program, **extra):
    return client.post(
        reverse("admin:programs_program_change", args=[program.pk]), program_form(program, **extra)
    )


def test_a_coordinator_uploads_a_logo_and_colour_that_its_pages_and_e_mails_show(client, coordinator, round_):
    program = round_.program
    client.force_login(coordinator)

    response = post(client, program, logo_upload=png())

    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    assert program.accent_colour == "#7a1f5c" and ProgramLogo.objects.filter(program=program).exists()
    page = client.get(reverse("programs:round", args=[round_.slug])).content.decode()
    assert f'src="{program.logo_path}"' in page and program.logo_path.startswith("/")  # from this site
    assert f'href="{program.brand_css_path}"' in page
    logo = client.get(program.logo_path)
    assert logo["Content-Type"] == "image/png" and "max-age" in logo["Cache-Control"]
    assert Image.open(io.BytesIO(logo.content)).size == (400, 120)
    css = client.get(program.brand_css_path)
    assert css["Content-Type"].startswith("text/css") and "#7a1f5c" in css.content.decode()

    application = ApplicationFactory(round=round_)
    mail = render(
        kind_of("decision_accepted"), {"application": application.pk}, language="sv", program=program
    )
    assert "http://testserver" + program.logo_path in mail.html or program.logo_path in mail.html
    assert "#7a1f5c" in mail.html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "PNG, JPEG"),
        (io.BytesIO(b"not an image at all"), "PNG, JPEG"),
        (io.BytesIO(b"\x89PNG" + b"0" * (600 * 1024)), "500 KB"),
    ],
)
def test_an_svg_a_non_image_or_a_too_big_file_is_refused_with_a_swedish_message(
    client, coordinator, round_, upload, message
):
    upload.name = "logo.svg"
    client.force_login(coordinator)

    response = post(client, round_.program, logo_upload=upload)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["logo_upload"]
    assert message in errors[0] and ("Ladda upp" in errors[0] or "högst" in errors[0])
    assert not ProgramLogo.objects.exists()


def test_removing_the_logo_takes_it_off_the_pages(client, coordinator, round_):
    client.force_login(coordinator)
    post(client, round_.program, logo_upload=png())
    path = round_.program.__class__.objects.get(pk=round_.program.pk).logo_path

    post(client, round_.program, remove_logo="on")

    round_.program.refresh_from_db()
    assert round_.program.logo_path == "" and client.get(path).status_code == 404
    assert "program-logo" not in client.get(reverse("programs:round", args=[round_.slug])).content.decode()


def test_another_programs_coordinator_cannot_change_the_logo(client, other_coordinator, round_):
    client.force_login(other_coordinator)

    response = post(client, round_.program, logo_upload=png())

    assert response.status_code == 404
    assert not ProgramLogo.objects.exists()


def test_a_program_without_a_colour_links_no_stylesheet(client, round_):
    page = client.get(reverse("programs:round", args=[round_.slug])).content.decode()

    assert "brand.css" not in page
    assert client.get(reverse("programs:brand_css", args=[round_.program.slug])).status_code == 404
