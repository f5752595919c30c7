"""Signing a delivery: the Standard Webhooks scheme (https://www.standardwebhooks.com).

Every request carries three headers:

- ``webhook-id``: the event's identifier (the same for retries and replays: receivers
  deduplicate on it);
- ``webhook-timestamp``: seconds since the epoch when this attempt was signed (fresh for
  each attempt and replay: receivers refuse old ones, say older than 5 minutes);
- ``webhook-signature``: ``v1,`` then the base64 HMAC-SHA256, keyed with the secret's
  bytes (base64 after ``whsec_``), of ``"{webhook-id}.{webhook-timestamp}.{body}"``.

Example:
    >>> secret = "whsec_" + base64.b64encode(b"0" * 32).decode()
    >>> headers = signed_headers(secret, "msg_1", 1700000000, '{"a":1}')
    >>> headers["webhook-signature"]
    'v1,z0gF+AgSqUCmK9E5+VdblaSkKJjio2qcazBsuPr0wWA='
    >>> verify(secret, headers, '{"a":1}', now=1700000010)
    True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` + 32 random bytes in base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    digest = hmac.new(
        _key(secret), f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256
    ).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The headers of one attempt (plus ``content-type``)."""
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def verify(secret: str, headers: dict[str, str], body: str, *, now: int) -> bool:
    """What a receiver checks: a signature of ours, and a timestamp within 5 minutes."""
    timestamp = int(headers["webhook-timestamp"])
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, headers["webhook-id"], timestamp, body)
    offered = headers["webhook-signature"].split()
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
