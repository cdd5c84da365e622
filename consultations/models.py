"""Django discovers models here; the Wagtail page models live in ``pages.py``."""

from consultations.pages import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, HomePage

__all__ = ["ConsultationIndexPage", "ConsultationPage", "ConsultationQuestion", "HomePage"]
