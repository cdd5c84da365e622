"""A client that stops reading must not slow the others or grow the server's memory without bound.

Two guards drop it, whichever comes first: its queue of events is capped (256), and a full queue
closes it with 4408; and the server's keepalive pings go unanswered, which closes it with 1011. On
loopback the kernel buffers megabytes before the queue can fill, so here the keepalive usually
wins; the queue's cap is proven directly in tests/consultations/test_websocket_backpressure.py."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import struct
import time

import pytest

from tests.faults.clients import eventually
from tests.faults.scenarios import viewers_of

# django_db: so that pytest-django creates the test database the fault stack copies.
pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db, pytest.mark.asyncio]

CLOSE_TOO_SLOW = 4408
CLOSE_KEEPALIVE_TIMEOUT = 1011


def _stalled_socket(port: int, page: int) -> socket.socket:
    """A WebSocket opened by hand with a tiny receive buffer, that then reads nothing at all."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(5)
    raw.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(
        (
            f"GET /ws/consultations/{page}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += raw.recv(1)  # byte by byte: leave every frame after the handshake unread
    assert head.startswith(b"HTTP/1.1 101"), head
    return raw


def _close_code(raw: socket.socket) -> tuple[int | None, int]:
    """Read what the server sent, frame by frame; return the code of its close frame and how many
    frames came before it."""
    buffer = b""
    raw.settimeout(25)  # a keepalive close may still be on its way (ping every 20 s)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = raw.recv(65536)
        except TimeoutError:  # the server waits for our close reply before it hangs up
            break
        if not chunk:
            break
        buffer += chunk
    offset = frames = 0
    while offset + 2 <= len(buffer):
        opcode, length = buffer[offset] & 0x0F, buffer[offset + 1] & 0x7F
        offset += 2
        if length == 126:
            length, offset = struct.unpack(">H", buffer[offset : offset + 2])[0], offset + 2
        elif length == 127:
            length, offset = struct.unpack(">Q", buffer[offset : offset + 8])[0], offset + 8
        if opcode == 0x8:
            return struct.unpack(">H", buffer[offset : offset + 2])[0], frames
        offset += length
        frames += 1
    return None, frames


async def test_a_client_that_stops_reading_is_dropped_and_harms_no_one(stack):
    stalled = await asyncio.to_thread(_stalled_socket, stack.port, stack.page)
    viewers = await viewers_of(stack, 3)
    try:
        since = max(stack.published_comment_ids(), default=0)
        rss_before = stack.server.rss_kib()
        log_before = len(stack.server.output())  # the server is shared: earlier tests logged outages
        # About 2.6 MB of long comments while the stalled socket reads nothing.
        posting = float(await asyncio.to_thread(stack.server.run_python, "tests.faults.flood", str(stack.page), "1200"))

        # The reading viewers got everything, and promptly: within seconds of the last post.
        expected = [pk for pk in stack.published_comment_ids() if pk > since]
        await eventually(
            lambda: all(sorted(v.comments) == expected for v in viewers), timeout=15, what="readers up to date"
        )
        growth_mib = (stack.server.rss_kib() - rss_before) / 1024
        assert growth_mib < 40, f"server memory grew by {growth_mib:.0f} MiB while one client stalled"
        # The server dropped the stalled socket (it may reconnect and resume).
        code, frames = await asyncio.to_thread(_close_code, stalled)
        print(f"1200 comments in {posting:.1f} s; server RSS +{growth_mib:.1f} MiB; {frames} frames, then {code}")
        assert code in (CLOSE_TOO_SLOW, CLOSE_KEEPALIVE_TIMEOUT), stack.server.output()[-5000:]
        during = stack.server.output()[log_before:]
        for crash in ("Task exception was never retrieved", "Exception in ASGI application"):
            assert crash not in during, during[-5000:]
    finally:
        stalled.close()
        for viewer in viewers:
            await viewer.stop()
