"""Jury members and sessions (platform data) and what they decide on (the dossier's tenant)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from clea_platform.db.base import Base, CreatedAtMixin, JsonDocument, new_id, utcnow
from clea_platform.db.types import string_enum
from clea_platform.tenants.scoping import TenantScoped


class Side(enum.StrEnum):
    """Paritaire: as many employer as employee representatives."""

    EMPLOYER = "employer"
    EMPLOYEE = "employee"


class JuryMember(CreatedAtMixin, Base):
    """A person on Certif'Pro's roster, for a région and some certifications."""

    __tablename__ = "jury_member"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), unique=True)
    side: Mapped[Side] = mapped_column(string_enum(Side, "side", 16))
    body: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(60))
    certification_codes: Mapped[list[str]]
    # SIRENs of the organisations the member works for or with (declared).
    affiliations: Mapped[list[str]]
    active: Mapped[bool] = mapped_column(default=True)


class SessionStatus(enum.StrEnum):
    CONVENED = "convened"
    OPEN = "open"
    CLOSED = "closed"


class IssuanceStatus(enum.StrEnum):
    """Where the issuance of a closed session's certificates stands."""

    PENDING = "pending"  # queued (closing or a retry), not started yet
    RUNNING = "running"
    DONE = "done"  # every certified dossier has its certificate
    FAILED = "failed"  # the last run ended with certificates missing


class JurySession(CreatedAtMixin, Base):
    __tablename__ = "jury_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(200))
    certification_codes: Mapped[list[str]]
    region: Mapped[str] = mapped_column(String(60))
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    remote: Mapped[bool] = mapped_column(default=False)
    # Local times (Europe/Paris) of the sitting, for the convocation's calendar event.
    starts_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(9, 0))
    ends_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(12, 30))
    # The jury hears the candidates: « absent » and « excusé » are then possible outcomes.
    interviews: Mapped[bool] = mapped_column(default=False)
    status: Mapped[SessionStatus] = mapped_column(
        string_enum(SessionStatus, "status", 16), default=SessionStatus.CONVENED
    )
    convened_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    # Issuing the certificates of a closed session runs after the closing commit.
    certificates_total: Mapped[int] = mapped_column(default=0)
    certificates_issued: Mapped[int] = mapped_column(default=0)
    issuance_error: Mapped[str] = mapped_column(Text, default="")
    # Null until closing; then the background job's progress (see juries/sessions.py).
    issuance_status: Mapped[IssuanceStatus | None] = mapped_column(
        string_enum(IssuanceStatus, "issuance_status", 16)
    )
    # One {"dossier_id", "message"} per certificate the last run could not issue.
    issuance_failures: Mapped[list[dict[str, str]]] = mapped_column(JsonDocument, default=list)
    issuance_runs: Mapped[int] = mapped_column(default=0)
    issuance_started_at: Mapped[dt.datetime | None]
    issuance_finished_at: Mapped[dt.datetime | None]
    revision: Mapped[int] = mapped_column(default=1)


class SessionMember(Base):
    """A member invited to a session, and whether they attended."""

    __tablename__ = "jury_session_member"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_session.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_member.id"))
    present: Mapped[bool] = mapped_column(default=False)
    invited_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AgendaItem(TenantScoped, Base):
    """A dossier put before a session; owned by the dossier's organisation."""

    __tablename__ = "jury_agenda_item"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_jury_agenda_item_dossier",
        ),
        UniqueConstraint("organisation_id", "session_id", "dossier_id"),
        Index("ix_jury_agenda_item_session", "session_id"),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_session.id"))
    dossier_id: Mapped[uuid.UUID]
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    # Set at closing when the dossier could not be decided (recusals broke parity for
    # it): it went back to the pool « prêt pour le jury », and the minutes say why.
    returned_reason: Mapped[str] = mapped_column(Text, default="")


