"""Fuzzing every form: random values (wrong types, huge numbers, odd unicode, missing and extra fields)
posted as the people who use each form never give a server error."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.digests import services as digests
from consultations.digests.models import Subscription
from consultations.services import comment_create
from tests.factories import ConsultationPageFactory, OrganisationFactory, UserFactory
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership

pytestmark = pytest.mark.django_db

texts = (
    st.text(max_size=60)
    | st.integers(min_value=-(2**70), max_value=2**70).map(str)
    | st.sampled_from(["", "0", "-1", "1e309", "NaN", "\x00", "\u202e", "💥" * 40, "a" * 6000, "2026-02-30", "agree"])
)


@pytest.fixture
def places():
    organisation = OrganisationFactory()
    page = ConsultationPageFactory(organisation=organisation, questions=["What would help?"])
    question = page.questions.first()
    staff = UserFactory(age=30)
    for role in (Membership.Role.EDITOR, Membership.Role.MODERATOR):
        Membership.objects.create(organisation=organisation, user=staff, role=role)
    staff.groups.add(Group.objects.get_or_create(name=POLICYMAKERS_GROUP)[0])
    Subscription.objects.create(user=staff, consultation=page)
    participant = UserFactory(age=20)
    comment = comment_create(author=UserFactory(age=22), consultation=page, question_id=question.pk, body="An idea")
    digest = digests.digest_generate(consultation=page, kind="weekly", until=timezone.now())
    forms = [
        (participant, f"/en/discussion/{page.pk}/comments/", ["question", "body", "parent", "key", "next"]),
        (participant, f"/en/discussion/comments/{comment.pk}/vote/", ["choice", "next"]),
        (participant, f"/en/discussion/comments/{comment.pk}/report/", ["reason", "next"]),
        (staff, f"/en/moderation/comments/{comment.pk}/hide/", ["reason", "note", "next"]),
        (staff, f"/en/moderation/comments/{comment.pk}/suspend/", ["days", "reason", "next"]),
        (staff, "/en/moderation/bulk/", ["comments", "action", "reason", "next"]),
        (staff, f"/en/digests/{digest.pk}/note/", ["note"]),
        (staff, f"/en/digests/{digest.pk}/remove-quote/", ["comment"]),
        (staff, f"/en/digests/consultations/{page.pk}/follow/", ["cadence"]),
        (staff, "/en/digests/invite/", ["organisation", "email"]),
        (staff, f"/en/consultations/{page.pk}/response/", ["heard", "will_do", "will_not", "form-TOTAL_FORMS",
                                                          "form-INITIAL_FORMS", "form-0-text", "form-0-status",
                                                          "form-0-date", "publish"]),
        (participant, "/en/accounts/me/", ["display_name", "language"]),
        (None, "/en/accounts/signup/", ["email", "password1", "display_name", "birth_day", "birth_month",
                                        "birth_year", "country", "language"]),
        (None, "/en/accounts/login/", ["login", "password"]),
    ]  # fmt: skip
    return forms


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_form_gives_a_server_error(places, data):
    for user, url, fields in places:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label=url)
        payload = {name: data.draw(texts, label=name) for name in chosen}
        response = client.post(url, payload)
        assert response.status_code < 500, (url, payload, response.status_code)
