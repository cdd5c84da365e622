"""How live events travel between ASGI processes (see realtime.LocalFanout for what happens in each).

With Redis, events go over Redis **pub/sub**: a write publishes once (one round trip, from whatever
thread it runs in), and each process holds one subscriber connection on which Redis pushes every
event of the consultations it has viewers for, many to a read. Channels' Redis layer was used before:
it costs four round trips per message received, each needing a turn of a busy event loop, and under
load (the soak bench) a process fell further behind every second. Pub/sub keeps nothing for a
process that is not listening, which the protocol already allows: the database is the truth, and
clients resume from their last sequence number.

A subscriber connection that breaks raises, and a marker key (renewed every second) tells a Redis
that came back empty from one that stayed: either way the caller closes its sockets with 1012 so
clients resume (see docs/websocket-protocol.md, "Fan-out").

Without Redis (development), the in-memory channel layer carries events within the one process.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
import weakref
from typing import Any, Protocol

import redis
import redis.asyncio
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

MARKER_SECONDS = 3600
# A dead Redis must not hold up the request that published: the event is in the database already.
PUBLISH_TIMEOUT_SECONDS = 2.0


def group_name(consultation_id: int) -> str:
    return f"consultation.{consultation_id}"


def uses_redis() -> bool:
    return bool(settings.REDIS_URL)


def _prefix() -> str:
    config = settings.CHANNEL_LAYERS["default"].get("CONFIG", {})
    return str(config.get("prefix", "youthvoice"))


def topic(consultation_id: int) -> str:
    """Pub/sub channels ignore Redis' database number: it is part of the name, so that two
    installations (or test runs) sharing a server never hear each other."""
    db = redis.connection.parse_url(settings.REDIS_URL).get("db", 0)
    return f"{_prefix()}:{db}:live:{consultation_id}"


def _consultation_of(channel: bytes | str) -> int | None:
    name = channel.decode() if isinstance(channel, bytes) else channel
    try:
        return int(name.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


# --- Publishing -------------------------------------------------------------------------------

_publisher: redis.Redis | None = None
_publisher_lock = threading.Lock()


def _redis_publisher() -> redis.Redis:
    global _publisher
    with _publisher_lock:
        if _publisher is None:
            _publisher = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS,
                socket_timeout=PUBLISH_TIMEOUT_SECONDS,
            )
        return _publisher


def publish(consultation_id: int, text: str) -> None:
    """Send one serialised event to every process with viewers of the consultation. Raises when
    Redis cannot be reached (the caller logs it; clients resume)."""
    if uses_redis():
        _redis_publisher().publish(topic(consultation_id), text)
        return
    message = {"type": "fanout", "consultation": consultation_id, "text": text}
    layer = get_channel_layer()
    loop = next((loop for loop in list(_loops) if loop.is_running()), None)
    if loop is not None and isinstance(threading.current_thread(), threading.Timer):
        # The tally timer's thread has no loop, and the in-memory layer lives on the server's.
        asyncio.run_coroutine_threadsafe(layer.group_send(group_name(consultation_id), message), loop).result(5)
    else:
        # A request thread: asgiref runs this on the server's loop.
        async_to_sync(layer.group_send)(group_name(consultation_id), message)


_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


# --- Subscribing ------------------------------------------------------------------------------


class Subscription(Protocol):
    """One process's subscription to the events of the consultations it has viewers for."""

    async def start(self) -> None: ...

    async def add(self, consultation_id: int) -> None: ...

    async def discard(self, consultation_id: int) -> None: ...

    async def next(self) -> tuple[int, str] | None:
        """The next event, or None after a quiet second. Raises when the transport is lost."""

    async def healthy(self) -> bool:
        """False when the transport came back without this subscription (Redis restarted empty);
        raises when it cannot be reached."""

    async def close(self) -> None: ...


def subscribe() -> Subscription:
    if uses_redis():
        return RedisSubscription()
    _loops.add(asyncio.get_running_loop())
    return LayerSubscription()


class RedisSubscription:
    def __init__(self) -> None:
        self.client = redis.asyncio.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.marker = f"{_prefix()}:fanout-alive:{uuid.uuid4().hex}"

    async def start(self) -> None:
        await self.client.set(self.marker, 1, ex=MARKER_SECONDS)  # raises while Redis is down

    async def add(self, consultation_id: int) -> None:
        await self.pubsub.subscribe(topic(consultation_id))

    async def discard(self, consultation_id: int) -> None:
        await self.pubsub.unsubscribe(topic(consultation_id))

    async def next(self) -> tuple[int, str] | None:
        if not self.pubsub.subscribed:
            await asyncio.sleep(0.05)
            return None
        message = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
        if message is None or message.get("type") != "message":
            return None
        consultation_id = _consultation_of(message["channel"])
        data = message["data"]
        if consultation_id is None:
            return None
        return consultation_id, data.decode() if isinstance(data, bytes) else str(data)

    async def healthy(self) -> bool:
        # EXPIRE both checks and renews: it answers 0 when the key no longer exists. A Redis that
        # restarted may have let the subscriber reconnect silently, with events lost in between.
        return bool(await self.client.expire(self.marker, MARKER_SECONDS))

    async def close(self) -> None:
        for step in (self.pubsub.aclose, self.client.aclose):
            try:
                await step()
            except Exception:  # a broken connection closes all the same
                logger.debug("closing the fan-out subscription", exc_info=True)


class LayerSubscription:
    """The in-memory channel layer: one process, nothing to lose."""

    def __init__(self) -> None:
        self.layer: Any = get_channel_layer()
        self.channel = ""

    async def start(self) -> None:
        self.channel = await self.layer.new_channel()

    async def add(self, consultation_id: int) -> None:
        await self.layer.group_add(group_name(consultation_id), self.channel)

    async def discard(self, consultation_id: int) -> None:
        await self.layer.group_discard(group_name(consultation_id), self.channel)

    async def next(self) -> tuple[int, str] | None:
        message = await self.layer.receive(self.channel)
        consultation_id, text = message.get("consultation"), message.get("text")
        return (consultation_id, text) if isinstance(consultation_id, int) and text else None

    async def healthy(self) -> bool:
        return True

    async def close(self) -> None:
        return None
