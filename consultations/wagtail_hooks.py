"""Wagtail admin hooks for consultations."""

from wagtail import hooks

from consultations.terminology_admin import warn_about_terminology

# Advice, never a block: the hooks return nothing, so Wagtail carries on saving and redirecting.
hooks.register("after_create_page", warn_about_terminology)
hooks.register("after_edit_page", warn_about_terminology)
