"""Settings for the worker subprocesses of test_delivery_crash.py."""

from mentorship.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.SendThenHang"
# Redeliver a dead worker's unacknowledged message within seconds instead of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
