"""Certificates (tenant-owned), their numbering counters and the platform's signing keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import (
    AwareDateTime,
    Base,
    CreatedAtMixin,
    credential_column,
    new_id,
    utcnow,
)
from clea_platform.tenants.scoping import TenantScoped


class Certificate(TenantScoped, Base):
    """A certificate delivered by a jury; owned by the organisation that evaluated the dossier.

    Everything printed on it is a snapshot taken at issuance, and ``token`` (a compact
    Ed25519 JWS over the canonical data) is what proves it: the row never changes except
    for revocation and the paper copy's progress.
    """

    __tablename__ = "certificate"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_certificate_dossier",
        ),
        ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_certificate_candidate",
        ),
        # One certificate per dossier: issuing again returns the existing one.
        UniqueConstraint("organisation_id", "dossier_id"),
        UniqueConstraint("certification_code", "year", "sequence"),
        UniqueConstraint("status_list", "status_list_index"),
        Index("ix_certificate_listing", "organisation_id", "certification_code", "issued_at"),
        Index("ix_certificate_paper_queue", "paper_requested_at", "paper_sent_at"),
        Index("ix_certificate_jury_session", "jury_session_id"),
    )

    dossier_id: Mapped[uuid.UUID]
    candidate_id: Mapped[uuid.UUID]
    certification_code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(String(96), unique=True)
    # Ten Crockford base32 characters, stored without the dash.
    verification_code: Mapped[str] = mapped_column(String(10), unique=True)
    holder_name: Mapped[str] = mapped_column(String(300))
    certification_title: Mapped[str] = mapped_column(String(300))
    referentiel_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referentiel_version.id"))
    referentiel_version_label: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    # The jury session that decided (none for a certificate issued outside a session).
    jury_session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jury_session.id"))
    jury_session_label: Mapped[str] = mapped_column(String(300))
    organisation_name: Mapped[str] = mapped_column(String(300))
    issued_at: Mapped[dt.datetime] = mapped_column(AwareDateTime, default=utcnow)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    token: Mapped[str] = mapped_column(Text)
    kid: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    paper_requested_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    paper_requested_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    # Where to post the paper copy, copied from the candidate when it is requested.
    paper_address: Mapped[str] = mapped_column(Text, default="")
    paper_sent_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    # Its entry in a published Bitstring Status List (``certificates/status_list.py``),
    # given when its Open Badge is first made; none before.
    status_list: Mapped[int | None]
    status_list_index: Mapped[int | None]


class CertificateCounter(Base):
    """The last number given per certification and year (platform data, no tenant).

    Incremented with ``UPDATE … RETURNING`` inside the issuing transaction: the row lock
    serialises concurrent issuers, and a rolled-back issuance gives its number back.
    """

    __tablename__ = "certificate_counter"

    certification_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class SigningKey(CreatedAtMixin, Base):
    """An Ed25519 key that signs certificates; retired keys stay published (old certificates)."""

    __tablename__ = "signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(16), default="Ed25519")
    public_jwk: Mapped[dict[str, Any]]
    # The PKCS#8 PEM, encrypted (Fernet) with a key derived from CLEA_SECRET_KEY.
    private_key_encrypted: Mapped[str] = credential_column(Text)
    retired_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)


class StatusList(Base):
    """A published W3C Bitstring Status List of certificates (platform data, no tenant).

    ``allocated`` entries were given out (incremented with ``UPDATE … RETURNING``, like
    the numbering counters); ``credential`` is the signed status list credential served at
    ``/credentials/status/<id>``, rebuilt whenever one of its certificates is revoked or
    reinstated.
    """

    __tablename__ = "status_list"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    allocated: Mapped[int] = mapped_column(default=0)
    credential: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(AwareDateTime, default=utcnow)


class WalletOffer(CreatedAtMixin, Base):
    """An OpenID4VCI credential offer of one certificate (platform data, no tenant).

    The wallet presents no session: it redeems the offer's pre-authorised code at the
    token endpoint, then the access token at the credential endpoint, both anonymous and
    looked up by hash (``certificates/wallet.py``). Only SHA-256 hashes are kept; the code
    is single use and short-lived, the access token too, and the credential is delivered
    once per offer. An offer by reference is fetched by the hash of its reference; one with
    a transaction code keeps its HMAC and counts the wrong codes tried (burnt at
    ``wallet.MAX_FAILED_ATTEMPTS``). Finished offers are purged (``wallet.purge``).
    """

    __tablename__ = "wallet_offer"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    certificate_id: Mapped[uuid.UUID] = mapped_column(index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reference_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    tx_code_hash: Mapped[str | None] = mapped_column(String(64))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime, index=True)
    redeemed_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
