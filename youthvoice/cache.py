"""Django's Redis cache with one client (and connection pool) per process, surviving a Redis outage.

Django keeps a cache object per thread, and each builds its own redis-py client. Under ASGI every
request runs in a fresh thread, so every request paid for a new client, a new pool and a new TCP
connection to Redis (and redis-py reads its package metadata on each). redis-py clients are
thread-safe, so one per process and server list is shared by all threads, and each of its
connection pools is wrapped in one reusable ``Redis`` object instead of a new one per cache call.

Nothing kept in this cache is the truth (that is the database), so an unreachable Redis must not
turn pages into errors: reads miss, writes are dropped and ``add`` succeeds, which lets rate limits
fail open for the length of the outage (a documented trade-off: see docs/threat-model.md).
"""

from __future__ import annotations

import logging
import threading
import time
from functools import cached_property
from typing import Any, ClassVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# One warning per this many seconds, not one per request, while Redis is down.
_WARN_EVERY_SECONDS = 10.0


class _ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._redis_by_pool: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._redis_by_pool.get(id(pool))
        if client is None:  # a benign race: two threads may each build one, either is fine
            client = self._redis_by_pool[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    _clients: ClassVar[dict[tuple[str, ...], RedisCacheClient]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingRedisCacheClient

    @cached_property
    def _cache(self) -> Any:
        key = (*self._servers, repr(sorted(self._options.items())))
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._class(self._servers, **self._options)
            return self._clients[key]

    # --- Outage tolerance: the calls the project and its libraries make -----------------------

    _last_warning: ClassVar[float] = 0.0

    def _unreachable(self, operation: str) -> None:
        now = time.monotonic()
        if now - SharedClientRedisCache._last_warning >= _WARN_EVERY_SECONDS:
            SharedClientRedisCache._last_warning = now
            logger.warning("cache unreachable during %s; carrying on without it", operation)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _UNREACHABLE:
            self._unreachable("get")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _UNREACHABLE:
            self._unreachable("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _UNREACHABLE:
            self._unreachable("has_key")
            return False

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except _UNREACHABLE:
            self._unreachable("set")

    def set_many(self, data: dict[Any, Any], timeout: Any = None, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _UNREACHABLE:
            self._unreachable("set_many")
            return list(data)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _UNREACHABLE:
            self._unreachable("add")
            return True  # as if first: counters restart, rate limits fail open

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE:
            self._unreachable("incr")
            return delta

    def count_in_window(self, key: Any, seconds: int, version: int | None = None) -> int:
        """Add one to a counter that lives ``seconds`` from its first use and return its new value,
        in one atomic round trip (MULTI: SET NX EX, INCR, TTL).

        Why not ``add`` then ``incr``: Django's ``incr`` checks the key exists and then sends INCR,
        so a window that expired in between was created again by INCR *without an expiry* — a
        counter that never reset, and a person rate-limited for good (seen under the soak bench).
        A counter found without an expiry (from before this fix) is given one."""
        key = self.make_and_validate_key(key, version=version)
        try:
            client = self._cache.get_client(key, write=True)
            pipeline = client.pipeline(transaction=True)
            pipeline.set(key, 0, ex=seconds, nx=True)
            pipeline.incr(key)
            pipeline.ttl(key)
            _, count, ttl = pipeline.execute()
            if ttl == -1:  # no expiry
                client.expire(key, seconds)
            return count
        except _UNREACHABLE:
            self._unreachable("count_in_window")
            return 1  # as if first: rate limits fail open

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _UNREACHABLE:
            self._unreachable("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _UNREACHABLE:
            self._unreachable("delete")
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _UNREACHABLE:
            self._unreachable("delete_many")
