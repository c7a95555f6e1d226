import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_reports_database_up_with_200(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "up"
    assert "broker" in response.json()


@pytest.mark.django_db
def test_healthz_reports_database_down_with_503(client, monkeypatch):
    # The database is an outside boundary: make it refuse every connection attempt.
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_healthz_answers_200_for_a_browser_with_a_session_cookie(client, applicant):
    client.force_login(applicant)  # a real session cookie, as a coordinator's browser has

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "up"


@pytest.mark.django_db
def test_healthz_with_a_session_cookie_and_the_database_down_is_503_not_500(client, applicant, monkeypatch):
    client.force_login(applicant)

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"
