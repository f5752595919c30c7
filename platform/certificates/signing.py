"""The platform's Ed25519 signing keys: creation, rotation, the JWKS, signing and checking.

Private keys are stored encrypted (Fernet, with a key derived from ``CLEA_SECRET_KEY`` by
HKDF-SHA256); public keys are published at ``/.well-known/jwks.json``, retired ones
included, so a certificate signed years ago still verifies. The process needs the
secret: the web app and the CLI call :func:`configure` with their settings; code that
runs without them (a script, a test) falls back to ``Settings.from_environ()``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import threading
import warnings
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jws
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwk import KeySet, OKPKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates.models import SigningKey
from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from clea_platform.db.base import utcnow
from clea_platform.tenants.scoping import read_credential

#: RFC 9864's fully-specified name for EdDSA over Ed25519 (joserfc refuses plain "EdDSA").
ALGORITHM = "Ed25519"
#: The same signature under the name JWT verifiers know (RFC 8037): what Open Badges 3.0
#: credentials and status lists carry, since PyJWT and OB 3.0 verifiers refuse "Ed25519".
EDDSA = "EdDSA"
#: Where a key's public JWK is served: the ``kid`` of Open Badges credentials.
KEY_PATH = "/keys/"
HKDF_INFO = b"clea-platform/certificate-signing-keys/v1"


@dataclass(frozen=True, slots=True)
class SignerSettings:
    secret_key: str
    base_url: str


_configured: SignerSettings | None = None
_lock = threading.Lock()
_private_keys: dict[tuple[str, str], OKPKey] = {}


def configure(settings: Settings) -> None:
    """Use these settings' secret (to decrypt keys) and base URL (issuer, QR codes)."""
    global _configured
    _configured = SignerSettings(secret_key=settings.secret_key, base_url=settings.base_url)


def signer_settings() -> SignerSettings:
    global _configured
    if _configured is None:
        settings = Settings.from_environ()
        _configured = SignerSettings(secret_key=settings.secret_key, base_url=settings.base_url)
    return _configured


def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def new_kid(today: dt.date) -> str:
    return f"clea-{today:%Y%m%d}-{secrets.token_hex(4)}"


def _generate(kid: str, secret_key: str) -> SigningKey:
    key = OKPKey.generate_key("Ed25519", parameters={"kid": kid})
    public = {**key.as_dict(private=False), "alg": ALGORITHM, "use": "sig"}
    encrypted = _fernet(secret_key).encrypt(key.as_pem(private=True)).decode()
    return SigningKey(
        kid=kid, algorithm=ALGORITHM, public_jwk=public, private_key_encrypted=encrypted
    )


def _decrypt(kid: str, encrypted: str, secret_key: str) -> OKPKey:
    try:
        pem = _fernet(secret_key).decrypt(encrypted.encode())
    except InvalidToken:
        raise ConfigurationError(
            f"Impossible de déchiffrer la clé de signature « {kid} » : "
            "CLEA_SECRET_KEY a changé depuis sa création.",
            hint="Remettez l'ancienne valeur de CLEA_SECRET_KEY, ou créez une nouvelle clé "
            "avec « clea certificates rotate-key » (les anciens certificats restent "
            "vérifiables : leur clé publique reste publiée).",
        ) from None
    key = OKPKey.import_key(pem, parameters={"kid": kid})
    with _lock:
        _private_keys[(kid, secret_key)] = key
    return key


async def active_key(session: AsyncSession) -> tuple[str, OKPKey]:
    """The newest key not retired (created on first use)."""
    secret_key = signer_settings().secret_key
    row = await session.scalar(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
        .limit(1)
    )
    if row is None:
        row = _generate(new_kid(utcnow().date()), secret_key)
        session.add(row)
        await session.flush()
        return row.kid, _decrypt(row.kid, row.private_key_encrypted, secret_key)
    key = _private_keys.get((row.kid, secret_key))
    if key is None:
        # The private key is a credential column: read on purpose, decrypted once.
        encrypted = await read_credential(
            session,
            "certificates:signing",
            select(SigningKey.private_key_encrypted).where(SigningKey.kid == row.kid),
            "signing_private_key",
            row.kid,
        )
        assert encrypted is not None  # the row was just read
        key = _decrypt(row.kid, encrypted, secret_key)
    return row.kid, key


async def rotate(session: AsyncSession) -> SigningKey:
    """Retire the current keys (they stay published) and create a new active one."""
    now = utcnow()
    for row in await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        row.retired_at = now
    row = _generate(new_kid(now.date()), signer_settings().secret_key)
    session.add(row)
    await session.flush()
    return row


def published_jwk(stored: dict[str, Any]) -> dict[str, Any]:
    """The public JWK as published: without ``alg``, since the key signs under two names
    (``Ed25519`` for the certificate's token, ``EdDSA`` for its Open Badge) and a JWK's
    ``alg`` would restrict it to one (PyJWT then refuses the other)."""
    return {name: value for name, value in stored.items() if name != "alg"}


async def jwks(session: AsyncSession) -> dict[str, Any]:
    """Every public key, newest first: what ``/.well-known/jwks.json`` serves."""
    rows = await session.scalars(
        select(SigningKey).order_by(SigningKey.created_at.desc(), SigningKey.kid.desc())
    )
    return {"keys": [published_jwk(row.public_jwk) for row in rows]}


def key_url(kid: str) -> str:
    """The URL that resolves to the public JWK of ``kid`` (an Open Badge's ``kid``)."""
    return f"{signer_settings().base_url}{KEY_PATH}{kid}"


async def public_jwk(session: AsyncSession, kid: str) -> dict[str, Any] | None:
    """The published public JWK of one key (retired ones included), its ``kid`` the URL
    it is served at; None for an unknown key."""
    row = await session.get(SigningKey, kid)
    if row is None:
        return None
    return {**published_jwk(row.public_jwk), "kid": key_url(kid)}


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes for the same data, always."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(
    payload: Any, kid: str, key: OKPKey, *, typ: str | None = None, algorithm: str = ALGORITHM
) -> str:
    """A compact JWS of ``payload`` (canonical JSON) with ``kid`` in its header.

    ``algorithm`` is ``Ed25519`` (the certificate's token) or ``EdDSA`` (the same
    signature under its RFC 8037 name, for JWT verifiers; joserfc warns that RFC 9864
    deprecates the name, which is why it is asked for explicitly here).
    """
    header: dict[str, Any] = {"alg": algorithm, "kid": kid}
    if typ:
        header["typ"] = typ
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)
        return jws.serialize_compact(header, canonical_json(payload), key, algorithms=[algorithm])


def verify(token: str, key_set: dict[str, Any]) -> dict[str, Any] | None:
    """The payload of ``token`` if a key of ``key_set`` (a JWKS) signed it, else None."""
    try:
        keys = KeySet.import_key_set(key_set)  # type: ignore[arg-type]
        result = jws.deserialize_compact(token, keys, algorithms=[ALGORITHM])
        payload: dict[str, Any] = json.loads(result.payload)
    except (JoseError, ValueError):
        return None
    return payload
