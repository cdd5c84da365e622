import hashlib
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.conftest import links_in
from tests.factories import UserFactory, years_ago
from youthvoice.accounts import services
from youthvoice.accounts.guardians import CONSENT_TEXT_VERSION, GuardianConsent, GuardianLink
from youthvoice.accounts.permissions import Reason, participation_decision
from youthvoice.errors import ServiceError

pytestmark = pytest.mark.django_db

GUARDIAN = "parent@example.net"


@pytest.fixture
def minor():
    return UserFactory(age=14, email="teen@example.org", display_name="Brave Heron")


@pytest.fixture
def requested(minor, commit, outbox):
    """A pending request; returns the tokens the guardian received."""
    commit(services.guardian_consent_request, minor=minor, guardian_email=GUARDIAN)
    (mail,) = outbox
    return links_in(mail.body)


def _consent(minor) -> GuardianConsent:
    return minor.guardian_consents.exclude(status="superseded").get()


class TestRequest:
    def test_guardian_gets_a_plain_explanation_with_two_links(self, minor, requested, outbox):
        (mail,) = outbox
        assert mail.to == [GUARDIAN]
        assert "Brave Heron" in mail.body
        assert "What nobody else ever sees" in mail.body
        assert set(requested) == {"consent", "manage"}
        assert "teen@example.org" not in mail.body

    def test_tokens_are_random_and_stored_only_as_hashes(self, minor, requested):
        links = GuardianLink.objects.filter(consent__minor=minor)
        stored = set(links.values_list("token_hash", flat=True))
        for token in requested.values():
            assert len(token) >= 43  # 32 random bytes, URL-safe base64: 256 bits
            assert hashlib.sha256(token.encode()).hexdigest() in stored
            for link in links:
                assert token not in {link.token_hash, str(link.pk)}

    def test_decision_link_expires_after_seven_days(self, minor, requested):
        link = GuardianLink.objects.get(consent__minor=minor, purpose="decide")
        assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)
        assert GuardianLink.objects.get(consent__minor=minor, purpose="manage").expires_at is None

    def test_guardian_email_must_differ_from_the_minors(self, minor):
        with pytest.raises(ServiceError) as raised:
            services.guardian_consent_request(minor=minor, guardian_email="TEEN@example.org")
        assert raised.value.code == "own_email"

    def test_adults_need_no_consent(self):
        with pytest.raises(ServiceError) as raised:
            services.guardian_consent_request(minor=UserFactory(age=19), guardian_email=GUARDIAN)
        assert raised.value.code == "not_needed"

    def test_asking_someone_else_supersedes_the_open_request(self, minor, requested, commit):
        commit(services.guardian_consent_request, minor=minor, guardian_email="other@example.net")
        statuses = dict(minor.guardian_consents.values_list("guardian_email", "status"))
        assert statuses == {GUARDIAN: "superseded", "other@example.net": "pending"}
        with pytest.raises(ServiceError):
            services.guardian_link_resolve(token=requested["consent"], purpose=GuardianLink.Purpose.DECIDE)

    def test_sending_again_is_rate_limited(self, minor, requested, commit, outbox):
        commit(services.guardian_consent_resend, minor=minor)
        commit(services.guardian_consent_resend, minor=minor)
        with pytest.raises(ServiceError) as raised:
            commit(services.guardian_consent_resend, minor=minor)
        assert raised.value.code == "rate_limited"
        assert len(outbox) == 3


class TestDecision:
    def test_get_changes_nothing_and_sends_no_referrer(self, client, minor, requested):
        response = client.get(f"/en/guardian/consent/{requested['consent']}/")
        assert response.status_code == 200
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response.headers["Cache-Control"]
        html = response.content.decode()
        assert 'value="approve"' in html and 'value="decline"' in html
        assert _consent(minor).status == "pending"
        assert not GuardianLink.objects.filter(used_at__isnull=False).exists()

    def test_approve_records_evidence_and_tells_the_minor(
        self, client, minor, requested, django_capture_on_commit_callbacks, outbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/en/guardian/consent/{requested['consent']}/", {"decision": "approve"}, REMOTE_ADDR="203.0.113.7"
            )
        assert response.status_code == 200
        consent = _consent(minor)
        assert consent.status == "granted"
        assert consent.method == "email-link"
        assert consent.consent_text_version == CONSENT_TEXT_VERSION
        assert consent.decided_at is not None
        assert len(consent.ip_hash) == 64
        assert "203.0.113.7" not in consent.ip_hash
        assert outbox[-1].to == ["teen@example.org"]
        assert participation_decision(minor).allowed

    def test_a_link_works_once(self, client, minor, requested):
        url = f"/en/guardian/consent/{requested['consent']}/"
        client.post(url, {"decision": "decline"})
        again = client.post(url, {"decision": "approve"})
        assert again.status_code == 410
        assert "already been made" in again.content.decode()
        assert _consent(minor).status == "declined"

    def test_an_expired_link_changes_nothing(self, client, minor, requested):
        GuardianLink.objects.filter(purpose="decide").update(expires_at=timezone.now() - timedelta(seconds=1))
        response = client.post(f"/en/guardian/consent/{requested['consent']}/", {"decision": "approve"})
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        assert _consent(minor).status == "pending"

    def test_the_minor_cannot_approve_their_own_request(self, client, minor, requested):
        client.force_login(minor)
        response = client.post(f"/en/guardian/consent/{requested['consent']}/", {"decision": "approve"})
        assert response.status_code == 400
        assert "logged in as the young person" in response.content.decode()
        assert _consent(minor).status == "pending"

    def test_an_unknown_choice_is_explained_and_changes_nothing(self, client, minor, requested):
        response = client.post(f"/en/guardian/consent/{requested['consent']}/", {"decision": "maybe"})
        assert response.status_code == 400
        assert "Choose Approve or Decline" in response.content.decode()
        assert _consent(minor).status == "pending"

    def test_a_made_up_token_is_refused(self, client):
        response = client.get("/en/guardian/consent/not-a-real-token-at-all-000000000000000000/")
        assert response.status_code == 410
        assert "not valid" in response.content.decode()

    def test_after_a_decline_the_minor_can_ask_again(self, client, minor, requested, commit):
        client.post(f"/en/guardian/consent/{requested['consent']}/", {"decision": "decline"})
        assert participation_decision(minor).reason == Reason.GUARDIAN_DECLINED
        commit(services.guardian_consent_request, minor=minor, guardian_email=GUARDIAN)
        assert participation_decision(minor).reason == Reason.GUARDIAN_PENDING


