"""Live events of a consultation: sequence numbers, the replay log, process-local fan-out and tally
coalescing. See docs/websocket-protocol.md for what clients receive.

Writes (services) call :func:`event_record` inside their transaction; it numbers the event, stores
it for replay and broadcasts it after commit. Broadcasts arrive at most once: a client that sees a
gap in sequence numbers asks to ``resume`` and gets the missing events from the database.

Fan-out: each process subscribes to a consultation's events *once* (consultations/fanout_bus.py:
Redis pub/sub), and one task writes each event (serialised once) to that process's sockets,
several events to a frame when they come fast. Each socket has a bounded queue drained by its own
writer, so a slow reader never stalls the others; one that stays full is closed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import weakref
from collections import defaultdict
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery

from consultations import fanout_bus
from consultations.models import Comment, ConsultationEvent, ConsultationStream

logger = logging.getLogger(__name__)

# Replay at most this many events on resume; further behind, the client reloads ("resync").
REPLAY_LIMIT = 200
# How often each process checks that Redis still holds its marker (i.e. did not restart empty).
LAYER_CHECK_SECONDS = 1.0


def encode(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


# --- Recording and broadcasting -------------------------------------------------------------

_last_seq_seen: dict[int, int] = {}


def event_record(*, consultation_id: int, type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Number and store a public event; broadcast it after commit. Call inside ``transaction.atomic``."""
    streams = ConsultationStream.objects.filter(consultation_id=consultation_id)
    # The UPDATE locks the stream row until commit: events are numbered in commit order.
    if not streams.update(last_seq=F("last_seq") + 1):
        ConsultationStream.objects.bulk_create(
            [ConsultationStream(consultation_id=consultation_id)], ignore_conflicts=True
        )
        streams.update(last_seq=F("last_seq") + 1)
    seq = streams.values_list("last_seq", flat=True).get()
    ConsultationEvent.objects.create(consultation_id=consultation_id, seq=seq, type=type, payload=payload)
    event = {"type": type, "seq": seq, **payload}
    transaction.on_commit(lambda: broadcast(consultation_id, event))
    return event


def broadcast(consultation_id: int, event: dict[str, Any]) -> None:
    """Send to every process with viewers (consultations/fanout_bus.py). Never raises: the database
    already holds the truth. Called from synchronous code: request threads, on-commit hooks and the
    tally timer thread."""
    if isinstance(event.get("seq"), int):
        _last_seq_seen[consultation_id] = max(event["seq"], _last_seq_seen.get(consultation_id, 0))
    try:
        fanout_bus.publish(consultation_id, encode(event))
    except Exception:
        logger.warning("broadcast to consultation %s failed; clients will resume", consultation_id, exc_info=True)


def events_after(*, consultation_id: int, last_seq: int) -> list[dict[str, Any]] | None:
    """Public events after ``last_seq`` in order, or ``None`` when too far behind to replay."""
    rows = list(
        ConsultationEvent.objects.filter(consultation_id=consultation_id, seq__gt=last_seq)
        .order_by("seq")
        .values("seq", "type", "payload")[: REPLAY_LIMIT + 1]
    )
    if len(rows) > REPLAY_LIMIT:
        return None
    return [{"type": row["type"], "seq": row["seq"], **row["payload"]} for row in rows]


def current_seq(consultation_id: int) -> int:
    return (
        ConsultationStream.objects.filter(consultation_id=consultation_id).values_list("last_seq", flat=True).first()
        or 0
    )


def with_live_seq(pages: QuerySet[Any]) -> QuerySet[Any]:
    """Consultation pages with the last sequence number of their stream, in the same query."""
    last = ConsultationStream.objects.filter(consultation_id=OuterRef("pk")).values("last_seq")[:1]
    return pages.annotate(live_seq=Subquery(last))


def live_seq_of(page: Any) -> int:
    """The last sequence number of ``page``'s stream: read with the page where it was routed (see
    :func:`with_live_seq`), else now."""
    if hasattr(page, "live_seq"):
        return page.live_seq or 0
    return current_seq(page.pk)


