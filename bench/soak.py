"""Load and soak: 1,000 live sockets + 50 page views/s + 20 comments/s + 200 votes/s, for 5 minutes,
against one machine's uvicorn (2 workers), PostgreSQL and Redis (issue 8).

Open loop: each load runs at its target rate whatever the server does, and the rates *achieved* are
reported next to the targets. Reports errors, page latency percentiles, the share of comments each
socket received, the server's memory every 30 s (to see whether it stays flat) and, afterwards,
whether every vote counter equals COUNT(*) of its votes.

    .venv/bin/python bench/soak.py            # SOAK_SECONDS=60 for a shorter run
"""

from __future__ import annotations

import asyncio
import http.client
import multiprocessing
import os
import queue
import random
import subprocess
import threading
import time
from pathlib import Path

import harness

SECONDS = float(os.environ.get("SOAK_SECONDS", "300"))
SOCKETS = int(os.environ.get("SOAK_SOCKETS", "1000"))
RATES = {"page": 50.0, "comment": 20.0, "vote": 200.0}
THREADS = {"page": 8, "comment": 6, "vote": 24}


def server_rss_mib(pid: int) -> float:
    """The uvicorn supervisor and its workers, together."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for each in [pid, *map(int, children)]:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                total += int(line.split()[1])
    return total / 1024


def paced(kind: str, port: int, work, results: dict, lock: threading.Lock) -> None:
    """Run ``work(connection, rng)`` at this load's share of its target rate until time is up."""
    interval = THREADS[kind] / RATES[kind]
    rng = random.Random()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    next_at = time.monotonic() + rng.random() * interval
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop:
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.perf_counter()
        try:
            ok = work(connection, rng)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.setdefault(kind, {"ok": 0, "failed": 0, "ms": []})
            results[kind]["ok" if ok else "failed"] += 1
            results[kind]["ms"].append(elapsed)
        # Slots missed while a request was slow are skipped, not made up in a burst: the achieved rate
        # then shows what the server sustained.
        next_at = max(next_at + interval, time.monotonic())


