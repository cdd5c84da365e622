"""Screening before publishing: contact details from minors and the word list, without touching the text."""

import dataclasses
import unicodedata

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.moderation.screening import FINDING_LABELS, Finding, ScreeningResult, screen

# The suite's autouse fixtures only clear the cache around each test; nothing here depends on them
# being fresh per example.
examples = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

CONTACT_FINDINGS = {Finding.EMAIL, Finding.PHONE, Finding.SOCIAL_HANDLE, Finding.STREET_ADDRESS}


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


def letters(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=min_size, max_size=max_size)


# --- Contact details ----------------------------------------------------------------------------
local_parts = st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True)
domains = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)
tlds = st.sampled_from(["com", "org", "net", "mk", "rs", "kz", "kg", "al", "fr", "co.uk"])
email_shapes = st.sampled_from(
    [
        "{local}@{domain}.{tld}",
        "{LOCAL}@{DOMAIN}.{tld}",
        "{local} at {domain} dot {tld}",
        "{local} AT {domain} DOT {tld}",
        "{local}(at){domain}.{tld}",
        "{local} (at) {domain} (dot) {tld}",
        "{local} [at] {domain} [dot] {tld}",
        "{local}[at]{domain}[dot]{tld}",
        "{local} {{at}} {domain} {{dot}} {tld}",
        "{local} at gmail.com",
        "{local} at hotmail.com",
        "{local} собака {domain} точка {tld}",
    ]
)


@st.composite
def emails(draw: st.DrawFn) -> str:
    local, domain = draw(local_parts), draw(domains)
    return draw(email_shapes).format(
        local=local, LOCAL=local.upper(), domain=domain, DOMAIN=domain.capitalize(), tld=draw(tlds)
    )


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(["389", "381", "387", "355", "7", "996", "33", "44", "1"]))
    shape = draw(
        st.sampled_from(
            [
                "+{country} {d2} {d3} {d3b}",
                "+{country} ({d2}) {d3}-{d3b}",
                "+{country}{d2}{d3}{d3b}",
                "00{country}{d2}{d3}{d3b}",
                "00{country} {d2} {d3} {d3b}",
                "0{d2}/{d3}-{d3b}",
                "0{d2}/{d3} {d3b}",
                "(0{d2}) {d3} {d4}",
                "0{d2}-{d3}-{d3b}",
                "0{d2} {d3} {d3b}",
                "0{d2}.{d3}.{d3b}",
                "0{d2}{d3}{d3b}",
                "0{d2} {d2b} {d2c} {d2d}",
                "+7 {d3} {d3b} {d2} {d2b}",
                "8 {d3} {d3b} {d2} {d2b}",
                "{d3}-{d3b}-{d4}",
                "0 {d1} {d3} {d3b}",
            ]
        )
    )
    return shape.format(
        country=country,
        d1=draw(digits(1)),
        d2=draw(digits(2)),
        d2b=draw(digits(2)),
        d2c=draw(digits(2)),
        d2d=draw(digits(2)),
        d3=draw(digits(3)),
        d3b=draw(digits(3)),
        d4=draw(digits(4)),
    )


handles = st.from_regex(r"[a-z][a-z0-9_.]{2,12}[a-z0-9]", fullmatch=True)


@st.composite
def social_accounts(draw: st.DrawFn) -> str:
    shape = draw(
        st.sampled_from(
            [
                "@{handle}",
                "insta: {handle}",
                "Instagram: @{handle}",
                "ig: {handle}",
                "instagram.com/{handle}",
                "https://www.instagram.com/{handle}/",
                "tiktok.com/@{handle}",
                "snap me: {handle}",
                "my snapchat is {handle}",
                "my insta is {handle}",
                "snapchat username {handle}",
                "t.me/{handle}",
                "telegram @{handle}",
                "discord {handle}#{tag}",
                "wa.me/{number}",
                "facebook.com/{handle}",
            ]
        )
    )
    return shape.format(handle=draw(handles), tag=draw(digits(4)), number="389" + draw(digits(8)))


