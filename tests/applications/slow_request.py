"""A middleware for tests: the request waits (the frozen clock moves) before the view runs."""

from datetime import timedelta

WAIT = {"clock": None, "by": timedelta(0)}


class WaitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if WAIT["clock"] is not None:
            WAIT["clock"].shift(WAIT["by"])
        return self.get_response(request)
