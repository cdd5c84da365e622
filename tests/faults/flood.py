"""Run in a subprocess against a fault test's services: ``python -m tests.faults.flood PAGE COUNT``.

Publishes ``COUNT`` long comments through the service layer (the one write path, broadcasting after
each commit, as the web process does), faster than HTTP could, and prints how long it took.
"""

from __future__ import annotations

import sys
import time
import uuid


def main(page_id: int, count: int) -> None:
    import django

    django.setup()
    from consultations.models import COMMENT_MAX_LENGTH
    from consultations.pages import ConsultationPage
    from consultations.services import comment_create
    from tests.factories import UserFactory

    page = ConsultationPage.objects.get(pk=page_id)
    question = page.questions.get()
    # Under the per-minute limit each; factory sequences restart in this process, so names are unique here.
    run = uuid.uuid4().hex[:8]
    authors = [UserFactory(age=25, email=f"flood-{run}-{n}@example.org") for n in range(count // 500 + 1)]
    text = ("A longer thought about safe routes to school and lighting in the park. " * 40)[: COMMENT_MAX_LENGTH - 10]
    started = time.monotonic()
    for n in range(count):
        comment_create(author=authors[n % len(authors)], consultation=page, question_id=question.pk, body=f"{n} {text}")
    print(f"{time.monotonic() - started:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
