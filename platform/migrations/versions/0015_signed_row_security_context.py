"""Row-level security that the runtime role cannot lift, and credentials it cannot read
(PostgreSQL only).

- The ``clea_rls`` schema, owned by the tables' owner: ``context_key`` (the HMAC pads
  of the key derived from ``CLEA_SECRET_KEY``, installed by ``clea db upgrade``; no
  other role may read it) and ``SECURITY DEFINER`` functions with a pinned
  ``search_path`` that believe ``app.context`` only when ``app.context_signature`` is
  its HMAC for this transaction (``clea_platform.db.context_signature``).
- Every policy now asks ``clea_rls.tenant()``, ``clea_rls.all_tenants()`` and
  ``clea_rls.user_id()`` instead of reading settings that any role can set.
- Credential columns are read through ``clea_rls.password_hash()``,
  ``clea_rls.api_key_hash()`` and ``clea_rls.signing_private_key()``, which answer only
  inside a signed credential scope; ``clea db upgrade`` grants the runtime role every
  other column.
- The role ``clea_app`` (one for every database of the server) loses its privileges
  here; each database's runtime role is set up by ``clea db upgrade``.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

from clea_platform.db import rls

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# What every function believes, and only with the right signature: the transaction's
# context (``<organisation>|<user>|<cross-tenant on/off>|<credentials on/off>``).
VERIFIED_CONTEXT = """
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        context text := current_setting('app.context', true);
        pads clea_rls.context_key;
    BEGIN
        SELECT * INTO pads FROM clea_rls.context_key;
        IF context IS NULL OR current_setting('app.context_signature', true) IS DISTINCT FROM
            encode(sha256(pads.outer_pad || sha256(pads.inner_pad
                || convert_to(clea_rls.transaction_binding() || '|' || context, 'UTF8'))), 'hex')
        THEN
            RETURN {refused};
        END IF;
        {answer}
    END $$
"""
CONTEXT_FUNCTIONS = {
    # The organisation outside a cross-tenant scope (NULL inside one, or unsigned).
    "tenant() RETURNS uuid": (
        "NULL",
        "IF split_part(context, '|', 3) = 'on' THEN RETURN NULL; END IF;"
        " RETURN NULLIF(split_part(context, '|', 1), '')::uuid;",
    ),
    "all_tenants() RETURNS boolean": ("false", "RETURN split_part(context, '|', 3) = 'on';"),
    "user_id() RETURNS uuid": ("NULL", "RETURN NULLIF(split_part(context, '|', 2), '')::uuid;"),
    "credentials_allowed() RETURNS boolean": (
        "false",
        "RETURN split_part(context, '|', 4) = 'on';",
    ),
}
# (signature, the query returning the credential, with the arguments as $1, $2; their
# names must not be column names: PL/pgSQL would find them ambiguous).
CREDENTIAL_FUNCTIONS = (
    (
        "password_hash(of_user uuid)",
        "SELECT password_hash FROM public.user_account WHERE id = $1",
    ),
    (
        "api_key_hash(of_organisation uuid, of_key uuid)",
        "SELECT key_hash FROM public.api_key WHERE organisation_id = $1 AND id = $2",
    ),
    (
        "signing_private_key(of_kid text)",
        "SELECT private_key_encrypted FROM public.signing_key WHERE kid = $1",
    ),
)
CREDENTIAL_FUNCTION = """
    CREATE FUNCTION clea_rls.{signature} RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF NOT clea_rls.credentials_allowed() THEN
            RAISE EXCEPTION 'stored credentials are read only in a signed credential scope'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN ({query});
    END $$
"""
LEGACY_SCHEMAS = ("public", "procrastinate")


def upgrade() -> None:
    if not rls.is_postgresql():
        return
    op.execute("CREATE SCHEMA clea_rls")
    op.execute(
        "CREATE TABLE clea_rls.context_key ("
        " singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),"
        " inner_pad bytea NOT NULL, outer_pad bytea NOT NULL)"
    )
    # The backend and the transaction's start (µs): what a signature is good for.
    op.execute(
        "CREATE FUNCTION clea_rls.transaction_binding() RETURNS text LANGUAGE sql STABLE AS $$"
        " SELECT pg_backend_pid()::text || '|'"
        " || (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint::text $$"
    )
    for signature, (refused, answer) in CONTEXT_FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION clea_rls.{signature}"
            + VERIFIED_CONTEXT.format(refused=refused, answer=answer)
        )
    for signature, query in CREDENTIAL_FUNCTIONS:
        op.execute(CREDENTIAL_FUNCTION.format(signature=signature, query=query))
    # Granted to the runtime role only, by `clea db upgrade`.
    op.execute("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA clea_rls FROM PUBLIC")
    rls.rewrite_policies(rls.TENANT_MATCH, rls.OWN_ROW)
    op.execute(
        f"""
        DO $$ BEGIN
          IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{rls.LEGACY_APP_ROLE}') THEN
            {_legacy_revokes()}
          END IF;
        END $$
        """
    )


def downgrade() -> None:
    if not rls.is_postgresql():
        return
    rls.rewrite_policies(rls.UNSIGNED_TENANT_MATCH, rls.UNSIGNED_OWN_ROW)
    op.execute("DROP SCHEMA clea_rls CASCADE")
    # Revisions 0001 to 0014 ran the application as `clea_app`, after SET ROLE.
    role = rls.LEGACY_APP_ROLE
    op.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
            CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        END $$
        """
    )
    op.execute(f"GRANT {role} TO CURRENT_USER")
    for schema in LEGACY_SCHEMAS:
        op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        op.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
        )
        op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    op.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA procrastinate TO {role}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES"
        f" TO {role}"
    )
    op.execute(f"REVOKE UPDATE, DELETE ON audit_event FROM {role}")


def _legacy_revokes() -> str:
    role = rls.LEGACY_APP_ROLE
    statements = [f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {role}"]
    for schema in LEGACY_SCHEMAS:
        statements += [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
            f"REVOKE ALL ON SCHEMA {schema} FROM {role}",
        ]
    return "; ".join(statements) + ";"
