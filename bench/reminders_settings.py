"""Settings for bench/reminders.py: the project's, with an e-mail backend that counts."""

import os

from mentorship.settings import *  # noqa: F403

EMAIL_BACKEND = "counting_backend.CountingBackend"
BENCH_MAIL_LOG = os.environ.get("BENCH_MAIL_LOG", "/tmp/bench-reminders-mail.log")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
