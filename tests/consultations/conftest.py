import pytest

from consultations.pages import ModerationMode
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org_a():
    """Two organisations, for the rules that keep one organisation's work from another's."""
    return OrganisationFactory(name="Safe Streets Youth", slug="safe-streets")


@pytest.fixture
def org_b():
    return OrganisationFactory(name="Other Network", slug="other-network")


@pytest.fixture
def consultation():
    return ConsultationPageFactory(questions=["Where do you feel safe?", "What would help?"])


@pytest.fixture
def question(consultation):
    return consultation.questions.order_by("sort_order").first()


@pytest.fixture
def adult():
    return UserFactory(age=22, display_name="Calm Comet")


@pytest.fixture
def other():
    return UserFactory(age=24, display_name="Swift Lynx")


@pytest.fixture
def approved_minor():
    return GuardianConsentFactory(status="granted", minor__display_name="Brave Heron").minor


@pytest.fixture
def post_moderated(consultation):
    consultation.moderation_mode = ModerationMode.POST
    consultation.save()
    return consultation
