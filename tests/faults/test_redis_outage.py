"""Redis lost while people watch and post: the database stays the truth, sockets are closed with
1012, clients come back with back-off and resume, and in the end every client holds every comment
exactly once. Redis keeps nothing on disk here, so each restart comes back empty."""

from __future__ import annotations

import asyncio
import subprocess

import pytest

from tests.faults.clients import cast_vote, eventually
from tests.faults.scenarios import everyone_has_everything, post_many, viewers_of

# django_db: so that pytest-django creates the test database this module copies.
pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db, pytest.mark.asyncio]


async def test_killing_redis_loses_nothing_and_clients_resume(stack):
    since = max(stack.published_comment_ids(), default=0)
    viewers = await viewers_of(stack, 12)
    try:
        assert await post_many(stack, 4, "before") == [302] * 4
        await everyone_has_everything(stack, viewers, since, timeout=15)

        stack.redis.kill()
        # The database is the source of truth: posting and voting go on over HTTP.
        assert await post_many(stack, 6, "during") == [302] * 6
        during = stack.published_comment_ids()[-1]
        assert await asyncio.to_thread(cast_vote, stack.port, stack.sessions[1], during, "agree") == 302
        # Every socket is told the service restarted (1012), never "internal error" (1011).
        await eventually(lambda: all(1012 in v.close_codes for v in viewers), timeout=15, what="1012 closes")
        assert not any(1011 in v.close_codes for v in viewers)
        # While Redis is away, reconnecting clients are turned away and keep backing off.
        await asyncio.sleep(2)
        assert not any(v.connected.is_set() for v in viewers)

        stack.redis.start()  # empty: no groups, no channels, no sessions in the cache
        await eventually(lambda: all(v.connected.is_set() for v in viewers), timeout=30, what="reconnections")
        assert await post_many(stack, 4, "after") == [302] * 4
        await everyone_has_everything(stack, viewers, since, timeout=30)
        assert all(v.resumes >= 1 for v in viewers), "clients should resume, not reload"
        assert stack.server.process.poll() is None, "the ASGI process must live through it"
    finally:
        if stack.redis.process is None:
            stack.redis.start()
        for viewer in viewers:
            await viewer.stop()


async def test_a_redis_restarted_empty_leaves_no_client_deaf(stack):
    """Memberships live only in Redis. Whether it restarts (connections drop) or is emptied under
    the server's feet (connections stay up: a failover to an empty replica), every process notices
    within seconds and its clients reconnect, joining the groups again."""
    since = max(stack.published_comment_ids(), default=0)
    viewers = await viewers_of(stack, 6)
    try:
        # 1. A restart: kill and start again at once.
        stack.redis.kill()
        stack.redis.start()
        await asyncio.sleep(0.5)
        assert await post_many(stack, 2, "restarted") == [302, 302]
        await everyone_has_everything(stack, viewers, since, timeout=30)

        # 2. Emptied without dropping a connection.
        connections_before = [v.connections for v in viewers]
        subprocess.run(["redis-cli", "-p", str(stack.redis.port), "FLUSHALL"], check=True, capture_output=True)
        await eventually(
            lambda: all(v.connections > n for v, n in zip(viewers, connections_before, strict=True)),
            timeout=20,
            what="reconnections after FLUSHALL",
        )
        assert await post_many(stack, 2, "flushed") == [302, 302]
        await everyone_has_everything(stack, viewers, since, timeout=20)
    finally:
        if stack.redis.process is None:
            stack.redis.start()
        for viewer in viewers:
            await viewer.stop()
