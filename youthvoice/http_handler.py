"""Django's ASGI handler, running each HTTP request's middleware and view in one worker thread,
taken from a pool of threads that outlive the request.

The views of this site are synchronous (the ORM is). Django's ASGI handler builds an *async*
middleware chain, and each of Django's own middlewares then moves every hook to a thread and back:
about twenty thread switches per request, which cost more CPU than the view on the hottest writes.
Running the whole synchronous chain in the request's thread-sensitive worker thread is what Channels'
own HTTP handler used to do, and keeps the event loop free for WebSockets.

Django also gives every request a thread of its own (``ThreadSensitiveContext``): a thread started
for the request and another started to join it afterwards. Under the soak bench's load, starting
and joining those threads was about a tenth of a process's CPU. Here each request borrows a
single-thread executor from a free list and gives it back, through asgiref's own
``ThreadSensitiveContext(executor=...)``: the request's synchronous code still runs in one thread
of its own while it runs, so database connections and transactions behave exactly as before.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase

# Threads kept idle for the next requests, per process; more may run at once under a burst, and
# those beyond this number end when their request does.
KEPT_THREADS = 32


class RequestThreads:
    """A free list of single-thread executors: one per request in flight, reused afterwards."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._idle: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()

    def borrow(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="http-request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(executor)
                return
        # Not waited for: its thread may still be finishing the request's work.
        executor.shutdown(wait=False)

    @property
    def idle(self) -> int:
        """Executors waiting for a request (not ``__len__``: an empty free list must not be falsy)."""
        return len(self._idle)


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self, threads: RequestThreads | None = None) -> None:
        BaseHandler.__init__(self)  # not ASGIHandler's: that loads the async chain
        self.load_middleware(is_async=False)
        self.threads = threads if threads is not None else RequestThreads(KEPT_THREADS)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self.threads.borrow()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        except BaseException:
            # Cut short (the client went away, say) before Django's request_finished returned the
            # thread's database connection to the pool: return it in that thread, after whatever
            # it is still doing, or a kept thread would hold a pooled connection while idle.
            executor.submit(close_old_connections)
            raise
        finally:
            self.threads.give_back(executor)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
