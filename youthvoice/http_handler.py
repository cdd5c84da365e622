"""Django's ASGI handler, running each HTTP request's middleware and view in one worker thread.

The views of this site are synchronous (the ORM is). Django's ASGI handler builds an *async*
middleware chain, and each of Django's own middlewares then moves every hook to a thread and back:
about twenty thread switches per request, which cost more CPU than the view on the hottest writes.
Running the whole synchronous chain in the request's thread-sensitive worker thread is what Channels'
own HTTP handler used to do, and keeps the event loop free for WebSockets.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)  # not ASGIHandler's: that loads the async chain
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
