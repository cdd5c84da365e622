"""Probes for the real services a test may need (used by conftest and the settings tests)."""

from __future__ import annotations

import os


def postgres_answers() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return False
    import psycopg

    try:
        # The maintenance database: the test database is created by pytest-django, the named one
        # need not exist.
        with psycopg.connect(url, dbname="postgres", connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError:
        return False
    return True


def redis_answers() -> bool:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except redis.RedisError:
        return False
