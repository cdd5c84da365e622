import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from consultations.demo import CONSULTATIONS, DEMO_USERS
from consultations.pages import ConsultationIndexPage, ConsultationPage
from consultations.status import ConsultationStatus
from consultations.translations import discussion_owners
from tests.consultations.translating import four_languages  # noqa: F401 (the "languages" fixture)
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "indexes": ConsultationIndexPage.objects.count(),
        # Translations share their original's discussion: one consultation, however many languages.
        "consultations": discussion_owners(ConsultationPage.objects.all()).count(),
        "pages": Page.objects.count(),
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
    pages = list(discussion_owners(ConsultationPage.objects.live()))
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


def test_with_russian_configured_the_demo_has_a_russian_tree_and_one_translated_consultation(
    client, settings, languages
):
    settings.SETTINGS_MODULE = "youthvoice.settings.test"  # overridden settings have no module name
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent with translations too
    assert ConsultationPage.objects.filter(locale__language_code="ru").count() == 1
    assert "Твой голос в решениях" in client.get("/ru/").content.decode()
    index = client.get("/ru/consultations/").content.decode()
    assert "Безопасные районы" in index
    assert index.count('class="card__language"') == len(CONSULTATIONS) - 1  # the other two, marked
    page = client.get("/ru/consultations/safer-neighbourhoods/").content.decode()
    original = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    assert "Где в твоём районе ты чувствуешь себя в безопасности и почему?" in page
    assert f'data-ws-path="/ws/consultations/{original.pk}/"' in page
