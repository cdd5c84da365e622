"""Several ASGI processes behind one Redis: every viewer sees every event, whichever process it is on.

Two real uvicorn processes serve the test database; clients connect with the `websockets` library.
"""

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.db import connection
from websockets.sync.client import connect

from tests.factories import ConsultationPageFactory, UserFactory
from tests.ws import session_cookie

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.needs_redis,
    pytest.mark.needs_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _serve(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "youthvoice.settings.test"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "uvicorn", "youthvoice.asgi:application", "--port", str(port),
         "--ws", "websockets-sansio", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stdout.read().decode()) from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("uvicorn did not start")


def _socket(port: int, page_id: int, cookie: bytes | None = None):
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    if cookie:
        headers["Cookie"] = cookie.decode()
    client = connect(f"ws://127.0.0.1:{port}/ws/consultations/{page_id}/", additional_headers=headers, open_timeout=10)
    hello = json.loads(client.recv(timeout=10))
    assert hello["type"] == "hello"
    return client


def _next(client, type_: str) -> dict:
    while True:
        message = json.loads(client.recv(timeout=10))
        if message["type"] == type_:
            return message


def test_viewers_on_two_processes_all_receive_each_comment():
    page = ConsultationPageFactory(moderation_mode="post")
    question = page.questions.first()
    cookie = session_cookie(UserFactory(display_name="Calm Comet"))
    port_a, port_b = _free_port(), _free_port()
    with ExitStack() as stack:
        for port in (port_a, port_b):
            process = _serve(port)
            stack.callback(process.kill)
        poster = stack.enter_context(_socket(port_a, page.id, cookie))
        viewers = [stack.enter_context(_socket(port, page.id)) for port in (port_a, port_a, port_b, port_b, port_b)]
        time.sleep(0.5)  # group joins settle on both processes
        for n in range(3):
            poster.send(
                json.dumps({"type": "comment.post", "key": f"m{n}", "question": question.id, "body": f"Idea {n}"})
            )
            assert _next(poster, "ack")["status"] == "published"
        for viewer in viewers:
            received = [_next(viewer, "comment.created") for _ in range(3)]
            assert [m["seq"] for m in received] == [1, 2, 3]
            assert [m["comment"]["html"] for m in received] == ["Idea 0", "Idea 1", "Idea 2"]
