"""The client's address, and fixed-window counters in the shared cache for rate limits.

`client_ip` is the one answer to "who is asking" for every limit and for django-axes
(AXES_CLIENT_IP_CALLABLE). The counters live in the default cache, which is shared by every
worker (Redis, or the database cache when Redis is absent). A cache outage must not take the
site with it: the limit is then skipped, with a log line, and the request goes on.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind our proxy (DJANGO_BEHIND_PROXY) the last X-Forwarded-For hop.

    Only the last hop: it is the one our proxy appended. Anything before it was sent by the
    client and can be anything. Never a value that is not an IP address (axes stores it in an
    address column): such a hop falls back to REMOTE_ADDR, and no address at all is None.
    """
    if settings.BEHIND_PROXY:
        last_hop = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _is_address(last_hop):
            return last_hop
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_address(remote) else None


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _key(scope: str, ident: str) -> str:
    # Hash the identifier: e-mail addresses never appear in cache keys.
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope: str, ident: str | None, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the window holds at most `limit` attempts (or the cache is down).

    Attempts without an identifier (a request with no address) share one counter.
    """
    key = _key(scope, ident or "unknown")
    try:
        return _count(key, window) <= limit
    except Exception:  # any backend's outage (Redis, database cache): no limit rather than a 500
        logger.warning("rate limit %s skipped: the cache is unavailable", scope, exc_info=True)
        return True


def _count(key: str, window: int) -> int:
    # Counting up first: the counter exists for every attempt but the window's first, and an
    # add() before each incr() cost the database cache four more queries per attempt.
    try:
        return cache.incr(key)
    except ValueError:  # the window's first attempt (or the counter just expired)
        pass
    if cache.add(key, 1, timeout=window):  # the window starts now
        return 1
    try:
        return cache.incr(key)  # another request started the window first
    except ValueError:  # ... and it expired at once
        cache.set(key, 1, timeout=window)
        return 1
