import logging
import sys

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template import loader
from django.templatetags.static import static
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


def favicon(request):
    """The site's icon where browsers look for it without a link (the admin's pages have none)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@never_cache
def healthz(request):
    """Database and broker state; 503 when the database does not answer."""
    database = database_state()
    status = 200 if database == "up" else 503
    return JsonResponse({"database": database, "broker": broker_state()}, status=status)


RETRY_AFTER_SECONDS = 60


def server_error(request):
    """The site's 500 page, or 503 when the database is what failed.

    Rendered without the request's context: no session, user or menu, so the page shows even
    when the database is down. It tells the person plainly that the form may not have been
    saved and that their text is still in the browser (the view re-shows a bound form itself
    when it is reached; this page is for when it is not).
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
