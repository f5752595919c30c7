"""Revocation for any verifier: the W3C Bitstring Status List of the platform's certificates.

Every Open Badge carries a ``BitstringStatusListEntry``: a list number and an index in it.
The list is published at ``/credentials/status/<number>`` as a signed
``BitstringStatusListCredential`` (VC-JWT, the payload is the credential) whose
``encodedList`` has the bit of every revoked certificate set (W3C Bitstring Status List
v1.0: GZIP, then base64url with the multibase prefix ``u``; bit 0 is the first byte's
most significant bit). See docs/certificates.md, « Revocation (status list) ».

- **Entries** are given when a certificate's credential is first made
  (:func:`entry_for`), from the newest list's counter (``UPDATE … RETURNING``, like the
  numbering: concurrent issuers wait for each other, a rolled-back one gives its entry
  back). A list holds :data:`SIZE` entries (the specification's minimum, 16 KB); the
  next list is opened when it is full. Positions are spread over the list by a fixed
  odd multiplier (a permutation of the indexes), so that neighbours in time are not
  neighbours in the list.
- **Publication**: the list's credential is rebuilt and stored (:func:`publish`) when a
  list is opened and whenever a certificate on it is revoked or reinstated
  (``revocation.py``), in the same transaction; the route serves the stored token, with
  caching headers (``max-age`` :data:`TTL_SECONDS`, ``ETag``).
"""

from __future__ import annotations

import base64
import gzip
import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.certificates import signing
from clea_platform.certificates.models import Certificate, StatusList
from clea_platform.db.base import utcnow
from clea_platform.tenants.scoping import cross_tenant_reads

#: Entries per list: 131 072 bits (16 KB), the minimum the specification asks for, so
#: that a list does not tell much about the few certificates on it.
SIZE = 131_072
#: Odd, so ``n * SPREAD mod SIZE`` visits every index once (SIZE is a power of two).
SPREAD = 40_503
#: How long verifiers may keep a list (seconds): the list's ``ttl`` and ``max-age``.
TTL_SECONDS = 300
#: Where the lists are published.
PATH = "/credentials/status/"
#: The lists' own scope: which certificates of every organisation are revoked (indexes
#: only, nobody's data).
SCOPE = "system:certificate_status_list"
MEDIA_TYPE = "application/vc+jwt"
CONTEXT = "https://www.w3.org/ns/credentials/v2"


def list_url(number: int) -> str:
    return f"{signing.signer_settings().base_url}{PATH}{number}"


def position(serial: int) -> int:
    """The index of the ``serial``-th entry (0-based) of a list: a permutation of 0…SIZE-1."""
    return (serial * SPREAD) % SIZE


def encode(indexes: set[int] | list[int]) -> str:
    """The ``encodedList`` of a list whose ``indexes`` are set (multibase base64url, GZIP)."""
    bits = bytearray(SIZE // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def entry(number: int, index: int) -> dict[str, Any]:
    """A credential's ``credentialStatus``: its bit in the published list."""
    url = list_url(number)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


async def _allocate(session: AsyncSession) -> tuple[int, int]:
    """The next free entry: (list number, index). Opens a new list when the last is full."""
    while True:
        newest = await session.scalar(select(func.max(StatusList.id)))
        if newest is not None:
            taken = await session.scalar(
                update(StatusList)
                .where(StatusList.id == newest, StatusList.allocated < SIZE)
                .values(allocated=StatusList.allocated + 1)
                .returning(StatusList.allocated)
            )
            if taken is not None:
                return newest, position(taken - 1)
        number = (newest or 0) + 1
        try:
            async with session.begin_nested():
                session.add(StatusList(id=number, allocated=0, credential="", updated_at=utcnow()))
        except IntegrityError:
            continue  # another transaction opened it first: take an entry there
        await publish(session, number)


async def entry_for(session: AsyncSession, certificate: Certificate) -> dict[str, Any]:
    """The certificate's ``credentialStatus``, giving it an entry on first use."""
    if certificate.status_list is None or certificate.status_list_index is None:
        number, index = await _allocate(session)
        # Only if no concurrent first download gave it one meanwhile (PostgreSQL waits
        # for that transaction, then sees its entry): a token already handed out must
        # keep pointing at the certificate's entry.
        given = await session.execute(
            update(Certificate)
            .where(
                Certificate.organisation_id == certificate.organisation_id,
                Certificate.id == certificate.id,
                Certificate.status_list.is_(None),
            )
            .values(status_list=number, status_list_index=index)
            .execution_options(synchronize_session=False)
        )
        await session.refresh(certificate, ["status_list", "status_list_index"])
        if given.rowcount == 1 and certificate.revoked_at is not None:  # type: ignore[attr-defined]
            await publish(session, number)
    assert certificate.status_list is not None
    assert certificate.status_list_index is not None
    return entry(certificate.status_list, certificate.status_list_index)


async def revoked_indexes(session: AsyncSession, number: int) -> list[int]:
    """The indexes of list ``number`` whose certificate is revoked (every organisation)."""
    async with cross_tenant_reads(session, SCOPE):
        rows = await session.scalars(
            select(Certificate.status_list_index).where(
                Certificate.status_list == number,
                Certificate.status_list_index.is_not(None),
                Certificate.revoked_at.is_not(None),
            )
        )
        return [index for index in rows if index is not None]


async def publish(session: AsyncSession, number: int) -> str:
    """Rebuild, sign and store list ``number``'s credential; returns the token."""
    now = utcnow().replace(microsecond=0)
    url = list_url(number)
    base_url = signing.signer_settings().base_url
    issuer = f"{base_url}/issuers/certifpro"
    subject = f"{url}#list"
    credential: dict[str, Any] = {
        "@context": [CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": subject,
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "ttl": TTL_SECONDS * 1000,
            "encodedList": encode(await revoked_indexes(session, number)),
        },
    }
    kid, key = await signing.active_key(session)
    claims = {
        **credential,
        "iss": issuer,
        "jti": url,
        "sub": subject,
        "nbf": int(now.timestamp()),
        "iat": int(now.timestamp()),
    }
    token = signing.sign(claims, signing.key_url(kid), key, typ="vc+jwt", algorithm=signing.EDDSA)
    await session.execute(
        update(StatusList).where(StatusList.id == number).values(credential=token, updated_at=now)
    )
    return token


async def certificate_changed(session: AsyncSession, certificate: Certificate) -> None:
    """Republish the certificate's list after a revocation or reinstatement."""
    if certificate.status_list is not None:
        await publish(session, certificate.status_list)


async def published(session: AsyncSession, number: int) -> StatusList | None:
    """The stored list ``number`` (its token and when it changed), or None."""
    return await session.get(StatusList, number)


def etag(row: StatusList) -> str:
    """A strong validator of the served token (changes whenever it is republished)."""
    return '"' + uuid.uuid5(uuid.NAMESPACE_URL, row.credential).hex + '"'
