"""Organisations: the tenants of the platform, and Certif'Pro as its operator."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id


class OrganisationKind(enum.StrEnum):
    """``operator`` runs the platform (Certif'Pro); ``evaluator`` organisations are tenants."""

    OPERATOR = "operator"
    EVALUATOR = "evaluator"


class Organisation(CreatedAtMixin, Base):
    """A tenant. Every tenant-owned table leads its keys with ``organisation_id``."""

    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(
            OrganisationKind,
            native_enum=False,
            create_constraint=True,
            length=16,
            name="kind",
            values_callable=lambda kinds: [kind.value for kind in kinds],
        )
    )
