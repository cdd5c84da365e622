"""A 14-year-old signs up, confirms their email, asks a guardian; the guardian approves from the
emailed link in a browser of their own; the young person can then take part."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consultations.demo import seed_demo
from tests.e2e.conftest import screenshot
from tests.factories import UserFactory, years_ago
from youthvoice.accounts import services

pytestmark = pytest.mark.browser

TEEN = "journey.teen@example.org"
GUARDIAN = "journey.guardian@example.net"


def _link_in_mail(to: str, pattern: str, live_url: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to and (match := re.search(pattern, message.body)):
            # Mails link to SITE_URL; the browser talks to the test server.
            return live_url + match.group(1)
    raise AssertionError(f"no mail to {to} with {pattern!r}; outbox: {[m.subject for m in mail.outbox]}")


def test_minor_signs_up_and_guardian_approves(live_url, new_page):
    seed_demo()
    birth = years_ago(14)
    teen = new_page()

    teen.goto(live_url + "/en/")
    teen.get_by_role("link", name="Sign up").click()
    expect(teen.get_by_role("heading", level=1)).to_have_text("Create an account")
    teen.get_by_label("Email", exact=True).fill(TEEN)
    teen.get_by_label("Display name").fill("Lively Lynx")
    teen.get_by_label("Day").fill(str(birth.day))
    teen.get_by_label("Month").fill(str(birth.month))
    teen.get_by_label("Year").fill(str(birth.year))
    teen.get_by_label("Country where you live").select_option("MK")
    teen.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    teen.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    teen.get_by_role("button", name="Create account").click()
    expect(teen.get_by_role("heading", level=1)).to_contain_text("Check your email")

    teen.goto(_link_in_mail(TEEN, r"https?://[^/\s]+(/en/accounts/confirm-email/[^\s]+)", live_url))
    teen.get_by_role("button", name="Confirm").click()

    # Logged in by the confirmation, and taken straight to the guardian step.
    expect(teen).to_have_url(re.compile(r"/en/accounts/me/guardian/$"))
    teen.get_by_label("Your parent's or guardian's email address").fill(GUARDIAN)
    teen.get_by_role("button", name="Email my guardian").click()
    expect(teen.get_by_role("status").filter(has_text="Waiting for your guardian")).to_be_visible()
    screenshot(teen, "account-guardian-waiting-desktop")

    teen.goto(live_url + "/en/consultations/safer-neighbourhoods/")
    expect(teen.locator("[data-participation]")).to_have_attribute("data-participation", "guardian_pending")

    guardian = new_page()  # another browser context: another person, no shared cookies
    guardian.goto(_link_in_mail(GUARDIAN, r"https?://[^/\s]+(/en/guardian/consent/[^\s]+)", live_url))
    expect(guardian.get_by_role("heading", level=1)).to_contain_text("would like to join YouthVoice")
    approve, decline = guardian.get_by_role("button", name="Approve"), guardian.get_by_role("button", name="Decline")
    assert approve.bounding_box()["width"] == decline.bounding_box()["width"]  # no nudging
    assert approve.bounding_box()["height"] == decline.bounding_box()["height"]
    screenshot(guardian, "guardian-consent-desktop")
    approve.click()
    expect(guardian.get_by_role("status")).to_contain_text("You approved")

    teen.reload()
    expect(teen.locator("[data-participation]")).to_have_attribute("data-participation", "allowed")
    expect(teen.locator("[data-participation]")).to_contain_text("You can take part.")
    expect(teen.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")


@pytest.mark.parametrize(("width", "label"), [(1280, "desktop"), (360, "phone")])
def test_account_pages_fit_the_screen(live_url, new_page, width, label):
    minor = UserFactory(age=13, email=f"fit.{label}@example.org")
    services.guardian_consent_request(minor=minor, guardian_email=f"fit.guardian.{label}@example.net")
    consent_path = _link_in_mail(
        f"fit.guardian.{label}@example.net", r"https?://[^/\s]+(/en/guardian/consent/[^\s]+)", ""
    )
    manage_path = _link_in_mail(
        f"fit.guardian.{label}@example.net", r"https?://[^/\s]+(/en/guardian/manage/[^\s]+)", ""
    )

    page = new_page(width=width)
    page.goto(live_url + "/en/accounts/login/")
    page.get_by_label("Email", exact=True).fill(minor.email)
    page.get_by_label("Password", exact=True).fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name=re.compile("My account"))).to_be_visible()
    for path, name in [
        ("/en/accounts/me/", "account-overview"),
        ("/en/accounts/me/guardian/", "account-guardian"),
        ("/en/accounts/me/delete/", "account-delete"),
        ("/en/accounts/signup/", "signup"),
        (consent_path, "guardian-consent"),
        (manage_path, "guardian-manage"),
    ]:
        page.goto(live_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        screenshot(page, f"{name}-{label}")
