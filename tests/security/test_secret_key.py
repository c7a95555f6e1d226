"""Production refuses to start on the key in the repository; compose ships production defaults."""

import re

import pytest

from tests.security.test_hardening import PRODUCTION_ENV, ROOT, _run

DEVELOPMENT_KEY = "django-insecure-dev-only-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize("key", [None, "", DEVELOPMENT_KEY, "change-me-to-a-long-random-string"])
def test_debug_off_without_a_real_key_refuses_to_start(key):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key

    result = _run(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_on_without_a_key_starts_on_the_development_key():
    result = _run(
        [
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
        ]
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEVELOPMENT_KEY


def compose_defaults() -> dict[str, str]:
    """The app's environment in docker-compose.yml as it is with nothing set in `.env`."""
    text = (ROOT / "docker-compose.yml").read_text()
    block = text.split("  environment:\n", 1)[1].split("\n  depends_on:", 1)[0]
    found = {}
    for name, value in re.findall(r"^\s+([A-Z_]+): (.+)$", block, flags=re.M):
        required = re.fullmatch(r"\$\{\w+:\?.*\}", value)
        found[name] = None if required else re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)
    return found


def test_compose_requires_a_secret_key():
    assert compose_defaults()["DJANGO_SECRET_KEY"] is None


def test_check_deploy_is_clean_with_the_compose_defaults():
    env = {k: v for k, v in compose_defaults().items() if v is not None and not k.endswith("_URL")}
    env["DJANGO_SECRET_KEY"] = PRODUCTION_ENV["DJANGO_SECRET_KEY"]

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode == 0, result.stdout + result.stderr
