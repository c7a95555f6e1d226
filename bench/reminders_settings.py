"""Settings for bench/reminders.py: the project's, sending over SMTP to the bench's local sink."""

import os

from mentorship.settings import *  # noqa: F403

EMAIL_BACKEND = "notifications.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2525"))
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 10
# A worker killed by --kill-worker leaves its tasks unacknowledged in Redis: give them back within
# seconds instead of the production hour. Still far above the time a task waits and runs (a batch
# of 100 takes about a second), so a live worker's task is never handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 10,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# As in production: the worker keeps no log of every query (DEBUG keeps one per connection).
DEBUG = False
