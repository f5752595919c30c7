"""Two organisations, A (the victim) and B (the attacker), each with everything a tenant owns.

Built once per session: people and organisations directly through the ORM, then the
rest as each organisation's admin would, through the GraphQL API (so the audit log
fills itself): a site, a pending invitation, an API key, an OpenID Connect provider.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from clea_platform.audit.models import AuditEvent
from clea_platform.db.base import CREDENTIAL
from clea_platform.dossiers.models import DossierStatusCount
from clea_platform.identity import credentials
from clea_platform.identity.models import ApiKey, BrowserSession, User
from clea_platform.identity.passwords import hash_password
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads, tenant_models
from tests.isolation.helpers import (
    PASSWORD,
    add_organisation,
    add_person,
    api_key_client,
    logged_in_client,
    post,
    random_siret,
    unique,
)
from tests.isolation.rows import AT_REST, furnish

CREATE_SITE = """
mutation ($input: CreateSiteInput!) {
  createSite(input: $input) { site { id } errors { code message } }
}
"""
INVITE = """
mutation ($email: String!) {
  inviteMember(input: {email: $email, roles: [EVALUATOR]}) {
    invitation { id } errors { code message }
  }
}
"""
CREATE_API_KEY = """
mutation ($name: String!) {
  createApiKey(input: {name: $name, role: ORG_ADMIN}) {
    apiKey { id prefix } secret errors { code message }
  }
}
"""
CONFIGURE_OIDC = """
mutation ($issuer: String!, $clientId: String!) {
  configureOidc(input: {issuer: $issuer, clientId: $clientId, clientSecret: "s3cr3t-oidc"}) {
    oidcConfiguration { issuer } errors { code message }
  }
}
"""
MY_SESSIONS = "{ mySessions { id current } }"
AUDIT_EVENTS = "{ auditEvents(first: 100) { edges { node { id } } } }"


@dataclass
class Tenant:
    """One organisation of the suite, with the IDs and words that identify its data."""

    label: str
    organisation_id: uuid.UUID
    name: str
    slug: str
    siren: str
    admin_email: str
    admin_user_id: uuid.UUID
    admin_membership_id: uuid.UUID
    member_email: str
    member_user_id: uuid.UUID
    member_membership_id: uuid.UUID
    site_id: str = ""
    site_name: str = ""
    siret: str = ""
    invitation_id: str = ""
    invited_email: str = ""
    api_key_id: str = ""
    api_key_prefix: str = ""
    api_key_secret: str = ""
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    admin_session_id: str = ""
    audit_event_ids: list[str] = field(default_factory=list)
    other_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Rows of the tenant tables the API cannot furnish yet (see ``rows.furnish``)."""
    admin: httpx.AsyncClient = field(init=False)
    api_key: httpx.AsyncClient = field(init=False)

    def fingerprints(self) -> dict[str, str]:
        """Everything that would betray this tenant's data if another tenant saw it."""
        marks = {
            "organisation id": str(self.organisation_id),
            "name": self.name,
            "slug": self.slug,
            "SIREN": self.siren,
            "admin email": self.admin_email,
            "admin user id": str(self.admin_user_id),
            "admin membership id": str(self.admin_membership_id),
            "member email": self.member_email,
            "member user id": str(self.member_user_id),
            "member membership id": str(self.member_membership_id),
            "site id": self.site_id,
            "site name": self.site_name,
            "SIRET": self.siret,
            "invitation id": self.invitation_id,
            "invited email": self.invited_email,
            "API key id": self.api_key_id,
            "API key prefix": self.api_key_prefix,
            "OIDC issuer": self.oidc_issuer,
            "OIDC client id": self.oidc_client_id,
            "admin session id": self.admin_session_id,
        }
        marks.update({f"audit event {i}": e for i, e in enumerate(self.audit_event_ids)})
        for table, row in self.other_rows.items():
            marks[f"{table} id"] = str(row["id"])
            marks.update(
                {
                    f"{table}.{column}": value
                    for column, value in row.items()
                    # A value set to keep the row at rest is a word, not this tenant's data;
                    # so is an enum's value (``import_batch.kind`` is « candidates »).
                    if isinstance(value, str)
                    and not isinstance(value, enum.Enum)
                    and len(value) >= 8
                    and column not in AT_REST.get(table, {})
                }
            )
        return marks


