"""A digest over 100,000 comments and 1,000,000 votes on PostgreSQL.

Target: <= 60 s wall and <= 1 GB peak memory on the 2-core machine, with the database read in
aggregates and chunks (the query count is printed: it must not depend on the number of rows).
The data is made with INSERT ... SELECT generate_series (the loading is not what is measured):
20,000 participants across the four age bands (and some with no known age), six countries and
five languages; 100,000 published comments over 5 questions and 30 days; 50 votes per participant.
"""

from __future__ import annotations

import resource
import sys
import time

import harness

COMMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PEOPLE = 20_000
VOTES_PER_PERSON = 50
QUESTIONS = 5


def build(page_id: int, question_ids: list[int]) -> None:
    from django.db import connection

    words = (
        "'park','lights','bus','school','safe','night','youth','centre','bench','river','sport','library',"
        "'street','police','friends'"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active,
                date_joined, email, display_name, date_of_birth, country, language, contributions_hidden)
            SELECT '!', false, '', '', false, true, now(), 'bench' || n || '@bench.test', 'Bench ' || n,
                CASE WHEN n %% 20 = 0 THEN NULL
                     ELSE (now() - ((12 + n %% 19) * interval '1 year') - (n %% 300) * interval '1 day')::date END,
                (ARRAY['MK','AL','RS','BA','KG','KZ'])[1 + n %% 6],
                (ARRAY['en','sq','sr-latn','ru','ky'])[1 + n %% 5], false
            FROM generate_series(1, %s) AS n
            """,
            [PEOPLE],
        )
        cursor.execute("SELECT min(id), max(id) FROM accounts_user WHERE email LIKE %s", ["%@bench.test"])
        first_user, last_user = cursor.fetchone()
        # Only constants of this script are interpolated (the word list, the number of questions).
        comments_sql = f"""
            INSERT INTO consultations_comment (consultation_id, question_id, parent_id, author_id, body, language,
                status, hidden_reason, created_at, updated_at, agree_count, disagree_count, pass_count,
                reply_count, tally_version, client_key, author_age_band, in_queue, held_for, flag_count)
            SELECT %s, (%s::bigint[])[1 + n %% {QUESTIONS}], NULL, %s + n %% %s,
                'We need more ' || (ARRAY[{words}])[1 + n %% 15] || ' and ' || (ARRAY[{words}])[1 + (n / 15) %% 15]
                    || ' near the ' || (ARRAY[{words}])[1 + (n / 7) %% 15] || ' idea ' || n,
                'en', 'published', '', now() - (n %% 30) * interval '1 day', now(), 0, 0, 0, 0, 0, '', '', false, '', 0
            FROM generate_series(1, %s) AS n
            """  # noqa: S608
        cursor.execute(
            comments_sql,
            [page_id, question_ids, first_user, last_user - first_user + 1, COMMENTS],
        )
        cursor.execute("SELECT min(id), max(id) FROM consultations_comment WHERE consultation_id = %s", [page_id])
        first_comment, last_comment = cursor.fetchone()
        span = last_comment - first_comment + 1
        # Each person votes on 50 different comments (a stride keeps them distinct).
        cursor.execute(
            """
            INSERT INTO consultations_vote (comment_id, voter_id, choice, created_at, updated_at)
            SELECT %s + ((p * 7919 + v * 104729) %% %s), %s + p,
                (ARRAY['agree','agree','disagree','pass','agree'])[1 + (p + v) %% 5],
                now() - ((p + v) %% 30) * interval '1 day', now()
            FROM generate_series(0, %s) AS p, generate_series(0, %s) AS v
            ON CONFLICT DO NOTHING
            """,
            [first_comment, span, first_user, PEOPLE - 1, VOTES_PER_PERSON - 1],
        )
        # The counters the services keep, set once for the loaded votes.
        cursor.execute(
            """
            UPDATE consultations_comment c SET agree_count = t.a, disagree_count = t.d, pass_count = t.p
            FROM (SELECT comment_id, count(*) FILTER (WHERE choice = 'agree') a,
                         count(*) FILTER (WHERE choice = 'disagree') d, count(*) FILTER (WHERE choice = 'pass') p
                  FROM consultations_vote GROUP BY comment_id) t
            WHERE c.id = t.comment_id
            """
        )
        cursor.execute("ANALYZE")


def main() -> None:
    harness.fresh_database()
    harness.django_setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from consultations.digests.compute import digest_compute
    from consultations.models import Comment, ConsultationQuestion, Vote
    from consultations.moderation.figures import figures_recount
    from consultations.pages import ConsultationPage

    page = ConsultationPage.objects.get(slug="safer-neighbourhoods")
    existing = page.questions.count()
    for n in range(existing, QUESTIONS):
        ConsultationQuestion.objects.create(page=page, text=f"Bench question {n}", sort_order=n, locale=page.locale)
    question_ids = list(page.questions.order_by("sort_order").values_list("pk", flat=True))[:QUESTIONS]
    started = time.perf_counter()
    build(page.pk, question_ids)
    figures_recount([page.pk])
    print(f"machine: {harness.machine()}")
    print(
        f"loaded {Comment.objects.filter(consultation=page).count():,} comments and "
        f"{Vote.objects.filter(comment__consultation=page).count():,} votes in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        content = digest_compute(consultation=page, until=timezone.now())
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    participation = content["participation"]
    print(
        f"digest: {elapsed:.1f} s wall, {len(captured)} queries, peak RSS {peak / 1024:.0f} MiB "
        f"(process before the digest {rss_before / 1024:.0f} MiB)"
    )
    print(
        f"participants {participation['participants']}, comments {participation['comments']}, "
        f"votes {participation['votes']}, themes per question {[len(q['themes']) for q in content['questions']]}"
    )


if __name__ == "__main__":
    main()
