"""The one error type services raise for anything a person did that cannot be done.

``code`` is stable (for clients and tests), ``message`` is translated (for people). Views turn it into
a form error or a page, consumers into an ``error`` event.
"""

from __future__ import annotations

from django.utils.functional import Promise


class ServiceError(Exception):
    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(code)
        self.code = code
        self.message = str(message)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
