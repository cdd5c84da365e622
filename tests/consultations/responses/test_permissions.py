"""Who may write, publish and update a response: in the services and over HTTP."""

import pytest

from consultations.digests.models import Subscription
from consultations.responses import services
from consultations.responses.models import Commitment, Response
from consultations.responses.permissions import can_respond
from consultations.responses.selectors import response_section
from consultations.responses.services import CommitmentInput
from tests.consultations.responses.conftest import policymaker
from youthvoice.errors import ServiceError

pytestmark = pytest.mark.django_db

ALLOWED = ["editor_a", "admin", "following_policymaker"]
REFUSED = ["editor_b", "moderator_a", "participant", "stranger_policymaker"]


def _save(user, page, **changes):
    values = {
        "heard": "You told us the park is dark at night.",
        "will_do": "We will fix the lights.",
        "will_not": "We will not close the park: you asked us not to.",
        "commitments": [CommitmentInput(text="Repair 12 street lights")],
    }
    values.update(changes)
    return services.response_save(author=user, consultation=page, **values)


@pytest.fixture
def draft(consultation_a, editor_a):
    return _save(editor_a, consultation_a)


@pytest.mark.parametrize("role", ALLOWED)
def test_allowed_people_write_publish_and_update(request, role, consultation_a):
    user = request.getfixturevalue(role)
    response = _save(user, consultation_a)
    assert response.author == user
    published = services.response_publish(author=user, response_id=response.pk)
    assert published.published_at is not None and published.published_by == user
    commitment = response.commitments.get()
    services.commitment_update(author=user, commitment_id=commitment.pk, status="in_progress", date=None)
    assert Commitment.objects.get(pk=commitment.pk).status == "in_progress"


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_is_refused_by_every_service(request, role, consultation_a, draft):
    user = request.getfixturevalue(role)
    for call in (
        lambda: _save(user, consultation_a, heard="Overwritten"),
        lambda: services.response_publish(author=user, response_id=draft.pk),
        lambda: services.commitment_update(
            author=user, commitment_id=draft.commitments.get().pk, status="done", date=None
        ),
    ):
        with pytest.raises(ServiceError) as caught:
            call()
        assert caught.value.code == "not_allowed"
        assert "policymakers who follow it" in caught.value.message
    draft.refresh_from_db()
    assert draft.heard == "You told us the park is dark at night." and draft.published_at is None
    assert draft.commitments.get().status == "planned"


def test_a_policymaker_following_the_organisation_may_answer(consultation_a, org_a):
    user = policymaker()
    assert not can_respond(user, consultation_a)
    Subscription.objects.create(user=user, organisation=org_a)
    assert can_respond(user, consultation_a)


def test_following_without_being_a_policymaker_is_not_enough(consultation_a, participant):
    Subscription.objects.create(user=participant, consultation=consultation_a)
    assert not can_respond(participant, consultation_a)


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
def test_the_pages_one_query_rule_agrees_with_the_services(request, role, consultation_a):
    """The consultation page asks the same question inside its response query (permissions.py)."""
    from youthvoice.accounts.auth_backends import ParticipationAwareBackend

    user = request.getfixturevalue(role)
    loaded = ParticipationAwareBackend().get_user(user.pk)  # as on a request: with its page facts
    section = response_section(consultation=consultation_a, viewer=loaded)
    assert section.may_respond is can_respond(user, consultation_a) is (role in ALLOWED)


@pytest.mark.parametrize("role", REFUSED)
def test_http_refuses_with_403_and_writes_nothing(request, role, client, consultation_a, draft):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url = f"/en/consultations/{consultation_a.pk}/response/"
    assert client.get(url).status_code == 403
    posted = client.post(
        url,
        {"heard": "Mine", "will_do": "Mine", "will_not": "Mine", "publish": "1", **_empty_formset()},
    )
    assert posted.status_code == 403
    commitment = draft.commitments.get()
    progress = f"/en/responses/commitments/{commitment.pk}/progress/"
    assert client.get(progress).status_code == 403
    assert client.post(progress, {"status": "done"}).status_code == 403
    draft.refresh_from_db()
    assert (draft.heard, draft.published_at) == ("You told us the park is dark at night.", None)
    assert draft.commitments.get().status == "planned"


@pytest.mark.parametrize("role", ALLOWED)
def test_http_lets_allowed_people_in(request, role, client, consultation_a):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"/en/consultations/{consultation_a.pk}/response/").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, consultation_a):
    response = client.get(f"/en/consultations/{consultation_a.pk}/response/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_publisher_is_the_organisation_or_the_policymakers_display_name(
    client, consultation_a, editor_a, following_policymaker
):
    response = _save(following_policymaker, consultation_a)
    services.response_publish(author=following_policymaker, response_id=response.pk)
    html = client.get(consultation_a.url).content.decode()
    assert "Published by Councillor Kim on" in html
    assert "kim.private@city.example" not in html

    other = Response.objects.get(pk=response.pk)
    Response.objects.filter(pk=other.pk).update(published_at=None)
    services.response_publish(author=editor_a, response_id=response.pk)
    html = client.get(consultation_a.url).content.decode()
    assert "Published by Safe Streets Youth on" in html
    assert "Editor Ada" not in html and editor_a.email not in html


def _empty_formset(prefix="commitments", total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
