"""Consultation page, page 1 of 20 comments, at 10 / 100 / 10,000 comments on PostgreSQL:
SQL queries per render and server time (p50 / p95 over 100 renders, in-process Django client)."""

from __future__ import annotations

import os
import random
import time

import harness


def timed_gets(client, url: str, times: int, header: str = "") -> tuple[list[float], set[int]]:
    """Milliseconds per GET and the query counts seen, after one warming GET. With ``header``, every
    answer must carry it (the shared copy's mark)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    elapsed, queries = [], set()
    for _ in range(times):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        assert not header or response.has_header(header)
        queries.add(len(captured))
    return elapsed, queries


def main() -> None:
    # These figures are of a render; the shared copy for visitors without a session is timed last.
    os.environ["YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    harness.fresh_database()
    harness.django_setup()
    from django.test import Client
    from django.utils import timezone

    from consultations.models import Comment, Vote
    from consultations.pages import ConsultationPage

    page = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    question = page.questions.order_by("sort_order").first()
    authors = harness.participants(200, "author")
    viewer = harness.participants(1, "viewer")[0]
    rng = random.Random(1)
    print(f"machine: {harness.machine()}")
    made = 0
    for total in (10, 100, 10_000):
        now = timezone.now()
        comments = Comment.objects.bulk_create(
            [
                Comment(
                    consultation=page, question=question, author=rng.choice(authors), body=f"Idea {n}: " + "words " * 9,
                    agree_count=rng.randint(0, 40), disagree_count=rng.randint(0, 40), pass_count=rng.randint(0, 5),
                    created_at=now,
                )
                for n in range(made, total)
            ],
            batch_size=2000,
        )  # fmt: skip
        Comment.objects.bulk_create(
            [
                Comment(consultation=page, question=question, parent=c, author=rng.choice(authors), body="A reply")
                for c in comments[:: max(1, len(comments) // 200)]
            ]
        )
        Vote.objects.bulk_create([Vote(comment=c, voter=viewer, choice="agree") for c in comments[:50]])
        made = total
        for who in ("anonymous", "participant"):
            client = Client(HTTP_HOST="127.0.0.1")
            if who == "participant":
                client.cookies["sessionid"] = harness.session_for(viewer)
            for order in ("newest", "agreed", "divisive"):
                url = f"{page.url}?question={question.pk}&order={order}"
                times, queries = timed_gets(client, url, 100)
                print(
                    f"{total:>6} comments  {who:<11} {order:<8} queries={sorted(queries)}  "
                    f"p50={harness.percentile(times, 50):.1f} ms  p95={harness.percentile(times, 95):.1f} ms"
                )

    from django.test import override_settings

    from youthvoice.page_cache import HIT_HEADER

    with override_settings(YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS=60):
        client = Client(HTTP_HOST="127.0.0.1")
        url = f"{page.url}?question={question.pk}&order=newest"
        times, queries = timed_gets(client, url, 200, header=HIT_HEADER)
        print(
            f"{total:>6} comments  anonymous   shared copy (youthvoice/page_cache.py) queries={sorted(queries)}  "
            f"p50={harness.percentile(times, 50):.2f} ms  p95={harness.percentile(times, 95):.2f} ms"
        )


if __name__ == "__main__":
    main()
