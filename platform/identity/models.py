"""People, their memberships and every credential they can present."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, credential_column, new_id
from clea_platform.tenants.scoping import TenantScoped


class User(CreatedAtMixin, Base):
    """An account; it may belong to several organisations."""

    __tablename__ = "user_account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = credential_column(String(200))
    platform_roles: Mapped[list[str]] = mapped_column(default=list)
    disabled_at: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]


class Membership(TenantScoped, CreatedAtMixin, Base):
    """A user's roles in one organisation."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    roles: Mapped[list[str]]

    @classmethod
    def tenant_criteria(
        cls, organisation_id: uuid.UUID | None, user_id: uuid.UUID | None
    ) -> ColumnElement[bool]:
        # A user sees their own memberships everywhere: it is how they switch organisation.
        return or_(cls.organisation_id == organisation_id, cls.user_id == user_id)


class Invitation(TenantScoped, CreatedAtMixin, Base):
    """A single-use link inviting an email address into an organisation with roles."""

    __tablename__ = "invitation"

    email: Mapped[str] = mapped_column(String(254))
    roles: Mapped[list[str]]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    accepted_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class ApiKey(TenantScoped, CreatedAtMixin, Base):
    """A machine client's key: one role in one organisation; only its hash is stored."""

    __tablename__ = "api_key"

    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(24))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = credential_column(String(64))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class OidcProvider(TenantScoped, CreatedAtMixin, Base):
    """An organisation's own OpenID Connect identity provider."""

    __tablename__ = "oidc_provider"
    __table_args__ = (UniqueConstraint("organisation_id"),)

    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(default=True)


class BrowserSession(CreatedAtMixin, Base):
    """A server-side login session; the cookie holds a random token, the table its hash."""

    __tablename__ = "browser_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active_organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"))
    last_seen_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    auth_method: Mapped[str] = mapped_column(String(16), default="password")


class PasswordResetToken(CreatedAtMixin, Base):
    __tablename__ = "password_reset_token"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class RateLimitCounter(Base):
    """Attempts counted in a fixed window per key (``identity.ratelimit``).

    The key is a SHA-256 of the limit's name and its subject (an e-mail address, a
    client address): counting needs no readable personal data.
    """

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started_at: Mapped[dt.datetime] = mapped_column(index=True)
    count: Mapped[int]


class OidcLoginState(Base):
    """State, nonce and PKCE verifier of an OIDC login in progress (single use)."""

    __tablename__ = "oidc_login_state"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name="fk_oidc_login_state_organisation"
        ),
    )

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[uuid.UUID]
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime]
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CredentialChange(Base):
    """A change that invalidates cached credentials, for the other app processes
    (``identity.credential_changes``): kept a few minutes, identifiers only."""

    __tablename__ = "credential_change"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    changed_at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID | None]
    session_id: Mapped[uuid.UUID | None]
    api_key_id: Mapped[uuid.UUID | None]
    organisation_id: Mapped[uuid.UUID | None]
