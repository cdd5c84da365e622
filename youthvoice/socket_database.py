"""Where the sockets' database work runs: a small pool of threads per process.

Channels' ``database_sync_to_async`` is thread-sensitive by default, so every socket of a process
shares *one* thread for its database calls. Under load that thread is the bottleneck: each write
waits for the ones before it, and each of its round trips to PostgreSQL waits again for the GIL
while the event loop is busy sending frames. In the soak bench, writes sent over sockets queued
for 16 s, and sockets whose own messages backed up stopped reading their pongs and were closed by
the keepalive (1011). HTTP views never had this: each request runs in its own thread.

The calls made here (services, each one transaction) are thread-safe and hold their own pooled
connection per thread, like HTTP views, so they may run side by side. The pool is small and fixed
so that sockets can never take every database connection from HTTP requests.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import close_old_connections

_threads: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _threads
    if _threads is None:  # created on first use, after settings are loaded and the server forked
        _threads = ThreadPoolExecutor(
            max_workers=settings.YOUTHVOICE_SOCKET_DATABASE_THREADS, thread_name_prefix="socket-database"
        )
    return _threads


class _DatabaseCall(SyncToAsync):
    """As Channels' ``DatabaseSyncToAsync``: the thread's connection goes back to the pool after each
    call. Django's own ``close_old_connections`` is called, not the name Channels imports, which
    Channels' test communicator replaces with a no-op: these threads outlive a test, and a connection
    they kept open would stop the test database from being dropped."""

    def thread_handler(self, loop: Any, *args: Any, **kwargs: Any) -> Any:
        close_old_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            close_old_connections()


def database_call(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` made awaitable, run in the sockets' database threads."""
    return _DatabaseCall(function, thread_sensitive=False, executor=_executor())
