"""« CléA : que sont-ils devenus ? » — the follow-up questionnaire of certified people.

One row per certificate and wave (6 or 12 months after certification), created when its
e-mail is sent (the reminders ledger sends it once). The e-mailed link is a secret whose
hash only is kept; it works once, until ``expires_at``. The answers are optional for the
person and are read by the statistics in aggregate only.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import AwareDateTime, Base, CreatedAtMixin
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class Situation(enum.StrEnum):
    EMPLOYED = "employed"
    TRAINING = "training"
    JOB_SEEKING = "job_seeking"


class Employer(enum.StrEnum):
    """Asked only of people in employment: the employer they had at certification or not."""

    SAME = "same"
    NEW = "new"


class FollowUpSurvey(TenantScoped, CreatedAtMixin, Base):
    """One questionnaire sent about one certificate (owned by the certificate's organisation)."""

    __tablename__ = "follow_up_survey"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "certificate_id"],
            ["certificate.organisation_id", "certificate.id"],
            name="fk_follow_up_survey_certificate",
        ),
        UniqueConstraint("organisation_id", "certificate_id", "wave"),
        Index("ix_follow_up_survey_statistics", "organisation_id", "certification_code", "wave"),
    )

    certificate_id: Mapped[uuid.UUID]
    #: Copied from the certificate: the statistics group by it without a join.
    certification_code: Mapped[str] = mapped_column(String(64))
    #: Months after certification: 6 or 12.
    wave: Mapped[int]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime)
    situation: Mapped[Situation | None] = mapped_column(
        string_enum(Situation, "follow_up_situation", 16)
    )
    employer: Mapped[Employer | None] = mapped_column(
        string_enum(Employer, "follow_up_employer", 8)
    )
    next_certification_planned: Mapped[bool | None]
