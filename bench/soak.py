"""Load and soak: 1,000 live sockets + 50 page views/s + 20 comments/s + 200 votes/s, for 5 minutes,
against one machine's uvicorn (2 workers), PostgreSQL and Redis (issue 8).

Open loop: each load runs at its target rate whatever the server does, and the rates *achieved* are
reported next to the targets. Reports errors, latency percentiles, whether every viewer ends up
holding every comment exactly once (viewers resume after gaps as the page's script does), how late
live comments arrived, the server's memory every 30 s (to see whether it stays flat) and,
afterwards, whether every vote counter equals COUNT(*) of its votes.

Page views are by visitors without a session (most readers of a consultation), so they are served
the page's shared copy (youthvoice/page_cache.py) when one is less than 2 s old.

Comments and votes are sent the way the page's script sends them (static/js/consultation-live.js):
over the socket of a signed-in participant, as ``comment.post`` / ``vote.cast`` messages answered by
an ``ack`` (or an ``error``). SOAK_WRITERS of the sockets are signed in and write; the rest only read.
SOAK_WRITES=http sends them as the forms do without JavaScript instead (a POST each, answered by a
redirect), to measure that path under the same load.

    .venv/bin/python bench/soak.py            # SOAK_SECONDS=60 for a shorter run
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import multiprocessing
import os
import queue
import random
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

import harness

SECONDS = float(os.environ.get("SOAK_SECONDS", "300"))
SOCKETS = int(os.environ.get("SOAK_SOCKETS", "1000"))
# SOAK_PAGES / SOAK_COMMENTS / SOAK_VOTES change a rate (0 leaves that load out), to see which costs what.
RATES = {
    "page": float(os.environ.get("SOAK_PAGES", "50")),
    "comment": float(os.environ.get("SOAK_COMMENTS", "20")),
    "vote": float(os.environ.get("SOAK_VOTES", "200")),
}
# "socket": comments and votes over signed-in participants' sockets, as the page's script sends them;
# "http": as form posts, as a browser without JavaScript sends them.
WRITES = os.environ.get("SOAK_WRITES", "socket")
# Sockets that belong to signed-in participants (and write, when WRITES is "socket"). Each writes at
# an even pace: 220 writes/s over 600 people is one every 2.7 s each, under every per-person limit.
WRITERS = int(os.environ.get("SOAK_WRITERS", "600"))
# Enough threads per load that slow answers do not cap the rate the client can offer.
THREADS = {"page": 12, "comment": 10, "vote": 100}
# After the loads stop, how long viewers may take to catch up with the last event.
DRAIN_SECONDS = 60.0
# As the page's script: a gap in sequence numbers open this long is a loss, and is resumed.
GAP_WAIT_SECONDS = 1.5


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
        # As the page's forms post them, "next" included (the page the person came from).
        fields = {"question": question_id, "body": f"Soak comment {rng.random()}", "key": str(rng.random()),
                  "next": page_path}  # fmt: skip
        path = f"/en/discussion/{page_id}/comments/"
        return harness.post_form(connection, path, fields, next_session("comment", commenters), port) == 302

    def vote(connection, rng) -> bool:
        path = f"/en/discussion/comments/{rng.choice(targets)}/vote/"
        fields = {"choice": rng.choice(["agree", "disagree", "pass"]), "next": page_path}
        return harness.post_form(connection, path, fields, next_session("vote", voters), port) == 302

    loads = (("page", view), ("comment", comment), ("vote", vote)) if WRITES == "http" else (("page", view),)
    threads = [
        threading.Thread(target=paced, args=(kind, port, work, results, lock))
        for kind, work in loads
        for _ in range(THREADS[kind] if RATES[kind] > 0 else 0)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(results)


def socket_load(port: int, page_id: int, question_id: int, targets: list[int], writers: list[str],
                writes_start, writes_done, loads_done, final_seq, out) -> None:  # fmt: skip
    """One process: SOCKETS viewers that behave like the page's script (static/js/consultation-live.js):
    they apply numbered events in order, ignore ones they have, hold ones that come early, and send
    ``resume`` when a gap stays open. Once the loads are over they keep listening until they hold the
    last event (or DRAIN_SECONDS pass). The first ``len(writers)`` are signed in; when WRITES is
    "socket" they post comments and cast votes as the page's script does, from ``writes_start`` for
    SECONDS, and ``writes_done`` is set once every write has its answer.

    Each reports the comments it holds, whether any came twice, how many it got only by resuming, and
    how late each live one arrived (from the comment's ``created_at`` to receipt)."""

    async def run() -> dict:
        import websockets

        url = f"ws://127.0.0.1:{port}/ws/consultations/{page_id}/"
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        held: list[set[int]] = []
        repeats = [0]
        resumed = [0]  # comments applied from a resume's replay rather than live
        lag_ms: list[float] = []
        closes: dict[int, int] = {}
        progress: list[int] = []  # each viewer's last applied sequence number
        # Writes: sent -> answered, per kind; error codes seen.
        written = {kind: {"ok": 0, "failed": 0, "ms": []} for kind in ("comment", "vote")}
        error_codes: dict[str, int] = {}
        pending: dict[str, tuple[str, float]] = {}
        started = asyncio.Event()
        total_rate = RATES["comment"] + RATES["vote"]

        def answered(event: dict) -> None:
            sent = pending.pop(event.get("key") or "", None)
            if sent is None:
                return
            kind, at = sent
            if event["type"] == "ack":
                written[kind]["ok"] += 1
                written[kind]["ms"].append((time.perf_counter() - at) * 1000)
            else:
                written[kind]["failed"] += 1
                code = f"{kind} {event.get('code', '?')}"
                error_codes[code] = error_codes.get(code, 0) + 1

        async def write(index: int, ws) -> None:
            """Comments and votes at an even pace, as a person clicking; answers arrive in the reader."""
            await started.wait()
            rng = random.Random(index)
            interval = len(writers) / total_rate
            begin = time.monotonic()
            next_at = begin + rng.random() * interval
            sent = 0
            while next_at < begin + SECONDS:
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                sent += 1
                key = f"{index}-{sent}"
                if rng.random() < RATES["comment"] / total_rate:
                    message = {"type": "comment.post", "key": key, "question": question_id,
                               "body": f"Soak comment {rng.random()}", "parent": None}  # fmt: skip
                    pending[key] = ("comment", time.perf_counter())
                else:
                    message = {"type": "vote.cast", "key": key, "comment": rng.choice(targets),
                               "choice": rng.choice(["agree", "disagree", "pass"])}  # fmt: skip
                    pending[key] = ("vote", time.perf_counter())
                await ws.send(json.dumps(message))
                # As for the form posts: a slot missed while sending was slow is skipped, not made up
                # in a burst (a burst would run into the socket's flood limit, as it should).
                next_at = max(next_at + interval, time.monotonic())

        async def viewer(index: int) -> None:
            ids = held[index]
            headers = dict(origin)
            if index < len(writers):
                headers["Cookie"] = f"sessionid={writers[index]}"
            # Browsers answer pings but send none.
            async with websockets.connect(
                url, additional_headers=headers, max_queue=None, open_timeout=60, ping_interval=None
            ) as ws:
                last_seq = progress[index] = json.loads(await ws.recv())["seq"]  # hello
                if index < len(writers) and WRITES == "socket" and total_rate > 0:
                    writing.append(asyncio.create_task(write(index, ws)))
                early: dict[int, dict] = {}  # came before an earlier event: wait for it (reordering)
                gap_since: float | None = None
                replay_below = 0  # events up to here came from a resume's replay
                asking = False

                def apply(event: dict, seq: int) -> None:
                    if event["type"] != "comment.created":
                        return
                    comment = event["comment"]["id"]
                    if comment in ids:
                        repeats[0] += 1
                    ids.add(comment)
                    if seq <= replay_below:
                        resumed[0] += 1
                    else:
                        created = datetime.fromisoformat(event["comment"]["created_at"]).timestamp()
                        lag_ms.append((time.time() - created) * 1000)

                try:
                    async for frame in ws:
                        decoded = json.loads(frame)
                        for event in decoded if isinstance(decoded, list) else [decoded]:
                            if event.get("type") in ("ack", "error"):
                                answered(event)
                                continue
                            seq = event.get("seq")
                            if event.get("type") not in ("comment.created", "comment.updated") or seq is None:
                                continue
                            if seq <= last_seq:
                                continue  # already applied
                            if seq > last_seq + 1:
                                early[seq] = event
                                gap_since = gap_since or time.monotonic()
                                continue
                            last_seq = seq
                            apply(event, seq)
                            while last_seq + 1 in early:
                                last_seq += 1
                                apply(early.pop(last_seq), last_seq)
                            for stale in [held_seq for held_seq in early if held_seq <= last_seq]:
                                del early[stale]
                            if not early:
                                gap_since, asking = None, False
                        if early and not asking and time.monotonic() - gap_since > GAP_WAIT_SECONDS:
                            asking, replay_below = True, max(early)
                            await ws.send(json.dumps({"type": "resume", "last_seq": last_seq}))
                        progress[index] = last_seq
                except websockets.ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else 1006
                    closes[code] = closes.get(code, 0) + 1

        writing: list[asyncio.Task] = []
        tasks = []
        for index in range(SOCKETS):
            held.append(set())
            progress.append(0)
            tasks.append(asyncio.create_task(viewer(index)))
            if index % 50 == 49:
                await asyncio.sleep(0.1)
        while not writes_start.is_set():
            await asyncio.sleep(0.05)
        started.set()
        await asyncio.gather(*writing)
        answers_by = time.monotonic() + 30
        while pending and time.monotonic() < answers_by:
            await asyncio.sleep(0.1)
        for kind, _at in pending.values():  # never answered
            written[kind]["failed"] += 1
            error_codes[f"{kind} unanswered"] = error_codes.get(f"{kind} unanswered", 0) + 1
        writes_done.set()
        while not loads_done.is_set():
            await asyncio.sleep(0.5)
        drain_started = time.monotonic()
        while min(progress) < final_seq.value and time.monotonic() - drain_started < DRAIN_SECONDS:
            await asyncio.sleep(0.1)
        drained = time.monotonic() - drain_started
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return {"held": [sorted(ids) for ids in held], "repeats": repeats[0], "resumed": resumed[0],
                "lag_ms": lag_ms, "closes": closes, "drained": drained, "written": written,
                "error_codes": error_codes}  # fmt: skip

    out.put(asyncio.run(run()))


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    from django.db.models import Count, F, Q

    from consultations import realtime
    from consultations.models import Comment
    from consultations.services import comment_create

    page, question = harness.open_consultation()
    targets = [
        comment_create(author=author, consultation=page, question_id=question.pk, body=f"Target {n}").pk
        for n, author in enumerate(harness.participants(40, "target"))
    ]
    commenters = [harness.session_for(p) for p in harness.participants(600, "soak-c")]
    voters = [harness.session_for(p) for p in harness.participants(2000, "soak-v")]
    writers = [harness.session_for(p) for p in harness.participants(min(WRITERS, SOCKETS), "soak-w")]
    last_before = Comment.objects.filter(consultation=page).order_by("-pk").values_list("pk", flat=True).first()
    port = harness.free_port()
    print(f"machine: {harness.machine()}")
    print(f"targets: {SOCKETS} sockets ({len(writers)} signed in), {RATES['page']:.0f} pages/s, "
          f"{RATES['comment']:.0f} comments/s, {RATES['vote']:.0f} votes/s for {SECONDS:.0f} s; "
          f"comments and votes {'over the sockets' if WRITES == 'socket' else 'as form posts'}",
          flush=True)  # fmt: skip
    with harness.uvicorn(port, workers=2) as server:
        sockets_out, http_out = multiprocessing.Queue(), multiprocessing.Queue()
        writes_start, writes_done = multiprocessing.Event(), multiprocessing.Event()
        loads_done, final_seq = multiprocessing.Event(), multiprocessing.Value("q", 0)
        viewers = multiprocessing.Process(
            target=socket_load,
            args=(
                port,
                page.pk,
                question.pk,
                targets,
                writers,
                writes_start,
                writes_done,
                loads_done,
                final_seq,
                sockets_out,
            ),
        )
        viewers.start()
        time.sleep(min(30.0, SOCKETS / 50))  # let the sockets connect before the writes start
        rss = [server_rss_mib(server.pid)]
        loads = multiprocessing.Process(
            target=http_loads,
            args=(port, page.url, page.pk, question.pk, targets, commenters, voters, http_out),
        )
        started = time.monotonic()
        loads.start()
        writes_start.set()
        # Read the results before joining: a process cannot exit while what it queued is unread.
        results = None
        while results is None or not writes_done.is_set():
            if results is None:
                with contextlib.suppress(queue.Empty):
                    results = http_out.get(timeout=30)
            else:
                writes_done.wait(timeout=30)
            rss.append(server_rss_mib(server.pid))
        elapsed = time.monotonic() - started
        rss.append(server_rss_mib(server.pid))
        final_seq.value = realtime.current_seq(page.pk)
        loads_done.set()
        sockets = sockets_out.get(timeout=DRAIN_SECONDS + 120)
        loads.join()
        viewers.join()
    created_ids = set(Comment.objects.filter(consultation=page, pk__gt=last_before).values_list("pk", flat=True))
    created = len(created_ids)
    if WRITES == "socket":
        results.update(sockets["written"])
        elapsed = SECONDS  # socket writes are scheduled over exactly SECONDS
    for kind in ("page", "comment", "vote"):
        row = results.get(kind, {"ok": 0, "failed": 0, "ms": [0.0]})
        row["ms"] = row["ms"] or [0.0]
        print(f"{kind:8} {row['ok'] / elapsed:6.1f}/s achieved (target {RATES[kind]:.0f}), {row['failed']} failed, "
              f"p50 {harness.percentile(row['ms'], 50):.0f} ms, p95 {harness.percentile(row['ms'], 95):.0f} ms, "
              f"p99 {harness.percentile(row['ms'], 99):.0f} ms, max {max(row['ms']):.0f} ms")  # fmt: skip
    if sockets["error_codes"]:
        print(f"write errors by code: {sockets['error_codes']}")
    held = [set(ids) for ids in sockets["held"]]
    complete = sum(1 for ids in held if ids == created_ids)
    missing = sum(len(created_ids - ids) for ids in held)
    lag = sockets["lag_ms"] or [0.0]
    print(f"sockets  {len(held)}: {complete} hold all {created} comments, each once; {missing} missing in all, "
          f"{sockets['repeats']} applied twice; closes {sockets['closes'] or 'none'}; "
          f"caught up {sockets['drained']:.1f} s after the loads stopped")  # fmt: skip
    print(f"live     comment created -> viewer: p50 {harness.percentile(lag, 50):.0f} ms, "
          f"p95 {harness.percentile(lag, 95):.0f} ms, p99 {harness.percentile(lag, 99):.0f} ms over {len(lag)} "
          f"deliveries; {sockets['resumed']} more came by resuming after a gap")  # fmt: skip
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
