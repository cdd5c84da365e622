import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import years_ago
from youthvoice.accounts.display_names import suggest_display_names, validate_display_name
from youthvoice.accounts.models import User
from youthvoice.accounts.views import AGE_GATE_COOKIE

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"


def _form(*, age: int = 20, email: str = "sam.river@example.org", **overrides) -> dict[str, str]:
    birth = years_ago(age)
    data = {
        "email": email,
        "display_name": "Calm Comet",
        "birth_day": str(birth.day),
        "birth_month": str(birth.month),
        "birth_year": str(birth.year),
        "country": "MK",
        "language": "en",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    data.update(overrides)
    return data


def test_adult_signs_up_and_must_verify_email(client):
    response = client.post(SIGNUP, _form(age=22))
    assert response.status_code == 302
    user = User.objects.get(email="sam.river@example.org")
    assert (user.display_name, user.country.code, user.language) == ("Calm Comet", "MK", "en")
    assert user.date_of_birth == years_ago(22)
    assert not user.needs_guardian_consent
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()
    # Not logged in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_minor_account_is_created_awaiting_a_guardian(client):
    client.post(SIGNUP, _form(age=14))
    user = User.objects.get(email="sam.river@example.org")
    assert user.is_minor
    assert user.needs_guardian_consent
    assert not user.guardian_consents.exists()


def test_too_young_is_refused_kindly_stores_nothing_and_cannot_retry_at_once(client):
    response = client.post(SIGNUP, _form(age=11))
    assert response.status_code == 200
    assert "cannot create an account on YouthVoice yet" in response.content.decode()
    assert not User.objects.exists()
    assert len(mail.outbox) == 0
    assert AGE_GATE_COOKIE in response.cookies

    # Same browser, now claiming to be older: still the same kind page, still nothing stored.
    retry = client.post(SIGNUP, _form(age=25))
    assert "cannot create an account on YouthVoice yet" in retry.content.decode()
    assert not User.objects.exists()
    assert "cannot create an account" in client.get(SIGNUP).content.decode()


def test_the_age_gate_cookie_alone_keeps_the_pause(client):
    client.post(SIGNUP, _form(age=11))
    client.session.flush()  # a new session, same browser cookie jar
    assert "cannot create an account" in client.get(SIGNUP).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_day": "31", "birth_month": "2"}, "birth_day", "That date does not exist"),
        ({"birth_year": str(timezone.localdate().year + 1)}, "birth_year", "in the future"),
        ({"birth_year": "1890"}, "birth_year", "Ensure this value is greater than or equal to 1900"),
        ({"country": ""}, "country", "This field is required"),
        ({"display_name": "call me 0612 345 678"}, "display_name", "phone number"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(client, overrides, field, message):
    response = client.post(SIGNUP, _form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="sam.river@example.org"' in html  # nothing the person typed is lost
    assert f'id="id_{field}_error"' in html  # the error is tied to its field
    assert not User.objects.exists()


def test_signup_page_is_a_neutral_age_screen(client):
    html = client.get(SIGNUP).content.decode()
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    # No threshold is revealed, no "I am over N" box.
    for hint in ("over 12", "over 13", "over 16", "over 18", "under 18", "years old", "I am over"):
        assert hint not in visible
    assert 'type="checkbox"' not in html
    assert "Date of birth" in visible


@pytest.mark.parametrize(
    "name",
    [
        "sam@example.org",
        "Otter sam.river@mail.com",
        "www.my-site.com",
        "https://x.io/me",
        "Fox +389 70 123 456",
        "follow @otter_42",
        "SamRiver Fan",  # the local part of the person's own email address
    ],
)
def test_display_names_that_identify_someone_are_rejected(name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_display_name(name, email="samriver@example.org")


@pytest.mark.parametrize("name", ["Quiet Otter", "Brave Heron 2", "Maya's Maple", "Comet-7"])
def test_ordinary_display_names_pass(name):
    assert validate_display_name(f"  {name}  ", email="samriver@example.org") == name


def test_suggested_names_are_valid_and_distinct():
    names = suggest_display_names(5)
    assert len(set(names)) == 5
    for name in names:
        validate_display_name(name, email="someone@example.org")
