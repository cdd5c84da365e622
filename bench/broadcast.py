"""1,000 WebSocket viewers of one consultation on one uvicorn process (PostgreSQL + Redis layer).

Measures, for each new comment, the time from the poster sending it to the *last* viewer receiving
it (observed by the clients, so it includes the database write and the client's own work: an upper
bound of the server's time-to-last-send), checks that every viewer got every comment, and reports
the server's resident memory per idle socket.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import harness

VIEWERS = int(__import__("os").environ.get("VIEWERS", "1000"))
COMMENTS = 20


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def run(port: int, pid: int, page_id: int, question_id: int, sessions: list[str]) -> None:
    import websockets

    url = f"ws://127.0.0.1:{port}/ws/consultations/{page_id}/"
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    received: dict[int, list[float]] = {}

    async def viewer(ws) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "comment.created":
                received.setdefault(message["seq"], []).append(time.perf_counter())

    rss_before = rss_kib(pid)
    sockets = []
    for n in range(VIEWERS):
        ws = await websockets.connect(url, additional_headers=origin, max_queue=None, open_timeout=30)
        await ws.recv()  # hello
        sockets.append(ws)
        if n % 100 == 99:
            await asyncio.sleep(0.05)
    print(f"{VIEWERS} viewers connected", flush=True)
    await asyncio.sleep(3)
    rss_after = rss_kib(pid)
    tasks = [asyncio.create_task(viewer(ws)) for ws in sockets]

    # Several posters: one person may post 10 comments a minute (YOUTHVOICE_RATE_LIMITS).
    posters = []
    for session in sessions:
        posters.append(await websockets.connect(url, additional_headers={**origin, "Cookie": f"sessionid={session}"}))
        await posters[-1].recv()
    sent: dict[int, float] = {}
    for n in range(COMMENTS):
        poster = posters[n % len(posters)]
        started = time.perf_counter()
        await poster.send(
            json.dumps({"type": "comment.post", "key": f"b{n}", "question": question_id, "body": f"Comment {n}"})
        )
        while True:
            message = json.loads(await poster.recv())
            if message["type"] == "error":
                raise RuntimeError(message)
            if message["type"] == "ack":
                break
        sent[n + 1] = started
        await asyncio.sleep(1.0)
    await asyncio.sleep(3)
    latencies = []
    delivered = 0
    for seq, start in sent.items():
        times = received.get(seq, [])
        delivered += len(times)
        if times:
            latencies.append((max(times) - start) * 1000)
    for task in tasks:
        task.cancel()
    for ws in [*sockets, *posters]:
        await ws.close()
    expected = COMMENTS * VIEWERS
    print(f"machine: {harness.machine()}")
    print(
        f"viewers={VIEWERS} comments={COMMENTS} delivered={delivered}/{expected} ({100 * delivered / expected:.1f} %)"
    )
    print(
        f"post-to-last-viewer: p50={harness.percentile(latencies, 50):.0f} ms  "
        f"p99={harness.percentile(latencies, 99):.0f} ms  max={max(latencies):.0f} ms"
    )
    print(f"server RSS: {rss_before // 1024} MiB idle, {rss_after // 1024} MiB with {VIEWERS} sockets "
          f"=> {(rss_after - rss_before) / VIEWERS:.1f} KiB per idle socket")  # fmt: skip


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    page, question = harness.open_consultation()
    sessions = [harness.session_for(user) for user in harness.participants(4, "poster")]
    port = harness.free_port()
    with harness.uvicorn(port) as server:
        asyncio.run(run(port, server.pid, page.id, question.id, sessions))


if __name__ == "__main__":
    main()
