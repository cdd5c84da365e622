import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.pages import ConsultationIndexPage
from tests.e2e.conftest import admin_sign_in, screenshot
from tests.factories import ConsultationPageFactory
from youthvoice.organisations.models import Organisation

pytestmark = pytest.mark.browser


def test_the_editor_sees_the_terminology_warning_and_the_page_still_saves(live_url, new_page):
    seed_demo()
    # A consultation of its own: the browser session's database is shared by every browser test.
    consultation = ConsultationPageFactory(
        parent=ConsultationIndexPage.objects.get(slug="consultations", locale__language_code="en"),
        organisation=Organisation.objects.get(slug="safer-streets-youth-network"),
        title="Words matter",
    )
    page = new_page()
    errors = admin_sign_in(page, live_url, "editor@demo.youthvoice.test")

    page.goto(f"{live_url}/admin/pages/{consultation.id}/edit/")
    expect(page.locator("[data-panel-heading-text]", has_text="Words to reconsider")).to_have_count(0)
    page.locator("#id_summary").fill("How can we counter violent extremism in our neighbourhood?")
    page.get_by_role("button", name="Save draft").click()

    warning = page.locator(".messages li.warning", has_text="“violent extremism” in Summary")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("consider “violence”, “community safety” or “violence prevention”")
    expect(page.locator("[data-panel-heading-text]", has_text="Words to reconsider")).to_be_visible()
    screenshot(page, "admin-terminology-warning", full_page=False)

    consultation.refresh_from_db()
    draft = consultation.get_latest_revision_as_object()
    assert draft.summary == "How can we counter violent extremism in our neighbourhood?"
    assert errors == []
