"""Candidates: personal data owned by one evaluator organisation."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.candidates.validation import (
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.db.base import Base, CreatedAtMixin
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class Candidate(TenantScoped, CreatedAtMixin, Base):
    """A person on the pathway (bénéficiaire). Personal data: minimised, audited on read."""

    __tablename__ = "candidate"
    __table_args__ = (
        # Possible duplicates are looked up by names and birth date within the tenant.
        Index("ix_candidate_identity", "organisation_id", "birth_name", "birth_date"),
        Index("ix_candidate_search", "organisation_id", "search_text"),
    )

    civility: Mapped[Civility] = mapped_column(string_enum(Civility, "civility", 16))
    birth_name: Mapped[str] = mapped_column(String(100))
    usage_name: Mapped[str] = mapped_column(String(100), default="")
    first_names: Mapped[str] = mapped_column(String(150))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    birth_country: Mapped[str] = mapped_column(String(100))
    birth_city: Mapped[str] = mapped_column(String(120))
    birth_postal_code: Mapped[str] = mapped_column(String(5), default="")
    born_abroad: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address_line: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    status_at_registration: Mapped[RegistrationStatus] = mapped_column(
        string_enum(RegistrationStatus, "status_at_registration", 24)
    )
    education_level: Mapped[EducationLevel] = mapped_column(
        string_enum(EducationLevel, "education_level", 16)
    )
    professional_project: Mapped[str] = mapped_column(Text, default="")
    # Lower-cased, unaccented names, for the list's text search.
    search_text: Mapped[str] = mapped_column(String(400), default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[dt.datetime | None]
    # Optimistic concurrency: every change increments it; an edit names the one it started from.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
