"""Publishing tells every participant exactly once, by email in their language and on the site."""

from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from consultations.responses import emails, services, tasks
from consultations.responses.models import ResponseNotice
from consultations.responses.services import CommitmentInput
from tests.consultations.responses.conftest import comment_on, vote_on
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(consultation_a):
    """A French commenter, an English voter, someone who did both, an inactive (imported) account that
    voted, and a bystander."""
    french = UserFactory(language="fr", email="camille@example.org")
    english = UserFactory(language="en", email="sam@example.org")
    both = UserFactory(language="en", email="both@example.org")
    inactive = UserFactory(email="placeholder@example.org")
    bystander = UserFactory(email="bystander@example.org")
    first = comment_on(consultation_a, french)
    second = comment_on(consultation_a, both, "A bus at night")
    vote_on(first, english)
    vote_on(first, both)
    vote_on(second, inactive)
    type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)
    return {"fr": french, "en": english, "both": both, "inactive": inactive, "bystander": bystander}


def _draft(page, user):
    return services.response_save(
        author=user,
        consultation=page,
        heard="We heard you.",
        will_do="Lights.",
        will_not="No curfew.",
        commitments=[CommitmentInput(text="Repair the lights")],
    )


def _publish(page, user, capture):
    response = _draft(page, user)
    with capture(execute=True):
        services.response_publish(author=user, response_id=response.pk)
    response.refresh_from_db()
    return response


def _mails_to() -> dict[str, mail.EmailMessage]:
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)), recipients  # nobody twice
    return {message.to[0]: message for message in mail.outbox}


def test_every_active_participant_gets_one_mail_and_one_notice(
    consultation_a, editor_a, people, django_capture_on_commit_callbacks
):
    response = _publish(consultation_a, editor_a, django_capture_on_commit_callbacks)
    mails = _mails_to()
    assert set(mails) == {"camille@example.org", "sam@example.org", "both@example.org"}
    expected = {people[key].pk for key in ("fr", "en", "both")}
    assert set(ResponseNotice.objects.filter(response=response).values_list("user_id", flat=True)) == expected
    body = mails["sam@example.org"].body
    assert f"http://testserver{consultation_a.url}#response" in body
    assert "Safe Streets Youth published a response" in body
    assert mails["sam@example.org"].subject == f"You said, we did: the response to “{consultation_a.title}”"


def test_mails_are_rendered_in_each_persons_language(
    consultation_a, editor_a, people, django_capture_on_commit_callbacks
):
    """The French catalogue has no translation of these new strings yet (locale/ ships none), so the
    French mail's sentences are still English. What proves it is rendered under French is Django's own
    French catalogue: the publication date's month name comes out in French, and only in that mail."""
    response = _publish(consultation_a, editor_a, django_capture_on_commit_callbacks)
    mails = _mails_to()
    published = timezone.localtime(response.published_at)
    with translation.override("fr"):
        french_date = date_format(published, "j F Y")
    with translation.override("en"):
        english_date = date_format(published, "j F Y")
    assert french_date != english_date
    assert french_date in mails["camille@example.org"].body
    assert english_date not in mails["camille@example.org"].body
    assert english_date in mails["sam@example.org"].body
    assert french_date not in mails["sam@example.org"].body


def test_the_mail_is_rendered_under_the_recipients_language(consultation_a, editor_a, people):
    """Whatever the catalogues hold: the templates are rendered with the recipient's language active."""
    response = _draft(consultation_a, editor_a)
    services.response_publish(author=editor_a, response_id=response.pk)  # on_commit not run: no mails yet
    active: list[str] = []
    real_render = emails.render_to_string

    def recording_render(*args, **kwargs):
        active.append(translation.get_language())
        return real_render(*args, **kwargs)

    with mock.patch.object(emails, "render_to_string", recording_render):
        assert tasks.notify_participants.call(response.pk) == 3
    # Subject and body once per language (the mail names nobody, so one rendering serves everyone).
    assert sorted(active) == ["en", "en", "fr", "fr"]
    assert translation.get_language() == "en"  # and the language is restored afterwards


def test_publishing_again_or_rerunning_the_task_sends_nothing_twice(
    consultation_a, editor_a, people, django_capture_on_commit_callbacks
):
    response = _publish(consultation_a, editor_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.response_publish(author=editor_a, response_id=response.pk)
    assert callbacks == []  # already published: nothing enqueued
    assert tasks.notify_participants.call(response.pk) == 0
    assert tasks.notify_participants.enqueue(response_id=response.pk).return_value == 0
    assert len(mail.outbox) == 3
    assert ResponseNotice.objects.count() == 3


def test_a_rerun_tells_only_people_who_joined_since(
    consultation_a, editor_a, people, django_capture_on_commit_callbacks
):
    response = _publish(consultation_a, editor_a, django_capture_on_commit_callbacks)
    latecomer = UserFactory(email="late@example.org")
    vote_on(consultation_a.comments.first(), latecomer)
    mail.outbox.clear()
    assert tasks.notify_participants.call(response.pk) == 1
    assert [message.to for message in mail.outbox] == [["late@example.org"]]


def test_participants_are_read_in_batches(consultation_a, editor_a, people, django_capture_on_commit_callbacks):
    extra = [UserFactory() for _ in range(4)]
    comment = consultation_a.comments.first()
    for person in extra:
        vote_on(comment, person)
    with mock.patch.object(tasks, "BATCH_SIZE", 2):
        _publish(consultation_a, editor_a, django_capture_on_commit_callbacks)
    assert len(_mails_to()) == 3 + 4
    assert ResponseNotice.objects.count() == 7


def test_nothing_is_sent_inside_the_request_before_commit(consultation_a, editor_a, people):
    response = _draft(consultation_a, editor_a)
    services.response_publish(author=editor_a, response_id=response.pk)  # the test's transaction never commits
    assert mail.outbox == []
    assert not ResponseNotice.objects.exists()


def test_an_unpublished_response_announces_nothing(consultation_a, editor_a, people):
    response = _draft(consultation_a, editor_a)
    assert tasks.notify_participants.call(response.pk) == 0
    assert mail.outbox == []
