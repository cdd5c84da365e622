"""Privacy canaries: a minor's email address, date of birth, guardian's email and IP address must never
appear in any page, event, digest, export or log line — except (for what we keep) in their own data
export. The IP address is kept nowhere at all."""

import io
import json
import logging
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations.digests import services as digests
from consultations.digests.models import Subscription
from consultations.moderation import services as moderation
from consultations.polis.exporter import polis_export
from consultations.services import comment_create, vote_cast
from tests.factories import ConsultationPageFactory, GuardianConsentFactory, OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

EMAIL = "canary.minor.7731@example.net"
GUARDIAN = "canary.guardian.7731@example.net"
BIRTH = date(timezone.localdate().year - 15, 3, 17)
IP = "203.0.113.77"  # TEST-NET-3: the minor's requests come from here
CANARIES = (
    IP,
    EMAIL,
    "canary.minor",
    GUARDIAN,
    "canary.guardian",
    BIRTH.isoformat(),
    BIRTH.strftime("%d.%m.%Y"),
    BIRTH.strftime("%B %-d, %Y"),
    BIRTH.strftime("%b. %-d, %Y"),
    BIRTH.strftime("%-m/%-d/%Y"),
)


def _clean(where: str, text: str) -> None:
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} leaked into {where}"


@pytest.fixture
def world(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    organisation = OrganisationFactory(name="Canary Youth")
    consultation = ConsultationPageFactory(organisation=organisation, questions=["What would help?"])
    question = consultation.questions.first()
    minor = GuardianConsentFactory(
        status="granted", guardian_email=GUARDIAN, minor__email=EMAIL, minor__date_of_birth=BIRTH,
        minor__display_name="Quiet Finch",
    ).minor  # fmt: skip
    moderator = UserFactory(age=30)
    Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.MODERATOR)
    Membership.objects.create(organisation=organisation, user=moderator, role=Membership.Role.EDITOR)
    policymaker = UserFactory(age=50)
    policymaker.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    Subscription.objects.create(user=policymaker, consultation=consultation)
    comment = comment_create(
        author=minor, consultation=consultation, question_id=question.pk, body="More buses at night"
    )
    held = comment_create(author=minor, consultation=consultation, question_id=question.pk, body="A second idea")
    moderation.comment_approve(moderator=moderator, comment_id=comment.pk)
    moderation.comment_flag(reporter=UserFactory(), comment_id=comment.pk, reason="spam")
    for _ in range(6):
        vote_cast(voter=UserFactory(age=20), comment_id=comment.pk, choice="agree")
    digest = digests.digest_generate(
        consultation=consultation, kind="weekly", until=timezone.now() + timedelta(minutes=1)
    )
    digests.digest_approve(editor=moderator, digest_id=digest.pk)
    return {
        "consultation": consultation, "question": question, "minor": minor, "moderator": moderator,
        "policymaker": policymaker, "digest": digest, "held": held, "tmp": tmp_path,
    }  # fmt: skip


def test_no_page_event_digest_export_or_log_line_shows_the_canaries(client, world, caplog):
    consultation, digest = world["consultation"], world["digest"]
    page_url = f"{consultation.url}?question={world['question'].pk}"
    # The minor takes part over HTTP too, from their own address (a refused vote on their own comment
    # and an empty post included, so error paths are logged as well).
    client.force_login(world["minor"])
    own = world["held"].pk
    for path, fields in (
        (f"/en/discussion/{consultation.pk}/comments/", {"question": world["question"].pk, "body": "From my phone"}),
        (f"/en/discussion/{consultation.pk}/comments/", {"question": world["question"].pk, "body": ""}),
        (f"/en/discussion/comments/{own}/vote/", {"choice": "agree"}),
    ):
        assert client.post(path, fields, REMOTE_ADDR=IP).status_code < 500
    # Their own export holds their email and birth date, but no IP address: none is kept anywhere.
    assert IP not in client.get("/en/accounts/me/export/", REMOTE_ADDR=IP).content.decode()
    client.logout()
    _clean("the public consultation page", client.get(page_url).content.decode())
    _clean("the open data", client.get(f"/api/consultations/{consultation.pk}/figures.json").content.decode())

    client.force_login(UserFactory())
    _clean("the page for another participant", client.get(page_url).content.decode())

    client.force_login(world["moderator"])
    for url in ("/en/moderation/", "/en/moderation/log/", f"/en/digests/{digest.pk}/", f"/en/digests/{digest.pk}/csv/"):
        _clean(url, client.get(url).content.decode())
    from pypdf import PdfReader

    pdf = client.get(f"/en/digests/{digest.pk}/pdf/").content
    _clean("the digest PDF", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))

    client.force_login(world["policymaker"])
    _clean("the policymaker's digest page", client.get(f"/en/digests/{digest.pk}/").content.decode())
    _clean("the stored digest", json.dumps(digest.content))

    from consultations.models import ConsultationEvent

    for event in ConsultationEvent.objects.filter(consultation=consultation):
        _clean(f"the {event.type} event", json.dumps(event.payload))

    polis_export(question=world["question"], directory=world["tmp"] / "polis")
    for path in (world["tmp"] / "polis").iterdir():
        _clean(f"the Pol.is export {path.name}", path.read_text())

    _clean("the logs", "\n".join(record.getMessage() for record in caplog.records))


def test_the_minor_sees_their_own_data_in_their_export(client, world):
    client.force_login(world["minor"])
    export = client.get("/en/accounts/me/export/").content.decode()
    assert EMAIL in export and BIRTH.isoformat() in export
