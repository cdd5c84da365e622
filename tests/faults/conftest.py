"""Fixtures for fault tests: our own PostgreSQL cluster, Redis and uvicorn process, shared by the
fault tests of one run (each test leaves them running).

They need PostgreSQL (the migrated test database is copied into the private cluster) and the
``redis-server`` and PostgreSQL server binaries. Under CI these are always present, so a missing
one fails the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.faults.processes import AppServer, PrivatePostgres, PrivateRedis, missing_tools


def _require_tools() -> None:
    problems = missing_tools()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        problems.append("DATABASE_URL naming PostgreSQL (the test database is copied from it)")
    if not problems:
        return
    message = "fault tests need " + ", ".join(problems)
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Stack:
    postgres: PrivatePostgres
    redis: PrivateRedis
    server: AppServer
    page: int
    path: str
    question: int
    sessions: list[str]

    @property
    def port(self) -> int:
        return self.server.port

    def postgres_down(self) -> bool:
        import socket

        try:
            socket.create_connection(("127.0.0.1", self.postgres.port), timeout=0.5).close()
        except OSError:
            return True
        return False

    def published_comment_ids(self) -> list[int]:
        rows = self.postgres.query(
            "SELECT id FROM consultations_comment WHERE consultation_id = %s AND status = 'published' ORDER BY id",
            (self.page,),
        )
        return [row[0] for row in rows]


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker) -> Iterator[Stack]:
    """A consultation served by its own uvicorn, on its own PostgreSQL and Redis, with 8 participants."""
    _require_tools()
    from django.db import connection

    postgres = PrivatePostgres()
    redis = server = None
    try:
        with django_db_blocker.unblock():
            postgres.copy_database(connection.settings_dict)  # the test database
        redis = PrivateRedis()
        server = AppServer(database_url=postgres.url, redis_url=redis.url)
        seeded = json.loads(server.run_python("tests.faults.seed", "8"))
        yield Stack(postgres=postgres, redis=redis, server=server, **seeded)
    finally:
        if server is not None:
            server.close()
        if redis is not None:
            redis.close()
        postgres.close()
