"""Who may take part, seen through both transports: the consultation page (HTTP) and the socket."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from tests.factories import ConsultationPageFactory, GuardianConsentFactory, UserFactory
from tests.ws import session_cookie
from youthvoice.accounts.auth_backends import (
    CONSENT_STATUS,
    HAS_UNSEEN_NOTICES,
    MAY_RESPOND_SOMEWHERE,
    VERIFIED_EMAIL,
    ParticipationAwareBackend,
    with_participation_facts,
)
from youthvoice.accounts.guardians import GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.accounts.permissions import participation_decision


def _person(state: str):
    if state == "anonymous":
        return None
    if state == "unverified_adult":
        return UserFactory(age=25, verified=False)
    if state == "verified_adult":
        return UserFactory(age=25)
    if state == "minor_without_request":
        return UserFactory(age=14)
    status = {
        "minor_awaiting_guardian": GuardianConsent.Status.PENDING,
        "minor_declined": GuardianConsent.Status.DECLINED,
        "minor_revoked": GuardianConsent.Status.REVOKED,
        "minor_approved": GuardianConsent.Status.GRANTED,
    }[state]
    return GuardianConsentFactory(status=status).minor


STATES = [
    ("anonymous", "login_required"),
    ("unverified_adult", "email_unverified"),
    ("minor_without_request", "guardian_needed"),
    ("minor_awaiting_guardian", "guardian_pending"),
    ("minor_declined", "guardian_declined"),
    ("minor_revoked", "guardian_revoked"),
    ("verified_adult", "allowed"),
    ("minor_approved", "allowed"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "expected"), STATES)
def test_http_everyone_reads_only_the_permitted_take_part(client, state, expected):
    page = ConsultationPageFactory()
    person = _person(state)
    if person:
        client.force_login(person)
    response = client.get(page.url)
    assert response.status_code == 200  # reading is for everyone
    assert f'data-participation="{expected}"' in response.content.decode()


_session_cookie = session_cookie


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("state", "expected"), STATES)
async def test_websocket_hello_states_the_same_permission(state, expected):
    from youthvoice.asgi import application

    page = await database_sync_to_async(ConsultationPageFactory)()
    person = await database_sync_to_async(_person)(state)
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if person:
        headers.append((b"cookie", await database_sync_to_async(_session_cookie)(person)))
    communicator = WebsocketCommunicator(application, f"/ws/consultations/{page.id}/", headers=headers)
    assert (await communicator.connect())[0]
    participation = (await communicator.receive_json_from())["participation"]
    await communicator.disconnect()
    if expected == "allowed":
        assert participation == {"allowed": True, "reason": None, "message": ""}
    else:
        assert participation["allowed"] is False
        assert participation["reason"] == expected
        assert participation["message"]


@pytest.mark.django_db
def test_withdrawal_takes_effect_on_the_very_next_request():
    consent = GuardianConsentFactory(status=GuardianConsent.Status.GRANTED)
    page = ConsultationPageFactory()
    client = Client()
    client.force_login(consent.minor)
    assert 'data-participation="allowed"' in client.get(page.url).content.decode()
    GuardianConsent.objects.filter(pk=consent.pk).update(status=GuardianConsent.Status.REVOKED)
    assert 'data-participation="guardian_revoked"' in client.get(page.url).content.decode()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_open_sockets_learn_at_once_when_a_guardian_withdraws():
    from youthvoice.accounts import services
    from youthvoice.accounts.guardians import GuardianLink
    from youthvoice.accounts.tokens import hash_token, new_token
    from youthvoice.asgi import application

    consent = await database_sync_to_async(GuardianConsentFactory)(status=GuardianConsent.Status.GRANTED)
    token = new_token()
    await database_sync_to_async(GuardianLink.objects.create)(
        consent=consent, purpose=GuardianLink.Purpose.MANAGE, token_hash=hash_token(token)
    )
    page = await database_sync_to_async(ConsultationPageFactory)()
    cookie = await database_sync_to_async(_session_cookie)(consent.minor)
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie)]
    communicator = WebsocketCommunicator(application, f"/ws/consultations/{page.id}/", headers=headers)
    await communicator.connect()
    assert (await communicator.receive_json_from())["participation"]["allowed"] is True

    await database_sync_to_async(services.guardian_consent_revoke)(token=token)
    event = await communicator.receive_json_from(timeout=3)
    assert event["type"] == "participation"
    assert event["allowed"] is False
    assert event["reason"] == "guardian_revoked"
    await communicator.disconnect()


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "expected"), STATES[1:])
def test_the_signed_in_user_comes_loaded_with_the_answer(state, expected, django_assert_num_queries):
    """The authentication backend reads the facts with the user: no query per check, same answer."""
    person = _person(state)
    loaded = ParticipationAwareBackend().get_user(person.pk)
    with django_assert_num_queries(0):
        decision = participation_decision(loaded)
    assert (decision.reason.value if decision.reason else "allowed") == expected
    assert participation_decision(User.objects.get(pk=person.pk)) == decision
    # The hand-written SQL of the hot path and the ORM's version agree.
    annotated = with_participation_facts(User.objects.filter(pk=person.pk)).get()
    assert getattr(annotated, VERIFIED_EMAIL) == getattr(loaded, VERIFIED_EMAIL)
    assert getattr(annotated, CONSENT_STATUS) == getattr(loaded, CONSENT_STATUS)
    for fact in (HAS_UNSEEN_NOTICES, MAY_RESPOND_SOMEWHERE):
        assert getattr(annotated, fact) is getattr(loaded, fact) is False


@pytest.mark.django_db
def test_a_superseded_request_does_not_count_for_the_loaded_user():
    minor = GuardianConsentFactory(status=GuardianConsent.Status.SUPERSEDED).minor
    GuardianConsentFactory(minor=minor, status=GuardianConsent.Status.PENDING)
    loaded = ParticipationAwareBackend().get_user(minor.pk)
    assert participation_decision(loaded).reason.value == "guardian_pending"