class TestWithdrawal:
    def test_withdrawal_stops_participation_hides_content_and_tells_the_minor(
        self, client, minor, requested, django_capture_on_commit_callbacks, outbox
    ):
        client.post(f"/en/guardian/consent/{requested['consent']}/", {"decision": "approve"})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/en/guardian/manage/{requested['manage']}/", {"action": "withdraw"})
        assert response.status_code == 200
        minor.refresh_from_db()
        assert minor.contributions_hidden
        assert _consent(minor).status == "revoked"
        assert participation_decision(minor).reason == Reason.GUARDIAN_REVOKED
        assert outbox[-1].to == ["teen@example.org"]
        assert "withdrawn" in outbox[-1].subject

    def test_the_manage_link_never_expires_and_can_delete_the_account(
        self, client, minor, requested, django_capture_on_commit_callbacks, outbox
    ):
        GuardianLink.objects.update(created_at=timezone.now() - timedelta(days=400))
        url = f"/en/guardian/manage/{requested['manage']}/"
        assert client.get(url).status_code == 200
        unconfirmed = client.post(url, {"action": "delete"})
        assert unconfirmed.status_code == 400
        assert minor.__class__.objects.filter(pk=minor.pk).exists()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"action": "delete", "confirm": "yes"})
        assert not minor.__class__.objects.filter(pk=minor.pk).exists()
        assert {tuple(m.to) for m in outbox[-2:]} == {(GUARDIAN,), ("teen@example.org",)}
        assert client.get(url).status_code == 410


class TestComingOfAge:
    def test_turning_18_ends_the_guardian_link_and_both_are_told_once(self, minor, commit, outbox):
        consent = GuardianConsent.objects.create(minor=minor, guardian_email=GUARDIAN, status="granted")
        assert commit(services.coming_of_age_notify) == 0
        minor.date_of_birth = years_ago(18)
        minor.save()
        assert participation_decision(minor).allowed
        assert commit(services.coming_of_age_notify) == 1
        assert {m.to[0] for m in outbox} == {"teen@example.org", GUARDIAN}
        assert commit(services.coming_of_age_notify) == 0
        consent.refresh_from_db()
        assert consent.adult_notified_at is not None


def test_raw_tokens_never_reach_the_logs(client, minor, commit, outbox, caplog):
    caplog.set_level(logging.DEBUG)
    # "django" does not propagate to the root logger (see settings.LOGGING): listen there as well.
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    commit(services.guardian_consent_request, minor=minor, guardian_email=GUARDIAN)
    tokens = links_in(outbox[-1].body)
    client.get(f"/en/guardian/consent/{tokens['consent']}/")
    client.post(f"/en/guardian/consent/{tokens['consent']}/", {"decision": "approve"})
    client.post(f"/en/guardian/consent/{tokens['consent']}/", {"decision": "approve"})  # 410, logged
    client.get(f"/en/guardian/manage/{tokens['manage']}x/")  # invalid, logged
    django_logger.removeHandler(caplog.handler)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/guardian/consent/[redacted]" in logged  # the refused request was logged, without its token
    for token in tokens.values():
        assert token not in logged


def test_the_redaction_filter_covers_access_log_lines():
    from youthvoice.log_filters import RedactSecretsFilter

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/en/guardian/consent/abcDEF123_-xyz/", "1.1", 200), None,
    )  # fmt: skip
    RedactSecretsFilter().filter(record)
    assert "abcDEF123_-xyz" not in record.getMessage()
    assert "/en/guardian/consent/[redacted]" in record.getMessage()


def test_guardian_forms_work_when_the_browser_sends_origin_null(minor, requested):
    # The consent page's no-referrer policy makes browsers post with "Origin: null".
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        f"/en/guardian/consent/{requested['consent']}/", {"decision": "approve"}, HTTP_ORIGIN="null"
    )
    assert response.status_code == 200
    assert _consent(minor).status == "granted"
