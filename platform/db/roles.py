"""The two PostgreSQL roles of a database, and the start-up check of the runtime one.

- **The owner** (``CLEA_MIGRATION_DATABASE_URL``) owns the tables, the policies and the
  ``clea_rls`` functions; ``clea db upgrade`` runs as it and sets up the runtime role
  (:mod:`clea_platform.db.provisioning`).
- **The runtime role** (``CLEA_DATABASE_URL``'s user) serves requests: it logs in, is
  no superuser, does not bypass row-level security, owns nothing and belongs to no
  other role; it may read and write rows (credential columns excepted) and nothing more.

Development may use one URL for both: the runtime role is then ``<database>_app``
(no login), and every connection that logs in as a role able to lift isolation (the
owner, a superuser) does ``SET ROLE`` to it. SQL can ``RESET ROLE``, so
``CLEA_ENV=production`` refuses to serve that way (:func:`check_runtime_role`). The
server itself needs ``CLEA_DATABASE_URL`` only.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError, DatabaseRoleError
from clea_platform.db.context_signature import RowSecurityContext
from clea_platform.db.models import credential_columns
from clea_platform.tenants.scoping import apply_row_security_context

logger = logging.getLogger(__name__)

DEPLOYING_DOC = "docs/security.md, « Deploying on PostgreSQL »"

# What makes a role unfit to serve requests, read from the catalogue; ``:role`` is a
# role name. Owning (or being able to become the owner of) a table lifts its policies.
ROLE_POWERS = text(
    """
    SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole,
           EXISTS (
               SELECT FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
               WHERE n.nspname IN ('public', 'clea_rls', 'procrastinate')
                 AND pg_has_role(r.oid, c.relowner, 'MEMBER')
           ) AS owns
    FROM pg_roles AS r WHERE r.rolname = :role
    """
)
# Whether ``:role`` may read the context key or one of the credential columns (given as
# two arrays, :tables and :columns): granted directly, or through a role such as
# ``pg_read_all_data``. ``clea db upgrade`` revokes what the owner granted.
READS_SECRETS = text(
    """
    SELECT coalesce(
               has_table_privilege(:role, to_regclass('clea_rls.context_key'), 'SELECT'), false)
           OR EXISTS (
               SELECT FROM unnest(CAST(:tables AS text[]), CAST(:columns AS text[])) AS c(t, col)
               WHERE has_column_privilege(:role, to_regclass('public.' || c.t), c.col, 'SELECT')
           )
    """
)


DEVELOPMENT_ROLE_SUFFIX = "_app"
# The development role to drop to, if the connection's login role could lift isolation
# and may become it (else no row: a role that may not is refused by the start-up check).
DEVELOPMENT_ROLE = f"""
    SELECT d.rolname FROM pg_roles AS r, pg_roles AS d
    WHERE r.rolname = session_user
      AND d.rolname = current_database() || '{DEVELOPMENT_ROLE_SUFFIX}'
      AND pg_has_role(r.oid, d.oid, 'MEMBER')
      AND (r.rolsuper OR r.rolbypassrls OR EXISTS (
               SELECT FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
               WHERE n.nspname IN ('public', 'clea_rls', 'procrastinate')
                 AND pg_has_role(r.oid, c.relowner, 'MEMBER')
           ))
"""


@dataclass(frozen=True, slots=True)
class RuntimeRole:
    """The role the application's queries run as."""

    name: str
    logs_in: bool
    """True: ``CLEA_DATABASE_URL`` logs in as it; False: development's ``SET ROLE``."""


def runtime_role(settings: Settings) -> RuntimeRole:
    """The runtime role ``settings`` describe, for ``clea db upgrade`` (PostgreSQL).

    Example:
        >>> from pathlib import Path
        >>> base = dict(env="development", data_dir=Path("var"), base_url="", secret_key="s")
        >>> runtime_role(Settings(**base, database_url="postgresql://owner@db/clea"))
        RuntimeRole(name='clea_app', logs_in=False)
        >>> runtime_role(Settings(**base, database_url="postgresql://clea_app@db/clea",
        ...     migration_database_url="postgresql://owner@db/clea"))
        RuntimeRole(name='clea_app', logs_in=True)
    """
    runtime = make_url(settings.database_url)
    owner = make_url(settings.owner_database_url)
    if runtime.username == owner.username:
        return RuntimeRole(name=f"{runtime.database}{DEVELOPMENT_ROLE_SUFFIX}", logs_in=False)
    if not runtime.username:
        raise ConfigurationError(
            "CLEA_DATABASE_URL ne nomme pas son rôle alors que CLEA_MIGRATION_DATABASE_URL "
            "en nomme un autre.",
            hint="Écrivez le rôle d'exécution dans CLEA_DATABASE_URL "
            "(postgresql://<rôle>:<mot de passe>@<hôte>/<base>).",
        )
    return RuntimeRole(name=runtime.username, logs_in=True)


