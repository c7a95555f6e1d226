import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database down")
        return "down"
    return "up"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from mentorship.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.warning("health check: broker unreachable")
        return "down"
    return "up"


@never_cache
def healthz(request):
    """Database and broker state; 503 when the database does not answer."""
    database = database_state()
    status = 200 if database == "up" else 503
    return JsonResponse({"database": database, "broker": broker_state()}, status=status)
