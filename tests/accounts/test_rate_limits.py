"""Sign-up, login, password reset (allauth) and guardian mails (ours) are rate limited."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_failed_logins_for_one_account_are_stopped(client):
    UserFactory(email="target@example.org")
    for n in range(5):
        client.post("/en/accounts/login/", {"login": "target@example.org", "password": f"guess-{n}"})
    # Even the right password is refused while the limit lasts, with a clear message.
    right = client.post("/en/accounts/login/", {"login": "target@example.org", "password": "correct-horse-battery"})
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_bursts_from_one_address_are_stopped(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [client.post("/en/accounts/signup/", {"email": f"x{n}@example.org"}).status_code for n in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert 429 in statuses[3:]


def test_password_reset_requests_are_limited(client):
    statuses = [
        client.post("/en/accounts/password/reset/", {"email": "someone@example.org"}).status_code for _ in range(7)
    ]
    assert 429 in statuses


def test_the_limits_are_configured_for_every_sensitive_action(settings):
    for action in ("login", "login_failed", "signup", "reset_password"):
        assert settings.ACCOUNT_RATE_LIMITS[action]
    for action in ("guardian_email", "guardian_email_per_address"):
        assert settings.YOUTHVOICE_RATE_LIMITS[action]


@pytest.mark.parametrize("action", ["comment", "vote", "flag"])
def test_writes_stop_at_the_limit_in_settings_with_a_clear_message(settings, action):
    """The same limit for a form post and a socket message: both go through the services."""
    from consultations.moderation.services import comment_flag
    from consultations.services import comment_create, vote_cast
    from tests.factories import ConsultationPageFactory
    from youthvoice.errors import ServiceError

    settings.YOUTHVOICE_RATE_LIMITS = {**settings.YOUTHVOICE_RATE_LIMITS, action: "2/60"}
    page = ConsultationPageFactory(questions=["What would help?"])
    question = page.questions.first()
    person = UserFactory(age=20)
    targets = [
        comment_create(author=UserFactory(age=21), consultation=page, question_id=question.pk, body=f"Idea {n}")
        for n in range(3)
    ]
    write = {
        "comment": lambda n: comment_create(
            author=person, consultation=page, question_id=question.pk, body=f"Mine {n}"
        ),
        "vote": lambda n: vote_cast(voter=person, comment_id=targets[n].pk, choice="agree"),
        "flag": lambda n: comment_flag(reporter=person, comment_id=targets[n].pk, reason="spam"),
    }[action]
    write(0)
    write(1)
    with pytest.raises(ServiceError) as refused:
        write(2)
    assert refused.value.code == "rate_limited"
    assert str(refused.value.message) == "You are going a bit fast. Please wait a minute and try again."
