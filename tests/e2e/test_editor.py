import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.pages import ConsultationPage
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser


def test_editor_edits_a_consultation_in_wagtail_without_script_errors(live_url, new_page):
    seed_demo()
    consultation = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(live_url + "/admin/login/")
    page.get_by_label("Email").fill("editor@demo.youthvoice.test")
    page.get_by_label("Password").fill("youthvoice-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Pages")).to_be_visible()

    page.goto(f"{live_url}/admin/pages/{consultation.id}/edit/")
    # Panel headings (the side minimap repeats them as links).
    expect(page.locator("[data-panel-heading-text]", has_text="In a few words")).to_be_visible()
    expect(page.get_by_role("region", name="Questions")).to_be_attached()
    page.get_by_role("tab", name="Settings").click()
    expect(page.locator("[data-panel-heading-text]", has_text="Dates and audience")).to_be_visible()
    screenshot(page, "admin-consultation-settings")
    assert errors == []
