"""Clients for fault tests: form posts over HTTP, and a live viewer that behaves as the page's
script does (docs/websocket-protocol.md, "Client behaviour"): it applies numbered events once and in
order, asks to ``resume`` from its last sequence number on any gap or reconnect, and reconnects with
jittered exponential back-off whenever the socket closes (except 4404)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from websockets.asyncio.client import connect

CSRF = "f" * 32


def request(port: int, method: str, path: str, *, session: str = "", fields: dict | None = None) -> tuple[int, str]:
    """One request as a browser would send it (CSRF cookie and field, same-origin); no redirects."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Cookie": f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else ""),
               "Origin": f"http://127.0.0.1:{port}", "Host": f"127.0.0.1:{port}"}  # fmt: skip
    body = None
    if fields is not None:
        body = urlencode({**fields, "csrfmiddlewaretoken": CSRF})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def post_comment(port: int, session: str, page_id: int, question_id: int, body: str, key: str) -> int:
    fields = {"question": question_id, "body": body, "key": key}
    return request(port, "POST", f"/en/discussion/{page_id}/comments/", session=session, fields=fields)[0]


def cast_vote(port: int, session: str, comment_id: int, choice: str) -> int:
    return request(
        port, "POST", f"/en/discussion/comments/{comment_id}/vote/", session=session, fields={"choice": choice}
    )[0]


@dataclass
class Viewer:
    """A live viewer of one consultation that keeps reconnecting until stopped."""

    port: int
    page_id: int
    session: str = ""
    last_seq: int | None = None
    comments: list[int] = field(default_factory=list)  # comment ids, in the order applied
    close_codes: list[int] = field(default_factory=list)
    connections: int = 0
    resumes: int = 0
    errors: list[dict] = field(default_factory=list)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: bool = False
    _task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        attempt = 0
        while not self._stopping:
            opened = await self._session()
            if self.close_codes and self.close_codes[-1] == 4404:
                return
            attempt = 0 if opened else attempt + 1
            ceiling = min(8.0, 0.25 * 2**attempt)  # the page's script: 250 ms doubling, 8 s cap
            await asyncio.sleep(ceiling / 2 + random.random() * ceiling / 2)

    async def _session(self) -> bool:
        headers = {"Origin": f"http://127.0.0.1:{self.port}"}
        if self.session:
            headers["Cookie"] = f"sessionid={self.session}"
        opened = False
        try:
            async with connect(
                f"ws://127.0.0.1:{self.port}/ws/consultations/{self.page_id}/",
                additional_headers=headers,
                open_timeout=5,
                ping_interval=None,
            ) as socket:
                async for frame in socket:
                    message = json.loads(frame)
                    if message["type"] == "hello":
                        opened = True
                        self.connections += 1
                        self.connected.set()
                    await self._handle(socket, message)
        except websockets.ConnectionClosed as closed:
            self.close_codes.append(closed.rcvd.code if closed.rcvd else 1006)
        except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidStatus):
            self.close_codes.append(1006)
        else:
            self.close_codes.append(socket.close_code or 1006)
        finally:
            self.connected.clear()
        return opened

    async def _handle(self, socket, message: dict) -> None:
        kind, seq = message["type"], message.get("seq")
        if kind == "hello":
            if self.last_seq is None:
                self.last_seq = seq
            elif seq > self.last_seq:
                await self._resume(socket)
            return
        if kind == "error":
            self.errors.append(message)
            return
        if kind == "resync":
            raise AssertionError("a fault test should never fall so far behind that it must reload")
        if not isinstance(seq, int) or kind == "tally":
            return
        if seq <= self.last_seq:
            return  # already applied (live and replayed both arrived)
        if seq > self.last_seq + 1:
            await self._resume(socket)
            return
        self.last_seq = seq
        if kind == "comment.created":
            self.comments.append(message["comment"]["id"])

    async def _resume(self, socket) -> None:
        self.resumes += 1
        await socket.send(json.dumps({"type": "resume", "last_seq": self.last_seq}))


async def eventually(check, *, timeout: float, interval: float = 0.1, what: str = "condition") -> None:
    """Wait until ``check()`` is true, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(interval)
