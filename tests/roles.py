"""The nine kinds of person the authorisation matrices try every URL and socket message as."""

from __future__ import annotations

from django.contrib.auth.models import Group

from consultations.digests.models import Subscription
from tests.factories import GuardianConsentFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership

ROLES = [
    "anonymous", "unverified", "minor_waiting", "minor_revoked", "participant",
    "moderator", "other_moderator", "policymaker", "admin",
]  # fmt: skip


def people(*, organisation, other_organisation, consultation) -> dict:
    """One person per role (``None`` for anonymous): the moderator moderates ``organisation``, the
    other moderator only ``other_organisation``, and the policymaker follows ``consultation``."""
    people = {
        "anonymous": None,
        "unverified": UserFactory(age=22, verified=False),
        "minor_waiting": GuardianConsentFactory(status="pending").minor,
        "minor_revoked": GuardianConsentFactory(status="revoked").minor,
        "participant": UserFactory(age=20),
        "moderator": UserFactory(age=30),
        "other_moderator": UserFactory(age=30),
        "policymaker": UserFactory(age=50),
        "admin": UserFactory(age=40, is_superuser=True, is_staff=True),
    }
    Membership.objects.create(organisation=organisation, user=people["moderator"], role=Membership.Role.MODERATOR)
    Membership.objects.create(
        organisation=other_organisation, user=people["other_moderator"], role=Membership.Role.MODERATOR
    )
    people["policymaker"].groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    Subscription.objects.create(user=people["policymaker"], consultation=consultation)
    return people
