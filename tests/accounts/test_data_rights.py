import json

import pytest
from django.test import Client

from tests.factories import GuardianConsentFactory, UserFactory
from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User

pytestmark = pytest.mark.django_db


def test_download_my_data_contains_everything_about_me(client):
    consent = GuardianConsentFactory(guardian_email="mum@example.net")
    client.force_login(consent.minor)
    response = client.get("/en/accounts/me/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="youthvoice-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == consent.minor.email
    assert data["account"]["date_of_birth"] == consent.minor.date_of_birth.isoformat()
    assert data["account"]["display_name"] == consent.minor.display_name
    assert data["email_addresses"][0]["email"] == consent.minor.email
    assert data["guardian_consents"][0]["guardian_email"] == "mum@example.net"
    assert data["guardian_consents"][0]["status"] == "granted"


def test_export_requires_login(client):
    response = client.get("/en/accounts/me/export/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_deletion_asks_for_the_password_and_keeps_everything_on_a_mistake(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/accounts/me/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That password is not right." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_deletion_removes_the_person_and_ends_every_session():
    user = UserFactory()
    GuardianConsent.objects.create(minor=user, guardian_email="x@example.net")
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    response = here.post("/en/accounts/me/delete/", {"password": "correct-horse-battery"})
    assert response.status_code == 200
    assert "has been deleted" in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not GuardianConsent.objects.filter(minor_id=user.pk).exists()
    for client in (here, elsewhere):
        assert client.get("/en/accounts/me/").status_code == 302  # logged out everywhere
