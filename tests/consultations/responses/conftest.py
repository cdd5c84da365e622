from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations.digests.models import Subscription
from consultations.pages import ConsultationPage
from consultations.responses import services
from consultations.responses.services import CommitmentInput
from consultations.services import comment_create, vote_cast
from tests.factories import ConsultationPageFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership


def member(organisation, role, **extra):
    user = UserFactory(age=30, **extra)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def policymaker(**extra):
    user = UserFactory(age=45, **extra)
    user.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    return user


def comment_on(page, author, body="More lights in the park, please."):
    return comment_create(author=author, consultation=page, question_id=page.questions.first().pk, body=body)


def vote_on(comment, voter, choice="agree"):
    return vote_cast(voter=voter, comment_id=comment.pk, choice=choice)


def close(page, *, days_ago: int):
    """Moves the consultation's dates so that it closed ``days_ago`` days ago."""
    closes_at = timezone.now() - timedelta(days=days_ago)
    ConsultationPage.objects.filter(pk=page.pk).update(opens_at=closes_at - timedelta(days=30), closes_at=closes_at)
    page.refresh_from_db()
    return page


@pytest.fixture
def consultation_a(org_a):
    return ConsultationPageFactory(organisation=org_a, questions=["Where do you feel safe?"])


@pytest.fixture
def editor_a(org_a):
    return member(org_a, Membership.Role.EDITOR, display_name="Editor Ada")


@pytest.fixture
def editor_b(org_b):
    return member(org_b, Membership.Role.EDITOR)


@pytest.fixture
def moderator_a(org_a):
    return member(org_a, Membership.Role.MODERATOR)


@pytest.fixture
def admin():
    return UserFactory(age=40, is_superuser=True, is_staff=True)


@pytest.fixture
def participant():
    return UserFactory(age=17 + 2, display_name="Calm Comet")


@pytest.fixture
def stranger_policymaker():
    return policymaker(display_name="Minister Far")


@pytest.fixture
def following_policymaker(consultation_a):
    user = policymaker(display_name="Councillor Kim", email="kim.private@city.example")
    Subscription.objects.create(user=user, consultation=consultation_a)
    return user


@pytest.fixture
def published(consultation_a, editor_a, participant, django_capture_on_commit_callbacks):
    """A published response to a consultation in which ``participant`` commented."""
    comment_on(consultation_a, participant)
    response = services.response_save(
        author=editor_a,
        consultation=consultation_a,
        heard="h",
        will_do="d",
        will_not="n",
        commitments=[CommitmentInput(text="c")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.response_publish(author=editor_a, response_id=response.pk)
