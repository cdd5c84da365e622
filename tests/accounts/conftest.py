import re

import pytest
from django.core import mail

TOKEN_URL = re.compile(r"https?://[^\s]+/guardian/(consent|manage)/([A-Za-z0-9_-]+)/")


def links_in(body: str) -> dict[str, str]:
    """{"consent": token, "manage": token} from a guardian mail."""
    return {kind: token for kind, token in TOKEN_URL.findall(body)}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (mails), as a real commit would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def outbox():
    return mail.outbox
