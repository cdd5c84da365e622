"""Live events of a consultation: sequence numbers, the replay log, process-local fan-out and tally
coalescing. See docs/websocket-protocol.md for what clients receive.

Writes (services) call :func:`event_record` inside their transaction; it numbers the event, stores
it for replay and broadcasts it after commit. The channel layer is at-most-once: a client that sees a
gap in sequence numbers asks to ``resume`` and gets the missing events from the database.

Fan-out: each process joins a consultation's group *once*, with one process-level channel, and one
task writes each event (serialised once) to that process's sockets. Each socket has a bounded queue
drained by its own writer, so a slow reader never stalls the others; one that stays full is closed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import weakref
from collections import defaultdict
from typing import Any, Protocol

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import F

from consultations.models import Comment, ConsultationEvent, ConsultationStream

logger = logging.getLogger(__name__)

# Replay at most this many events on resume; further behind, the client reloads ("resync").
REPLAY_LIMIT = 200
# Re-join groups this often, so a Redis that restarted empty is repaired without any client noticing.
GROUP_REFRESH_SECONDS = 60


def group_name(consultation_id: int) -> str:
    return f"consultation.{consultation_id}"


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
    """Send to every process with viewers. Never raises: the database already holds the truth.

    Called from synchronous code: request threads and on-commit hooks (where asgiref routes the call
    to the server's event loop) or the tally timer thread (see ``_send_from_timer``).
    """
    if isinstance(event.get("seq"), int):
        _last_seq_seen[consultation_id] = max(event["seq"], _last_seq_seen.get(consultation_id, 0))
    message = {"type": "fanout", "consultation": consultation_id, "text": encode(event)}
    try:
        if threading.current_thread().name.startswith(_TIMER_THREAD_PREFIX):
            _send_from_timer(group_name(consultation_id), message)
        else:
            async_to_sync(get_channel_layer().group_send)(group_name(consultation_id), message)
    except Exception:
        logger.warning("broadcast to consultation %s failed; clients will resume", consultation_id, exc_info=True)


_TIMER_THREAD_PREFIX = "tally-flush"


def _send_from_timer(group: str, message: dict[str, Any]) -> None:
    """A timer thread has no event loop of its own. Where this process serves sockets, send on the
    server's loop (the in-memory layer only works there); otherwise a temporary loop is fine."""
    layer = get_channel_layer()
    loop = next((loop for loop in list(_fanouts) if loop.is_running()), None)
    if loop is None:
        async_to_sync(layer.group_send)(group, message)
    else:
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).result(timeout=5)


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
                timer.name = f"{_TIMER_THREAD_PREFIX}-{consultation_id}"
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


class LocalFanout:
    """One per event loop (one per ASGI process in production)."""

    def __init__(self) -> None:
        self.sockets: dict[int, set[Socket]] = defaultdict(set)
        self.channel: str | None = None
        self._reader: asyncio.Task[None] | None = None
        self._refresher: asyncio.Task[None] | None = None
        self._ready = asyncio.Lock()

    async def join(self, consultation_id: int, socket: Socket) -> None:
        layer = get_channel_layer()
        async with self._ready:
            if self.channel is None:
                # The default prefix matters: channels-redis reads all of a process's specific
                # channels through one shared queue named by it.
                self.channel = await layer.new_channel()
                self._reader = asyncio.create_task(self._read(layer), name="fanout-reader")
                self._refresher = asyncio.create_task(self._refresh(layer), name="fanout-refresher")
            first = not self.sockets[consultation_id]
            self.sockets[consultation_id].add(socket)
            if first:
                await layer.group_add(group_name(consultation_id), self.channel)

    async def leave(self, consultation_id: int, socket: Socket) -> None:
        local = self.sockets.get(consultation_id)
        if not local:
            return
        local.discard(socket)
        if local:
            return
        del self.sockets[consultation_id]
        if self.channel is not None:
            try:
                await get_channel_layer().group_discard(group_name(consultation_id), self.channel)
            except Exception:
                logger.warning("could not leave group of consultation %s", consultation_id, exc_info=True)
        if not self.sockets:
            # No viewers left in this process: stop reading, so an idle process holds nothing open.
            async with self._ready:
                if not self.sockets:
                    for task in (self._reader, self._refresher):
                        if task is not None:
                            task.cancel()
                    self._reader = self._refresher = self.channel = None

    def deliver_local(self, consultation_id: int, text: str) -> int:
        sockets = list(self.sockets.get(consultation_id, ()))
        for socket in sockets:
            socket.deliver(text)
        return len(sockets)

    async def _read(self, layer: Any) -> None:
        while True:
            try:
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The layer is unreachable (Redis down): wait and keep trying; clients resume later.
                logger.warning("fan-out channel unreadable; retrying", exc_info=True)
                await asyncio.sleep(1)
                continue
            consultation_id, text = message.get("consultation"), message.get("text")
            if isinstance(consultation_id, int) and text:
                self.deliver_local(consultation_id, text)

    async def _refresh(self, layer: Any) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            for consultation_id in list(self.sockets):
                try:
                    await layer.group_add(group_name(consultation_id), self.channel)
                except Exception:
                    logger.warning("could not refresh group membership", exc_info=True)


_fanouts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LocalFanout] = weakref.WeakKeyDictionary()


def local_fanout() -> LocalFanout:
    loop = asyncio.get_running_loop()
    fanout = _fanouts.get(loop)
    if fanout is None:
        fanout = _fanouts[loop] = LocalFanout()
    return fanout
