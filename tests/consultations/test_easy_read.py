"""The easy-read summary: first, open and labelled "In short" for signed-in under-16s; behind a labelled
disclosure for everyone else. Neither costs a query, and the page never says how old the reader is."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ConsultationPageFactory, GuardianConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

EASY_READ = "Short words. Parks should feel safe at night."
IN_SHORT_REGION = re.compile(
    r'<section class="easy-read easy-read--first" aria-labelledby="easy-read-heading">\s*'
    r'<h2 id="easy-read-heading">In short</h2>\s*<p>(?P<text>.*?)</p>\s*</section>',
    re.S,
)
DISCLOSURE = re.compile(
    r'<details class="easy-read">\s*<summary>Read this in simple words</summary>\s*<p>(?P<text>.*?)</p>', re.S
)


@pytest.fixture
def consultation():
    return ConsultationPageFactory(easy_read_summary=EASY_READ, questions=["What would help?"])


def _page(client, consultation) -> str:
    response = client.get(consultation.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("age", [12, 15])
def test_a_signed_in_under_16_reads_it_first_in_a_region_called_in_short(client, consultation, age):
    client.force_login(GuardianConsentFactory(status="granted", minor__age=age).minor)
    html = _page(client, consultation)

    region = IN_SHORT_REGION.search(html)
    assert region is not None and region["text"] == EASY_READ
    assert region.start() < html.index('<p class="lead">'), "before the full summary"
    assert html.index("<h1>") < region.start(), "right under the title"
    assert not DISCLOSURE.search(html)
    assert html.count(EASY_READ) == 1


@pytest.mark.parametrize("age", [16, 17, 22])
def test_a_signed_in_reader_of_16_or_more_finds_it_behind_a_disclosure(client, consultation, age):
    client.force_login(UserFactory(age=age))
    html = _page(client, consultation)
    disclosure = DISCLOSURE.search(html)
    assert disclosure is not None and disclosure["text"] == EASY_READ
    assert not IN_SHORT_REGION.search(html)


def test_anonymous_readers_and_people_without_a_birth_date_find_it_behind_a_disclosure(client, consultation):
    assert DISCLOSURE.search(_page(client, consultation))
    client.force_login(UserFactory(date_of_birth=None))
    html = _page(client, consultation)
    assert DISCLOSURE.search(html) and not IN_SHORT_REGION.search(html)


def test_without_an_easy_read_summary_there_is_neither(client):
    consultation = ConsultationPageFactory(easy_read_summary="")
    client.force_login(UserFactory(age=13))
    html = _page(client, consultation)
    assert "easy-read" not in html and "In short" not in html


def test_the_page_never_says_how_old_the_reader_is(client, consultation):
    minor = GuardianConsentFactory(status="granted", minor__age=13).minor
    client.force_login(minor)
    html = _page(client, consultation)
    assert IN_SHORT_REGION.search(html)
    birth = minor.date_of_birth
    for leak in (birth.isoformat(), birth.strftime("%d.%m.%Y"), birth.strftime("%B %-d, %Y"), "data-age", "13 years"):
        assert leak not in html


def test_reading_it_first_costs_no_query(client, consultation):
    """The reader's age comes with the user row every signed-in page loads (auth_backends.py)."""

    def queries_for(user) -> tuple[int, str]:
        client.force_login(user)
        _page(client, consultation)  # warm Wagtail's per-site caches
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, consultation)
        return len(queries), html

    under_16, under_16_html = queries_for(GuardianConsentFactory(status="granted", minor__age=14).minor)
    adult, adult_html = queries_for(UserFactory(age=22))
    assert IN_SHORT_REGION.search(under_16_html) and DISCLOSURE.search(adult_html)
    assert under_16 == adult <= 12
