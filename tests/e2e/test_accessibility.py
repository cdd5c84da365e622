"""Accessibility in the browser (WCAG 2.2 AA; how to run and what is checked: docs/accessibility.md).

- axe-core on every kind of page people meet, at 1280 and 360 px: no serious or critical violation;
- reflow at 320 px and text at 200 % without sideways scrolling;
- live comments announced through a polite live region, without moving focus;
- prefers-reduced-motion honoured.

Keyboard-only use is tests/e2e/test_keyboard.py; what no tool can judge is checked by hand."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.digests import services as digests
from consultations.moderation import services as moderation
from consultations.pages import ConsultationPage
from consultations.services import comment_create, vote_cast
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, UserFactory
from youthvoice.accounts import services as accounts
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
WIDTHS = {"desktop": 1280, "phone": 360}
CONSULTATION = "safer-neighbourhoods"

# Axe().run() puts axe.min.js into the page with page.evaluate(), which goes through the DevTools
# protocol and is not governed by the page's Content-Security-Policy. (add_script_tag would add an
# inline <script> that our "script-src 'self' 'nonce-…'" rightly blocks.) So the pages are audited
# under their real policy, without bypass_csp.
AXE = Axe()


def axe_violations(page) -> list[dict]:
    """Serious and critical violations of WCAG 2.0–2.2 A/AA rules on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    results = AXE.run(page, options=options)
    return [rule for rule in results.response["violations"] if rule["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One line per rule and one per offending element: rule id, impact, target selectors."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            why = " ".join(node.get("failureSummary", "").split())[:200]
            lines.append(f"    target {target}: {why}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Visit:
    """Where to go, as whom; ``ready`` waits until scripts have settled the page."""

    path: str
    user: User | None = None
    ready: Callable | None = None


def _consultation() -> ConsultationPage:
    seed_demo()
    return ConsultationPage.objects.get(slug=CONSULTATION, locale__language_code="en")  # not a translation


def _live(page) -> None:
    expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")


def _discussion() -> tuple[ConsultationPage, User]:
    """A discussion with comments, replies, votes and one of the viewer's own comments."""
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    viewer, other = UserFactory(display_name="Axe Viewer"), UserFactory(display_name="Axe Writer")
    first = comment_create(
        author=other, consultation=consultation, question_id=question.pk, body="Brighter lights at the bus stop."
    )
    comment_create(
        author=viewer, consultation=consultation, question_id=question.pk, body="Agreed.", parent_id=first.pk
    )
    comment_create(
        author=viewer, consultation=consultation, question_id=question.pk, body="A youth café open until 10 pm."
    )
    vote_cast(voter=viewer, comment_id=first.pk, choice="agree")
    return consultation, viewer


def _home() -> Visit:
    seed_demo()
    return Visit("/en/")


def _index() -> Visit:
    seed_demo()
    return Visit("/en/consultations/")


def _consultation_anonymous() -> Visit:
    consultation, _viewer = _discussion()
    return Visit(consultation.url, ready=_live)


def _consultation_signed_in() -> Visit:
    consultation, viewer = _discussion()
    return Visit(consultation.url, user=viewer, ready=_live)


def _consultation_under_16() -> Visit:
    """A 14-year-old sees the easy-read summary first, as "In short"."""
    consultation, _viewer = _discussion()
    young = GuardianConsentFactory(status="granted", minor__age=14, minor__display_name="Axe Heron").minor
    return Visit(consultation.url, user=young, ready=_live)


def _signup() -> Visit:
    return Visit("/en/accounts/signup/")


def _login() -> Visit:
    return Visit("/en/accounts/login/")


def _guardian_consent() -> Visit:
    minor = UserFactory(age=13)
    guardian = f"axe.guardian.{minor.pk}@example.net"
    accounts.guardian_consent_request(minor=minor, guardian_email=guardian)
    for message in reversed(mail.outbox):
        if guardian in message.to and (found := re.search(r"https?://[^/\s]+(/en/guardian/consent/\S+)", message.body)):
            return Visit(found.group(1))
    raise AssertionError("the guardian was not mailed a consent link")


def _moderation_queue() -> Visit:
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    minor = GuardianConsentFactory(status="granted").minor
    comment_create(  # held: by an under-18 in a pre-moderated consultation
        author=minor, consultation=consultation, question_id=question.pk, body="A night bus for the estate."
    )
    reported = comment_create(
        author=UserFactory(), consultation=consultation, question_id=question.pk, body="Buy followers here"
    )
    moderation.comment_flag(reporter=UserFactory(), comment_id=reported.pk, reason="spam")
    moderator = UserFactory(age=30, display_name="Axe Moderator")
    Membership.objects.create(organisation=consultation.organisation, user=moderator, role=Membership.Role.MODERATOR)
    return Visit("/en/moderation/", user=moderator)


def _digest_sign_off() -> Visit:
    consultation = _consultation()
    question = consultation.questions.order_by("sort_order").first()
    for n, text in enumerate(("Lights on the path (axe)", "A late youth centre (axe)")):
        comment = comment_create(
            author=UserFactory(age=22), consultation=consultation, question_id=question.pk, body=text
        )
        for voter in range(6):
            vote_cast(voter=UserFactory(age=19 + voter), comment_id=comment.pk, choice="agree" if voter > n else "pass")
    digest = digests.digest_generate(consultation=consultation, kind="weekly", until=timezone.now())
    organiser = User.objects.get(email="editor@demo.youthvoice.test")
    return Visit(f"/en/digests/{digest.pk}/", user=organiser)


PAGES: dict[str, Callable[[], Visit]] = {
    "home": _home,
    "consultation-index": _index,
    "consultation-anonymous": _consultation_anonymous,
    "consultation-signed-in": _consultation_signed_in,
    "consultation-under-16": _consultation_under_16,
    "signup": _signup,
    "login": _login,
    "guardian-consent": _guardian_consent,
    "moderation-queue": _moderation_queue,
    "digest-sign-off": _digest_sign_off,
}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_wcag_violations(live_url, new_page, name):
    visit = PAGES[name]()
    page = new_page()
    if visit.user is not None:
        sign_in(page, live_url, visit.user)
    failures = []
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_url + visit.path)
        if visit.ready:
            visit.ready(page)
        screenshot(page, f"a11y-{name}-{label}")
        # Audit what sits behind disclosures too: the reply and report forms, the moderators' hide form…
        page.evaluate("document.querySelectorAll('details').forEach((details) => { details.open = true; })")
        if violations := axe_violations(page):
            failures.append(f"at {width}px ({label}):\n{describe(violations)}")
    assert not failures, f"axe found serious or critical violations on {visit.path}:\n" + "\n".join(failures)


SIDEWAYS_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("name", PAGES)
def test_pages_reflow_at_320px_and_with_text_at_200_percent(live_url, new_page, name):
    """WCAG 1.4.10 (reflow at 320 CSS px) and 1.4.4 (text resized to 200 %): nothing scrolls sideways."""
    visit = PAGES[name]()
    page = new_page(width=320)
    if visit.user is not None:
        sign_in(page, live_url, visit.user)
    page.goto(live_url + visit.path)
    if visit.ready:
        visit.ready(page)
    assert page.evaluate(SIDEWAYS_OVERFLOW) <= 0, f"{visit.path} scrolls sideways at 320px"

    page.set_viewport_size({"width": 1280, "height": 900})
    # Through the CSSOM, which the Content-Security-Policy allows (a <style> tag it would block).
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate(SIDEWAYS_OVERFLOW) <= 0, f"{visit.path} scrolls sideways with text at 200%"
    screenshot(page, f"a11y-{name}-text-200")


def test_a_live_comment_is_announced_politely_and_focus_stays_where_it_was(live_url, new_page):
    consultation = ConsultationPageFactory(questions=["Where do you feel safe?"])
    question = consultation.questions.get()
    reader, writer = new_page(), new_page()
    for page, person in ((reader, UserFactory()), (writer, UserFactory(display_name="Live Lark"))):
        sign_in(page, live_url, person)
        page.goto(live_url + consultation.url)
        _live(page)
    typing = reader.locator(f"#body-{question.pk}-0")
    typing.focus()
    reader.keyboard.type("Half-written thought")

    writer.locator(f"#body-{question.pk}-0").fill("Lights by the underpass.")
    writer.get_by_role("button", name="Post comment").click()

    announcer = reader.locator("[data-announcer]")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("New comment by Live Lark")
    expect(reader.locator(".comment", has_text="Lights by the underpass.")).to_be_visible()
    expect(typing).to_be_focused()
    expect(typing).to_have_value("Half-written thought")


# Motion that any future style might add, set through the CSSOM (which the CSP allows); the
# reduced-motion rule of site.css must win over it. Returns what would still move.
MOTION = """() => {
  document.documentElement.style.scrollBehavior = "smooth";
  for (const el of document.querySelectorAll("a, button, summary")) {
    el.style.transition = "color 0.4s";
    el.style.animation = "pulse 1s infinite";
  }
  return [document.documentElement, ...document.querySelectorAll("body *")]
    .map((el) => [el, getComputedStyle(el)])
    .filter(([el, s]) => s.transitionDuration.split(",").some((d) => parseFloat(d) > 0)
      || s.animationName !== "none" || s.scrollBehavior === "smooth")
    .map(([el]) => el.outerHTML.slice(0, 80));
}"""


def test_reduced_motion_turns_off_transitions_animations_and_smooth_scrolling(live_url, new_page):
    seed_demo()
    page = new_page()
    page.goto(live_url + "/en/")
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(MOTION), "the check itself must see motion when none is refused"

    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert page.evaluate(MOTION) == []


def test_the_audit_reports_a_violation_when_there_is_one(live_url, new_page):
    """The check itself can fail: a field without a label is reported, with its selector."""
    page = new_page()
    page.goto(live_url + "/en/accounts/login/")
    page.evaluate(
        """() => {
            document.querySelector("main").insertAdjacentHTML("beforeend",
              '<input type="text" id="unlabeled">');
        }"""
    )
    report = describe(axe_violations(page))
    assert "label (critical)" in report
    assert "target #unlabeled" in report
