"""allauth's sign-up form, in a module of its own: allauth imports ``forms.SignupDetailsForm`` while
it defines its own ``SignupForm``, so subclassing it in ``forms.py`` would be a circular import."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm

from youthvoice.accounts.forms import PASSWORD_ADVICE


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with the password advice in our own words (and catalogue).

    Django's validators describe themselves in its own catalogue, which has no Albanian, Bosnian,
    Macedonian or Kazakh text for them; these words say the same, translated with the rest of the site.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = PASSWORD_ADVICE