def http_loads(port: int, page_path: str, page_id: int, question_id: int, targets: list[int],
               commenters: list[str], voters: list[str], out) -> None:  # fmt: skip
    """One process: page views, comments and votes, each from its own threads."""
    results: dict = {}
    lock = threading.Lock()
    turn = {"comment": 0, "vote": 0}

    def next_session(kind: str, pool: list[str]) -> str:
        with lock:
            turn[kind] += 1
            return pool[turn[kind] % len(pool)]  # round robin keeps each person under their limit

    def view(connection, rng) -> bool:
        connection.request("GET", page_path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        response.read()
        return response.status == 200

    def comment(connection, rng) -> bool:
        fields = {"question": question_id, "body": f"Soak comment {rng.random()}", "key": str(rng.random())}
        path = f"/en/discussion/{page_id}/comments/"
        return harness.post_form(connection, path, fields, next_session("comment", commenters), port) == 302

    def vote(connection, rng) -> bool:
        path = f"/en/discussion/comments/{rng.choice(targets)}/vote/"
        fields = {"choice": rng.choice(["agree", "disagree", "pass"])}
        return harness.post_form(connection, path, fields, next_session("vote", voters), port) == 302

    threads = [
        threading.Thread(target=paced, args=(kind, port, work, results, lock))
        for kind, work in (("page", view), ("comment", comment), ("vote", vote))
        for _ in range(THREADS[kind])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(results)


def socket_load(port: int, page_id: int, out) -> None:
    """One process: SOCKETS viewers that count the comments they receive (without parsing them)."""

    async def run() -> dict:
        import websockets

        url = f"ws://127.0.0.1:{port}/ws/consultations/{page_id}/"
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        counts: list[int] = []
        closes: dict[int, int] = {}

        async def viewer(index: int) -> None:
            async with websockets.connect(url, additional_headers=origin, max_queue=None, open_timeout=60) as ws:
                await ws.recv()  # hello
                try:
                    async for frame in ws:
                        if '"type":"comment.created"' in frame:
                            counts[index] += 1
                except websockets.ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else 1006
                    closes[code] = closes.get(code, 0) + 1

        tasks = []
        for index in range(SOCKETS):
            counts.append(0)
            tasks.append(asyncio.create_task(viewer(index)))
            if index % 50 == 49:
                await asyncio.sleep(0.1)
        await asyncio.sleep(SECONDS)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return {"counts": counts, "closes": closes}

    out.put(asyncio.run(run()))


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    from django.db.models import Count, F, Q

    from consultations.models import Comment
    from consultations.services import comment_create

    page, question = harness.open_consultation()
    targets = [
        comment_create(author=author, consultation=page, question_id=question.pk, body=f"Target {n}").pk
        for n, author in enumerate(harness.participants(40, "target"))
    ]
    commenters = [harness.session_for(p) for p in harness.participants(600, "soak-c")]
    voters = [harness.session_for(p) for p in harness.participants(2000, "soak-v")]
    before = Comment.objects.filter(consultation=page).count()
    port = harness.free_port()
    print(f"machine: {harness.machine()}")
    print(f"targets: {SOCKETS} sockets, {RATES['page']:.0f} pages/s, {RATES['comment']:.0f} comments/s, "
          f"{RATES['vote']:.0f} votes/s for {SECONDS:.0f} s", flush=True)  # fmt: skip
    with harness.uvicorn(port, workers=2) as server:
        sockets_out, http_out = multiprocessing.Queue(), multiprocessing.Queue()
        viewers = multiprocessing.Process(target=socket_load, args=(port, page.pk, sockets_out))
        viewers.start()
        time.sleep(min(30.0, SOCKETS / 50))  # let the sockets connect before the writes start
        rss = [server_rss_mib(server.pid)]
        loads = multiprocessing.Process(
            target=http_loads,
            args=(port, page.url, page.pk, question.pk, targets, commenters, voters, http_out),
        )
        started = time.monotonic()
        loads.start()
        # Read the results before joining: a process cannot exit while what it queued is unread.
        results = None
        while results is None:
            try:
                results = http_out.get(timeout=30)
            except queue.Empty:
                rss.append(server_rss_mib(server.pid))
        elapsed = time.monotonic() - started
        rss.append(server_rss_mib(server.pid))
        sockets = sockets_out.get(timeout=120)
        loads.join()
        viewers.join()
    created = Comment.objects.filter(consultation=page).count() - before
    for kind in ("page", "comment", "vote"):
        row = results.get(kind, {"ok": 0, "failed": 0, "ms": [0.0]})
        print(f"{kind:8} {row['ok'] / elapsed:6.1f}/s achieved (target {RATES[kind]:.0f}), {row['failed']} failed, "
              f"p50 {harness.percentile(row['ms'], 50):.0f} ms, p95 {harness.percentile(row['ms'], 95):.0f} ms, "
              f"p99 {harness.percentile(row['ms'], 99):.0f} ms")  # fmt: skip
    counts = sockets["counts"]
    share = [count / created for count in counts] if created else [0.0]
    closes = sockets["closes"] or "none"
    print(f"sockets  {len(counts)}: comments received min {100 * min(share):.1f} %, "
          f"median {100 * harness.percentile(share, 50):.1f} % of {created}; closes {closes}")  # fmt: skip
    print("server RSS MiB every 30 s: " + ", ".join(f"{value:.0f}" for value in rss))
    wrong = (
        Comment.objects.filter(consultation=page)
        .annotate(
            a=Count("votes", filter=Q(votes__choice="agree")),
            d=Count("votes", filter=Q(votes__choice="disagree")),
            p=Count("votes", filter=Q(votes__choice="pass")),
        )
        .exclude(agree_count=F("a"), disagree_count=F("d"), pass_count=F("p"))
        .count()
    )
    print(f"counters differing from COUNT(*): {wrong} of {Comment.objects.filter(consultation=page).count()}")


if __name__ == "__main__":
    main()
