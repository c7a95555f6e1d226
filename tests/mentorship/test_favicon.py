import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_points_browsers_at_the_site_icon(client):
    """Browsers ask for /favicon.ico on their own (the admin's pages link no icon): no 404 page."""
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")
    with open(finders.find("favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")


@pytest.mark.django_db
def test_pages_link_the_icon(client):
    html = client.get("/").content.decode()

    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in html
