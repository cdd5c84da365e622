"""A short-lived, process-local cache of public pages as a visitor without an account sees them.

A popular consultation is read far more often than it is written to, mostly by people who are not
signed in, and each render costs tens of milliseconds (routing, about ten queries, a large
template). Rendering it once per ``YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS`` per process keeps page
views cheap under load ("micro-caching").

Why a page may be a few seconds old: the consultation page carries the sequence number of the
events it already shows (``data-seq``), and its live script resumes from there, so a reader of a
cached copy receives what happened since through the socket. Without JavaScript the page is at
most that many seconds behind.

What is shared, and with whom, is deliberately narrow:

- only responses a page marked with :func:`mark_shareable` (it knows its content does not depend
  on who asks), with status 200, that set no cookie but the CSRF one and used no CSP nonce — so
  nothing personal and no one-off value can be handed to someone else;
- the CSRF tokens in a kept page's forms (the language switcher's, say) are replaced, on every hit,
  by a token of the visitor's own, and their CSRF cookie is set as Django would;
- only to GET requests carrying neither a session nor a flash-message cookie: anyone signed in (or
  with a message waiting) always gets a fresh render;
- keyed by scheme, host, full path and language; bounded in entries (least recently used go).

When a copy expires, one request renders the page again and the others are served the expired copy
meanwhile (for at most another interval): under load, every request that arrived during the render
used to render it too, each slower for the others.

The process-local store needs no network round trip and no pickling; each ASGI process renders
its own copy once per interval, which is the point (a shared cache would add a Redis round trip to
every view and a single hot key).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

_SHAREABLE = "_youthvoice_shareable"
# The hidden field rendered by {% csrf_token %}; masked tokens are letters and digits.
_CSRF_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
# Header added by this cache on a hit: lets people (and tests) see a copy was served.
HIT_HEADER = "X-Page-Cache"


def mark_shareable(response: HttpResponse) -> None:
    """Say that ``response`` shows the same thing to every visitor without a session."""
    setattr(response, _SHAREABLE, True)


@dataclass(frozen=True)
class _Entry:
    expires: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    has_csrf_token: bool


class PageStore:
    """A thread-safe LRU of rendered responses with a time to live, which lets one caller at a time
    refresh an expired entry while the others keep using it."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._refreshing: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], now: float, stale_for: float = 0.0) -> _Entry | None:
        """The entry if it is fresh. If it expired less than ``stale_for`` seconds ago and someone
        is refreshing it, the expired entry; otherwise ``None``, and the caller is now the one
        refreshing it: it must :meth:`put` a new entry or :meth:`give_up`."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= now:
                if key in self._refreshing and now < entry.expires + stale_for:
                    return entry
                self._refreshing.add(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[str, str], entry: _Entry) -> None:
        with self._lock:
            self._refreshing.discard(key)
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def give_up(self, key: tuple[str, str]) -> None:
        """The refresh did not produce a page to keep: let the next caller try."""
        with self._lock:
            self._refreshing.discard(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._refreshing.clear()

    def __len__(self) -> int:
        return len(self._entries)


store = PageStore(max_entries=256)


class PublicPageCacheMiddleware:
    """Serve and keep shareable pages (see the module docstring). Sits inside ``LocaleMiddleware``
    (the language is known) and ``CsrfViewMiddleware`` (which sets the visitor's CSRF cookie on the
    way out), and outside everything that reads the session or the user, so that a hit skips
    routing, the database and the template."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS
        if seconds <= 0 or not _may_share_with(request):
            return self.get_response(request)
        key = (request.build_absolute_uri(), get_language() or "")
        now = time.monotonic()
        entry = store.get(key, now, stale_for=seconds)
        if entry is not None:
            content = entry.content
            if entry.has_csrf_token:
                token = get_token(request).encode()  # the visitor's own secret, freshly masked
                content = _CSRF_TOKEN_FIELD.sub(lambda match: match[1] + token + match[2], content)
            response = HttpResponse(content, status=entry.status, headers=dict(entry.headers))
            # As a fresh render would say (the session was read): shared caches must keep signed-in
            # people apart from this copy.
            patch_vary_headers(response, ("Cookie",))
            response[HIT_HEADER] = "hit"
            return response
        try:
            response = self.get_response(request)
        except BaseException:
            store.give_up(key)
            raise
        if _may_keep(request, response):
            headers = tuple((name, value) for name, value in response.items() if name.lower() != "content-length")
            has_token = _CSRF_TOKEN_FIELD.search(response.content) is not None
            store.put(key, _Entry(now + seconds, response.status_code, headers, response.content, has_token))
        else:
            store.give_up(key)
        return response


def _may_share_with(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        getattr(response, _SHAREABLE, False)
        and response.status_code == 200
        and not response.streaming
        # Only the CSRF cookie may be set: its token in the page is replaced on every hit.
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        # A nonce must never be reused across responses; a page that used one is not shared.
        and not getattr(request, "_csp_nonce", None)
    )
