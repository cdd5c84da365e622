"""Two people in two browsers discuss live: comments and tallies arrive without reloading."""

import re

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PATH = "/en/consultations/safer-neighbourhoods/"


def test_a_comment_and_a_vote_reach_the_other_browser_live(live_url, new_page):
    seed_demo()
    amira, bo = UserFactory(display_name="Bright Comet"), UserFactory(display_name="Gentle Willow")
    first, second = new_page(), new_page()
    for page, person in ((first, amira), (second, bo)):
        sign_in(page, live_url, person)
        page.goto(live_url + PATH)
        expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")

    first.get_by_label("Your comment", exact=True).fill("More street lights between the bus stop and the park, please.")
    first.get_by_role("button", name="Post comment").click()
    expect(first.get_by_label("Your comment", exact=True)).to_have_value("")  # acknowledged in place, no reload

    arrived = second.locator(".comment", has_text="More street lights between the bus stop")
    expect(arrived).to_be_visible(timeout=2000)
    expect(arrived).to_contain_text("Bright Comet")

    arrived.get_by_role("button", name=re.compile("^Agree")).click()
    expect(arrived.get_by_role("button", name=re.compile("^Agree"))).to_have_attribute("aria-pressed", "true")
    mine = first.locator(".comment", has_text="More street lights between the bus stop")
    expect(mine.locator('[data-count="agree"]')).to_have_text("1", timeout=2000)
    screenshot(second, "consultation-discussion-desktop")


def test_discussion_fits_a_phone(live_url, new_page):
    seed_demo()
    page = new_page(width=360)
    sign_in(page, live_url, UserFactory())
    page.goto(live_url + PATH + "#discussion")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "consultation-discussion-phone")
