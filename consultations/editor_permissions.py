"""Who may edit which consultation in the Wagtail admin.

Wagtail grants page permissions down the page tree, but every organisation's consultations sit
under the same index page. So the tree grants organisation editors (one shared group) the right to
add, change and publish under each consultation index, and the permission testers below narrow it
per page: an editor acts only on consultations of an organisation they edit for. Index pages
themselves are site structure: only platform admins change them.

Group membership follows ``Membership`` rows (signals in ``apps.py``), so platform admins manage
editors in one place: the organisation's memberships.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page, PagePermissionTester

from youthvoice.accounts.models import User
from youthvoice.organisations.models import Membership

EDITORS_GROUP = "Organisation editors"
# Page actions granted on consultation indexes; the testers below narrow them per consultation.
EDITOR_PAGE_ACTIONS = ("add", "change", "publish")
_CACHE_ATTRIBUTE = "_editor_organisation_ids"


def editor_organisation_ids(user: User) -> frozenset[int]:
    """Organisations ``user`` edits for, read once per user object (the admin's page listings ask
    for every row)."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user_id=user.pk, role=Membership.Role.EDITOR).values_list(
                "organisation_id", flat=True
            )
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


class ConsultationPermissionTester(PagePermissionTester):
    """Wagtail's tester, with the tree's permissions dropped for editors of other organisations."""

    def __init__(self, user: User, page: Page) -> None:
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            organisation_id = getattr(page, "organisation_id", None)
            if organisation_id not in editor_organisation_ids(user):
                self.permissions = set()


class ConsultationIndexPermissionTester(PagePermissionTester):
    """Editors may add (and publish) consultations under an index, not change the index itself or
    reorder other organisations' consultations."""

    def _admin_only(self) -> bool:
        return self.user.is_active and self.user.is_superuser and not self.page_is_root

    def can_edit(self) -> bool:
        return self._admin_only()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return self._admin_only()

    def can_publish(self) -> bool:
        return self._admin_only()

    def can_unpublish(self) -> bool:
        return self._admin_only() and self.page.live

    def can_lock(self) -> bool:
        return self._admin_only()

    def can_unlock(self) -> bool:
        return self._admin_only()

    def can_reorder_children(self) -> bool:
        return self._admin_only()


def editors_group() -> Group:
    """The shared editors' group, with admin access and page permissions on every consultation
    index (created on first use: permissions rows only exist once migrations have run)."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    # Editors translate their consultations (wagtail-localize); the testers below keep it to their own.
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtail_localize", codename="submit_translation")
    )
    from consultations.pages import ConsultationIndexPage

    for index in ConsultationIndexPage.objects.all():
        grant_index_to_editors(index, group)
    return group


def grant_index_to_editors(index: Page, group: Group | None = None) -> None:
    group = group or Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return
    for action in EDITOR_PAGE_ACTIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def sync_editor(user_id: int) -> None:
    """Put ``user_id`` in the editors' group exactly while they hold an editor membership."""
    is_editor = Membership.objects.filter(user_id=user_id, role=Membership.Role.EDITOR).exists()
    with transaction.atomic():
        group = editors_group() if is_editor else Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            return
        if is_editor:
            group.user_set.add(user_id)
        else:
            group.user_set.remove(user_id)
