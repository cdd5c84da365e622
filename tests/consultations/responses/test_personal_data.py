"""The response loop in "Download my data" and "Delete my account"."""

import pytest

from consultations.responses.models import Response, ResponseNotice
from youthvoice.accounts.services import account_delete, account_export

pytestmark = pytest.mark.django_db


def test_the_export_lists_notices_and_responses_written(consultation_a, editor_a, participant, published):
    notices = account_export(user=participant)["response_notices"]
    assert notices == [
        {
            "consultation": consultation_a.title,
            "told": ResponseNotice.objects.get().created_at.isoformat(),
            "dismissed": None,
        }
    ]
    written = account_export(user=editor_a)["consultation_responses_written"]
    assert written == [
        {
            "consultation": consultation_a.title,
            "last_saved_by_you": True,
            "published_by_you": True,
            "published": published.published_at.isoformat(),
        }
    ]


def test_deleting_an_account_keeps_the_organisations_response_public(editor_a, participant, published):
    account_delete(user=participant)
    assert not ResponseNotice.objects.exists()
    account_delete(user=editor_a)
    response = Response.objects.get()
    assert (response.author, response.published_by, response.published_at) == (None, None, published.published_at)
