"""The consultation editor's form: an organisation editor can only file a consultation under an
organisation they edit for (the page permissions then keep it theirs)."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm


class ConsultationPageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("organisation")
        if field is None or user is None or user.is_superuser:
            return
        from consultations.editor_permissions import editor_organisation_ids

        field.queryset = field.queryset.filter(pk__in=editor_organisation_ids(user))
        if not self.instance.pk and len(own := list(field.queryset[:2])) == 1:
            field.initial = own[0].pk
