"""Property tests of the age rules over dates, countries and birthdays, 29 February included."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from youthvoice.accounts import age

countries = st.sampled_from([*age.DIGITAL_CONSENT_AGE_BY_COUNTRY, "MK", "AL", "RS", "KG", "KZ", "US", "", None])
births = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
leap_births = st.integers(min_value=1952, max_value=2028).filter(lambda y: y % 4 == 0).map(lambda y: date(y, 2, 29))


@given(births)
def test_nobody_is_a_year_old_on_the_day_they_are_born(birth):
    assert age.age_on(birth, birth) == 0


@given(births, days)
def test_age_never_decreases_and_grows_by_at_most_one_a_day(birth, day):
    assume(day < date(2060, 12, 31))
    today, tomorrow = age.age_on(birth, day), age.age_on(birth, day + timedelta(days=1))
    assert tomorrow - today in (0, 1)


@given(births, st.integers(min_value=1, max_value=90))
def test_the_birthday_is_when_a_year_is_added(birth, years):
    assume(not (birth.month == 2 and birth.day == 29))
    anniversary = birth.replace(year=birth.year + years)
    assert age.age_on(birth, anniversary) == years
    assert age.age_on(birth, anniversary - timedelta(days=1)) == years - 1


@given(leap_births, st.integers(min_value=1, max_value=30))
def test_29_february_birthdays_count_on_1_march_in_common_years(birth, years):
    year = birth.year + years
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if leap:
        assert age.age_on(birth, date(year, 2, 29)) == years
        assert age.age_on(birth, date(year, 2, 28)) == years - 1
    else:
        assert age.age_on(birth, date(year, 2, 28)) == years - 1
        assert age.age_on(birth, date(year, 3, 1)) == years


@given(births, days, countries)
def test_consent_is_needed_exactly_below_the_stricter_of_setting_and_country(birth, day, country):
    assume(birth <= day)
    years = age.age_on(birth, day)
    threshold = max(18, age.digital_consent_age(country))
    assert age.needs_guardian_consent(birth, country, day) == (years < threshold)


@given(births, days, countries, st.integers(min_value=10, max_value=18))
def test_the_country_floor_is_never_undercut_by_the_setting(birth, day, country, setting):
    assume(birth <= day)
    with override_settings(YOUTHVOICE_GUARDIAN_CONSENT_BELOW=setting):
        if age.age_on(birth, day) < age.digital_consent_age(country):
            assert age.needs_guardian_consent(birth, country, day)


@given(births, days)
def test_minimum_age_is_a_clean_cut(birth, day):
    assume(birth <= day)
    assert age.is_below_minimum_age(birth, day) == (age.age_on(birth, day) < 12)


@pytest.mark.parametrize(
    ("country", "expected"),
    [("BE", 13), ("gb", 13), ("AT", 14), ("FR", 15), ("DE", 16), ("MK", 16), ("", 16), (None, 16)],
)
def test_digital_consent_ages_table(country, expected):
    assert age.digital_consent_age(country) == expected


def test_a_12_year_old_is_welcome_and_an_11_year_old_is_not():
    today = date(2026, 11, 29)
    assert not age.is_below_minimum_age(date(2014, 11, 29), today)
    assert age.is_below_minimum_age(date(2014, 11, 30), today)
