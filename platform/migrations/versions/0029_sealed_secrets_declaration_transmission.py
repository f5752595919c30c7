"""Webhook signing secrets sealed at rest, and declaration batches transmitted by the outbox.

- Webhook signing secrets: each stored ``whsec_…`` secret is encrypted under
``CLEA_SECRET_KEY`` (``webhooks/signing.py``: Fernet, key derived by HKDF-SHA256), stored as
``sealed:v1:<token>``. The column keeps its name and type; the downgrade decrypts.

The key comes from ``clea db upgrade``'s settings (``config.attributes["secret_key"]``): the
database never sees it. The table is under ``FORCE ROW LEVEL SECURITY``, which binds the
owner too: the rows of every organisation are rewritten with ``NO FORCE`` for the duration
of this migration's transaction, then ``FORCE`` again.
- ``declaration_batch`` becomes the outbox row of its transmission (``transmission``,
  ``attempts``, ``next_attempt_at``, ``transmitted_at``, ``dead_at``, ``last_error``,
  ``transmission_reference``). Batches made before are ``manual``: Certif'Pro downloaded and
  handed them over itself; the platform never sends them.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import context, op

from clea_platform.core.errors import ConfigurationError
from clea_platform.db import rls
from clea_platform.webhooks import signing

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

SUBSCRIPTION = sa.table(
    "webhook_subscription",
    sa.column("organisation_id", sa.Uuid()),
    sa.column("id", sa.Uuid()),
    sa.column("secret", sa.Text()),
)


def _rewrite(keep: Callable[[str], bool], convert: Callable[[str, str], str]) -> None:
    connection = op.get_bind()
    postgresql = rls.is_postgresql()
    if postgresql:
        op.execute("ALTER TABLE webhook_subscription NO FORCE ROW LEVEL SECURITY")
    rows = [
        row
        for row in connection.execute(
            sa.select(SUBSCRIPTION.c.organisation_id, SUBSCRIPTION.c.id, SUBSCRIPTION.c.secret)
        )
        if not keep(row.secret)
    ]
    if rows:
        secret_key = context.config.attributes.get("secret_key", "")
        if not secret_key:
            raise ConfigurationError(
                "La migration 0029 chiffre les secrets des webhooks avec CLEA_SECRET_KEY, "
                "qui n'a pas été transmise.",
                hint="Lancez la migration avec « clea db upgrade » (qui lit CLEA_SECRET_KEY).",
            )
        for row in rows:
            connection.execute(
                SUBSCRIPTION.update()
                .where(
                    SUBSCRIPTION.c.organisation_id == row.organisation_id,
                    SUBSCRIPTION.c.id == row.id,
                )
                .values(secret=convert(row.secret, secret_key))
            )
    if postgresql:
        op.execute("ALTER TABLE webhook_subscription FORCE ROW LEVEL SECURITY")


def _is_sealed(stored: str) -> bool:
    return stored.startswith(signing.SEALED)


TRANSMISSION = sa.Enum(
    "manual",
    "pending",
    "transmitted",
    "dead",
    name="declaration_transmission",
    native_enum=False,
    create_constraint=True,
    length=16,
)


def upgrade() -> None:
    _rewrite(_is_sealed, signing.seal)
    with op.batch_alter_table("declaration_batch") as batch:
        batch.add_column(
            sa.Column("transmission", TRANSMISSION, nullable=False, server_default="manual")
        )
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("transmitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column(
                "transmission_reference", sa.String(length=500), nullable=False, server_default=""
            )
        )
    # The defaults were for the rows already there: the application writes every column.
    with op.batch_alter_table("declaration_batch") as batch:
        for column in ("transmission", "attempts", "last_error", "transmission_reference"):
            batch.alter_column(column, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("declaration_batch") as batch:
        batch.drop_constraint("declaration_transmission", type_="check")
        for column in (
            "transmission_reference",
            "last_error",
            "dead_at",
            "transmitted_at",
            "next_attempt_at",
            "attempts",
            "transmission",
        ):
            batch.drop_column(column)
    _rewrite(lambda stored: not _is_sealed(stored), signing.unseal)
