"""Documents issued to candidates: partial attestations (attestation des compétences acquises)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, utcnow
from clea_platform.tenants.scoping import TenantScoped


class PartialAttestation(TenantScoped, Base):
    """Its PDF is rendered on demand from ``snapshot``: the same bytes of text every time."""

    __tablename__ = "partial_attestation"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "evaluation_id"],
            ["evaluation.organisation_id", "evaluation.id"],
            name="fk_partial_attestation_evaluation",
        ),
    )

    evaluation_id: Mapped[uuid.UUID]
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    snapshot: Mapped[dict[str, Any]]
