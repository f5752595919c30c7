"""Candidates: personal data owned by one evaluator organisation."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import namedtuple
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.candidates.validation import (
    Civility,
    EducationLevel,
    RegistrationStatus,
)
from clea_platform.db.base import Base, CreatedAtMixin, new_id
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
    # A NAF section letter (``candidates.sectors``), or None when not given; the free
    # text above is kept beside it.
    professional_sector: Mapped[str | None] = mapped_column(String(1))
    # Lower-cased, unaccented names, for the list's text search.
    search_text: Mapped[str] = mapped_column(String(400), default="")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    anonymised_at: Mapped[dt.datetime | None]
    # Optimistic concurrency: every change increments it; an edit names the one it started from.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    # The person this candidate is, across organisations (``candidates.persons``); set when
    # a dossier is opened, cleared by anonymisation.
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), index=True)
    # The candidate agreed that other accredited organisations may learn that they follow
    # a dossier here (and with which organisation); None: they learn nothing beyond the rule.
    sharing_consent_at: Mapped[dt.datetime | None]


#: A candidate read as plain values, under its attributes' names (the dossier list reads
#: the page's candidates with it, ``pathway.listing``), all but the search index.
if TYPE_CHECKING:  # a namedtuple of the columns (built at import: mypy sees no fields)
    CandidateRecord = Any
else:
    CandidateRecord = namedtuple(
        "CandidateRecord",
        [column.key for column in Candidate.__table__.columns if column.key != "search_text"],
    )


class Person(CreatedAtMixin, Base):
    """One person across organisations: a pseudonymous identity key and nothing else.

    Platform data, not a tenant's: it holds no name, no date, no contact detail, only the
    SHA-256 of the normalised birth name, first first name and birth date
    (:func:`clea_platform.candidates.persons.identity_key`). Each organisation's candidate
    row points at it; who else knows the person is read only through the named accessors
    of :mod:`clea_platform.pathway.persons`, which audit the read.
    """

    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    identity_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)


#: Shorter suffixes are not indexed: a search word that short reads the candidates.
MIN_INDEXED_SUFFIX = 3


class CandidateNameSuffix(TenantScoped, Base):
    """The suffixes (from :data:`MIN_INDEXED_SUFFIX` characters) of every word of a
    candidate's ``search_text``: the name index of the dossier list's search on PostgreSQL.

    Under row-level security PostgreSQL may use an index only for leakproof operators;
    ``LIKE '%…%'`` is not one, so a search would read every candidate of the tenant. A
    word of the search is found inside a name when it starts one of the name's suffixes:
    a range of this index, compared byte by byte (``bytea``, leakproof). Triggers on
    ``candidate`` keep it in step (migration 0010, PostgreSQL only: SQLite has no
    row-level security and searches with ``LIKE``).
    """

    __tablename__ = "candidate_name_suffix"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "candidate_id"],
            ["candidate.organisation_id", "candidate.id"],
            name="fk_candidate_name_suffix_candidate",
            ondelete="CASCADE",
        ),
        Index("ix_candidate_name_suffix", "organisation_id", "suffix", "candidate_id"),
        Index("ix_candidate_name_suffix_candidate", "organisation_id", "candidate_id"),
    )

    candidate_id: Mapped[uuid.UUID]
    # UTF-8 bytes of the suffix: byte order makes "starts with" a range.
    suffix: Mapped[bytes] = mapped_column(LargeBinary())


def name_suffixes(search_text: str) -> set[str]:
    """What the triggers index for a ``search_text`` (the tests compare both)."""
    return {
        word[start:]
        for word in search_text.split()
        for start in range(len(word) - MIN_INDEXED_SUFFIX + 1)
    }
