"""Keep secrets out of logs: link tokens appear in URL paths, which access logs print."""

from __future__ import annotations

import logging
import re

# /<lang>/guardian/<consent|manage>/<token>/ and allauth's /accounts/confirm-email/<key>/ and
# password-reset keys.
_SECRET_PATHS = re.compile(
    r"(/guardian/(?:consent|manage)/|/accounts/confirm-email/|/accounts/password/reset/key/)[^/\s\"?]+"
)


def redact(text: str) -> str:
    return _SECRET_PATHS.sub(r"\1[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
