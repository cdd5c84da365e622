import pytest
from django.core.management import CommandError, call_command

from consultations.demo import CONSULTATIONS, DEMO_USERS
from consultations.pages import ConsultationIndexPage, ConsultationPage
from consultations.status import ConsultationStatus
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "indexes": ConsultationIndexPage.objects.count(),
        "consultations": ConsultationPage.objects.count(),
        "users": User.objects.count(),
        "revisions": sum(p.revisions.count() for p in ConsultationPage.objects.all()),
    }


def test_seed_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first["consultations"] == len(CONSULTATIONS)
    assert first["users"] == len(DEMO_USERS)


def test_seed_has_one_consultation_per_status_each_with_questions():
    call_command("seed_demo")
    pages = list(ConsultationPage.objects.live())
    assert sorted(p.status for p in pages) == sorted(ConsultationStatus)
    assert all(p.questions.count() >= 2 for p in pages)


def test_demo_users_can_log_in_with_verified_email(client):
    call_command("seed_demo")
    for spec in DEMO_USERS:
        assert client.login(email=spec.email, password="youthvoice-demo"), spec.email
        assert User.objects.get(email=spec.email).emailaddress_set.filter(verified=True).exists()


def test_if_empty_leaves_existing_content_alone(consultation_index):
    from tests.factories import ConsultationPageFactory

    ConsultationPageFactory(parent=consultation_index)
    call_command("seed_demo", if_empty=True)
    assert ConsultationPage.objects.count() == 1
    assert not User.objects.exists()


def test_refuses_to_run_with_production_settings(settings):
    settings.SETTINGS_MODULE = "youthvoice.settings.production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not User.objects.exists()
