"""A policymaker reads an approved digest in the browser and downloads its PDF; an organiser signs a
draft off. Screenshots at desktop and phone widths."""

import io
import re

import pytest
from playwright.sync_api import expect

from consultations.demo import seed_demo
from consultations.digests import services
from consultations.digests.models import Subscription
from consultations.pages import ConsultationPage
from consultations.services import comment_create, vote_cast
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import UserFactory
from youthvoice.accounts.models import User
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.browser


def _digest(*, approved: bool, tag: str):
    """Comments tagged per test: the browser tests share one database."""
    from django.utils import timezone

    seed_demo()
    consultation = ConsultationPage.objects.get(slug="safer-neighbourhoods", locale__language_code="en")
    question = consultation.questions.order_by("sort_order").first()
    ideas = [
        f"Lights on the path to the bus stop ({tag})",
        f"A youth centre open late ({tag})",
        f"Benches by the river ({tag})",
    ]
    for n, text in enumerate(ideas):
        comment = comment_create(
            author=UserFactory(age=22), consultation=consultation, question_id=question.pk, body=text
        )
        for voter in range(12):
            choice = "agree" if voter < 10 - 3 * n else "disagree"
            vote_cast(voter=UserFactory(age=19 + voter % 8), comment_id=comment.pk, choice=choice)
    policymaker = User.objects.get(email="policymaker@demo.youthvoice.test")
    Subscription.objects.get_or_create(user=policymaker, consultation=consultation)
    editor = User.objects.get(email="editor@demo.youthvoice.test")
    digest = services.digest_generate(consultation=consultation, kind="weekly", until=timezone.now())
    if approved and digest.status == "draft":
        services.digest_approve(editor=editor, digest_id=digest.pk)
    return consultation, digest, editor


def test_a_policymaker_logs_in_reads_a_digest_and_downloads_the_pdf(live_url, new_page):
    from pypdf import PdfReader

    consultation, _digest_made, _ = _digest(approved=True, tag="reading")
    page = new_page()
    page.goto(live_url + "/en/accounts/login/")
    page.get_by_label("Email", exact=True).fill("policymaker@demo.youthvoice.test")
    page.get_by_label("Password", exact=True).fill("youthvoice-demo")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name=re.compile("My account"))).to_be_visible()
    page.goto(live_url + "/en/digests/")
    page.get_by_role("link", name=consultation.title).first.click()
    expect(page.get_by_role("heading", name=consultation.title, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Who took part")).to_be_visible()
    expect(page.get_by_text("Lights on the path to the bus stop (reading)").first).to_be_visible()
    screenshot(page, "digest-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = download_info.value
    with open(pdf.path(), "rb") as downloaded:
        data = downloaded.read()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert consultation.title in text


def test_an_organiser_leaves_a_quote_out_and_approves(live_url, new_page):
    _consultation, digest, editor = _digest(approved=False, tag="sign-off")
    page = new_page()
    sign_in(page, live_url, editor)
    page.goto(f"{live_url}/en/digests/{digest.pk}/")
    expect(page.get_by_role("heading", name="Sign-off")).to_be_visible()
    card = page.locator(".quote-card", has_text="Benches by the river (sign-off)").first
    card.get_by_role("button", name="Leave this quote out").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("Note from the organisers (optional)").fill("Figures after the first week.")
    page.get_by_role("button", name="Save the note").click()
    screenshot(page, "digest-sign-off-desktop")
    page.get_by_role("button", name="Approve and send").click()
    expect(page.get_by_text("Approved. It goes to the policymakers")).to_be_visible()
    expect(page.get_by_text("Benches by the river (sign-off)")).to_have_count(0)


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop-wide")])
def test_digest_pages_fit_the_screen(live_url, new_page, width, label):
    _consultation, digest, editor = _digest(approved=True, tag=label)
    policymaker = User.objects.get(email="policymaker@demo.youthvoice.test")
    page = new_page(width=width)
    sign_in(page, live_url, policymaker)
    from consultations.digests.invitations import _hash
    from consultations.digests.models import Invitation

    Invitation.objects.create(
        organisation=digest.consultation.organisation, email="mayor@city.example", language="en",
        token_hash=_hash(f"token-{label}"),
    )  # fmt: skip
    pages = (
        ("digest", f"/en/digests/{digest.pk}/"),
        ("digests-dashboard", "/en/digests/"),
        ("digest-invitation", f"/en/digests/invitations/token-{label}/"),
    )
    for name, path in pages:
        page.goto(live_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
        screenshot(page, f"{name}-{label}")
    assert Membership.objects.filter(user=editor).exists()
