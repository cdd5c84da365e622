"""The platform's roles, in one place.

- participant: anyone with an account (what they may do: ``permissions.py``);
- organisation editor / moderator: a ``Membership`` in an organisation, so rights are per organisation;
- policymaker: member of the ``Policymakers`` group (platform-wide; what they follow is per consultation);
- platform admin: ``is_superuser``.
"""

from __future__ import annotations

from enum import StrEnum

from youthvoice.accounts.models import User

POLICYMAKERS_GROUP = "Policymakers"


class Role(StrEnum):
    PARTICIPANT = "participant"
    EDITOR = "editor"
    MODERATOR = "moderator"
    POLICYMAKER = "policymaker"
    ADMIN = "admin"


def roles_of(user: User) -> set[Role]:
    roles = {Role.PARTICIPANT}
    roles.update(Role(role) for role in user.memberships.values_list("role", flat=True).distinct())
    if user.groups.filter(name=POLICYMAKERS_GROUP).exists():
        roles.add(Role.POLICYMAKER)
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def organisations_where(user: User, role: Role) -> list[int]:
    """Ids of the organisations in which ``user`` holds ``role`` (admins: every organisation)."""
    from youthvoice.organisations.models import Organisation

    if user.is_superuser:
        return list(Organisation.objects.values_list("id", flat=True))
    return list(user.memberships.filter(role=role.value).values_list("organisation_id", flat=True))
