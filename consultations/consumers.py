"""WebSocket endpoint of one consultation. Thin: it authenticates, parses, calls services and
selectors, and speaks the protocol in docs/websocket-protocol.md."""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext

from consultations import realtime, services
from consultations.selectors import live_consultation
from youthvoice.accounts.permissions import participation_decision
from youthvoice.errors import ServiceError
from youthvoice.realtime import (
    CLOSE_SERVICE_RESTART,
    CLOSE_SESSION_ENDED,
    SESSION_ENDED,
    LayerOutageMixin,
    ends_this_socket,
    layer_unreachable,
    user_group,
)
from youthvoice.socket_database import database_call

CLOSE_NOT_FOUND = 4404  # the consultation is gone or unpublished; do not retry
CLOSE_POLICY = 1008  # abuse: flooding far beyond the limit
CLOSE_TOO_SLOW = 4408  # the client stopped reading; it may reconnect and resume
CLOSE_TRY_AGAIN_LATER = 1013  # the database cannot be reached: reconnect with back-off

MAX_FRAME_BYTES = 16 * 1024
FLOOD_WINDOW_SECONDS = 10.0
FLOOD_LIMIT = 10  # writes per window answered with an error beyond this
ABUSE_LIMIT = 30  # writes per window that close the socket
OUTBOX_SIZE = 256  # queued messages per socket before it counts as too slow


class ConsultationConsumer(LayerOutageMixin, AsyncWebsocketConsumer):
    consultation_id: int
    personal_group: str | None = None

    async def connect(self) -> None:
        self.outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_SIZE)
        self.writer: asyncio.Task[None] | None = None
        self.recent_writes: deque[float] = deque()
        self.joined = False
        self.too_slow = False
        page_id = int(self.scope["url_route"]["kwargs"]["page_id"])
        user = self.scope["user"]
        try:
            consultation = await database_call(live_consultation)(page_id=page_id)
            if consultation is not None:
                decision, seq = await database_call(_hello_state)(user, consultation.id)
        except DatabaseError:
            await self.accept()
            await self.close(code=CLOSE_TRY_AGAIN_LATER)
            return
        if consultation is None:
            await self.accept()
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.consultation_id = consultation.id
        try:
            if user.is_authenticated:
                self.personal_group = user_group(user.pk)
                await self.channel_layer.group_add(self.personal_group, self.channel_name)
            await self.accept()
            await realtime.local_fanout().join(consultation.id, self)
        except Exception as error:
            if not layer_unreachable(error):
                raise
            # Redis is down: say so, and let the client retry with back-off until it returns.
            self.personal_group = None
            await self.accept()
            await self.close(code=CLOSE_SERVICE_RESTART)
            return
        self.joined = True
        self.push(
            {
                "type": "hello",
                "consultation": consultation.id,
                "status": consultation.status.value,
                "seq": seq,
                "participation": decision.as_event(),
            }
        )

    async def disconnect(self, code: int) -> None:
        if self.joined:
            self.joined = False
            await realtime.local_fanout().leave(self.consultation_id, self)
        if self.writer is not None:
            self.writer.cancel()
        if self.personal_group:
            group, self.personal_group = self.personal_group, None
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception as error:
                if not layer_unreachable(error):
                    raise  # the membership expires in Redis by itself

    # --- Outgoing: everything goes through the bounded outbox -----------------------------------

    def deliver(self, text: str) -> None:
        """Called by the fan-out loop; never blocks it."""
        if self.too_slow or self.closing:
            return
        try:
            self.outbox.put_nowait(text)
            # The writer exists only while there is something to send: idle sockets cost no task.
            if self.writer is None or self.writer.done():
                self.writer = asyncio.get_running_loop().create_task(self._write())
        except asyncio.QueueFull:
            # A client that stopped reading must not grow memory: drop it; it can resume later.
            self.too_slow = True
            if self.writer is not None:
                self.writer.cancel()
            asyncio.get_running_loop().create_task(self.close(code=CLOSE_TOO_SLOW))

    def push(self, event: dict[str, Any]) -> None:
        self.deliver(realtime.encode(event))

    async def _write(self) -> None:
        try:
            while not self.outbox.empty():
                await self.send(text_data=self.outbox.get_nowait())
        except OSError:
            # The client went away mid-send (uvicorn's ClientDisconnected): the disconnect handler
            # cleans up; what is left in the outbox has no one to go to.
            self.closing = True

    async def user_event(self, message: dict[str, Any]) -> None:
        if ends_this_socket(message["event"], self.scope):
            await self.close(code=CLOSE_SESSION_ENDED)
            return
        if message["event"].get("type") != SESSION_ENDED:  # another session of theirs: nothing to say
            self.push(message["event"])

    def error(self, code: str, message: str, key: str | None = None) -> None:
        event: dict[str, Any] = {"type": "error", "code": code, "message": message}
        if key:
            event["key"] = key
        self.push(event)

    # --- Incoming ------------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        if text_data is None:
            self.error("bad_frame", gettext("Messages must be JSON text."))
            return
        if len(text_data.encode()) > MAX_FRAME_BYTES:
            self.error("too_large", gettext("That message is too large."))
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            self.error("bad_json", gettext("That message was not valid JSON."))
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            self.error("bad_message", gettext("Each message needs a type."))
            return
        handler = {"comment.post": self.on_comment_post, "vote.cast": self.on_vote_cast, "resume": self.on_resume}.get(
            message["type"]
        )
        if handler is None:
            self.error("unknown_type", gettext("This kind of message is not supported."))
            return
        if message["type"] != "resume" and not await self._within_write_limits(message):
            return
        try:
            await handler(message)
        except DatabaseError:
            # Nothing was written (each service call is one transaction): the client may retry.
            self.error(
                "unavailable",
                gettext("We cannot save anything right now. Nothing was lost: please try again in a minute."),
                _key(message),
            )

    async def _within_write_limits(self, message: dict[str, Any]) -> bool:
        now = time.monotonic()
        self.recent_writes.append(now)
        while self.recent_writes and now - self.recent_writes[0] > FLOOD_WINDOW_SECONDS:
            self.recent_writes.popleft()
        if len(self.recent_writes) > ABUSE_LIMIT:
            await self.close(code=CLOSE_POLICY)
            return False
        if len(self.recent_writes) > FLOOD_LIMIT:
            self.error("rate_limited", gettext("You are going a bit fast. Please wait a moment."), _key(message))
            return False
        return True

    async def on_comment_post(self, message: dict[str, Any]) -> None:
        key = _key(message)
        question, body, parent = message.get("question"), message.get("body"), message.get("parent")
        if not key or not isinstance(question, int) or not isinstance(body, str) or not _optional_int(parent):
            self.error("bad_message", gettext("A comment needs a key, a question and a text."), key)
            return
        language = message.get("language") or ""  # optional; the service checks it is offered
        if not isinstance(language, str):
            self.error("bad_language", gettext("Choose the language of your comment from the list offered."), key)
            return
        try:
            comment = await database_call(_comment_post)(
                self.scope["user"], self.consultation_id, question, body, parent, key, language
            )
        except ServiceError as error:
            self.error(error.code, error.message, key)
            return
        self.push({"type": "ack", "key": key, "comment": comment.pk, "status": comment.status})

    async def on_vote_cast(self, message: dict[str, Any]) -> None:
        key, comment_id, choice = _key(message), message.get("comment"), message.get("choice")
        if not key or not isinstance(comment_id, int) or not (choice is None or isinstance(choice, str)):
            self.error("bad_message", gettext("A vote needs a key, a comment and a choice."), key)
            return
        try:
            comment = await database_call(_vote_cast)(self.scope["user"], self.consultation_id, comment_id, choice)
        except ServiceError as error:
            self.error(error.code, error.message, key)
            return
        self.push(
            {"type": "ack", "key": key, "comment": comment.pk, "choice": choice, "tally": realtime.tally_of(comment)}
        )

    async def on_resume(self, message: dict[str, Any]) -> None:
        last_seq = message.get("last_seq")
        if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
            self.error("bad_message", gettext("Resuming needs the last sequence number received."))
            return
        events, tallies = await database_call(_missed)(self.consultation_id, last_seq)
        if events is None or tallies is None:
            self.push({"type": "resync", "consultation": self.consultation_id})
            return
        replay = list(events)
        if tallies:
            replay.append({"type": "tally", "seq": events[-1]["seq"] if events else last_seq, "tallies": tallies})
        if settings.YOUTHVOICE_FANOUT_BATCH_SECONDS > 0 and len(replay) > 1:
            # One frame, as batched live events are: a long replay never fills the outbox.
            self.deliver("[" + ",".join(realtime.encode(event) for event in replay) + "]")
        else:
            for event in replay:
                self.push(event)


