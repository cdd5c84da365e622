import re

import pytest

from tests.factories import ConsultationPageFactory, UserFactory
from youthvoice.accounts.guardians import GuardianConsent

pytestmark = pytest.mark.django_db


def test_a_minor_without_a_guardian_lands_on_the_guardian_step_after_login(client):
    UserFactory(age=14, email="teen@example.org")
    response = client.post("/en/accounts/login/", {"login": "teen@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/me/guardian/"


def test_an_adult_lands_on_the_home_page_after_login(client):
    UserFactory(age=30, email="adult@example.org")
    response = client.post("/en/accounts/login/", {"login": "adult@example.org", "password": "correct-horse-battery"})
    assert response["Location"] == "/"


def test_signing_in_starts_a_new_session(client):
    """Session fixation: a session key known before signing in is worthless after it."""
    UserFactory(age=30, email="adult@example.org")
    client.get("/en/accounts/login/")
    session = client.session
    session["visited"] = True  # an anonymous session with a key an attacker could have planted
    session.save()
    before = session.session_key
    client.post("/en/accounts/login/", {"login": "adult@example.org", "password": "correct-horse-battery"})
    after = client.cookies["sessionid"].value
    assert after and after != before
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_guardian_page_asks_and_then_shows_the_state(client, django_capture_on_commit_callbacks, mailoutbox):
    minor = UserFactory(age=15, email="teen@example.org")
    client.force_login(minor)
    page = client.get("/en/accounts/me/guardian/").content.decode()
    assert "Who should we ask?" in page

    own = client.post("/en/accounts/me/guardian/", {"action": "request", "guardian_email": "teen@example.org"})
    assert "not your own" in own.content.decode()
    assert 'value="teen@example.org"' in own.content.decode()  # what was typed is kept

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/en/accounts/me/guardian/", {"action": "request", "guardian_email": "dad@example.net"}, follow=True
        )
    html = done.content.decode()
    assert "Waiting for your guardian" in html
    assert "dad@example.net" in html
    assert mailoutbox[-1].to == ["dad@example.net"]
    assert minor.guardian_consents.get().status == GuardianConsent.Status.PENDING


def test_adults_are_sent_away_from_the_guardian_page(client):
    client.force_login(UserFactory(age=30))
    assert client.get("/en/accounts/me/guardian/")["Location"] == "/en/accounts/me/"


def test_profile_update_rejects_identifying_names_and_keeps_input(client):
    user = UserFactory(email="amira.k@example.org")
    client.force_login(user)
    response = client.post("/en/accounts/me/", {"display_name": "amirak official", "language": "en"})
    assert "not part of your email address" in response.content.decode()
    assert 'value="amirak official"' in response.content.decode()
    client.post("/en/accounts/me/", {"display_name": "Swift Lynx", "language": "en"})
    user.refresh_from_db()
    assert user.display_name == "Swift Lynx"


def test_nothing_identifying_about_a_minor_is_public(client):
    minor = UserFactory(age=13, email="kid.canary@example.org", display_name="Kind Robin", country="AL")
    GuardianConsent.objects.create(minor=minor, guardian_email="guardian.canary@example.net", status="granted")
    page = ConsultationPageFactory()
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        html = client.get(page.url).content.decode() + client.get("/en/").content.decode()
        for secret in ("kid.canary", "guardian.canary", minor.date_of_birth.isoformat()):
            assert secret not in html
        # As a whole word: "Albanian", the interface language, is named on every page.
        assert not re.search(r"\bAlbania\b", html)
