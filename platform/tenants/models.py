"""Organisations (the tenants, and Certif'Pro as operator) and their sites."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, new_id
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class OrganisationKind(enum.StrEnum):
    """``operator`` runs the platform (Certif'Pro); ``evaluator`` organisations are tenants."""

    OPERATOR = "operator"
    EVALUATOR = "evaluator"


class OrganisationStatus(enum.StrEnum):
    """A suspended organisation's users can read but change nothing."""

    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"


class NationalNetwork(enum.StrEnum):
    APP = "app"
    AFPA = "afpa"
    DEUX_A_DEUX_C = "2a2c"
    UROF = "urof"
    GRETA = "greta"
    INFREP = "infrep"


#: French names of the national networks (messages, screens, statistics).
NETWORK_LABELS: dict[NationalNetwork, str] = {
    NationalNetwork.APP: "APP",
    NationalNetwork.AFPA: "Afpa",
    NationalNetwork.DEUX_A_DEUX_C: "2A2C",
    NationalNetwork.UROF: "Urof",
    NationalNetwork.GRETA: "Greta",
    NationalNetwork.INFREP: "Infrep",
}


class Organisation(CreatedAtMixin, Base):
    """A tenant. Every tenant-owned table leads its keys with ``organisation_id``."""

    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(string_enum(OrganisationKind, "kind", 16))
    status: Mapped[OrganisationStatus] = mapped_column(
        string_enum(OrganisationStatus, "status", 16), default=OrganisationStatus.ACTIVE
    )
    siren: Mapped[str | None] = mapped_column(String(9), unique=True)
    legal_form: Mapped[str] = mapped_column(String(100), default="")
    network: Mapped[NationalNetwork | None] = mapped_column(
        string_enum(NationalNetwork, "network", 16)
    )
    #: The national network this organisation heads (its administrators see the
    #: statistics of the network's organisations); set by Certif'Pro.
    heads_network: Mapped[NationalNetwork | None] = mapped_column(
        string_enum(NationalNetwork, "heads_network", 16)
    )
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    suspended_at: Mapped[dt.datetime | None]


class Site(TenantScoped, CreatedAtMixin, Base):
    """An establishment of an organisation, identified by its SIRET."""

    __tablename__ = "site"

    siret: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address_line: Mapped[str] = mapped_column(String(300))
    # Indexed for the public directory (searched by postal code, département, région).
    postal_code: Mapped[str] = mapped_column(String(5), index=True)
    city: Mapped[str] = mapped_column(String(120))
    departement: Mapped[str] = mapped_column(String(3), index=True)
    region: Mapped[str] = mapped_column(String(60), index=True)
    # Shown in the public directory of accredited evaluators (from the application).
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
