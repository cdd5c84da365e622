from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsesConfig(AppConfig):
    name = "consultations.responses"
    label = "responses"
    verbose_name = _("Responses to consultations")

    def ready(self) -> None:
        from consultations.responses.personal_data import register_sections

        register_sections()