class ConflictDeclaration(TenantScoped, Base):
    """A member declares a conflict of interest on one dossier (recused for it)."""

    __tablename__ = "jury_conflict_declaration"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "session_id", "member_id", "dossier_id", name="uq_jury_conflict"
        ),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_session.id"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_member.id"))
    dossier_id: Mapped[uuid.UUID]
    reason: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Outcome(enum.StrEnum):
    CERTIFIED = "certified"
    NOT_CERTIFIED = "not_certified"
    # Adjourned: the jury asks the organisation for a complement (back to the pool).
    POSTPONED = "postponed"
    # Sessions that hear the candidates only (``JurySession.interviews``).
    ABSENT = "absent"
    EXCUSED = "excused"


class DecisionMode(enum.StrEnum):
    """How the members present for a decision reached it."""

    CONSENSUS = "consensus"
    VOTE = "vote"


class Decision(TenantScoped, Base):
    """The jury's decision on a dossier; immutable once its session is closed.

    A later correction is a new row pointing at the one it amends (``amends_id``).
    """

    __tablename__ = "jury_decision"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organisation_id", "dossier_id"],
            ["dossier.organisation_id", "dossier.id"],
            name="fk_jury_decision_dossier",
        ),
        Index("ix_jury_decision_session", "session_id", "dossier_id"),
        # One original decision per dossier and session (a second recording updates it,
        # with the revision it read), and at most one amendment of any decision: two
        # people acting at once cannot both win.
        Index(
            "uq_jury_decision_original",
            "organisation_id",
            "session_id",
            "dossier_id",
            unique=True,
            sqlite_where=text("amends_id IS NULL"),
            postgresql_where=text("amends_id IS NULL"),
        ),
        UniqueConstraint("organisation_id", "amends_id", name="uq_jury_decision_amends"),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_session.id"))
    dossier_id: Mapped[uuid.UUID]
    outcome: Mapped[Outcome] = mapped_column(string_enum(Outcome, "outcome", 16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Who recorded it (a member, or Certif'Pro as the session's secretary).
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    amends_id: Mapped[uuid.UUID | None]
    frozen: Mapped[bool] = mapped_column(default=False)
    presided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jury_member.id"))
    # The members present for this decision (present at the session, not recused).
    present_member_ids: Mapped[list[str]] = mapped_column(default=list)
    mode: Mapped[DecisionMode] = mapped_column(
        string_enum(DecisionMode, "mode", 16), default=DecisionMode.CONSENSUS
    )
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    abstentions: Mapped[int | None]
    # Référentiel codes (domains or criteria) at issue when not certified.
    criteria_at_issue: Mapped[list[str]] = mapped_column(default=list)
    candidate_comment: Mapped[str] = mapped_column(Text, default="")
    organisation_comment: Mapped[str] = mapped_column(Text, default="")
    # Never leaves the jury and Certif'Pro (not in e-mails, not in the organisation's view).
    internal_comment: Mapped[str] = mapped_column(Text, default="")
    # Certified on the évaluation préalable alone (no évaluation finale): Certif'Pro's
    # exchange files carry it.
    obtained_at_first_evaluation: Mapped[bool] = mapped_column(default=False)
    # What an amendment did (certificate revoked or issued, dossier moved), in French.
    effect: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency: every UPDATE checks and increments it.
    revision: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 (SQLAlchemy's declaration)


class MinutesKind(enum.StrEnum):
    MINUTES = "minutes"
    APPENDIX = "appendix"


class MinutesDocument(CreatedAtMixin, Base):
    """The minutes of a closed session, rendered once and stored; amendments add appendices.

    Platform data (a Certif'Pro document across organisations): read through
    ``minutes.minutes_for`` only, by Certif'Pro and the session's members.
    """

    __tablename__ = "jury_minutes_document"
    __table_args__ = (UniqueConstraint("session_id", "kind", "number"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jury_session.id"))
    kind: Mapped[MinutesKind] = mapped_column(string_enum(MinutesKind, "kind", 16))
    # 0 for the minutes, 1, 2… for the appendices in the order of the amendments.
    number: Mapped[int]
    # The amendment an appendix records.
    decision_id: Mapped[uuid.UUID | None]
    # Deferred: listings do not load the PDF (``minutes._stored`` asks for it).
    content: Mapped[bytes] = mapped_column(LargeBinary(), deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
