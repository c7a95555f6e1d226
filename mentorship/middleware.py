"""Middleware of the whole site."""

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class RequestInstantMiddleware:
    """`request.received_at`: the instant the request arrived, taken once, first of all.

    Deadlines are judged by it and submissions stamped with it, so a request that waited for a
    worker or a lock is not refused (or stamped late) for time it spent queueing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.received_at = timezone.now()
        return self.get_response(request)


def received_at(request):
    """The request's instant (now, for a request that did not pass the middleware)."""
    return getattr(request, "received_at", None) or timezone.now()


class HealthzMiddleware:
    """`/healthz` answered before sessions, users, CSRF and the HTTPS redirect.

    A browser with a session cookie (a coordinator checking the site) must not make the check
    read the session from the database it reports on: it would answer 500 instead of 503.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == self.path:
            from mentorship.views import healthz

            return healthz(request)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """A query string with a NUL byte is a 400, before any view sees it.

    PostgreSQL refuses NUL in a string, and the admin hands filter, search and ordering values
    straight to the database: without this, `?state=%00` answered 500. No real link has one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Every answer to a signed-in person is `Cache-Control: no-store`.

    Their pages (application, pair, my data, dashboards, even the public pages with their menu)
    are theirs: a shared computer's browser cache or a proxy must keep no copy. Pages opened by
    a signed link, where the link is the key, say so themselves with `never_cache`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
