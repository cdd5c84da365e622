"""A socket whose client stops reading holds at most OUTBOX_SIZE events, then is closed with 4408,
and the fan-out that feeds it never waits for it (see also tests/faults/test_slow_client.py)."""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async

from consultations import realtime
from consultations.consumers import CLOSE_TOO_SLOW, OUTBOX_SIZE, ConsultationConsumer
from tests.factories import ConsultationPageFactory
from tests.ws import open_socket

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


async def test_a_socket_that_cannot_send_is_closed_once_its_queue_is_full(monkeypatch):
    page = await database_sync_to_async(ConsultationPageFactory)()
    stuck = asyncio.Event()  # never set: as a client whose TCP window stays shut
    sockets: list[ConsultationConsumer] = []
    original = ConsultationConsumer.send

    async def send(self, text_data=None, bytes_data=None, close=False):
        if self not in sockets:
            sockets.append(self)
        if text_data and '"hello"' not in text_data:
            await stuck.wait()
        await original(self, text_data=text_data, bytes_data=bytes_data, close=close)

    monkeypatch.setattr(ConsultationConsumer, "send", send)
    communicator, _ = await open_socket(page.id)
    (consumer,) = sockets

    started = time.monotonic()
    for n in range(OUTBOX_SIZE + 50):
        realtime.local_fanout().deliver_local(page.id, f'{{"type":"comment.created","seq":{n + 1}}}')
        assert consumer.outbox.qsize() <= OUTBOX_SIZE  # bounded, whatever arrives
    assert time.monotonic() - started < 0.5, "the fan-out must never wait for a slow socket"

    closed = await communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": CLOSE_TOO_SLOW}
    assert consumer.too_slow
    await communicator.wait()