latin_names = st.sampled_from(["Ilindenska", "Oslobođenja", "Makedonija", "Skenderbeu", "Kavajës", "Partizanska"])
cyrillic_names = st.sampled_from(["Ленина", "Абая", "Пушкина", "Манаса", "Гоце Делчев", "Толе би"])
english_names = st.sampled_from(["Main", "Oak", "Baker", "High", "Station", "King Edward"])
french_names = st.sampled_from(["la Paix", "Victor Hugo", "Foch", "la République", "Louise"])
address_shapes = st.sampled_from(
    [
        ("{number} {en} Street", english_names),
        ("{number} {en} Road", english_names),
        ("{number} {en} Avenue", english_names),
        ("{number} {en} St.", english_names),
        ("ulica {latin} {number}", latin_names),
        ("Ulica {latin} {number}", latin_names),
        ("Bulevar {latin} {number}", latin_names),
        ("ul. {latin} {number}", latin_names),
        ("ul. {latin} br. {number}", latin_names),
        ("Trg {latin} {number}", latin_names),
        ("rr. {latin} {number}", latin_names),
        ("Rruga {latin} {number}", latin_names),
        ("Rruga e {latin} nr. {number}", latin_names),
        ("улица {cyrillic} {number}", cyrillic_names),
        ("ул. {cyrillic} {number}", cyrillic_names),
        ("ул. {cyrillic} бр. {number}", cyrillic_names),
        ("пр. {cyrillic} {number}", cyrillic_names),
        ("проспект {cyrillic} {number}", cyrillic_names),
        ("{cyrillic} көшесі {number}", cyrillic_names),
        ("{cyrillic} көчөсү {number}", cyrillic_names),
        ("{number} rue {fr}", french_names),
        ("{number} avenue {fr}", french_names),
        ("{number} boulevard {fr}", french_names),
    ]
)


@st.composite
def street_addresses(draw: st.DrawFn) -> str:
    shape, names = draw(address_shapes)
    name = draw(names)
    return shape.format(number=draw(st.integers(1, 999)), en=name, latin=name, cyrillic=name, fr=name)


openings = st.sampled_from(["", "Hi!", "If you want to talk about the park, write to", "My friend said:", "Ok so"])
closings = st.sampled_from(["", ".", "!", ", thanks", " and we can plan it together.", "\nSee you"])


def in_a_sentence(contact: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(openings, contact, closings).map(lambda parts: f"{parts[0]} {parts[1]}{parts[2]}".strip())


CONTACT_CASES = [
    (emails(), Finding.EMAIL),
    (phone_numbers(), Finding.PHONE),
    (social_accounts(), Finding.SOCIAL_HANDLE),
    (street_addresses(), Finding.STREET_ADDRESS),
]


@pytest.mark.parametrize(("contact", "expected"), CONTACT_CASES, ids=[case[1].value for case in CONTACT_CASES])
@examples
@given(data=st.data())
def test_contact_details_from_a_minor_are_held(data, contact, expected):
    text = data.draw(in_a_sentence(contact))

    result = screen(text, language="en", is_minor=True)

    assert result.held
    assert expected in result.findings


@pytest.mark.parametrize(("contact", "expected"), CONTACT_CASES, ids=[case[1].value for case in CONTACT_CASES])
@examples
@given(data=st.data())
def test_contact_details_from_an_adult_are_not_held(data, contact, expected):
    text = data.draw(in_a_sentence(contact))

    # A random local part or handle may happen to be a listed word ("gun@..."), so only contact
    # findings are ruled out here.
    assert not CONTACT_FINDINGS & set(screen(text, language="en", is_minor=False).findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to me: ana.m@example.org", Finding.EMAIL),
        ("Call +389 70 123 456 after school", Finding.PHONE),
        ("０７０ １２３ ４５６", Finding.PHONE),  # full-width digits
        ("name ＠ gmail．com", Finding.EMAIL),
        ("Bulevar Oslobođenja 12", Finding.STREET_ADDRESS),
        ("Mustafe Golubića 7, ul. Makedonija 5", Finding.STREET_ADDRESS),
    ],
)
def test_named_examples_are_held(text, expected):
    assert screen(text, language="sr-latn", is_minor=True).findings == (expected,)


# --- Ordinary text --------------------------------------------------------------------------------
# Words around streets, phones and "at", the context in which contact details would appear.
ORDINARY_WORDS = [
    "we", "need", "more", "benches", "in", "the", "park", "and", "a", "safe", "street", "to", "school", "at",
    "night", "because", "buses", "are", "late", "my", "friends", "think", "that", "library", "should", "open",
    "on", "sundays", "I", "our", "road", "main", "square", "youth", "centre", "phone", "number", "call", "me",
    "later", "email", "idea", "vote", "begun",
]  # fmt: skip
ordinary_words = st.sampled_from(ORDINARY_WORDS)


