"""The signed row-level security context (PostgreSQL).

Each transaction of the application tells PostgreSQL who it acts for in one setting,
``app.context`` (``"<organisation>|<user>|<cross-tenant on/off>|<credentials on/off>"``),
and proves it came from the application with a second one, ``app.context_signature``:
HMAC-SHA256 of ``"<binding>|<context>"`` under a key derived from ``CLEA_SECRET_KEY``.

The policies and the credential functions of the ``clea_rls`` schema (migration 0015)
believe the context only when the signature is right. The runtime role can set any
setting from SQL but cannot read the key (``clea_rls.context_key`` belongs to the
tables' owner), so it cannot forge a context. The binding,
``clea_rls.transaction_binding()``, is the backend's process id and the transaction's
start time in microseconds: a signature is good for one transaction of one connection,
so one that leaks (read by an injected statement, say) is useless in any other.

Example:
    >>> context = RowSecurityContext(organisation_id=None, user_id=None)
    >>> context.value()
    '||off|off'
    >>> len(signature(derive_key("secret"), "4242|1700000000000000", context.value()))
    64
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

HKDF_INFO = b"clea-platform/row-level-security-context/v1"
KEY_BYTES = 32
SHA256_BLOCK_BYTES = 64

#: The transaction's binding: read once per transaction, before the first context.
BINDING_QUERY = "SELECT clea_rls.transaction_binding()"
#: The context and its signature, local to the transaction (``set_config(…, true)``).
SET_CONTEXT = (
    "SELECT set_config('app.context', :context, true),"
    " set_config('app.context_signature', :signature, true)"
)


@dataclass(frozen=True, slots=True)
class RowSecurityContext:
    """What a transaction may see: one tenant (or all of them), and credentials or not."""

    organisation_id: uuid.UUID | None
    user_id: uuid.UUID | None
    cross_tenant: bool = False
    credentials: bool = False

    def value(self) -> str:
        """The text of ``app.context``, which the database splits on ``|``."""
        return "|".join(
            (
                str(self.organisation_id or ""),
                str(self.user_id or ""),
                "on" if self.cross_tenant else "off",
                "on" if self.credentials else "off",
            )
        )


def derive_key(secret_key: str) -> bytes:
    """The context-signing key: its own key, derived from ``CLEA_SECRET_KEY`` (HKDF)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=HKDF_INFO).derive(
        secret_key.encode()
    )


def key_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer padded keys (RFC 2104), what the database stores.

    With them PostgreSQL computes HMAC-SHA256 with its built-in ``sha256()`` alone:
    ``sha256(outer || sha256(inner || message))``, no extension needed.
    """
    block = key.ljust(SHA256_BLOCK_BYTES, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def signature(key: bytes, binding: str, context: str) -> str:
    """HMAC-SHA256 (hex) of ``"<binding>|<context>"``: what ``clea_rls`` recomputes."""
    message = f"{binding}|{context}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_parameters(key: bytes, binding: str, context: str) -> dict[str, str]:
    """The parameters of :data:`SET_CONTEXT`."""
    return {"context": context, "signature": signature(key, binding, context)}
