"""Organisation editors invite policymakers by email; only the invited address can accept."""

import re

import pytest
from django.core import mail

from consultations.digests.invitations import policymaker_invite
from consultations.digests.models import Subscription
from tests.factories import OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.errors import ServiceError
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Safer Streets", slug="safer-streets")


@pytest.fixture
def editor(organisation):
    user = UserFactory(age=30)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)
    return user


def _invite(client, editor, organisation, email, capture):
    client.force_login(editor)
    mail.outbox.clear()
    with capture(execute=True):  # the mail goes after commit
        response = client.post("/en/digests/invite/", {"organisation": organisation.pk, "email": email})
    assert response.status_code == 302
    return re.search(r"https?://[^/\s]+(/en/digests/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_an_editor_invites_and_the_invited_person_accepts(
    client, organisation, editor, django_capture_on_commit_callbacks
):
    path = _invite(client, editor, organisation, "mayor.office@city.example", django_capture_on_commit_callbacks)
    assert path and "Safer Streets" in mail.outbox[-1].subject
    invited = UserFactory(email="Mayor.Office@city.example", age=45)
    client.force_login(invited)
    assert "Accept the invitation" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    assert invited.groups.filter(name=POLICYMAKERS_GROUP).exists()
    assert Subscription.objects.filter(user=invited, organisation=organisation).exists()
    assert client.get(path).status_code == 404  # used once


def test_a_forwarded_link_does_not_make_someone_else_a_policymaker(
    client, organisation, editor, django_capture_on_commit_callbacks
):
    path = _invite(client, editor, organisation, "mayor.office@city.example", django_capture_on_commit_callbacks)
    someone = UserFactory(age=30)
    client.force_login(someone)
    response = client.post(path)
    assert response.status_code == 403 and "sent to another email address" in response.content.decode()
    assert not someone.groups.filter(name=POLICYMAKERS_GROUP).exists()


def test_visitors_are_asked_to_sign_in_with_the_invited_address(
    client, organisation, editor, django_capture_on_commit_callbacks
):
    path = _invite(client, editor, organisation, "mayor.office@city.example", django_capture_on_commit_callbacks)
    client.logout()
    html = client.get(path).content.decode()
    assert "mayor.office@city.example" in html and "/en/accounts/login/?next=" in html


def test_only_the_organisations_editors_invite(organisation):
    moderator = UserFactory(age=30)
    Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.MODERATOR)
    other_editor = UserFactory(age=30)
    Membership.objects.create(organisation=OrganisationFactory(), user=other_editor, role=Membership.Role.EDITOR)
    for person in (moderator, other_editor):
        with pytest.raises(ServiceError) as refused:
            policymaker_invite(editor=person, organisation_id=organisation.pk, email="a@b.example")
        assert refused.value.code == "not_allowed"


def test_a_bad_address_is_refused_and_kept_in_the_form(client, organisation, editor):
    client.force_login(editor)
    client.post("/en/digests/invite/", {"organisation": organisation.pk, "email": "not an address"})
    html = client.get("/en/digests/").content.decode()
    assert "Enter a valid email address" in html and 'value="not an address"' in html


def test_a_policymaker_follows_and_stops_following_an_organisation(client, organisation):
    from django.contrib.auth.models import Group

    policymaker = UserFactory(age=50)
    policymaker.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    client.force_login(policymaker)
    client.post(f"/en/digests/organisations/{organisation.pk}/follow/", {"cadence": "final"})
    assert Subscription.objects.get(user=policymaker, organisation=organisation).cadence == "final"
    client.post(f"/en/digests/organisations/{organisation.pk}/follow/", {"cadence": "stop"})
    assert not Subscription.objects.filter(user=policymaker).exists()
    participant = UserFactory()
    client.force_login(participant)
    client.post(f"/en/digests/organisations/{organisation.pk}/follow/", {"cadence": "weekly"})
    assert not Subscription.objects.filter(user=participant).exists()
