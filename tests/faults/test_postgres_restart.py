"""PostgreSQL restarted mid-run: requests fail with a clear page or ``error`` event, nothing is
half-written, and the same ASGI process serves again once the database is back."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from tests.faults.clients import cast_vote, eventually, post_comment, request
from tests.faults.scenarios import everyone_has_everything, post_many, viewers_of

# django_db: so that pytest-django creates the test database the fault stack copies.
pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db, pytest.mark.asyncio]


async def _writer_socket(stack):
    headers = {"Origin": f"http://127.0.0.1:{stack.port}", "Cookie": f"sessionid={stack.sessions[0]}"}
    socket = await connect(
        f"ws://127.0.0.1:{stack.port}/ws/consultations/{stack.page}/", additional_headers=headers, ping_interval=None
    )
    assert json.loads(await socket.recv())["type"] == "hello"
    return socket


async def _reply_to(socket, key: str) -> dict:
    """The ack or error for ``key`` (other events may come first)."""
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
        if message.get("key") == key:
            return message


def _counters_match(stack) -> list[tuple]:
    """Comments whose stored vote counters differ from their votes: must be none."""
    return stack.postgres.query(
        "SELECT c.id FROM consultations_comment c LEFT JOIN consultations_vote v ON v.comment_id = c.id "
        "WHERE c.consultation_id = %s GROUP BY c.id "
        "HAVING c.agree_count <> COUNT(v.id) FILTER (WHERE v.choice = 'agree') "
        "OR c.disagree_count <> COUNT(v.id) FILTER (WHERE v.choice = 'disagree') "
        "OR c.pass_count <> COUNT(v.id) FILTER (WHERE v.choice = 'pass')",
        (stack.page,),
    )


async def test_a_postgres_restart_fails_cleanly_and_the_process_recovers(stack):
    since = max(stack.published_comment_ids(), default=0)
    viewers = await viewers_of(stack, 4)
    writer = await _writer_socket(stack)
    pid = stack.server.process.pid
    try:
        assert await post_many(stack, 3, "before-pg") == [302] * 3
        target = stack.published_comment_ids()[-1]

        stack.postgres.stop()
        # A page: a clear, translated explanation with a 503, not a traceback or a bare 500.
        status, body = await asyncio.to_thread(request, stack.port, "GET", stack.path)
        assert status == 503, body[:500]
        assert "cannot reach its database" in body and "Nothing was half-saved" in body
        # A form post: the same page, and nothing is stored.
        lost = await asyncio.to_thread(
            post_comment, stack.port, stack.sessions[2], stack.page, stack.question, "while down", "pg-down-1"
        )
        assert lost == 503
        assert await asyncio.to_thread(cast_vote, stack.port, stack.sessions[3], target, "agree") == 503
        # A socket write: an error event the page can show; the socket stays open.
        await writer.send(json.dumps({"type": "comment.post", "key": "ws-down", "question": stack.question,
                                      "body": "while down", "parent": None}))  # fmt: skip
        reply = await _reply_to(writer, "ws-down")
        assert reply["type"] == "error" and reply["code"] == "unavailable" and "try again" in reply["message"]
        assert all(viewer.connected.is_set() for viewer in viewers), "viewers need no database to stay connected"

        stack.postgres.start()
        # The same process serves again, without a restart.
        await eventually(
            lambda: request(stack.port, "GET", stack.path)[0] == 200, timeout=30, interval=0.5, what="recovery"
        )
        assert stack.server.process.poll() is None and stack.server.process.pid == pid
        assert await post_many(stack, 3, "after-pg") == [302] * 3
        assert await asyncio.to_thread(cast_vote, stack.port, stack.sessions[3], target, "agree") == 302
        await writer.send(json.dumps({"type": "comment.post", "key": "ws-up", "question": stack.question,
                                      "body": "back again", "parent": None}))  # fmt: skip
        assert (await _reply_to(writer, "ws-up"))["type"] == "ack"

        # Nothing half-written: what failed is absent, what succeeded is whole, counters are exact.
        bodies = [row[0] for row in stack.postgres.query("SELECT body FROM consultations_comment")]
        assert "while down" not in bodies and "back again" in bodies
        assert _counters_match(stack) == []
        await everyone_has_everything(stack, viewers, since, timeout=30)
    finally:
        await writer.close()
        for viewer in viewers:
            await viewer.stop()
        if stack.postgres_down():
            stack.postgres.start()
