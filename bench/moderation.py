"""The moderators' queue with 10,000 waiting items across 50 consultations, on PostgreSQL + Redis.

1. Queue page (in-process Django client, signed in as a moderator): SQL queries per render and server
   time, p50 / p95 over 100 renders, for the first page, a later page (keyset cursor) and each filter.
   Target: a constant query count (<= 10) and p95 <= 150 ms.
2. Approve / hide through HTTP on uvicorn, one moderator acting item after item, with a second
   moderator's queue socket and a viewer's consultation socket open. Each action is timed from sending
   the POST until the other moderator has received ``queue.resolved`` for the item and, for an
   approval, the viewer has received the newly published comment. Target: p95 <= 100 ms.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import random
import time
from datetime import date, timedelta
from urllib.parse import urlencode

import harness

PENDING = 10_000
CONSULTATIONS = 50
RENDERS = 100
ACTIONS = 200


def build_queue():
    """50 consultations of one organisation and 10,000 items waiting in its queue: held for review
    (most), held by screening, or reported (with the reports themselves)."""
    from django.utils import timezone

    from consultations.models import Comment
    from consultations.moderation.figures import figures_recount
    from consultations.moderation.models import Flag
    from consultations.pages import ConsultationIndexPage, ConsultationPage
    from tests.factories import ConsultationPageFactory
    from youthvoice.accounts.models import User
    from youthvoice.organisations.models import Membership

    demo = ConsultationPage.objects.get(slug="safer-neighbourhoods")
    organisation = demo.organisation
    index = ConsultationIndexPage.objects.first()
    pages = [demo] + [
        ConsultationPageFactory(
            parent=index, organisation=organisation, slug=f"bench-{n}", title=f"Bench consultation {n}"
        )
        for n in range(CONSULTATIONS - 1)
    ]
    questions = {page.pk: page.questions.order_by("sort_order").first() for page in pages}
    adults = harness.participants(300, "author")
    minors = User.objects.bulk_create(
        [
            User(email=f"minor{n}@bench.test", display_name=f"Young {n}", date_of_birth=date(2011, 5, 1), country="KG")
            for n in range(200)
        ]
    )
    reporters = harness.participants(3, "reporter")
    moderators = harness.participants(2, "moderator")
    for moderator in moderators:
        Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.MODERATOR)

    rng = random.Random(5)
    start = timezone.now() - timedelta(days=3)
    comments = []
    for n in range(PENDING):
        page = pages[n % CONSULTATIONS]
        minor = rng.random() < 0.6
        held_for = (
            "pre_moderation" if minor else rng.choice(["findings", "flag:spam", "flag:abusive", "pre_moderation"])
        )
        comments.append(
            Comment(
                consultation=page, question=questions[page.pk], author=rng.choice(minors if minor else adults),
                body=f"Waiting idea {n}: " + "words " * 12, status=Comment.Status.PENDING,
                author_age_band="15-17" if minor else "18-24", in_queue=True,
                queued_at=start + timedelta(seconds=n * 20), held_for=held_for,
                flag_count=1 if held_for.startswith("flag:") else 0,
            )
        )  # fmt: skip
    comments = Comment.objects.bulk_create(comments, batch_size=2000)
    Flag.objects.bulk_create(
        [
            Flag(comment=c, reporter=reporters[0], reason=c.held_for.removeprefix("flag:"))
            for c in comments
            if c.held_for.startswith("flag:")
        ],
        batch_size=2000,
    )
    figures_recount([page.pk for page in pages])  # the rows above bypassed the services' counters
    return demo, moderators, [c.pk for c in comments if c.consultation_id == demo.pk]


def measure_queue_page(moderator, demo) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consultations.moderation.selectors import QueueFilters, queue_page
    from consultations.pages import ConsultationPage

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = harness.session_for(moderator)
    ids = list(ConsultationPage.objects.values_list("pk", flat=True))
    later = queue_page(consultation_ids=ids, filters=QueueFilters())
    for _ in range(20):  # twenty pages in: a cursor deep into the queue
        later = queue_page(consultation_ids=ids, filters=QueueFilters(), cursor=later.next_cursor)
    views = {
        "first page": "/en/moderation/",
        "page 21 (cursor)": "/en/moderation/?" + urlencode({"after": later.next_cursor}),
        "one consultation": f"/en/moderation/?consultation={demo.pk}",
        "reason: abusive": "/en/moderation/?reason=flag:abusive",
        "under-18s": "/en/moderation/?age_group=minor",
    }
    for label, url in views.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.content.count(b' data-item="') == 20, url
        times, queries = [], set()
        for _ in range(RENDERS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            queries.add(len(captured))
        print(
            f"queue page  {label:<17} queries={sorted(queries)}  "
            f"p50={harness.percentile(times, 50):.1f} ms  p95={harness.percentile(times, 95):.1f} ms",
            flush=True,
        )


async def measure_actions(port: int, sessions: list[str], demo_id: int, item_ids: list[int]) -> None:
    import websockets

    origin = {"Origin": f"http://127.0.0.1:{port}"}
    watcher = await websockets.connect(
        f"ws://127.0.0.1:{port}/ws/moderation/", additional_headers={**origin, "Cookie": f"sessionid={sessions[1]}"}
    )
    viewer = await websockets.connect(f"ws://127.0.0.1:{port}/ws/consultations/{demo_id}/", additional_headers=origin)
    assert json.loads(await watcher.recv())["type"] == "hello"
    await viewer.recv()  # hello
    resolved: dict[int, asyncio.Future] = {}
    published: dict[int, asyncio.Future] = {}
    loop = asyncio.get_running_loop()

    def future(table: dict[int, asyncio.Future], pk: int) -> asyncio.Future:
        return table.setdefault(pk, loop.create_future())

    async def listen(ws, table: dict[int, asyncio.Future], wanted: str, key) -> None:
        async for raw in ws:
            message = json.loads(raw)
            if message.get("type") == wanted:
                done = future(table, key(message))
                if not done.done():
                    done.set_result(time.perf_counter())

    listeners = [
        asyncio.create_task(listen(watcher, resolved, "queue.resolved", lambda m: m["comment"])),
        asyncio.create_task(listen(viewer, published, "comment.created", lambda m: m["comment"]["id"])),
    ]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings: dict[str, list[float]] = {"approve": [], "hide": []}
    failures = 0
    for n, pk in enumerate(item_ids[:ACTIONS]):
        action = "approve" if n % 2 == 0 else "hide"
        fields = {"next": "/en/moderation/"} | ({"reason": "off_topic", "note": "bench"} if action == "hide" else {})
        started = time.perf_counter()
        status = await asyncio.to_thread(
            harness.post_form, connection, f"/en/moderation/comments/{pk}/{action}/", fields, sessions[0], port
        )
        waits = [future(resolved, pk)] + ([future(published, pk)] if action == "approve" else [])
        try:
            arrived = await asyncio.wait_for(asyncio.gather(*waits), timeout=5)
        except TimeoutError:
            failures += 1
            continue
        if status != 302:
            failures += 1
        timings[action].append((max(arrived) - started) * 1000)
    for task in listeners:
        task.cancel()
    for ws in (watcher, viewer):
        await ws.close()
    for action, values in timings.items():
        print(
            f"{action:<8} {len(values)} actions incl. broadcast: p50={harness.percentile(values, 50):.1f} ms  "
            f"p95={harness.percentile(values, 95):.1f} ms  max={max(values):.1f} ms",
            flush=True,
        )
    print(f"failed or undelivered: {failures}", flush=True)


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    from consultations.models import Comment

    print(f"machine: {harness.machine()}", flush=True)
    started = time.perf_counter()
    demo, moderators, demo_items = build_queue()
    waiting = Comment.objects.filter(in_queue=True).count()
    print(
        f"{waiting} items waiting across {CONSULTATIONS} consultations (built in {time.perf_counter() - started:.0f} s)"
    )
    measure_queue_page(moderators[0], demo)
    sessions = [harness.session_for(m) for m in moderators]
    port = harness.free_port()
    with harness.uvicorn(port):
        asyncio.run(measure_actions(port, sessions, demo.pk, demo_items))
    left = Comment.objects.filter(in_queue=True).count()
    print(f"items left in the queue: {left} (expected {waiting - ACTIONS})")


if __name__ == "__main__":
    main()
