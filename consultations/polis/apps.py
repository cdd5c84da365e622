from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolisConfig(AppConfig):
    name = "consultations.polis"
    label = "polis"
    verbose_name = _("Pol.is import and export")
