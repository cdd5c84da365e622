import pytest

from consultations.pages import ModerationMode
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, UserFactory
from youthvoice.organisations.models import Membership


def _moderator(organisation, **extra):
    user = UserFactory(age=28)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.MODERATOR, **extra)
    return user


@pytest.fixture
def consultation_a(org_a):
    # The default mode: comments by under-18s wait for review, adults' are published at once.
    page = ConsultationPageFactory(organisation=org_a, questions=["Where do you feel safe?"])
    assert page.moderation_mode == ModerationMode.PRE_MINORS
    return page


@pytest.fixture
def question_a(consultation_a):
    return consultation_a.questions.first()


@pytest.fixture
def moderator_a(org_a):
    return _moderator(org_a)


@pytest.fixture
def moderator_b(org_b):
    return _moderator(org_b)


@pytest.fixture
def minor():
    return GuardianConsentFactory(status="granted", minor__display_name="Brave Heron").minor


@pytest.fixture
def adult():
    return UserFactory(age=22, display_name="Calm Comet")
