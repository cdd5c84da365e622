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
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP

VERIFIED_EMAIL = "annotated_has_verified_email"
CONSENT_STATUS = "annotated_consent_status"
# Two facts every page's header and consultation page ask about, read with the user so that most
# people (no unseen notice, no right to answer a consultation) cost no query for them.
HAS_UNSEEN_NOTICES = "annotated_has_unseen_notices"
MAY_RESPOND_SOMEWHERE = "annotated_may_respond_somewhere"


def with_participation_facts(users: QuerySet[User]) -> QuerySet[User]:
    latest_consent = (
        GuardianConsent.objects.filter(minor=OuterRef("pk"))
        .exclude(status=GuardianConsent.Status.SUPERSEDED)
        .order_by("-requested_at", "-id")
        .values("status")[:1]
    )
    notice, membership = apps.get_model("responses", "ResponseNotice"), apps.get_model("organisations", "Membership")
    return users.annotate(
        **{
            VERIFIED_EMAIL: Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            CONSENT_STATUS: Subquery(latest_consent),
            HAS_UNSEEN_NOTICES: Exists(notice.objects.filter(user=OuterRef("pk"), seen_at__isnull=True)),
            MAY_RESPOND_SOMEWHERE: ExpressionWrapper(
                Q(is_superuser=True)
                | Q(Exists(membership.objects.filter(user=OuterRef("pk"), role="editor")))
                | Q(Exists(Group.objects.filter(user=OuterRef("pk"), name=POLICYMAKERS_GROUP))),
                output_field=BooleanField(),
            ),
        }
    )


@functools.cache
def _one_user_sql() -> str:
    """The same query for one user as plain SQL, written once: it runs on every signed-in request,
    and building its sub-queries through the ORM each time cost more CPU than running them."""
    user, email, consent = User._meta.db_table, EmailAddress._meta.db_table, GuardianConsent._meta.db_table
    notice = apps.get_model("responses", "ResponseNotice")._meta.db_table
    membership = apps.get_model("organisations", "Membership")._meta.db_table
    user_groups, group = User.groups.through._meta.db_table, Group._meta.db_table
    # Only table names from the models' metadata are interpolated; values are parameters.
    return (
        f'SELECT u.*, EXISTS (SELECT 1 FROM "{email}" e WHERE e.user_id = u.id AND e.verified) AS {VERIFIED_EMAIL},'  # noqa: S608  # nosec B608
        f' (SELECT c.status FROM "{consent}" c WHERE c.minor_id = u.id AND c.status <> %s'
        f"  ORDER BY c.requested_at DESC, c.id DESC LIMIT 1) AS {CONSENT_STATUS},"
        f' EXISTS (SELECT 1 FROM "{notice}" n WHERE n.user_id = u.id AND n.seen_at IS NULL) AS {HAS_UNSEEN_NOTICES},'
        f' (u.is_superuser OR EXISTS (SELECT 1 FROM "{membership}" m WHERE m.user_id = u.id AND m.role = %s)'
        f'  OR EXISTS (SELECT 1 FROM "{user_groups}" ug JOIN "{group}" g ON g.id = ug.group_id'
        f"   WHERE ug.user_id = u.id AND g.name = %s)) AS {MAY_RESPOND_SOMEWHERE}"
        f' FROM "{user}" u WHERE u.id = %s'
    )


def user_with_participation_facts(user_id: object) -> User | None:
    """The user's row as it is now, with the facts above, in one query (``None`` if there is none)."""
    try:
        pk = int(str(user_id))
    except ValueError:
        return None
    params = [GuardianConsent.Status.SUPERSEDED.value, "editor", POLICYMAKERS_GROUP, pk]
    rows = list(User._default_manager.raw(_one_user_sql(), params))
    return rows[0] if rows else None


class ParticipationAwareBackend(AuthenticationBackend):
    def get_user(self, user_id: object) -> User | None:
        user = user_with_participation_facts(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
