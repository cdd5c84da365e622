"""Sustained writes through HTTP (plain form posts) on PostgreSQL, then an exactness check.

Target: >= 50 comments/s and >= 200 votes/s, and afterwards every counter equals COUNT(*) of its votes.
Clients are threads with keep-alive connections, each signed in as a different participant (one person
may post 10 comments and cast 60 votes a minute).
"""

from __future__ import annotations

import http.client
import random
import threading
import time

import harness

DURATION = 20.0
THREADS = 16


def load(
    kind: str, port: int, sessions: list[str], targets: list[int], page_id: int, question_id: int
) -> tuple[int, int, float]:
    page_path = "/en/consultations/safer-neighbourhoods/"
    done, failed = [0], [0]
    lock = threading.Lock()
    stop = time.monotonic() + DURATION
    pool = iter(sessions)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        session = next(pool)
        uses = 0
        while time.monotonic() < stop:
            limit = 10 if kind == "comment" else 60
            if uses == limit:  # this person's minute is used up: continue as the next participant
                with lock:
                    session = next(pool)
                uses = 0
            if kind == "comment":
                path = f"/en/discussion/{page_id}/comments/"
                fields = {
                    "question": question_id,
                    "body": f"Load comment {rng.random()}",
                    "key": str(rng.random()),
                    "next": page_path,
                }
            else:
                path = f"/en/discussion/comments/{rng.choice(targets)}/vote/"
                # As the page's forms do: "next" says where to return.
                fields = {"choice": rng.choice(["agree", "disagree", "pass"]), "next": page_path}
            status = harness.post_form(connection, path, fields, session, port)
            uses += 1
            with lock:
                if status == 302:
                    done[0] += 1
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return done[0], failed[0], elapsed


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    from django.db.models import Count, Q

    from consultations.models import Comment
    from consultations.services import comment_create

    page, question = harness.open_consultation()
    authors = harness.participants(20, "target")
    targets = [
        comment_create(author=a, consultation=page, question_id=question.pk, body=f"Target {n}").pk
        for n, a in enumerate(authors)
    ]
    people = harness.participants(1500, "load")
    sessions = [harness.session_for(p) for p in people]
    port = harness.free_port()
    print(f"machine: {harness.machine()}")
    with harness.uvicorn(port, workers=2):
        comments, comment_failures, t1 = load("comment", port, sessions[:700], targets, page.pk, question.pk)
        votes, vote_failures, t2 = load("vote", port, sessions[700:], targets, page.pk, question.pk)
    print(f"comments: {comments} in {t1:.1f} s = {comments / t1:.0f}/s ({comment_failures} failed)")
    print(f"votes:    {votes} in {t2:.1f} s = {votes / t2:.0f}/s ({vote_failures} failed)")
    wrong = Comment.objects.annotate(
        a=Count("votes", filter=Q(votes__choice="agree")),
        d=Count("votes", filter=Q(votes__choice="disagree")),
        p=Count("votes", filter=Q(votes__choice="pass")),
    ).exclude(agree_count=models_f("a"), disagree_count=models_f("d"), pass_count=models_f("p"))
    print(f"counters differing from COUNT(*): {wrong.count()} of {Comment.objects.count()} comments")


def models_f(name: str):
    from django.db.models import F

    return F(name)


if __name__ == "__main__":
    main()
