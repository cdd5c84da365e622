import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.pages import ConsultationPage
from tests.e2e.conftest import admin_sign_in, screenshot

pytestmark = pytest.mark.browser


def test_editor_edits_a_consultation_in_wagtail_without_script_errors(live_url, new_page):
    seed_demo()
    consultation = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    page = new_page()
    errors = admin_sign_in(page, live_url, "editor@demo.youthvoice.test")

    page.goto(f"{live_url}/admin/pages/{consultation.id}/edit/")
    # Panel headings (the side minimap repeats them as links).
    expect(page.locator("[data-panel-heading-text]", has_text="In a few words")).to_be_visible()
    expect(page.get_by_role("region", name="Questions")).to_be_attached()
    page.get_by_role("tab", name="Settings").click()
    expect(page.locator("[data-panel-heading-text]", has_text="Dates and audience")).to_be_visible()
    screenshot(page, "admin-consultation-settings")
    assert errors == []
