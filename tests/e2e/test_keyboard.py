"""Keyboard only: a participant logs in, posts, votes, replies and reports; a moderator approves and hides.

Nothing is clicked or filled in: focus moves with Tab and Shift+Tab, text is typed with the keyboard,
buttons and disclosures are used with Enter and Space, radio buttons and selects with the arrow keys.
At every stop the focused element must show a visible focus indicator."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.models import Comment, Vote
from consultations.moderation.models import Flag
from consultations.moderation.reasons import Reason
from consultations.services import comment_create
from tests.e2e.conftest import screenshot
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's

# What the focused element looks like; "visible" means a drawn outline or a box shadow (the focus ring).
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {visible: false, what: "nothing (the page itself)"};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {visible: outline || style.boxShadow !== "none", what: el.outerHTML.slice(0, 160)};
}"""
FOCUS_MATCHES = """([selector, text]) => {
  const el = document.activeElement;
  return !!el && el.matches(selector) && (!text || el.textContent.trim().startsWith(text));
}"""


def assert_focus_visible(page) -> None:
    focus = page.evaluate(FOCUS)
    assert focus["visible"], f"no visible focus indicator on {focus['what']}"


def tab_to(page, selector: str, *, text: str = "", backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches; every stop on the way must show focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if page.evaluate(FOCUS_MATCHES, [selector, text]):
            return
    raise AssertionError(f"{key} never reached {selector} {text!r}")


def log_in(page, live_url: str, email: str) -> None:
    page.goto(live_url + "/en/accounts/login/")
    tab_to(page, 'input[name="login"]')
    page.keyboard.type(email)
    tab_to(page, 'input[name="password"]')
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="My account")).to_be_visible()


def test_a_participant_takes_part_and_a_moderator_works_the_queue_with_the_keyboard_only(live_url, new_page):
    seed_demo()
    organisation = OrganisationFactory()
    consultation = ConsultationPageFactory(organisation=organisation, questions=["Where do you feel safe?"])
    question = consultation.questions.get()
    participant = UserFactory(display_name="Keyboard Kestrel")
    other = comment_create(
        author=UserFactory(display_name="Mouse Marten"),
        consultation=consultation,
        question_id=question.pk,
        body="More lights in the underpass.",
    )
    page = new_page()

    log_in(page, live_url, participant.email)
    page.goto(live_url + consultation.url)
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")

    # The skip link is the first stop and takes focus past the header.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_MATCHES, ["a.skip-link", ""])
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Post a comment.
    mine = "A bench by the bus stop, where adults can see it."
    tab_to(page, f"#body-{question.pk}-0")
    page.keyboard.type(mine)
    tab_to(page, "button", text="Post comment")
    page.keyboard.press("Enter")
    expect(page.locator(".comment", has_text=mine)).to_be_visible()
    expect(page.locator(f"#body-{question.pk}-0")).to_have_value("")  # posted in place, no reload
    assert Comment.objects.filter(author=participant, body=mine, parent=None).exists()
    assert_focus_visible(page)

    # Agree with another person's comment.
    theirs = f"#comment-{other.pk}"
    tab_to(page, f"{theirs} button.vote--agree")
    screenshot(page, "keyboard-focus-vote", full_page=False)
    page.keyboard.press("Space")
    expect(page.locator(f"{theirs} button.vote--agree")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"{theirs} .vote--agree [data-count]")).to_have_text("1")
    assert Vote.objects.filter(comment=other, voter=participant, choice="agree").exists()
    assert_focus_visible(page)

    # Reply to it: open the disclosure, type, send.
    reply = "Yes, and keep them on after 10 pm."
    tab_to(page, f"{theirs} details.reply > summary")
    page.keyboard.press("Enter")
    tab_to(page, f"#body-{question.pk}-{other.pk}")
    page.keyboard.type(reply)
    tab_to(page, f"{theirs} button", text="Post reply")
    page.keyboard.press("Enter")
    expect(page.locator(f"{theirs} .replies .comment", has_text=reply)).to_be_visible()
    assert Comment.objects.filter(author=participant, parent=other, body=reply).exists()
    assert_focus_visible(page)

    # Report it: the report disclosure comes before the reply one, so go back with Shift+Tab.
    tab_to(page, f"{theirs} details.report > summary", backwards=True)
    page.keyboard.press("Enter")
    tab_to(page, f'{theirs} input[name="reason"]')
    page.keyboard.press("ArrowDown")  # the second reason: arrow keys move within a radio group
    second_reason = Reason.choices[1][0]
    assert page.evaluate("document.activeElement.value") == second_reason
    tab_to(page, f"{theirs} button", text="Send report")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. Moderators will look at this comment.")).to_be_visible()
    assert Flag.objects.filter(comment=other, reporter=participant, reason=second_reason).exists()

    # A moderator of the organisation approves one held comment and hides another.
    moderator = UserFactory(age=31, display_name="Keyboard Moderator")
    Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.MODERATOR)
    young = GuardianConsentFactory(status="granted").minor  # under-18s' comments are held for review
    held, unkind = (
        comment_create(author=young, consultation=consultation, question_id=question.pk, body=body)
        for body in ("A night bus for the estate.", "Everyone in that school is stupid.")
    )
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PENDING
    desk = new_page()
    log_in(desk, live_url, moderator.email)
    desk.goto(live_url + "/en/moderation/")

    tab_to(desk, f"#item-{held.pk} button", text="Approve and publish")
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("Approved.")).to_be_visible()
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.PUBLISHED

    item = f"#item-{unkind.pk}"
    tab_to(desk, f"{item} details.queue-item__more > summary", text="Hide")
    desk.keyboard.press("Enter")
    tab_to(desk, f"#hide-reason-{unkind.pk}")
    desk.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
    chosen = desk.evaluate("document.activeElement.value")
    assert chosen
    tab_to(desk, f"#hide-note-{unkind.pk}")
    desk.keyboard.type("Insults a whole school.")
    tab_to(desk, f"{item} form button", text="Hide")
    screenshot(desk, "keyboard-focus-moderation-hide", full_page=False)
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("Hidden. The author sees the reason.")).to_be_visible()
    hidden = Comment.objects.get(pk=unkind.pk)
    assert (hidden.status, hidden.hidden_reason) == (Comment.Status.HIDDEN, chosen)
