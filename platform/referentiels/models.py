"""Référentiels stored in the database: one per certification, versioned, with their items."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum


class VersionStatus(enum.StrEnum):
    """A version is prepared as a draft, published for new dossiers, then retired."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class VersionSource(enum.StrEnum):
    BUNDLED = "bundled"
    IMPORTED = "imported"


class Referentiel(CreatedAtMixin, Base):
    """The référentiel of one certification, across its versions."""

    __tablename__ = "referentiel"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    certification_code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    certifier: Mapped[str] = mapped_column(String(200))

    versions: Mapped[list[ReferentielVersion]] = relationship(
        back_populates="referentiel", order_by="ReferentielVersion.created_at"
    )


class ReferentielVersion(CreatedAtMixin, Base):
    """One version of a référentiel; its items never change once stored."""

    __tablename__ = "referentiel_version"
    __table_args__ = (UniqueConstraint("referentiel_id", "label"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    referentiel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referentiel.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    status: Mapped[VersionStatus] = mapped_column(string_enum(VersionStatus, "status", 16))
    provisional: Mapped[bool]
    levels: Mapped[list[str]]
    scoring: Mapped[dict[str, Any]]
    counts_official: Mapped[dict[str, Any]]
    notes: Mapped[list[str]]
    provenance: Mapped[list[str]]
    leaf_rule: Mapped[str] = mapped_column(String(16))
    source: Mapped[VersionSource] = mapped_column(string_enum(VersionSource, "source", 16))
    source_sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime | None]

    referentiel: Mapped[Referentiel] = relationship(back_populates="versions")


class ReferentielItem(Base):
    """A node of a version's tree; leaves are the evaluable items.

    Keyed by ``(version_id, code)`` so a parent can only be a node of the same version.
    """

    __tablename__ = "referentiel_item"
    __table_args__ = (
        ForeignKeyConstraint(
            ["version_id", "parent_code"],
            ["referentiel_item.version_id", "referentiel_item.code"],
            name="fk_referentiel_item_parent",
        ),
    )

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("referentiel_version.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(SmallInteger)
    # Depth-first rank in the whole tree: reading a version back is one ordered scan.
    sequence: Mapped[int] = mapped_column(Integer)
    is_leaf: Mapped[bool]
    provisional: Mapped[bool]
