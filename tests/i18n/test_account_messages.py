"""The short messages allauth shows after an action ("You are signed out.") are ours, translated."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import UserFactory

MESSAGES = sorted(path.stem for path in (Path(__file__).parents[2] / "templates/account/messages").glob("*.txt"))
CONTEXT = {"email": "reader@example.org"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sq", "kk", "mk", "bs"])
def test_every_message_is_translated_where_allauth_has_no_catalogue(language):
    assert len(MESSAGES) >= 11
    context = {**CONTEXT, "user": UserFactory(display_name="Quiet Finch")}
    for name in MESSAGES:
        with translation.override("en"):
            english = render_to_string(f"account/messages/{name}.txt", context).strip()
        with translation.override(language):
            translated = render_to_string(f"account/messages/{name}.txt", context).strip()
        assert translated and translated != english, f"{name} is not translated into {language}"
