"""The response loop in the browser: an organisation editor publishes what was heard and what will be
done; a young participant finds the notice on their next visit and the response on the page."""

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.pages import ConsultationPage
from consultations.services import comment_create
from tests.e2e.conftest import screenshot, sign_in
from youthvoice.accounts.models import User


def _demo_consultation() -> ConsultationPage:
    seed_demo()
    return ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")


pytestmark = pytest.mark.browser


def test_an_editor_publishes_a_response_and_a_participant_sees_it(live_url, new_page):
    consultation = _demo_consultation()
    teen = User.objects.get(email="teen@demo.youthvoice.test")
    question = consultation.questions.order_by("sort_order").first()
    comment_create(author=teen, consultation=consultation, question_id=question.pk, body="Lights by the skate park")
    editor = User.objects.get(email="editor@demo.youthvoice.test")

    page = new_page()
    sign_in(page, live_url, editor)
    page.goto(f"{live_url}/en/consultations/{consultation.pk}/response/")
    page.get_by_role("button", name="Save and publish").click()  # empty: refused, nothing lost
    expect(page.get_by_text("Some parts need another look")).to_be_visible()
    page.get_by_label("What we heard").fill("You want safer routes home after dark, and places to meet.")
    page.get_by_label("What we will do").fill("Light the path from the bus stop to the skate park.")
    page.get_by_label("What we will not do, and why").fill("No cameras: you told us they make you feel watched.")
    page.get_by_label("What you commit to").first.fill("New lights on the park path")
    screenshot(page, "response-form-desktop")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text("Light the path from the bus stop").first).to_be_visible()

    young = new_page(width=360)
    sign_in(young, live_url, teen)
    young.goto(live_url + "/en/")
    notice = young.locator(".response-notice").first
    expect(notice).to_contain_text(consultation.title)
    screenshot(young, "response-notice-phone")
    young.goto(f"{live_url}{consultation.url}#response")
    expect(young.get_by_text("No cameras: you told us they make you feel watched.")).to_be_visible()
    expect(young.get_by_text("New lights on the park path")).to_be_visible()
    overflow = young.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(young, "consultation-response-phone")