# --- Tally coalescing -----------------------------------------------------------------------


class TallyCoalescer:
    """Collects vote counts per consultation and sends at most one ``tally`` event per interval.

    Counts travel with the vote (read under the comment's row lock), so flushing needs no query; the
    highest ``tally_version`` of a comment wins when commits arrive out of order.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
        self._timers: dict[int, threading.Timer] = {}

    def add(self, consultation_id: int, tally: dict[str, int]) -> None:
        with self._lock:
            known = self._dirty[consultation_id].get(tally["id"])
            if known is None or known["version"] < tally["version"]:
                self._dirty[consultation_id][tally["id"]] = tally
            if consultation_id not in self._timers:
                timer = threading.Timer(settings.YOUTHVOICE_TALLY_INTERVAL, self.flush, args=(consultation_id,))
                timer.name = f"tally-flush-{consultation_id}"
                timer.daemon = True
                self._timers[consultation_id] = timer
                timer.start()

    def flush(self, consultation_id: int) -> None:
        with self._lock:
            tallies = self._dirty.pop(consultation_id, {})
            self._timers.pop(consultation_id, None)
        if tallies:
            event = {
                "type": "tally",
                # Tallies are snapshots: they carry the sequence they follow and never advance it.
                "seq": _last_seq_seen.get(consultation_id, 0),
                "tallies": sorted(tallies.values(), key=lambda t: t["id"]),
            }
            broadcast(consultation_id, event)


tallies = TallyCoalescer()


def tally_of(comment: Comment) -> dict[str, int]:
    return {
        "id": comment.pk,
        "agree": comment.agree_count,
        "disagree": comment.disagree_count,
        "pass": comment.pass_count,
        "version": comment.tally_version,
    }


def tallies_changed_since(*, consultation_id: int, last_seq: int) -> list[dict[str, int]] | None:
    """Tallies of published comments whose counts moved after event ``last_seq`` (for resume)."""
    since = (
        ConsultationEvent.objects.filter(consultation_id=consultation_id, seq__lte=last_seq)
        .order_by("-seq")
        .values_list("created_at", flat=True)
        .first()
    )
    comments = Comment.objects.filter(
        consultation_id=consultation_id, status=Comment.Status.PUBLISHED, parent=None, tally_version__gt=0
    )
    if since is not None:
        comments = comments.filter(updated_at__gte=since)
    rows = list(comments.order_by("id")[: REPLAY_LIMIT + 1])
    if len(rows) > REPLAY_LIMIT:
        return None
    return [tally_of(comment) for comment in rows]


# --- Process-local fan-out ------------------------------------------------------------------


class Socket(Protocol):
    """What the fan-out needs from a consumer."""

    def deliver(self, text: str) -> None: ...

    def restart(self) -> None:
        """Close with 1012: the client reconnects with back-off and resumes."""


class LocalFanout:
    """One per event loop (one per ASGI process in production).

    It subscribes to the events of each consultation that has viewers here, once, and passes each
    event to the local sockets. When the transport is lost (Redis down, or restarted empty), every
    local socket is closed with 1012. Clients reconnect with back-off and resume from their last
    sequence number; the first to come back subscribes afresh. A client is never left connected but
    silently deaf.
    """

    def __init__(self) -> None:
        self.sockets: dict[int, set[Socket]] = defaultdict(set)
        self.subscription: fanout_bus.Subscription | None = None
        self._reader: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._ready = asyncio.Lock()
        # Batching (see deliver_local): events waiting for their frame, and when the last went out.
        self._pending: dict[int, list[str]] = {}
        self._last_frame: dict[int, float] = {}

    async def join(self, consultation_id: int, socket: Socket) -> None:
        async with self._ready:
            if self.subscription is None:
                subscription = fanout_bus.subscribe()
                try:
                    await subscription.start()  # raises while Redis is down: nothing half-started
                except BaseException:
                    await subscription.close()
                    raise
                self.subscription = subscription
                self._reader = asyncio.create_task(self._read(subscription), name="fanout-reader")
                self._watcher = asyncio.create_task(self._watch(subscription), name="fanout-watcher")
            if not self.sockets[consultation_id]:
                await self.subscription.add(consultation_id)
            self.sockets[consultation_id].add(socket)

    async def leave(self, consultation_id: int, socket: Socket) -> None:
        local = self.sockets.get(consultation_id)
        if not local:
            return
        local.discard(socket)
        if local:
            return
        del self.sockets[consultation_id]
        self._last_frame.pop(consultation_id, None)
        async with self._ready:
            subscription = self.subscription
            if subscription is None:
                return
            if consultation_id not in self.sockets:
                try:
                    await subscription.discard(consultation_id)
                except Exception:
                    logger.warning("could not unsubscribe from consultation %s", consultation_id, exc_info=True)
            if not self.sockets:
                # No viewers left in this process: stop listening, so an idle process holds nothing open.
                for task in (self._reader, self._watcher):
                    if task is not None:
                        task.cancel()
                self._reader = self._watcher = self.subscription = None
                await subscription.close()

    def deliver_local(self, consultation_id: int, text: str) -> None:
        """Pass an event to this process's sockets: at once when none went out during the last
        ``YOUTHVOICE_FANOUT_BATCH_SECONDS``, else with the others of that interval, in one frame.

        A busy discussion then costs each socket a few frames a second, not one per event (a frame
        is a system call on the server and a wake-up on every client), while a quiet one keeps its
        latency. A frame holding several events is a JSON array of them, in arrival order.
        """
        interval = settings.YOUTHVOICE_FANOUT_BATCH_SECONDS
        if interval <= 0:
            self._send_frame(consultation_id, text)
            return
        pending = self._pending.get(consultation_id)
        if pending is not None:  # a flush is scheduled: join it
            pending.append(text)
            return
        loop = asyncio.get_running_loop()
        wait = self._last_frame.get(consultation_id, float("-inf")) + interval - loop.time()
        if wait <= 0:
            self._last_frame[consultation_id] = loop.time()
            self._send_frame(consultation_id, text)
        else:
            self._pending[consultation_id] = [text]
            loop.call_later(wait, self._flush, consultation_id)

    def _flush(self, consultation_id: int) -> None:
        texts = self._pending.pop(consultation_id, None)
        if not texts:
            return
        self._last_frame[consultation_id] = asyncio.get_running_loop().time()
        # Each text is one serialised event already: the batch is joined, never re-encoded.
        self._send_frame(consultation_id, texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]")

    def _send_frame(self, consultation_id: int, text: str) -> None:
        for socket in list(self.sockets.get(consultation_id, ())):
            socket.deliver(text)

    def restart_all(self, why: str) -> None:
        """Close every local socket with 1012; they leave, and the next join starts afresh."""
        sockets = [socket for local in self.sockets.values() for socket in local]
        if sockets:
            logger.warning("channel layer %s: closing %d sockets with 1012 so they resume", why, len(sockets))
        for socket in sockets:
            socket.restart()

    async def _read(self, subscription: fanout_bus.Subscription) -> None:
        while True:
            try:
                received = await subscription.next()
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis is unreachable: events are being lost, so no socket may stay silently deaf.
                self.restart_all("unreadable")
                await asyncio.sleep(LAYER_CHECK_SECONDS)
                continue
            if received is not None:
                self.deliver_local(*received)

    async def _watch(self, subscription: fanout_bus.Subscription) -> None:
        """Notice a Redis that went away or came back empty within a second."""
        while True:
            await asyncio.sleep(LAYER_CHECK_SECONDS)
            try:
                if not await subscription.healthy():
                    self.restart_all("restarted empty")
            except asyncio.CancelledError:
                raise
            except Exception:
                self.restart_all("unreachable")


_fanouts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalFanout] = weakref.WeakKeyDictionary()


def local_fanout() -> LocalFanout:
    loop = asyncio.get_running_loop()
    fanout = _fanouts.get(loop)
    if fanout is None:
        fanout = _fanouts[loop] = LocalFanout()
    return fanout
