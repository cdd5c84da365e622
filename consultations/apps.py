from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations.personal_data import register_sections

        register_sections()
        _keep_editors_in_step()
        _content_locales_after_migrate(self)


def _content_locales_after_migrate(config: AppConfig) -> None:
    """A ``Locale`` row for every content language, after every ``migrate`` (see locales.py)."""
    from django.db.models.signals import post_migrate

    def create_missing(sender: AppConfig, using: str = "default", apps: Any = None, **kwargs: object) -> None:
        from django.apps import apps as installed_apps

        try:  # the migration state's model when migrating; the installed one after a flush
            locale_model = (apps or installed_apps).get_model("wagtailcore", "Locale")
        except LookupError:  # migrated back to before Wagtail's locales
            return
        from consultations.locales import ensure_content_locales

        ensure_content_locales(locale_model, using=using)

    post_migrate.connect(create_missing, sender=config, dispatch_uid="consultations-content-locales", weak=False)


def _keep_editors_in_step() -> None:
    """Editor memberships decide who is in the editors' group; new indexes are open to it."""
    from django.db.models.signals import post_delete, post_save

    from consultations.editor_permissions import grant_index_to_editors, sync_editor
    from consultations.pages import ConsultationIndexPage
    from youthvoice.organisations.models import Membership

    def membership_changed(sender: type, instance: Membership, **kwargs: object) -> None:
        sync_editor(instance.user_id)

    def index_saved(sender: type, instance: ConsultationIndexPage, created: bool, **kwargs: object) -> None:
        if created:
            grant_index_to_editors(instance)

    # weak=False: these receivers are local functions, which would otherwise be collected at once.
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="editors-membership-saved", weak=False)
    post_delete.connect(membership_changed, sender=Membership, dispatch_uid="editors-membership-deleted", weak=False)
    post_save.connect(index_saved, sender=ConsultationIndexPage, dispatch_uid="editors-index-created", weak=False)
