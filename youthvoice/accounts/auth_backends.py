"""allauth's backend, loading with the signed-in user what every page asks about them.

Every request of a signed-in person asks "may they take part?" (see ``permissions.py``): a verified
email address and, for a minor, the current guardian consent. Reading both as sub-queries of the one
user query keeps a signed-in page inside its query budget. The values are as fresh as the request:
the user is loaded anew for every request (and re-read for every WebSocket write).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User

VERIFIED_EMAIL = "annotated_has_verified_email"
CONSENT_STATUS = "annotated_consent_status"


def with_participation_facts(users: QuerySet[User]) -> QuerySet[User]:
    latest_consent = (
        GuardianConsent.objects.filter(minor=OuterRef("pk"))
        .exclude(status=GuardianConsent.Status.SUPERSEDED)
        .order_by("-requested_at", "-id")
        .values("status")[:1]
    )
    return users.annotate(
        **{
            VERIFIED_EMAIL: Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            CONSENT_STATUS: Subquery(latest_consent),
        }
    )


class ParticipationAwareBackend(AuthenticationBackend):
    def get_user(self, user_id: object) -> User | None:
        user = with_participation_facts(User._default_manager.all()).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id: object) -> User | None:
        user = await with_participation_facts(User._default_manager.all()).filter(pk=user_id).afirst()
        return user if user is not None and self.user_can_authenticate(user) else None
