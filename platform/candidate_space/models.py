"""The candidate space: a candidate's own access, by one-time links, to their dossiers.

A candidate is not a member of any organisation. Their access is keyed by the person
(``candidates.models.Person``, one across organisations): an account per person, with
the address their sign-in links go to, the links themselves and the sessions opened
with them. Only hashes of the links and session tokens are stored.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, ForeignKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.tenants.scoping import TenantScoped


class CandidateAccount(CreatedAtMixin, Base):
    """A person's access to the candidate space (created by an adviser's invitation)."""

    __tablename__ = "candidate_account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: The mobile number the organisation recorded (national form), for codes by SMS.
    phone: Mapped[str] = mapped_column(String(20), default="", server_default="", index=True)
    invited_at: Mapped[dt.datetime]
    activated_at: Mapped[dt.datetime | None]
    last_sign_in_at: Mapped[dt.datetime | None]


class CandidateSignInLink(CreatedAtMixin, Base):
    """A one-time sign-in link: single use, short-lived, only its hash is kept."""

    __tablename__ = "candidate_sign_in_link"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidate_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class CandidateSignInCode(CreatedAtMixin, Base):
    """A one-time code sent by SMS: six digits, short-lived, single use, hashed."""

    __tablename__ = "candidate_sign_in_code"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidate_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class CandidateSession(CreatedAtMixin, Base):
    """A candidate's browser session (a cookie of its own, never a professional session)."""

    __tablename__ = "candidate_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("candidate_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class CorrectionRequest(TenantScoped, CreatedAtMixin, Base):
    """A candidate asks the organisation holding their data to correct it (a task)."""

    __tablename__ = "candidate_correction_request"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_candidate_correction_request_candidate",
        ),
    )

    candidate_id: Mapped[uuid.UUID]
    message: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[dt.datetime | None]
