"""Account forms. allauth's sign-up form (email, passwords) inherits ``SignupDetailsForm``."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from youthvoice.accounts import age
from youthvoice.accounts.display_names import MAX_LENGTH, suggest_display_names, validate_display_name
from youthvoice.accounts.models import User
from youthvoice.languages import language_choices, supported_language

TOO_YOUNG_CODE = "too_young"
_OLDEST_PLAUSIBLE_AGE = 120


class PlainLabels:
    """Labels read as plain words, without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LanguageSelect(forms.Select):
    """Each option says which language it is in, so screen readers pronounce "Русский" as Russian."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def language_field() -> forms.ChoiceField:
    # Choices are computed per form, in the page's language (a callable is re-evaluated each time).
    return forms.ChoiceField(
        label=_("Language for emails and the site"), choices=language_choices, widget=LanguageSelect
    )


# Django's password validators describe themselves in Django's catalogue, which has no Albanian,
# Bosnian, Macedonian or Kazakh text for them: every new-password field says the same in our words.
PASSWORD_ADVICE = _("At least 8 characters. Not only numbers, not a common password, and not like your email.")


class SignupDetailsForm(PlainLabels, forms.Form):
    """What YouthVoice asks beyond email and password: as little as the rules need.

    The date of birth is a neutral screen: free entry, no hint of any age threshold. A person below the
    platform's minimum age gets a kind refusal and nothing is stored (the view also remembers the
    refusal for this browser, see ``views.SignupView``).
    """

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=MAX_LENGTH,
        help_text=_(
            "The only name anyone else will see. Do not use your real name, school or anything that shows who you are."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_day = forms.IntegerField(
        label=_("Day"), min_value=1, max_value=31, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    birth_month = forms.IntegerField(
        label=_("Month"), min_value=1, max_value=12, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    birth_year = forms.IntegerField(
        label=_("Year"), min_value=1900, max_value=2100, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    country = LazyTypedChoiceField(
        label=_("Country where you live"),
        choices=[("", _("Choose a country")), *countries],
        help_text=_("Some countries have their own rules on consent; this is how we follow them."),
    )
    language = language_field()

    # Django renders these three as one group in templates/account/signup.html.
    birth_fields = ("birth_day", "birth_month", "birth_year")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""  # allauth's form class passes its own suffix; see PlainLabels
        self.display_name_suggestions = suggest_display_names(3)
        if not self.is_bound:
            self.initial.setdefault("display_name", self.display_name_suggestions[0])
            self.initial.setdefault("language", supported_language(get_language()) or settings.LANGUAGE_CODE)
        self.too_young = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        birth_date = self._birth_date(cleaned)
        if birth_date is not None:
            cleaned["date_of_birth"] = birth_date
            if age.is_below_minimum_age(birth_date, timezone.localdate()):
                self.too_young = True
                raise ValidationError(
                    _(
                        "Sorry, you cannot create an account on YouthVoice yet. You can still read every "
                        "consultation, and we hope to hear from you in a few years."
                    ),
                    code=TOO_YOUNG_CODE,
                )
        name = cleaned.get("display_name")
        if name:
            try:
                cleaned["display_name"] = validate_display_name(name, email=self.data.get("email"))
            except ValidationError as error:
                self.add_error("display_name", error)
        return cleaned

    def _birth_date(self, cleaned: dict[str, Any]) -> date | None:
        parts = [cleaned.get(name) for name in self.birth_fields]
        if any(part is None for part in parts):
            return None
        day, month, year = parts
        try:
            birth_date = date(year, month, day)
        except ValueError:
            self.add_error("birth_day", _("That date does not exist. Check the day and the month."))
            return None
        today = timezone.localdate()
        if birth_date > today:
            self.add_error("birth_year", _("That date is in the future. Check the year."))
            return None
        if age.age_on(birth_date, today) > _OLDEST_PLAUSIBLE_AGE:
            self.add_error("birth_year", _("Check the year: it looks mistyped."))
            return None
        return birth_date

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the user row exists (email and password are already set)."""
        user.display_name = self.cleaned_data["display_name"]
        user.date_of_birth = self.cleaned_data["date_of_birth"]
        user.country = self.cleaned_data["country"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["display_name", "date_of_birth", "country", "language"])


class GuardianEmailForm(PlainLabels, forms.Form):
    guardian_email = forms.EmailField(
        label=_("Your parent's or guardian's email address"),
        help_text=_("We will email them once to explain YouthVoice and ask for their permission."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, minor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.minor = minor

    def clean_guardian_email(self) -> str:
        email = self.cleaned_data["guardian_email"].strip().lower()
        own = {address.lower() for address in self.minor.emailaddress_set.values_list("email", flat=True)}
        own.add(self.minor.email.lower())
        if email in own:
            raise ValidationError(_("This must be your guardian's address, not your own."), code="own_email")
        return email


class DeleteAccountForm(PlainLabels, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is really you."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That password is not right."), code="wrong_password")
        return password


class ProfileForm(PlainLabels, forms.ModelForm):
    language = language_field()

    class Meta:
        model = User
        fields = ["display_name", "language"]
        help_texts = {"display_name": _("The only name anyone else sees.")}

    def clean_display_name(self) -> str:
        return validate_display_name(self.cleaned_data["display_name"], email=self.instance.email)


class LoginForm(PlainLabels, AllauthLoginForm):
    """allauth's login form with the site's plain labels.

    A failed sign-in is one error for the whole form ("the email address and/or password are not
    correct"). Both fields are then marked invalid and point at that message (``#form-errors`` in
    ``templates/account/login.html``), so a screen reader says why on whichever field it lands.
    """

    ERROR_SUMMARY_ID = "form-errors"

    def full_clean(self) -> None:
        super().full_clean()
        if not self.non_field_errors():
            return
        for name in ("login", "password"):
            if name not in self.fields:
                continue
            field = self[name]
            described_by = [self.ERROR_SUMMARY_ID]
            if field.help_text and field.auto_id:
                described_by.append(f"{field.auto_id}_helptext")
            field.field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described_by)})