def thousands(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


@st.composite
def numbers_in_context(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    year = draw(st.integers(1990, 2035))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    price = thousands(draw(st.integers(1000, 99_999_999)), draw(st.sampled_from([" ", ".", ",", "'"])))
    phrases = [
        f"I am {draw(st.integers(10, 25))} years old",
        f"in {year}",
        f"in {year}-{year + 1}",
        f"for {year}/{str(year + 1)[2:]}",
        f"on {day:02}.{month:02}.{year}",
        f"on {day}/{month}/{year}",
        f"on {year}-{month:02}-{day:02}",
        f"from {day:02}.{month:02}.{year} - {day + 1:02}.{month:02}.{year}",
        f"from {day}.{month}. - {day + 1}.{month}.",
        f"at {hour}:{minute:02}",
        f"from {hour}.{minute:02}-{(hour + 1) % 24}.{minute:02}",
        f"about {draw(st.integers(0, 100))}%",
        f"about {draw(st.integers(1, 9))} out of {draw(st.integers(10, 20))} people",
        f"bus {draw(st.integers(1, 99))} comes every {draw(st.integers(2, 30))} minutes",
        f"it costs {price} dinars",
        f"call the police on {draw(st.sampled_from(['112', '192', '911', '999', '17']))}",
        "meet @ 5",
        f"see https://www.example.org/news/{year}/{draw(digits(8))}",
        "look at example.org for the timetable",
    ]
    return draw(st.sampled_from(phrases))


ordinary_sentences = st.lists(st.one_of(ordinary_words, numbers_in_context()), min_size=1, max_size=14).map(
    lambda parts: " ".join(parts)[:1].upper() + " ".join(parts)[1:] + "."
)


@examples
@given(text=ordinary_sentences)
def test_ordinary_text_from_a_minor_passes(text):
    assert screen(text, language="en", is_minor=True).findings == ()


@pytest.mark.parametrize(
    "text",
    [
        "I am 15 years old and in 2024 3 out of 10 people took bus 12, which comes every 20 minutes.",
        "If something happens, call the police on 112 or the ambulance on 194.",
        "The meeting is on 12.03.2025 at 18:30 (or 12/03/2025 in the old notes), entry 5%.",
        "The new square cost 12.500.000,00 dinars, about 1 500 000 more than planned.",
        "Meet @ 5 near the fountain, details on https://www.example.org/events/2025/12345678.",
        "The street had 5 holes last year. Ulica ima 5 rupa.",
        "Everyone is on instagram these days, follow me on instagram if you want.",
    ],
)
def test_named_ordinary_sentences_pass(text):
    assert screen(text, language="en", is_minor=True).findings == ()


# --- Word list -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["There was a gun at the station.", "GUN", "I want to KILL   MYSELF", "thoughts of suicide", "ｇｕｎ", "self-harm"],
)
def test_default_english_words_are_held_for_everyone(text):
    for is_minor in (True, False):
        assert screen(text, language="en", is_minor=is_minor).findings == (Finding.WORD_LIST,)


@pytest.mark.parametrize("text", ["The work has begun.", "Gunnar liked it.", "the knifefish", "bombastic plans"])
def test_listed_words_count_only_as_whole_words(text):
    assert not screen(text, language="en", is_minor=False).held


@examples
@given(prefix=letters(1, 6), suffix=letters(1, 6))
def test_a_listed_word_inside_a_longer_word_is_not_held(prefix, suffix):
    for word in (f"{prefix}gun", f"gun{suffix}", f"{prefix}knife{suffix}"):
        if word in {"guns", "bombs", "knives"}:
            continue
        assert not screen(f"This {word} is fine.", language="en", is_minor=False).held


def test_english_regional_codes_use_the_english_defaults():
    assert screen("a knife", language="en-GB", is_minor=False).held


def test_a_language_list_in_settings_replaces_the_default():
    assert screen("a gun", language="en", is_minor=False).held

    with override_settings(YOUTHVOICE_SCREENING_WORDS={"en": ["pineapple pizza"]}):
        assert not screen("a gun", language="en", is_minor=False).held
        assert screen("Pineapple  Pizza again", language="en", is_minor=False).held

    # The cached pattern is forgotten when the setting changes back.
    assert screen("a gun", language="en", is_minor=False).held
    assert not screen("pineapple pizza", language="en", is_minor=False).held


def test_the_star_list_applies_to_every_language_on_top_of_its_own():
    with override_settings(YOUTHVOICE_SCREENING_WORDS={"*": ["pineapple"]}):
        assert screen("pineapple", language="fr", is_minor=False).held
        assert screen("pineapple", language="en", is_minor=False).held
        assert screen("a gun", language="en", is_minor=False).held


def test_a_regional_language_falls_back_to_its_base_language():
    words = {"sr": ["nož"], "mk": ["нож"]}
    with override_settings(YOUTHVOICE_SCREENING_WORDS=words):
        assert screen("Imao je NOŽ.", language="sr-latn", is_minor=False).held
        assert not screen("Imao je nožić.", language="sr-latn", is_minor=False).held
        assert screen("Имаше нож!", language="mk", is_minor=False).held
        assert not screen("Го најдов ножот.", language="mk", is_minor=False).held
        assert not screen("Imao je nož.", language="en", is_minor=False).held

    with override_settings(YOUTHVOICE_SCREENING_WORDS={"sr-latn": ["bomba"], "sr": ["nož"]}):
        assert screen("bomba", language="sr-latn", is_minor=False).held
        assert not screen("nož", language="sr-latn", is_minor=False).held
        assert screen("nož", language="sr", is_minor=False).held


def test_a_language_without_a_list_holds_nothing_for_its_words():
    assert not screen("a gun", language="fr", is_minor=False).held


# --- Result ------------------------------------------------------------------------------------------
def test_the_result_carries_only_findings_in_a_stable_order():
    text = "Call 070 123 456 or 071 234 567, or mail ana@example.org — I have a knife."

    result = screen(text, language="en", is_minor=True)

    assert [field.name for field in dataclasses.fields(ScreeningResult)] == ["findings"]
    assert result.findings == (Finding.EMAIL, Finding.PHONE, Finding.WORD_LIST)
    assert text == "Call 070 123 456 or 071 234 567, or mail ana@example.org — I have a knife."


def test_an_adult_is_screened_by_the_word_list_only():
    result = screen("I have a knife, call 070 123 456", language="en", is_minor=False)

    assert result.findings == (Finding.WORD_LIST,)


@pytest.mark.parametrize("finding", [finding for finding in Finding if finding is not Finding.WORD_LIST])
def test_the_message_names_a_contact_finding(finding):
    message = ScreeningResult(findings=(finding,)).message()

    assert str(FINDING_LABELS[finding]) in message
    assert "please don't share contact details" in message


def test_the_message_lists_every_contact_finding_and_mentions_the_word_list():
    message = ScreeningResult(findings=(Finding.EMAIL, Finding.PHONE, Finding.WORD_LIST)).message()

    assert "seems to contain an email address and a phone number." in message
    assert "It also contains words our moderators look at before publishing." in message


def test_the_message_for_the_word_list_alone_does_not_talk_about_contact_details():
    message = ScreeningResult(findings=(Finding.WORD_LIST,)).message()

    assert message == (
        "Your comment is waiting for a moderator because it contains words our moderators look at before publishing."
    )


def test_a_result_without_findings_is_not_held_and_has_no_message():
    result = screen("We need more benches.", language="en", is_minor=True)

    assert not result.held
    assert result.message() == ""


@pytest.mark.parametrize(("contact", "expected"), CONTACT_CASES, ids=[case[1].value for case in CONTACT_CASES])
@examples
@given(data=st.data())
def test_redacted_quotes_no_longer_hold_contact_details(data, contact, expected):
    from consultations.moderation.screening import redact_contact_details

    text = data.draw(in_a_sentence(contact))
    redacted = redact_contact_details(text, placeholder="[removed]")

    assert "[removed]" in redacted
    assert not screen(redacted, language="en", is_minor=True).findings


@given(text=ordinary_sentences)
def test_redaction_leaves_ordinary_text_alone(text):
    from consultations.moderation.screening import redact_contact_details

    assert redact_contact_details(text, placeholder="[removed]") == unicodedata.normalize("NFKC", text)
