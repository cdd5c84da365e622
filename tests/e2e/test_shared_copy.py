"""A visitor served a shared copy of the page (youthvoice/page_cache.py) misses nothing: the page's
script resumes from the event the copy was rendered with. Comments that come close together arrive in
one batched frame, and the page shows each of them once."""

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.pages import ConsultationPage
from consultations.services import comment_create
from tests.factories import UserFactory
from youthvoice import page_cache
from youthvoice.page_cache import HIT_HEADER

pytestmark = pytest.mark.browser

PATH = "/en/consultations/safer-neighbourhoods/"


@pytest.fixture
def shared_and_batched(settings):
    # The server runs in this process: these settings reach it.
    settings.YOUTHVOICE_PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.YOUTHVOICE_FANOUT_BATCH_SECONDS = 0.25
    page_cache.store.clear()
    yield
    page_cache.store.clear()


def test_a_copy_of_the_page_catches_up_live_and_batched_comments_each_show_once(live_url, new_page, shared_and_batched):
    seed_demo()
    consultation = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    question = consultation.questions.order_by("sort_order").first()
    author = UserFactory(age=19, display_name="Quiet Harbour")

    first = new_page()
    assert HIT_HEADER not in first.goto(live_url + PATH).headers  # rendered, and kept
    comment_create(author=author, consultation=consultation, question_id=question.pk, body="Posted after the copy")

    reader = new_page()
    response = reader.goto(live_url + PATH)
    assert response.headers.get(HIT_HEADER.lower()) == "hit"
    assert "Posted after the copy" not in response.text()  # the copy is older than the comment…
    expect(reader.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    # …and the script fetched what came after it.
    expect(reader.locator(".comment", has_text="Posted after the copy")).to_have_count(1, timeout=5000)

    for n in range(3):  # faster than one frame per 0.25 s: they share frames
        comment_create(author=author, consultation=consultation, question_id=question.pk, body=f"Burst number {n}")
    for n in range(3):
        expect(reader.locator(".comment", has_text=f"Burst number {n}")).to_have_count(1, timeout=5000)
    expect(reader.locator(".comment", has_text="Posted after the copy")).to_have_count(1)
