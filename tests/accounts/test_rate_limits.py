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
