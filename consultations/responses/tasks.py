"""Background work of the response loop, through Django's tasks API (the immediate backend in
development and tests, the database-backed worker in production)."""

from __future__ import annotations

from itertools import batched

from django.core.mail import mailers
from django.db import transaction
from django.tasks import task

from consultations.responses.emails import ResponseMailer
from consultations.responses.models import Response, ResponseNotice
from consultations.responses.selectors import participants
from youthvoice.accounts.models import User

BATCH_SIZE = 500


@task
def notify_participants(response_id: int) -> int:
    """Tell every participant once that the response is published: a notice shown on their next visit
    and a mail in their language. Returns how many people were told by this run.

    The notice row is the idempotency key: a person is mailed only by the run that created their
    notice, so running again (a retry, a second publish) tells only people not told yet. Should the
    mail server fail, the task fails; the people of the failing batch keep their notice on the site,
    and running the task again mails everyone after them.
    """
    response = (
        Response.objects.select_related("consultation__organisation", "published_by")
        .filter(pk=response_id, published_at__isnull=False)
        .first()
    )
    if response is None:  # deleted since, or never published: nothing to announce
        return 0
    mailer = ResponseMailer(response)
    # Streamed in batches: a consultation may have 100,000 participants.
    people = participants(consultation_id=response.consultation_id).only("pk", "email", "language").order_by("pk")
    told = 0
    for batch in batched(people.iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
        new = _create_notices(response, batch)
        messages = [mailer.message(to=person.email, language=person.language) for person in new if person.email]
        if messages:
            mailers.default.send_messages(messages)
        told += len(new)
    return told


def _create_notices(response: Response, people: tuple[User, ...]) -> list[User]:
    """Creates the notices that do not exist yet and returns whose they are."""
    with transaction.atomic():
        # One run at a time per response, so that two runs never both create (and mail) a notice.
        list(Response.objects.select_for_update().filter(pk=response.pk).values_list("pk", flat=True))
        told_before = set(
            ResponseNotice.objects.filter(response=response, user_id__in=[person.pk for person in people]).values_list(
                "user_id", flat=True
            )
        )
        new = [person for person in people if person.pk not in told_before]
        ResponseNotice.objects.bulk_create([ResponseNotice(user_id=person.pk, response=response) for person in new])
    return new
