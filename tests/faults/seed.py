"""Run in a subprocess against a fault test's own database: ``python -m tests.faults.seed N``.

Creates an open consultation whose comments publish at once and ``N`` verified adult participants,
each with a signed-in session, and prints what the test needs as JSON.
"""

from __future__ import annotations

import json
import sys


def main(count: int) -> None:
    import django

    django.setup()
    from consultations.pages import ModerationMode
    from tests.factories import ConsultationPageFactory, UserFactory
    from tests.ws import session_cookie

    page = ConsultationPageFactory(questions=["What would make your area feel safer?"])
    page.moderation_mode = ModerationMode.POST
    page.save()
    people = [UserFactory(age=20 + n % 10, email=f"fault-seed-{n}@example.org") for n in range(count)]
    print(
        json.dumps(
            {
                "page": page.pk,
                "path": page.url,
                "question": page.questions.get().pk,
                "sessions": [session_cookie(person).decode().split("=", 1)[1] for person in people],
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
