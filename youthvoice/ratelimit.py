"""Fixed-window rate limits on the shared cache (Redis when configured), usable from any transport.

Limits are named in ``settings.YOUTHVOICE_RATE_LIMITS`` as ``"count/seconds"``. allauth's own limits
(sign-up, login, password reset) stay in ``ACCOUNT_RATE_LIMITS``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _, seconds = text.partition("/")
        return cls(count=int(count), seconds=int(seconds))


def rate_for(action: str) -> Rate:
    return Rate.parse(settings.YOUTHVOICE_RATE_LIMITS[action])


def _cache_key(action: str, key: str) -> str:
    # Keys may contain email addresses: store only a digest.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{action}:{digest}"


def hit(action: str, key: str) -> bool:
    """Count one use of ``action`` by ``key``; ``False`` when the limit is already reached."""
    rate = rate_for(action)
    cache_key = _cache_key(action, key)
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # Redis (youthvoice.cache): one atomic round trip
        return count_in_window(cache_key, rate.seconds) <= rate.count
    # Other caches (the in-memory one of development, whose incr keeps the expiry under a lock):
    # add() only succeeds for the first use in a window, which also starts the window's expiry.
    if cache.add(cache_key, 1, timeout=rate.seconds):
        return True
    try:
        used = cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(cache_key, 1, timeout=rate.seconds)
        return True
    return used <= rate.count


def reset(action: str, key: str) -> None:
    cache.delete(_cache_key(action, key))
