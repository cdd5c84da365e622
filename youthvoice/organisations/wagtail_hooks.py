from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from youthvoice.organisations.models import Membership, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "website"]
    search_fields = ["name", "description"]


class MembershipViewSet(SnippetViewSet):
    """Who edits and moderates for which organisation. Only platform admins hold the model
    permissions to change these by default."""

    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "organisation", "role", "is_safeguarding_contact"]
    list_filter = ["organisation", "role"]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("is_safeguarding_contact"),
    ]


class OrganisationsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Organisations")
    menu_name = "organisations"


register_snippet(OrganisationsGroup)