@dataclass
class TwoTenants:
    a: Tenant
    b: Tenant
    sessions: async_sessionmaker[AsyncSession]
    """Sessions of the app's own engine (on PostgreSQL: the runtime role, under RLS)."""


def _ok(body: dict[str, Any], field_name: str) -> dict[str, Any]:
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][field_name]
    assert payload["errors"] == [], payload
    return payload


async def _build_tenant(app: Any, label: str, password_hash: str) -> Tenant:
    name = f"Organisme {label} {unique('isolation')}"
    async with app.state.sessions.begin() as session:
        organisation = await add_organisation(session, name)
        admin_email = f"{unique('admin')}@{organisation.slug}.example"
        member_email = f"{unique('conseil')}@{organisation.slug}.example"
        admin, (admin_membership,) = await add_person(
            session,
            admin_email,
            f"Admin {label}",
            password_hash,
            memberships=[(organisation.id, ["org_admin"])],
        )
        member, (member_membership,) = await add_person(
            session,
            member_email,
            f"Conseil {label}",
            password_hash,
            memberships=[(organisation.id, ["adviser"])],
        )
    assert organisation.siren is not None
    tenant = Tenant(
        label=label,
        organisation_id=organisation.id,
        name=name,
        slug=organisation.slug,
        siren=organisation.siren,
        admin_email=admin_email,
        admin_user_id=admin.id,
        admin_membership_id=admin_membership.id,
        member_email=member_email,
        member_user_id=member.id,
        member_membership_id=member_membership.id,
    )
    tenant.admin = await logged_in_client(app, admin_email)

    tenant.siret = random_siret(tenant.siren)
    tenant.site_name = f"Site {label} {unique('rue')}"
    site_input = {
        "name": tenant.site_name,
        "siret": tenant.siret,
        "addressLine": "1 rue de l'Isolation",
        "postalCode": "69001",
        "city": "Lyon",
        "region": "Auvergne-Rhône-Alpes",
    }
    body = await post(tenant.admin, CREATE_SITE, input=site_input)
    tenant.site_id = _ok(body, "createSite")["site"]["id"]

    tenant.invited_email = f"{unique('invite')}@{organisation.slug}.example"
    body = await post(tenant.admin, INVITE, email=tenant.invited_email)
    tenant.invitation_id = _ok(body, "inviteMember")["invitation"]["id"]
    await app.state.mailer.drain()

    body = await post(tenant.admin, CREATE_API_KEY, name=f"Logiciel {label}")
    created = _ok(body, "createApiKey")
    tenant.api_key_id = created["apiKey"]["id"]
    tenant.api_key_prefix = created["apiKey"]["prefix"]
    tenant.api_key_secret = created["secret"]
    tenant.api_key = api_key_client(app, tenant.api_key_secret)

    tenant.oidc_issuer = f"https://idp.{organisation.slug}.example"
    tenant.oidc_client_id = unique(f"client-{label}")
    body = await post(
        tenant.admin, CONFIGURE_OIDC, issuer=tenant.oidc_issuer, clientId=tenant.oidc_client_id
    )
    _ok(body, "configureOidc")

    sessions = (await post(tenant.admin, MY_SESSIONS))["data"]["mySessions"]
    tenant.admin_session_id = next(s["id"] for s in sessions if s["current"])
    events = (await post(tenant.admin, AUDIT_EVENTS))["data"]["auditEvents"]["edges"]
    tenant.audit_event_ids = [edge["node"]["id"] for edge in events]
    assert len(tenant.audit_event_ids) >= 4  # site, invitation, API key, OIDC

    tenant.other_rows = await furnish(app.state.engine, tenant.organisation_id, admin.id)
    return tenant


