from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from consultations.personal_data import register_sections

        register_sections()
        _keep_editors_in_step()


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
