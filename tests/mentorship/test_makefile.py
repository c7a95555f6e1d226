"""`make run` as a person starts it: the commands it would run (make -n), not run."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned(target: str, **env: str) -> str:
    environment = {**os.environ, **env}
    return subprocess.run(
        ["make", "-n", target], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout


def test_make_run_keeps_a_site_url_set_in_the_environment():
    commands = planned("run", SITE_URL="https://mentor.example.org")

    assert "SITE_URL=https://mentor.example.org" in commands
    assert "SITE_URL=http://127.0.0.1" not in commands


def test_make_run_links_to_its_own_address_by_default():
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "SITE_URL=http://127.0.0.1:8123" in commands
