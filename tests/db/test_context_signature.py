"""The signed row-security context: what the application signs is what PostgreSQL checks."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from clea_platform.db.context_signature import (
    RowSecurityContext,
    derive_key,
    key_pads,
    signature,
)
from tests.isolation.raw_sql import catalogue, postgresql_only

CONTEXTS = [
    RowSecurityContext(None, None),
    RowSecurityContext(uuid.UUID(int=1), uuid.UUID(int=2)),
    RowSecurityContext(None, uuid.UUID(int=3), cross_tenant=True),
    RowSecurityContext(uuid.UUID(int=4), None, credentials=True),
]


def test_the_context_reads_organisation_user_scope_and_credentials_in_that_order() -> None:
    context = RowSecurityContext(uuid.UUID(int=1), uuid.UUID(int=2), cross_tenant=True)

    assert context.value() == (
        "00000000-0000-0000-0000-000000000001|00000000-0000-0000-0000-000000000002|on|off"
    )


def test_the_key_depends_on_the_secret_and_is_not_the_secret() -> None:
    key = derive_key("secret one")

    assert len(key) == 32
    assert key == derive_key("secret one")
    assert key != derive_key("secret two")
    assert b"secret one" not in key


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.value())
def test_the_stored_pads_give_the_hmac_the_application_signs(context: RowSecurityContext) -> None:
    key = derive_key("a secret")
    inner, outer = key_pads(key)
    message = f"4242|1700000000123456|{context.value()}".encode()

    recomputed = hashlib.sha256(outer + hashlib.sha256(inner + message).digest()).hexdigest()

    assert recomputed == signature(key, "4242|1700000000123456", context.value())


@postgresql_only
@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.value())
def test_postgresql_recomputes_the_same_signature(
    database_url: str, context: RowSecurityContext
) -> None:
    key = derive_key("a secret")
    inner, outer = key_pads(key)
    message = f"4242|1700000000123456|{context.value()}"

    ((computed,),) = catalogue(
        database_url,
        "SELECT encode(sha256(CAST(:outer AS bytea) || sha256(CAST(:inner AS bytea)"
        " || convert_to(:message, 'UTF8'))), 'hex')",
        outer=outer,
        inner=inner,
        message=message,
    )

    assert computed == signature(key, "4242|1700000000123456", context.value())


@postgresql_only
def test_the_binding_names_the_backend_and_the_transaction_start(database_url: str) -> None:
    ((binding, pid, started),) = catalogue(
        database_url,
        "SELECT clea_rls.transaction_binding(), pg_backend_pid(),"
        " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint",
    )

    assert binding == f"{pid}|{started}"
