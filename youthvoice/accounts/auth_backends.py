"""allauth's backend, loading with the signed-in user what every page asks about them.

Every request of a signed-in person asks "may they take part?" (see ``permissions.py``): a verified
email address and, for a minor, the current guardian consent. Reading both as sub-queries of the one
user query keeps a signed-in page inside its query budget. The values are as fresh as the request:
the user is loaded anew for every request (and re-read for every WebSocket write).
"""

from __future__ import annotations

import functools

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


@functools.cache
def _one_user_sql() -> str:
    """The same query for one user as plain SQL, written once: it runs on every signed-in request,
    and building its sub-queries through the ORM each time cost more CPU than running them."""
    user, email, consent = User._meta.db_table, EmailAddress._meta.db_table, GuardianConsent._meta.db_table
    # Only table names from the models' metadata are interpolated; values are parameters.
    return (
        f'SELECT u.*, EXISTS (SELECT 1 FROM "{email}" e WHERE e.user_id = u.id AND e.verified) AS {VERIFIED_EMAIL},'  # noqa: S608
        f' (SELECT c.status FROM "{consent}" c WHERE c.minor_id = u.id AND c.status <> %s'
        f"  ORDER BY c.requested_at DESC, c.id DESC LIMIT 1) AS {CONSENT_STATUS}"
        f' FROM "{user}" u WHERE u.id = %s'
    )


class ParticipationAwareBackend(AuthenticationBackend):
    def _load(self, user_id: object) -> User | None:
        try:
            pk = int(str(user_id))
        except ValueError:
            return None
        rows = list(User._default_manager.raw(_one_user_sql(), [GuardianConsent.Status.SUPERSEDED.value, pk]))
        return rows[0] if rows else None

    def get_user(self, user_id: object) -> User | None:
        user = self._load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