def unfit_because(
    superuser: bool,
    bypasses_rls: bool,
    creates_roles: bool,
    owns: bool,
    *,
    reads_secrets: bool = False,
) -> str:
    """What makes a role unfit to serve requests, in French ("" when fit)."""
    reasons = [
        reason
        for unfit, reason in (
            (superuser, "est superutilisateur"),
            (bypasses_rls, "contourne la sécurité au niveau des lignes (BYPASSRLS)"),
            (creates_roles, "peut créer des rôles (CREATEROLE)"),
            (
                owns,
                "possède les tables de la plateforme (ou peut prendre le rôle de leur "
                "propriétaire)",
            ),
            (reads_secrets, "peut lire la clé des contextes signés ou des identifiants stockés"),
        )
        if unfit
    ]
    return ", ".join(reasons)


async def check_runtime_role(engine: AsyncEngine, settings: Settings) -> None:
    """Refuse a runtime role that could lift isolation (in production) or a wrong key.

    Checks the role the connections log in as, then that the database verifies the
    contexts this process signs (``clea db upgrade`` installs the key derived from the
    same ``CLEA_SECRET_KEY``). Nothing to check on SQLite.
    """
    if settings.is_sqlite:
        return
    try:
        async with engine.connect() as connection:
            login, acting = (
                await connection.execute(text("SELECT session_user, current_user"))
            ).one()
            powers = (await connection.execute(ROLE_POWERS, {"role": login})).one()
            hidden = [(t, c) for t, columns in credential_columns().items() for c in columns]
            reads_secrets = (
                await connection.execute(
                    READS_SECRETS,
                    {
                        "role": login,
                        "tables": [t for t, _ in hidden],
                        "columns": [c for _, c in hidden],
                    },
                )
            ).scalar_one()
            unfit = unfit_because(*powers, reads_secrets=reads_secrets)
            if unfit:
                _refuse_or_warn(settings, login, acting, unfit)
            probe = RowSecurityContext(organisation_id=uuid.uuid4(), user_id=None)
            await apply_row_security_context(connection, probe)
            seen = (await connection.execute(text("SELECT clea_rls.tenant()"))).scalar()
            await connection.rollback()
    except DBAPIError as exc:
        raise ConfigurationError(
            "La base de données n'est pas prête (schéma absent ou injoignable).",
            hint="Lancez « clea db upgrade » puis redémarrez.",
        ) from exc
    if seen != probe.organisation_id:
        raise ConfigurationError(
            "La base de données ne reconnaît pas les contextes de sécurité signés par ce "
            "serveur : sa clé a été installée avec un autre CLEA_SECRET_KEY.",
            hint="Relancez « clea db upgrade » avec le même CLEA_SECRET_KEY que le serveur "
            "(la commande installe la clé qui en découle).",
        )


def _refuse_or_warn(settings: Settings, login: str, acting: str, unfit: str) -> None:
    if settings.is_production:
        raise DatabaseRoleError(
            f"CLEA_DATABASE_URL se connecte avec le rôle « {login} », qui {unfit} : en "
            "production, l'application doit se connecter avec un rôle d'exécution qui ne "
            "peut pas lever l'isolation des organismes.",
            hint="Mettez dans CLEA_DATABASE_URL le rôle d'exécution (« clea db upgrade » "
            "le crée, avec CLEA_MIGRATION_DATABASE_URL pointant sur le propriétaire des "
            f"tables) ; voir {DEPLOYING_DOC}.",
        )
    if acting == login:
        logger.warning(
            "The runtime database role %s %s: tenant isolation is not enforced by "
            "PostgreSQL (refused under CLEA_ENV=production).",
            login,
            unfit,
        )
    else:
        logger.info(
            "Development set-up: connections log in as %s and SET ROLE %s (refused "
            "under CLEA_ENV=production).",
            login,
            acting,
        )
