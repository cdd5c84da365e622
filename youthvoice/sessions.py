"""Sessions read from the cache (Redis) and kept in the database, surviving a cache outage.

Django's ``cached_db`` store saves a query on every signed-in request, but only its cache *reads*
tolerate a failing cache: a write during an outage would turn every page into an error. The database
is the source of truth here as everywhere, so a failing cache only costs the query it would have saved.
Limit: a session ended while Redis was unreachable (not restarted) may linger in the cache until it
expires there; Redis in this deployment keeps nothing across restarts.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class _TolerantCache:
    """The calls ``cached_db`` makes on its cache, each turning a cache failure into a miss."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def _safely(self, name: str, *args: Any, default: Any = None) -> Any:
        try:
            return getattr(self._cache, name)(*args)
        except Exception:  # any backend's connection error: the database answers instead
            logger.warning("session cache unavailable for %s; using the database", name)
            return default

    async def _asafely(self, name: str, *args: Any, default: Any = None) -> Any:
        try:
            return await getattr(self._cache, name)(*args)
        except Exception:
            logger.warning("session cache unavailable for %s; using the database", name)
            return default

    def get(self, key: str) -> Any:
        return self._safely("get", key)

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self._safely("set", key, value, timeout)

    def delete(self, key: str) -> None:
        self._safely("delete", key)

    def __contains__(self, key: str) -> bool:
        return bool(self._safely("has_key", key, default=False))

    async def aget(self, key: str) -> Any:
        return await self._asafely("aget", key)

    async def aset(self, key: str, value: Any, timeout: Any = None) -> None:
        await self._asafely("aset", key, value, timeout)

    async def adelete(self, key: str) -> None:
        await self._asafely("adelete", key)

    async def ahas_key(self, key: str) -> bool:
        return bool(await self._asafely("ahas_key", key, default=False))


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _TolerantCache(self._cache)
