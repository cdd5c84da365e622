import pytest
from django.contrib.auth.models import Group

from tests.factories import OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP, Role, organisations_where, roles_of
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_roles_are_granted_per_organisation():
    a, b = OrganisationFactory(), OrganisationFactory()
    user = UserFactory()
    Membership.objects.create(organisation=a, user=user, role=Membership.Role.MODERATOR)
    Membership.objects.create(organisation=b, user=user, role=Membership.Role.EDITOR)
    assert roles_of(user) == {Role.PARTICIPANT, Role.MODERATOR, Role.EDITOR}
    assert organisations_where(user, Role.MODERATOR) == [a.id]
    assert organisations_where(user, Role.EDITOR) == [b.id]


def test_policymakers_and_admins():
    policymaker = UserFactory()
    policymaker.groups.add(Group.objects.create(name=POLICYMAKERS_GROUP))
    admin = UserFactory(is_superuser=True)
    organisation = OrganisationFactory()
    assert roles_of(policymaker) == {Role.PARTICIPANT, Role.POLICYMAKER}
    assert Role.ADMIN in roles_of(admin)
    assert organisations_where(admin, Role.MODERATOR) == [organisation.id]


def test_one_role_per_person_per_organisation():
    from django.db import IntegrityError

    organisation, user = OrganisationFactory(), UserFactory()
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)
    with pytest.raises(IntegrityError):
        Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)


def test_the_demo_seed_grants_organisation_roles():
    from django.core.management import call_command

    from youthvoice.accounts.models import User

    call_command("seed_demo")
    moderator = User.objects.get(email="moderator@demo.youthvoice.test")
    assert Role.MODERATOR in roles_of(moderator)
    assert moderator.memberships.get().is_safeguarding_contact
    teen = User.objects.get(email="teen@demo.youthvoice.test")
    assert teen.is_minor
    from youthvoice.accounts.permissions import participation_decision

    assert participation_decision(teen).allowed
