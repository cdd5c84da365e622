"""Django's Redis cache with one client (and connection pool) per process.

Django keeps a cache object per thread, and each builds its own redis-py client. Under ASGI every
request runs in a fresh thread, so every request paid for a new client, a new pool and a new TCP
connection to Redis (and redis-py reads its package metadata on each). redis-py clients are
thread-safe, so one per process and server list is shared by all threads, and each of its
connection pools is wrapped in one reusable ``Redis`` object instead of a new one per cache call.
"""

from __future__ import annotations

import threading
from functools import cached_property
from typing import Any, ClassVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
