"""The language switcher in a real browser: without JavaScript, at a phone's width, and the
JavaScript catalogue ready before the page's scripts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def consultation_path() -> str:
    return ConsultationPageFactory(title="Safer parks (languages)").url


def test_switching_language_works_without_javascript(live_url, browser, consultation_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_url}{consultation_path}?order=newest")
        switcher = page.locator(".language-switcher")
        switcher.locator("summary").click()
        expect(switcher.locator('[aria-current="true"]')).to_have_text("English")
        screenshot(page, "language-switcher-open-1280", full_page=False)
        switcher.get_by_role("button", name="Français").click()
        expect(page).to_have_url(f"{live_url}{consultation_path.replace('/en/', '/fr/', 1)}?order=newest")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        # The choice is remembered: a URL without a language now opens in French.
        page.goto(f"{live_url}/")
        expect(page).to_have_url(f"{live_url}/fr/")
    finally:
        context.close()


def test_the_open_switcher_fits_a_320px_screen(live_url, new_page, consultation_path):
    page = new_page(width=320, height=720)
    page.goto(f"{live_url}{consultation_path}")
    page.locator(".language-switcher summary").click()
    buttons = page.locator(".language-switcher__list button")
    expect(buttons).to_have_count(8)
    for index in range(8):
        box = buttons.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["height"] >= 24
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "language-switcher-open-320", full_page=False)


def test_the_catalogue_is_ready_before_the_page_scripts(live_url, new_page, consultation_path):
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_url}{consultation_path.replace('/en/', '/ru/', 1)}")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # The live script ran to its end (it calls gettext as it goes): connected, with nothing thrown.
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    assert page.evaluate("[typeof gettext, typeof ngettext, typeof interpolate]") == ["function"] * 3
    assert page.evaluate("interpolate(ngettext('%s new item — show', '%s new items — show', 5), [5])").startswith("5")
    assert errors == []
