import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.browser

OPEN_TITLE = "Safer neighbourhoods: what would make you feel safe?"


def test_visitor_follows_an_open_consultation_and_goes_live(live_url, new_page):
    seed_demo()
    page = new_page()
    page.goto(live_url + "/")
    expect(page).to_have_url(live_url + "/en/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("link", name=OPEN_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=OPEN_TITLE)).to_be_visible()

    indicator = page.locator("[data-live-indicator]")
    expect(indicator).to_have_attribute("data-state", "live")
    expect(indicator).to_contain_text("Live")
    screenshot(page, "consultation-live-desktop")


@pytest.mark.parametrize(("width", "label"), [(1280, "desktop"), (360, "phone")])
def test_pages_render_without_horizontal_scrolling(live_url, new_page, width, label):
    seed_demo()
    page = new_page(width=width)
    for path, name in [
        ("/en/", "home"),
        ("/en/consultations/", "index"),
        ("/en/consultations/safer-neighbourhoods/", "consultation"),
        ("/en/consultations/after-school-and-youth-centres/", "consultation-upcoming"),
        ("/en/accounts/login/", "login"),
    ]:
        response = page.goto(live_url + path)
        assert response is not None and response.status == 200, path
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        screenshot(page, f"{name}-{label}")


def test_live_indicator_reports_offline_when_the_socket_is_refused(live_url, new_page):
    seed_demo()
    page = new_page()
    # Simulate a network that refuses WebSockets: the page must say so instead of claiming "live".
    page.route_web_socket("**/ws/**", lambda ws: ws.close(code=1011))
    page.goto(live_url + "/en/consultations/safer-neighbourhoods/")
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "offline")
