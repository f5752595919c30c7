"""Random secrets handed to people (links, cookies, API keys); only their hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    """SHA-256 is enough here: tokens are long random strings, not passwords."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(token: str, expected_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), expected_hash)
