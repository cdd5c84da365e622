"""Digests end to end: published content only, idempotent generation and sending, sign-off,
who may read them, and every output (page, PDF, CSV, open data) agreeing."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.digests import services
from consultations.digests.compute import digest_compute
from consultations.digests.models import Digest, DigestLogEntry, Subscription
from consultations.moderation import services as moderation
from consultations.services import comment_create, vote_cast
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.errors import ServiceError
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

PUBLISHED = "Benches and lights along the river path"
PENDING = "Only moderators have seen this sentence"
HIDDEN = "This sentence was hidden by moderators"


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Safer Streets", slug="safer-streets")


@pytest.fixture
def consultation(organisation):
    return ConsultationPageFactory(organisation=organisation, questions=["What would make the park safer?"])


@pytest.fixture
def editor(organisation):
    user = UserFactory(age=29, display_name="Ed Itor")
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.EDITOR)
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.MODERATOR)
    return user


@pytest.fixture
def policymaker(consultation):
    user = UserFactory(age=45, display_name="City youth office", language="fr")
    user.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    Subscription.objects.create(user=user, consultation=consultation, cadence=Subscription.Cadence.WEEKLY)
    return user


@pytest.fixture
def discussion(consultation, editor):
    """A published comment with 12 voters, one held for review (a minor's), one hidden."""
    question = consultation.questions.first()
    published = comment_create(
        author=UserFactory(age=20), consultation=consultation, question_id=question.pk, body=PUBLISHED
    )
    minor = GuardianConsentFactory(status="granted").minor
    pending = comment_create(author=minor, consultation=consultation, question_id=question.pk, body=PENDING)
    hidden = comment_create(author=UserFactory(age=22), consultation=consultation, question_id=question.pk, body=HIDDEN)
    for n in range(12):
        voter = GuardianConsentFactory(status="granted", minor__age=16).minor if n < 3 else UserFactory(age=21)
        vote_cast(voter=voter, comment_id=published.pk, choice="agree" if n < 10 else "disagree")
        vote_cast(voter=voter, comment_id=hidden.pk, choice="agree")
    moderation.comment_hide(moderator=editor, comment_id=hidden.pk, reason="off_topic")
    assert pending.status == "pending"
    return {"published": published, "pending": pending, "hidden": hidden}


def _until():
    return timezone.now() + timedelta(minutes=1)


def test_only_published_content_counts_and_is_quoted(consultation, discussion):
    content = digest_compute(consultation=consultation, until=_until())
    text = json.dumps(content)
    assert PUBLISHED in text and PENDING not in text and HIDDEN not in text
    assert content["participation"]["comments"] == 1
    assert content["participation"]["votes"] == 12  # votes on the hidden comment do not count
    assert content["questions"][0]["broad_agreement"][0]["agree"] == 10
    assert content["moderation"]["held"] == 1 and content["moderation"]["hidden"]["off_topic"] == 1


def test_small_groups_are_suppressed_in_the_breakdowns(consultation, discussion):
    content = digest_compute(consultation=consultation, until=_until())
    bands = {cell["key"]: cell for cell in content["who"]["age_band"]["cells"]}
    # 13 participants: the author (20) and 12 voters (3 aged 16, 9 aged 21). The hidden comment's
    # author took part only through a hidden comment.
    assert content["participation"]["participants"] == 13
    assert bands["15-17"]["shown"] == "small" and bands["15-17"]["count"] is None
    assert all(cell["count"] is None or cell["count"] >= 10 for cell in bands.values())
    assert sum(1 for cell in bands.values() if cell["count"] is None) >= 2


def test_quotes_lose_contact_details(consultation, editor):
    question = consultation.questions.first()
    comment = comment_create(
        author=UserFactory(age=25), consultation=consultation, question_id=question.pk,
        body="Write to me at ana.b@example.org about the park",
    )  # fmt: skip
    for _ in range(6):
        vote_cast(voter=UserFactory(age=22), comment_id=comment.pk, choice="agree")
    quote = digest_compute(consultation=consultation, until=_until())["questions"][0]["broad_agreement"][0]
    assert "example.org" not in quote["text"] and "[contact details removed]" in quote["text"]


def test_queries_do_not_grow_with_comments_or_votes(consultation):
    question = consultation.questions.first()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            digest_compute(consultation=consultation, until=_until())
        return len(captured)

    for n in range(4):  # enough for quotes and themes to exist: each kind of query is there already
        comment = comment_create(
            author=UserFactory(age=20), consultation=consultation, question_id=question.pk, body=f"more bus stops {n}"
        )
        for _ in range(6):
            vote_cast(voter=UserFactory(age=20), comment_id=comment.pk, choice="agree")
    few = queries()
    for n in range(15):
        extra = comment_create(
            author=UserFactory(age=19), consultation=consultation, question_id=question.pk, body=f"idea {n}"
        )
        for _ in range(6):
            vote_cast(voter=UserFactory(age=23), comment_id=extra.pk, choice="agree")
    assert queries() == few


def test_generating_twice_gives_one_digest(consultation, discussion):
    until = _until()
    first = services.digest_generate(consultation=consultation, kind="weekly", until=until)
    second = services.digest_generate(consultation=consultation, kind="weekly", until=until)
    assert first.pk == second.pk and Digest.objects.count() == 1
    assert list(first.log.values_list("action", flat=True)) == [DigestLogEntry.Action.GENERATED]


def test_a_draft_cannot_be_sent_and_approval_is_logged(
    consultation, discussion, editor, policymaker, django_capture_on_commit_callbacks
):
    digest = services.digest_generate(consultation=consultation, kind="weekly", until=_until())
    with pytest.raises(ServiceError) as refused:
        services.digest_send(digest_id=digest.pk)
    assert refused.value.code == "not_approved" and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.digest_approve(editor=editor, digest_id=digest.pk)
    entry = digest.log.get(action=DigestLogEntry.Action.APPROVED)
    assert entry.actor == editor
    assert [message.to for message in mail.outbox] == [[policymaker.email]]
    sent = mail.outbox[0]
    html = sent.alternatives[0].content
    assert 'src="cid:over-time"' in html and PUBLISHED in html and PENDING not in html
    images = [part for part in sent.attachments if getattr(part, "get_content_type", lambda: "")() == "image/png"]
    assert len(images) == 2 and images[0].get_payload(decode=True).startswith(b"\x89PNG")
    assert services.digest_send(digest_id=digest.pk) == 0  # again: nothing more
    assert len(mail.outbox) == 1


def test_only_organisers_sign_off(consultation, discussion, policymaker):
    digest = services.digest_generate(consultation=consultation, kind="weekly", until=_until())
    outsider = UserFactory(age=30)
    Membership.objects.create(organisation=OrganisationFactory(), user=outsider, role=Membership.Role.EDITOR)
    for person in (outsider, policymaker):
        with pytest.raises(ServiceError) as refused:
            services.digest_approve(editor=person, digest_id=digest.pk)
        assert refused.value.code == "not_found"


def test_a_removed_quote_is_left_out_of_every_output(client, consultation, discussion, editor, policymaker):
    digest = services.digest_generate(consultation=consultation, kind="weekly", until=_until())
    services.digest_quote_remove(editor=editor, digest_id=digest.pk, comment_id=discussion["published"].pk)
    services.digest_note_set(editor=editor, digest_id=digest.pk, note="Early figures: the survey is still open.")
    services.digest_approve(editor=editor, digest_id=digest.pk)
    client.force_login(policymaker)
    page = client.get(f"/en/digests/{digest.pk}/").content.decode()
    assert "Early figures" in page and PUBLISHED not in page
    csv_text = client.get(f"/en/digests/{digest.pk}/csv/").content.decode()
    assert PUBLISHED not in csv_text and "Participants" in csv_text
    assert PENDING not in csv_text and HIDDEN not in csv_text


def test_who_may_read_a_digest(client, consultation, discussion, editor, policymaker):
    digest = services.digest_generate(consultation=consultation, kind="weekly", until=_until())
    client.force_login(policymaker)
    assert client.get(f"/en/digests/{digest.pk}/").status_code == 404  # a draft: organisers only
    client.force_login(editor)
    assert client.get(f"/en/digests/{digest.pk}/").status_code == 200
    services.digest_approve(editor=editor, digest_id=digest.pk)
    client.force_login(policymaker)
    assert client.get(f"/en/digests/{digest.pk}/").status_code == 200
    stranger = UserFactory(age=40)
    stranger.groups.add(Group.objects.get(name=POLICYMAKERS_GROUP))
    client.force_login(stranger)
    assert client.get(f"/en/digests/{digest.pk}/").status_code == 404


def test_the_pdf_is_a_pdf_with_the_title_and_no_held_content(client, consultation, discussion, editor):
    from pypdf import PdfReader

    digest = services.digest_generate(consultation=consultation, kind="weekly", until=_until())
    client.force_login(editor)
    response = client.get(f"/en/digests/{digest.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert consultation.title in " ".join(text.split())
    assert "Only moderators" not in text and "hidden by moderators" not in text


def test_open_data_has_the_suppressed_figures_and_nothing_personal(client, consultation, discussion):
    response = client.get(f"/api/consultations/{consultation.pk}/figures.json")
    assert response.status_code == 200
    data = response.json()
    assert data["participation"]["comments"] == 1 and data["k"] == 10
    body = response.content.decode()
    for secret in (PUBLISHED, PENDING, HIDDEN, "@"):
        assert secret not in body
    assert client.get("/api/consultations/999999/figures.json").status_code == 404


def test_due_digests_are_queued_once(consultation, discussion, policymaker, organisation):
    from django.core.management import call_command

    consultation.opens_at = timezone.now() - timedelta(days=20)
    consultation.save()
    closed = ConsultationPageFactory(
        organisation=organisation,
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=2),
    )
    Subscription.objects.create(user=policymaker, organisation=organisation, cadence=Subscription.Cadence.FINAL)
    call_command("digests_due")
    call_command("digests_due")
    kinds = dict(Digest.objects.values_list("consultation_id", "kind"))
    assert kinds == {consultation.pk: "weekly", closed.pk: "final"}
    assert Digest.objects.get(consultation=closed).until == closed.closes_at


def test_an_organiser_prepares_a_draft_now(client, consultation, discussion, editor, policymaker):
    client.force_login(policymaker)
    assert client.post(f"/en/digests/consultations/{consultation.pk}/generate/").status_code == 404
    client.force_login(editor)
    response = client.post(f"/en/digests/consultations/{consultation.pk}/generate/")
    digest = Digest.objects.get(consultation=consultation)
    assert response.status_code == 302 and response["Location"] == f"/en/digests/{digest.pk}/"
    assert digest.status == Digest.Status.DRAFT and digest.kind == Digest.Kind.WEEKLY
    assert "Waiting for your sign-off" in client.get("/en/digests/").content.decode()
