"""allauth's password and reset forms with the site's own labels.

allauth ships no catalogue for Albanian, Bosnian, Macedonian or Kazakh, so its labels ("New
Password", "Password (again)") and placeholders would stay English there. These subclasses give the
fields our wording, which enters our catalogue. They live apart from ``forms.py`` because allauth
imports that module (``ACCOUNT_SIGNUP_FORM_CLASS``) while defining its own forms: importing
allauth's forms from it would be circular.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from youthvoice.accounts.forms import PASSWORD_ADVICE, PlainLabels

_EMAIL = _("Email address")
_NEW_PASSWORD = _("New password")
_NEW_PASSWORD_AGAIN = _("New password again")


def _forgotten_password_link() -> str:
    """What allauth's "Forgot your password?" help under a current-password field says: a link to the reset page."""
    return format_html('<a href="{}">{}</a>', reverse("account_reset_password"), _("Forgotten your password?"))


class OwnLabels(PlainLabels):
    """Replaces allauth's label of each field in ``LABELS`` with ours. The placeholder allauth copies
    from the label is dropped: the label is always visible, and a placeholder would be one more
    English string."""

    LABELS: dict[str, Promise] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            field = self.fields[name]
            field.label = label
            field.widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:  # a new password: our advice, not Django's validators' text
            self.fields["password1"].help_text = PASSWORD_ADVICE


class ResetPasswordForm(OwnLabels, AllauthResetPasswordForm):
    LABELS = {"email": _EMAIL}


class ResetPasswordKeyForm(OwnLabels, AllauthResetPasswordKeyForm):
    LABELS = {"password1": _NEW_PASSWORD, "password2": _NEW_PASSWORD_AGAIN}


class ChangePasswordForm(OwnLabels, AllauthChangePasswordForm):
    LABELS = {"oldpassword": _("Current password"), "password1": _NEW_PASSWORD, "password2": _NEW_PASSWORD_AGAIN}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = _forgotten_password_link()


class SetPasswordForm(OwnLabels, AllauthSetPasswordForm):
    LABELS = {"password1": _("Password"), "password2": _("Password again")}


class ReauthenticateForm(OwnLabels, AllauthReauthenticateForm):
    LABELS = {"password": _("Password")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = _forgotten_password_link()


class AddEmailForm(OwnLabels, AllauthAddEmailForm):
    LABELS = {"email": _EMAIL}
