"""Fixed-window counters in the cache, for rate limits on forms that send e-mail or write."""

import hashlib

from django.core.cache import cache


def client_ip(request) -> str:
    """The address the request came from (the proxy is expected to set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, ident: str) -> str:
    # Hash the identifier: e-mail addresses never appear in cache keys.
    digest = hashlib.sha256(ident.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True while the window holds at most `limit` attempts."""
    key = _key(scope, ident)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
