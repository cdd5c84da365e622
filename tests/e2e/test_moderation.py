"""Moderators in the browser: two moderators share a live queue; a participant reports a comment;
the public sees the figures. Screenshots at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.moderation import services
from consultations.pages import ConsultationPage
from consultations.services import comment_create
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import GuardianConsentFactory, UserFactory
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.browser

PATH = "/en/consultations/safer-neighbourhoods/"


def _moderator(page: ConsultationPage, name: str):
    user = UserFactory(age=27, display_name=name)
    Membership.objects.create(organisation=page.organisation, user=user, role=Membership.Role.MODERATOR)
    return user


def _consultation() -> ConsultationPage:
    seed_demo()
    return ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")


def test_two_moderators_share_the_live_queue_and_an_approval_reaches_viewers(live_url, new_page):
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    minor = GuardianConsentFactory(status="granted", minor__display_name="Kind Lynx").minor
    held = comment_create(
        author=minor, consultation=consultation, question_id=question.pk, body="A youth bus that runs after 9 pm."
    )
    ana, ben = _moderator(consultation, "Ana (moderator)"), _moderator(consultation, "Ben (moderator)")
    first, second, viewer = new_page(), new_page(), new_page()
    sign_in(first, live_url, ana)
    sign_in(second, live_url, ben)
    for page in (first, second):
        page.goto(live_url + "/en/moderation/")
        expect(page.locator("[data-queue-live]")).to_be_visible()  # the socket is open
    viewer.goto(f"{live_url}{PATH}?question={question.pk}")
    expect(viewer.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
    expect(viewer.get_by_text("A youth bus that runs after 9 pm.")).to_have_count(0)  # held: not public

    item = first.locator(f'[data-item="{held.pk}"]')
    expect(item).to_contain_text("under 18")
    expect(item).to_contain_text("pre-moderation")
    item.get_by_role("button", name="I'll handle this").click()
    expect(first.get_by_text("You are handling this item")).to_be_visible()
    other = second.locator(f'[data-item="{held.pk}"]')
    expect(other).to_contain_text("Being handled by Ana (moderator)", timeout=3000)
    expect(second.locator("[data-queue-status]")).to_have_text("Being handled by Ana (moderator)")
    screenshot(second, "moderation-queue-desktop")

    first.locator(f'[data-item="{held.pk}"]').get_by_role("button", name="Approve and publish").click()
    expect(first.get_by_text("Approved.")).to_be_visible()
    expect(other).to_contain_text("Dealt with by a moderator.", timeout=3000)
    expect(other.get_by_role("button", name="Approve and publish")).to_be_disabled()
    expect(viewer.get_by_text("A youth bus that runs after 9 pm.")).to_be_visible(timeout=3000)

    first.goto(live_url + "/en/moderation/log/")
    expect(first.get_by_role("cell", name="approved", exact=True)).to_be_visible()
    screenshot(first, "moderation-log-desktop")


def test_hiding_needs_a_reason_and_the_author_sees_it(live_url, new_page):
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    author = UserFactory(age=22, display_name="Steady Owl")
    comment = comment_create(
        author=author, consultation=consultation, question_id=question.pk, body="Buy followers at my shop"
    )
    services.comment_flag(reporter=UserFactory(), comment_id=comment.pk, reason="spam")
    moderator = _moderator(consultation, "Cleo (moderator)")
    page = new_page()
    sign_in(page, live_url, moderator)
    page.goto(live_url + "/en/moderation/?reason=flag:spam")
    item = page.locator(f'[data-item="{comment.pk}"]')
    expect(item).to_contain_text("reported: spam")
    item.locator("summary", has_text="Hide").click()
    item.get_by_role("button", name="Hide", exact=True).click()
    # The browser refuses the form without a reason: nothing was sent, nothing lost.
    assert item.get_by_label("Reason (shown to the author").evaluate("el => el.validity.valueMissing")
    item.get_by_label("Reason (shown to the author").select_option("spam")
    item.get_by_label("Note for the log").fill("Advertising")
    item.get_by_role("button", name="Hide", exact=True).click()
    expect(page.get_by_text("Hidden. The author sees the reason.")).to_be_visible()

    mine = new_page()
    sign_in(mine, live_url, author)
    mine.goto(live_url + "/en/accounts/me/")
    expect(mine.locator(".my-comments")).to_contain_text("Reason: spam.")
    screenshot(mine, "account-my-comments-desktop")


def test_a_participant_reports_a_comment_and_sees_the_figures(live_url, new_page):
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    comment_create(
        author=UserFactory(age=24, display_name="Loud Parrot"), consultation=consultation,
        question_id=question.pk, body="Nobody cares about this park.",
    )  # fmt: skip
    page = new_page()
    sign_in(page, live_url, UserFactory(age=20))
    page.goto(f"{live_url}{PATH}?question={question.pk}#discussion")
    comment = page.locator(".comment", has_text="Nobody cares about this park.")
    comment.locator("summary", has_text="Report").click()
    comment.get_by_label("off-topic").check()
    screenshot(page, "consultation-report-form-desktop", full_page=False)
    comment.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you", exact=False)).to_be_visible()
    figures = page.locator(".moderation-figures")
    expect(figures).to_contain_text("Published")
    figures.scroll_into_view_if_needed()
    screenshot(page, "consultation-moderation-figures-desktop", full_page=False)


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop-wide")])
def test_moderation_pages_fit_the_screen(live_url, new_page, width, label):
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    minor = GuardianConsentFactory(status="granted", minor__display_name="Shy Finch").minor
    for text in ("My number is 070 123 456, call me", "More benches near the river, and shade in summer."):
        comment_create(author=minor, consultation=consultation, question_id=question.pk, body=text)
    moderator = _moderator(consultation, "Dara (moderator)")
    page = new_page(width=width)
    sign_in(page, live_url, moderator)
    for name, path in (("moderation-queue", "/en/moderation/"), ("moderation-log", "/en/moderation/log/")):
        page.goto(live_url + path)
        if name == "moderation-queue":
            page.locator(".queue-item__more summary", has_text="Hide").first.click()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
        screenshot(page, f"{name}-{label}")