@pytest.fixture
def app_engine(app: Any) -> AsyncEngine:
    """The app's own engine (on PostgreSQL: logged in as the runtime role)."""
    engine: AsyncEngine = app.state.engine
    return engine


@pytest.fixture(scope="session")
async def tenants(app: Any) -> AsyncIterator[TwoTenants]:
    """Organisation A (the victim) and organisation B (the attacker), fully furnished."""
    password_hash = hash_password(PASSWORD)
    a = await _build_tenant(app, "A", password_hash)
    a_as_built = await snapshot(app.state.sessions, a)
    b = await _build_tenant(app, "B", password_hash)
    # Furnishing B went through the very code under test: it must not have touched A.
    assert await snapshot(app.state.sessions, a) == a_as_built, "building B changed A"
    try:
        yield TwoTenants(a=a, b=b, sessions=app.state.sessions)
    finally:
        for tenant in (a, b):
            await tenant.admin.aclose()
            await tenant.api_key.aclose()


def _row(obj: Any) -> dict[str, Any]:
    """The row's columns; credential columns (never loaded by the ORM) are read apart."""
    return {
        column.key: getattr(obj, column.key)
        for column in obj.__table__.columns
        if not column.info.get(CREDENTIAL)
    }


async def snapshot(sessions: async_sessionmaker[AsyncSession], tenant: Tenant) -> dict[str, Any]:
    """Every row the tenant owns (and its people, sessions and audit log), read cross-tenant."""
    state: dict[str, Any] = {}
    async with sessions() as session, cross_tenant_reads(session, "tests:isolation_snapshot"):
        organisation = await session.get(Organisation, tenant.organisation_id)
        assert organisation is not None
        state["organisation"] = _row(organisation)
        for model in tenant_models():
            rows = await session.scalars(
                select(model)
                .where(model.organisation_id == tenant.organisation_id)
                .order_by(model.id)
            )
            if model is DossierStatusCount:
                # A summary the app's background round folds (±1 rows into one per key) at
                # any moment: what must not change is the count per key, not its rows.
                totals: dict[tuple[Any, ...], int] = {}
                for count in rows:
                    key = (count.certification_code, count.site_id, count.adviser_key, count.status)
                    totals[key] = totals.get(key, 0) + count.dossier_count
                state[model.__table__.name] = sorted(
                    (repr(key), total) for key, total in totals.items() if total
                )
                continue
            state[model.__table__.name] = [_row(row) for row in rows]  # type: ignore[attr-defined]
            if model is ApiKey:
                state["api_key.key_hash"] = [
                    await credentials.api_key_hash(session, key)
                    for key in await session.scalars(
                        select(ApiKey)
                        .where(ApiKey.organisation_id == tenant.organisation_id)
                        .order_by(ApiKey.id)
                    )
                ]
        people = list(
            await session.scalars(
                select(User)
                .where(User.id.in_([tenant.admin_user_id, tenant.member_user_id]))
                .order_by(User.id)
            )
        )
        state["user_account"] = [_row(user) for user in people]
        state["user_account.password_hash"] = [
            await credentials.password_hash(session, user) for user in people
        ]
        browser_sessions = await session.scalars(
            select(BrowserSession)
            .where(BrowserSession.user_id == tenant.admin_user_id)
            .order_by(BrowserSession.id)
        )
        # last_seen_at moves whenever the owner makes a request: not a change.
        state["browser_session"] = [
            {k: v for k, v in _row(row).items() if k != "last_seen_at"} for row in browser_sessions
        ]
        events = await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.organisation_id == tenant.organisation_id)
            .order_by(AuditEvent.id)
        )
        state["audit_event"] = [_row(event) for event in events]
    return state
