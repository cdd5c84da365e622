"""The platform's user: signs in by email, appears to others only by a pseudonymous display name."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from youthvoice.accounts import age


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """No username: people sign in with their email, which is never shown to anyone else.

    ``first_name``/``last_name`` stay (blank) only because Wagtail's user admin expects them; the
    sign-up form never asks for them.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=40,
        blank=True,
        help_text=_("The only name other people ever see next to your contributions."),
    )

    # Private: never shown to anyone but the person (and their data export).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    country = CountryField(_("country of residence"), blank=True)
    # One of settings.LANGUAGES, validated by the forms (no choices here, so adding a language needs
    # no migration).
    language = models.CharField(_("preferred language"), max_length=12, default=settings.LANGUAGE_CODE)
    # Set when a guardian withdraws consent: everything this person published is hidden from others
    # until consent is given again or the account is deleted. Every selector of public content must
    # exclude authors with this flag.
    contributions_hidden = models.BooleanField(_("contributions hidden"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What others may see: the display name, never the email."""
        return self.display_name or str(_("Participant"))

    def age_on(self, day: date) -> int | None:
        return None if self.date_of_birth is None else age.age_on(self.date_of_birth, day)

    @property
    def is_minor(self) -> bool:
        """Under 18 today: high-privacy defaults apply."""
        return age.is_minor(self.date_of_birth, timezone.localdate())

    @property
    def reads_easy_read_first(self) -> bool:
        """Under 16 today: consultation pages open with their easy-read summary."""
        return age.reads_easy_read_first(self.date_of_birth, timezone.localdate())

    @property
    def needs_guardian_consent(self) -> bool:
        if self.date_of_birth is None:
            return False
        return age.needs_guardian_consent(self.date_of_birth, self.country.code, timezone.localdate())

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


# Guardian consent models live in their own module; imported here so Django discovers them.
from youthvoice.accounts.guardians import GuardianConsent, GuardianLink  # noqa: E402

__all__ = ["GuardianConsent", "GuardianLink", "User", "UserManager"]
