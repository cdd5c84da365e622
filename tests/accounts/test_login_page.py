"""The sign-in page tells every assistive technology why a sign-in failed, on the fields themselves."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
    assert match, f"no {name} field"
    return match.group(0)


def test_a_wrong_password_is_announced_and_both_fields_point_at_the_message(client):
    UserFactory(email="reader@example.org")
    html = client.post("/en/accounts/login/", {"login": "reader@example.org", "password": "wrong-one"}).content.decode()

    summary = re.search(r'<div class="form-errors" role="alert" tabindex="-1" id="form-errors">(.*?)</div>', html, re.S)
    assert summary and "not correct" in summary.group(1)
    login, password = _input(html, "login"), _input(html, "password")
    for field in (login, password):
        assert 'aria-invalid="true"' in field
    assert 'aria-describedby="form-errors"' in login
    assert 'aria-describedby="form-errors id_password_helptext"' in password  # and "Forgot your password?"


def test_a_first_visit_shows_labelled_fields_and_no_error(client):
    html = client.get("/en/accounts/login/").content.decode()
    assert '<label for="id_login">Email</label>' in html and '<label for="id_password">Password</label>' in html
    assert "aria-invalid" not in html and 'id="form-errors"' not in html
    assert 'aria-describedby="id_password_helptext"' in _input(html, "password")


def test_an_empty_submission_names_the_missing_fields(client):
    html = client.post("/en/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert 'aria-describedby="id_login_error"' in _input(html, "login")
    assert 'id="id_login_error"' in html
