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

**At rest** the secret is sealed (:func:`seal`): Fernet (AES-128-CBC + HMAC-SHA256) with a
key derived from ``CLEA_SECRET_KEY`` by HKDF-SHA256 (its own ``info``, apart from the
certificates' keys), stored as ``sealed:v1:<token>``. The database never sees the key: a
copy of the database (a backup, a read through SQL) gives no secret that signs. The
delivery round unseals it right before signing; the scheme on the wire is unchanged, so a
replay is signed as the first attempt was. Changing ``CLEA_SECRET_KEY`` therefore makes the
stored secrets unusable (as the certificates' keys): subscriptions must then be created
again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clea_platform.core.errors import ConfigurationError

PREFIX = "whsec_"
TOLERANCE_SECONDS = 300
SEALED = "sealed:v1:"
HKDF_INFO = b"clea-platform/webhook-secrets/v1"


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret: str, secret_key: str) -> str:
    """The stored form of a signing secret: encrypted under ``CLEA_SECRET_KEY``."""
    return SEALED + _fernet(secret_key).encrypt(secret.encode()).decode()


def unseal(stored: str, secret_key: str) -> str:
    """The signing secret of a stored (sealed) one."""
    if not stored.startswith(SEALED):
        raise ConfigurationError(
            "Un secret de webhook est stocké en clair.",
            hint="Lancez « clea db upgrade » : la migration 0029 chiffre les secrets existants.",
        )
    try:
        return _fernet(secret_key).decrypt(stored.removeprefix(SEALED).encode()).decode()
    except InvalidToken:
        raise ConfigurationError(
            "Un secret de webhook ne se déchiffre pas avec CLEA_SECRET_KEY.",
            hint="Remettez la clé CLEA_SECRET_KEY d'origine, ou recréez l'abonnement.",
        ) from None


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