def _key(message: dict[str, Any]) -> str | None:
    key = message.get("key")
    return key if isinstance(key, str) and 0 < len(key) <= 64 else None


def _optional_int(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


# --- Synchronous parts, run in a thread ----------------------------------------------------------


def _hello_state(user: Any, consultation_id: int) -> tuple[Any, int]:
    return participation_decision(user), realtime.current_seq(consultation_id)


def _fresh_consultation(consultation_id: int):
    consultation = live_consultation(page_id=consultation_id)
    if consultation is None:
        raise ServiceError("gone", gettext("This consultation is no longer available."))
    return consultation


def _comment_post(
    user: Any, consultation_id: int, question: int, body: str, parent: int | None, key: str, language: str
):
    consultation = _fresh_consultation(consultation_id)
    return services.comment_create(
        author=_real_user(user),
        consultation=consultation,
        question_id=question,
        body=body,
        parent_id=parent,
        client_key=key,
        language=language,
    )


def _vote_cast(user: Any, consultation_id: int, comment_id: int, choice: str | None):
    return services.vote_cast(
        voter=_real_user(user), comment_id=comment_id, choice=choice, consultation_id=consultation_id
    )


def _real_user(user: Any):
    """The permission check needs the live row (a guardian may have withdrawn since connecting),
    read with what that check asks in one query, as for every HTTP request."""
    from django.contrib.auth.models import AnonymousUser

    if not user.is_authenticated:
        return AnonymousUser()
    from youthvoice.accounts.auth_backends import user_with_participation_facts

    return user_with_participation_facts(user.pk) or AnonymousUser()


def _missed(consultation_id: int, last_seq: int):
    return (
        realtime.events_after(consultation_id=consultation_id, last_seq=last_seq),
        realtime.tallies_changed_since(consultation_id=consultation_id, last_seq=last_seq),
    )
