"""What ``clea db upgrade`` sets up after the migrations, every time (PostgreSQL).

Run as the tables' owner, in one transaction, idempotent:

1. the runtime role (:func:`clea_platform.db.roles.runtime_role`): created when missing
   (the owner then needs ``CREATEROLE``), refused when it could lift isolation;
2. its privileges, recomputed from scratch: rows of every table (``SELECT`` only on
   ``alembic_version``, no ``UPDATE``/``DELETE`` on the append-only ``audit_event``),
   every column but the credential ones (:data:`clea_platform.db.base.CREDENTIAL`),
   procrastinate's queue, and ``EXECUTE`` on the ``clea_rls`` functions — never the
   key;
3. the key that verifies signed contexts, derived from ``CLEA_SECRET_KEY``.

Privileges follow the schema of the moment: a table or column added by a migration is
granted by the same ``clea db upgrade`` (no default privileges to remember).
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from clea_platform.core.config import Settings
from clea_platform.core.errors import DatabaseRoleError
from clea_platform.db.context_signature import derive_key, key_pads
from clea_platform.db.models import credential_columns
from clea_platform.db.roles import (
    DEPLOYING_DOC,
    ROLE_POWERS,
    RuntimeRole,
    runtime_role,
    unfit_because,
)

#: Tables the runtime role may only read, or only read and append to.
READ_ONLY = ("alembic_version",)
APPEND_ONLY = ("audit_event",)
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def provision(connection: Connection, settings: Settings) -> RuntimeRole:
    """Set up the runtime role, its privileges and the context key; returns the role."""
    role = runtime_role(settings)
    _ensure_role(connection, role)
    _grant(connection, role.name)
    _install_context_key(connection, settings.secret_key)
    return role


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def _ensure_role(connection: Connection, role: RuntimeRole) -> None:
    quoted = _quote(connection, role.name)
    powers = connection.execute(ROLE_POWERS, {"role": role.name}).first()
    if powers is None:
        login = "LOGIN" if role.logs_in else "NOLOGIN"
        try:
            with connection.begin_nested():
                connection.execute(
                    text(
                        f"CREATE ROLE {quoted} {login} NOSUPERUSER NOBYPASSRLS NOCREATEROLE"
                        " NOCREATEDB NOREPLICATION"
                    )
                )
        except DBAPIError as exc:
            raise DatabaseRoleError(
                f"Impossible de créer le rôle d'exécution « {role.name} » : {_first_line(exc)}.",
                hint=f"Créez-le vous-même (CREATE ROLE {quoted} LOGIN PASSWORD '…';) ou "
                f"donnez CREATEROLE au propriétaire des tables ; voir {DEPLOYING_DOC}.",
            ) from None
    elif unfit := unfit_because(*powers):
        raise DatabaseRoleError(
            f"Le rôle d'exécution « {role.name} » {unfit} : l'application ne doit pas "
            "pouvoir lever l'isolation des organismes.",
            hint="CLEA_DATABASE_URL doit nommer un rôle à lui, distinct du propriétaire des "
            f"tables (CLEA_MIGRATION_DATABASE_URL) ; voir {DEPLOYING_DOC}.",
        )
    elif role.logs_in and not _can_log_in(connection, role.name):
        raise DatabaseRoleError(
            f"Le rôle d'exécution « {role.name} » existe mais ne peut pas se connecter (NOLOGIN).",
            hint=f"Autorisez-le : ALTER ROLE {quoted} LOGIN; (en administrateur), puis "
            "relancez « clea db upgrade ».",
        )
    if not role.logs_in:
        # Development's single URL: its user must be allowed to SET ROLE to it.
        connection.execute(text(f"GRANT {quoted} TO CURRENT_USER"))
    # Only databases made before PostgreSQL 15 let everyone create objects in public.
    can_create = connection.execute(
        text("SELECT has_schema_privilege(:role, 'public', 'CREATE')"), {"role": role.name}
    ).scalar_one()
    if can_create:
        connection.execute(text(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {quoted}"))


def _can_log_in(connection: Connection, role: str) -> bool:
    query = text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :role")
    return bool(connection.execute(query, {"role": role}).scalar_one())


def _grant(connection: Connection, role: str) -> None:
    quoted = _quote(connection, role)
    schemas = set(
        connection.execute(
            text("SELECT nspname FROM pg_namespace WHERE nspname IN ('clea_rls', 'procrastinate')")
        ).scalars()
    )
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        *(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {quoted}" for table in READ_ONLY),
        *(f"REVOKE UPDATE, DELETE ON {table} FROM {quoted}" for table in APPEND_ONLY),
    ]
    for table, hidden in credential_columns().items():
        visible = [
            _quote(connection, name)
            for name in connection.execute(
                text(
                    "SELECT attname FROM pg_attribute"
                    " WHERE attrelid = CAST(:table AS regclass) AND attnum > 0"
                    " AND NOT attisdropped ORDER BY attnum"
                ),
                {"table": f"public.{table}"},
            ).scalars()
            if name not in hidden
        ]
        statements += [
            f"REVOKE SELECT ON {table} FROM {quoted}",
            f"GRANT SELECT ({', '.join(visible)}) ON {table} TO {quoted}",
        ]
    if "procrastinate" in schemas:
        # Jobs are deferred inside the application's own transactions.
        statements += [
            f"GRANT USAGE ON SCHEMA procrastinate TO {quoted}",
            f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA procrastinate TO {quoted}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA procrastinate TO {quoted}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA procrastinate TO {quoted}",
        ]
    if "clea_rls" in schemas:
        # The functions only: the key table stays the owner's.
        statements += [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA clea_rls FROM {quoted}",
            f"GRANT USAGE ON SCHEMA clea_rls TO {quoted}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA clea_rls TO {quoted}",
        ]
    for statement in statements:
        connection.execute(text(statement))


def _install_context_key(connection: Connection, secret_key: str) -> None:
    exists = connection.execute(text("SELECT to_regclass('clea_rls.context_key')")).scalar()
    if exists is None:
        return  # a database below revision 0015
    inner, outer = key_pads(derive_key(secret_key))
    connection.execute(text("DELETE FROM clea_rls.context_key"))
    connection.execute(
        text("INSERT INTO clea_rls.context_key (inner_pad, outer_pad) VALUES (:inner, :outer)"),
        {"inner": inner, "outer": outer},
    )


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
