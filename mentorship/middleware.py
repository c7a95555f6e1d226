"""Middleware of the whole site."""

from django.utils import timezone


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
