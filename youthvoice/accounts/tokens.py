"""Random link tokens that are stored only as hashes, and IP addresses kept only as keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

TOKEN_BYTES = 32  # 256 bits of randomness


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_ip(ip: str | None) -> str:
    """Evidence that a decision came from some address, without keeping the address."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()
