"""Container health checks: `python -m mentorship.healthcheck web|beat` exits 0 when healthy.

The web check imports nothing of Django; the beat check loads the Celery app to reach the broker.
"""

import glob
import os
import sys
import urllib.request

BEAT_SCHEDULE = "/app/run/celerybeat-schedule"


def web() -> bool:
    """/healthz answers 200 (the database is up). Sent as the first allowed host."""
    first = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")[0]
    host = first.strip().lstrip(".").replace("*", "") or "localhost"
    request = urllib.request.Request(
        "http://127.0.0.1:8000/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def beat() -> bool:
    """Beat has started (its schedule file exists) and the broker it sends to answers."""
    if not glob.glob(BEAT_SCHEDULE + "*"):
        return False
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    from mentorship.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=5)
    except Exception:
        return False
    return True


if __name__ == "__main__":
    checks = {"web": web, "beat": beat}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        sys.exit("usage: python -m mentorship.healthcheck web|beat")
    sys.exit(0 if checks[sys.argv[1]]() else 1)
