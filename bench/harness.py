"""Shared set-up for the benchmarks: a fresh PostgreSQL database, Redis, and uvicorn processes.

Benchmarks are run by hand (see the README), never by the test suite; they talk to 127.0.0.1 only and
stop by themselves.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB", "youthvoice_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_SETTINGS_MODULE": "youthvoice.settings.base",
    "LOG_LEVEL": "WARNING",
    "CHANNEL_LAYER_PREFIX": "bench",
}


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) // 1024 // 1024} GiB"
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{cpus} cores ({model}){memory}, Python {platform.python_version()}, {platform.system()}"


def fresh_database() -> None:
    for sql in (f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)", f"CREATE DATABASE {DB_NAME}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, capture_output=True)
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True)


def django_setup() -> None:
    os.environ.update({k: v for k, v in ENV.items() if k in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def uvicorn(port: int, *, workers: int = 1, deflate: bool = False) -> Iterator[subprocess.Popen]:
    command = [sys.executable, "-m", "uvicorn", "youthvoice.asgi:application", "--port", str(port),
               "--ws", "websockets-sansio", "--log-level", "warning", "--no-access-log", "--workers", str(workers),
               "--ws-per-message-deflate", str(deflate).lower()]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=ENV)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.2)
        time.sleep(1 if workers == 1 else 3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def session_for(user) -> str:
    """A signed-in session for ``user`` (the same helper the tests use)."""
    from tests.ws import session_cookie

    return session_cookie(user).decode().split("=", 1)[1]


def open_consultation():
    """The demo's open consultation, publishing at once, and its first question."""
    from consultations.pages import ConsultationPage, ModerationMode

    page = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    page.moderation_mode = ModerationMode.POST
    page.save()
    return page, page.questions.order_by("sort_order").first()


def participants(count: int, prefix: str) -> list:
    """Verified adult participants, created directly (the sign-up flow is not what is measured)."""
    from datetime import date

    from allauth.account.models import EmailAddress

    from youthvoice.accounts.models import User

    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@bench.test", display_name=f"Bench {n}", date_of_birth=date(2000, 1, 1), country="MK"
            )
            for n in range(count)
        ]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    return users


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


CSRF = "b" * 32


def post_form(connection, path: str, fields: dict, session: str, port: int) -> int:
    """A signed-in form post over a kept-alive connection, with the CSRF cookie and field set as a
    browser would; returns the status."""
    from urllib.parse import urlencode

    connection.request(
        "POST",
        path,
        body=urlencode({**fields, "csrfmiddlewaretoken": CSRF}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
            "Origin": f"http://127.0.0.1:{port}",
            "Host": f"127.0.0.1:{port}",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status
