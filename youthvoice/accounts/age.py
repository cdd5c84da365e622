"""Age rules, as data in one place.

- ``YOUTHVOICE_MIN_AGE`` (default 12): nobody younger may have an account.
- ``YOUTHVOICE_GUARDIAN_CONSENT_BELOW`` (default 18): younger participants need a guardian's consent.
- The GDPR Art. 8 digital-consent age of the participant's country is a *floor*: whatever the
  setting says, consent is always required below the country's age (16 where a country is not listed).

Ages are whole years on a given day. Someone born on 29 February becomes a year older on 1 March in
years without a 29 February (the day after 28 February), which is the reading most EU laws use.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

# GDPR Art. 8(1) ages as set by each member state (and the UK's equivalent).
DIGITAL_CONSENT_AGE_BY_COUNTRY: dict[str, int] = {
    **dict.fromkeys(("BE", "DK", "EE", "FI", "LV", "MT", "PT", "SE", "GB"), 13),
    **dict.fromkeys(("AT", "BG", "CY", "IT", "LT", "ES"), 14),
    **dict.fromkeys(("CZ", "FR", "GR"), 15),
    **dict.fromkeys(("HR", "DE", "HU", "IE", "LU", "NL", "PL", "RO", "SK"), 16),
}
DEFAULT_DIGITAL_CONSENT_AGE = 16


def platform_min_age() -> int:
    return int(getattr(settings, "YOUTHVOICE_MIN_AGE", 12))


def guardian_consent_below() -> int:
    return int(getattr(settings, "YOUTHVOICE_GUARDIAN_CONSENT_BELOW", 18))


def age_on(birth_date: date, day: date) -> int:
    """Completed years of life on ``day``; negative when ``day`` is before the birth."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def digital_consent_age(country: str | None) -> int:
    return DIGITAL_CONSENT_AGE_BY_COUNTRY.get((country or "").upper(), DEFAULT_DIGITAL_CONSENT_AGE)


def consent_age_for(country: str | None) -> int:
    """The age from which no guardian consent is needed: the setting, never below the country floor."""
    return max(guardian_consent_below(), digital_consent_age(country))


def is_below_minimum_age(birth_date: date, day: date) -> bool:
    return age_on(birth_date, day) < platform_min_age()


def needs_guardian_consent(birth_date: date, country: str | None, day: date) -> bool:
    return age_on(birth_date, day) < consent_age_for(country)


def is_minor(birth_date: date | None, day: date) -> bool:
    """Under 18 (high-privacy defaults apply), independent of country."""
    return birth_date is not None and age_on(birth_date, day) < 18


# Younger readers see a consultation's easy-read summary first, before the full text ("In short");
# everyone else can open it. Only the page's layout depends on it: the age itself is never shown.
EASY_READ_FIRST_BELOW = 16


def reads_easy_read_first(birth_date: date | None, day: date) -> bool:
    return birth_date is not None and age_on(birth_date, day) < EASY_READ_FIRST_BELOW


# Bands used wherever ages are shown in aggregate (moderation filters, digests): never an exact age.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("12-14", 12, 14),
    ("15-17", 15, 17),
    ("18-24", 18, 24),
    ("25-30", 25, 30),
)
MINOR_BANDS = ("12-14", "15-17")


def age_band(birth_date: date | None, day: date) -> str:
    """The band of an age on ``day``; "" when unknown or outside the platform's 12-30."""
    if birth_date is None:
        return ""
    years = age_on(birth_date, day)
    return next((name for name, low, high in AGE_BANDS if low <= years <= high), "")
