"""Control of accredited organisations (#19): Certif'Pro records a signalement against an
organisation's site, opens a control procedure, the organisation replies within the
deadline (with documents), and Certif'Pro decides a reasoned outcome — closed without
action, warning, suspension (for a period, some or all certifications and scopes of the
site) or withdrawal. Every step is mailed to the organisation's administrators and
audited; the procedures are the organisation's control history.

Certif'Pro works on other organisations' rows under ``CONTROL_SCOPE`` (audited); the
organisation reads and replies to its own procedures in its own tenant.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations.errors import AccreditationErrorCode, error
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationScope,
    AccreditationStatus,
    Campaign,
    ControlDocument,
    ControlOutcome,
    ControlProcedure,
    ControlStatus,
    Signalement,
    SignalementSource,
)
from clea_platform.accreditations.storage import DocumentStore, check_pdf
from clea_platform.audit import service as audit
from clea_platform.db.base import utcnow
from clea_platform.identity.models import Membership, User
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads

CONTROL_SCOPE = "certifpro_admin:accreditation_control"
DEFAULT_REPLY_DAYS = 15
#: Longest suspension a procedure may decide (beyond it, withdraw).
MAX_SUSPENSION_DAYS = 3 * 366

OUTCOME_LABELS = {
    ControlOutcome.CLOSED: "classement sans suite",
    ControlOutcome.WARNING: "avertissement",
    ControlOutcome.SUSPENSION: "suspension",
    ControlOutcome.WITHDRAWAL: "retrait",
}
SOURCE_LABELS = {
    SignalementSource.COMPLAINT: "réclamation",
    SignalementSource.JURY: "irrégularité relevée par un jury",
    SignalementSource.AUDIT: "irrégularité relevée par un audit",
}
PROCEDURE_NOT_FOUND = "Procédure de contrôle introuvable."


@dataclass(frozen=True, slots=True)
class Decision:
    """Certif'Pro's outcome of a procedure, as the form sends it."""

    outcome: ControlOutcome
    reason: str
    suspended_until: dt.date | None = None
    # Empty: every certification (or scope) of the site's accreditations.
    certification_codes: Sequence[str] = ()
    scopes: Sequence[AccreditationScope] = ()


def _required(text: str, message: str, field: str) -> str:
    """``text`` stripped, or a typed refusal naming the field left empty."""
    if not text.strip():
        raise error(AccreditationErrorCode.REASON_REQUIRED, message, field)
    return text.strip()


async def _site(session: AsyncSession, organisation_id: uuid.UUID, site_id: uuid.UUID) -> Site:
    site = await session.scalar(
        select(Site).where(Site.id == site_id, Site.organisation_id == organisation_id)
    )
    if site is None:
        raise error(
            AccreditationErrorCode.NOT_FOUND, "Ce site n'appartient pas à l'organisme.", "siteId"
        )
    return site


async def record_signalement(
    session: AsyncSession,
    actor: Actor,
    organisation_id: uuid.UUID,
    site_id: uuid.UUID,
    source: SignalementSource,
    description: str,
) -> Signalement:
    """Record a complaint or an irregularity against an organisation's site (Certif'Pro)."""
    description = _required(description, "Décrivez le signalement.", "description")
    async with cross_tenant_reads(session, CONTROL_SCOPE):
        await _site(session, organisation_id, site_id)
        signalement = Signalement(
            organisation_id=organisation_id,
            site_id=site_id,
            source=source,
            description=description.strip(),
            recorded_by_id=actor.user_id,
        )
        session.add(signalement)
        await session.flush()
        audit.record(
            session,
            actor,
            "accreditation.record_signalement",
            [signalement.id],
            organisation_id=organisation_id,
        )
    return signalement


async def _reply_days(session: AsyncSession, signalement: Signalement) -> int:
    """The deadline of the campaign that accredited the site last (15 days without one)."""
    days = await session.scalar(
        select(Campaign.reply_days)
        .join(Accreditation, Accreditation.campaign_id == Campaign.id)
        .where(
            Accreditation.organisation_id == signalement.organisation_id,
            Accreditation.site_id == signalement.site_id,
        )
        .order_by(Accreditation.valid_until.desc())
        .limit(1)
    )
    return days if days is not None else DEFAULT_REPLY_DAYS


async def open_procedure(
    session: AsyncSession,
    actor: Actor,
    signalement_id: uuid.UUID,
    grievances: str,
    today: dt.date,
) -> ControlProcedure:
    """Open a control procedure on a signalement and notify the organisation."""
    grievances = _required(grievances, "Indiquez les griefs notifiés à l'organisme.", "grievances")
    async with cross_tenant_reads(session, CONTROL_SCOPE):
        signalement = await session.scalar(
            select(Signalement).where(Signalement.id == signalement_id)
        )
        if signalement is None:
            raise error(
                AccreditationErrorCode.NOT_FOUND, "Signalement introuvable.", "signalementId"
            )
        if await session.scalar(
            select(ControlProcedure.id).where(
                ControlProcedure.signalement_id == signalement.id,
                ControlProcedure.status != ControlStatus.DECIDED,
            )
        ):
            raise error(
                AccreditationErrorCode.INVALID_STATE,
                "Une procédure est déjà en cours sur ce signalement.",
            )
        due = today + dt.timedelta(days=await _reply_days(session, signalement))
        procedure = ControlProcedure(
            organisation_id=signalement.organisation_id,
            signalement_id=signalement.id,
            grievances=grievances.strip(),
            opened_by_id=actor.user_id,
            reply_due_on=due,
        )
        session.add(procedure)
        await session.flush()
        audit.record(
            session,
            actor,
            "accreditation.open_control",
            [signalement.id, procedure.id],
            organisation_id=signalement.organisation_id,
        )
        await _notify(
            session,
            procedure,
            "Ouverture d'une procédure de contrôle de votre habilitation",
            "Certif'Pro a ouvert une procédure de contrôle à la suite d'un signalement "
            f"({SOURCE_LABELS[signalement.source]}).\n\nGriefs :\n{procedure.grievances}\n\n"
            "Vous pouvez y répondre, avec des pièces justificatives, sur la plateforme CléA "
            f"(page « Habilitations ») jusqu'au {due:%d/%m/%Y} inclus.\n",
        )
    return procedure


async def _notify(
    session: AsyncSession, procedure: ControlProcedure, subject: str, body: str
) -> None:
    """Mail the organisation's administrators (through the outbox, after commit)."""
    memberships = await session.scalars(
        select(Membership).where(Membership.organisation_id == procedure.organisation_id)
    )
    admin_ids = [m.user_id for m in memberships if "org_admin" in m.roles]
    for email in sorted(await session.scalars(select(User.email).where(User.id.in_(admin_ids)))):
        enqueue(session, email, subject, f"Bonjour,\n\n{body}")


async def own_procedure(session: AsyncSession, procedure_id: uuid.UUID) -> ControlProcedure:
    """One of the active organisation's procedures (another's is not found: tenancy)."""
    procedure = await session.scalar(
        select(ControlProcedure).where(ControlProcedure.id == procedure_id)
    )
    if procedure is None:
        raise error(AccreditationErrorCode.NOT_FOUND, PROCEDURE_NOT_FOUND, "procedureId")
    return procedure


def _check_reply_open(procedure: ControlProcedure, today: dt.date) -> None:
    if procedure.status != ControlStatus.AWAITING_REPLY:
        raise error(
            AccreditationErrorCode.INVALID_STATE,
            "Votre réponse a déjà été transmise : elle ne peut plus être modifiée.",
        )
    if today > procedure.reply_due_on:
        raise error(
            AccreditationErrorCode.DEADLINE_PASSED,
            f"Le délai de réponse a expiré le {procedure.reply_due_on:%d/%m/%Y} : "
            "votre réponse ne peut plus être reçue.",
            "reply",
        )


async def reply(
    session: AsyncSession,
    actor: Actor,
    procedure_id: uuid.UUID,
    text: str,
    today: dt.date,
) -> ControlProcedure:
    """The organisation's reply to a procedure, within the deadline (once)."""
    procedure = await own_procedure(session, procedure_id)
    _check_reply_open(procedure, today)
    procedure.reply = _required(text, "Rédigez votre réponse.", "reply")
    procedure.status = ControlStatus.REPLIED
    procedure.replied_at = utcnow()
    procedure.replied_by_id = actor.user_id
    await session.flush()
    audit.record(session, actor, "accreditation.reply_control", [procedure.id])
    return procedure


async def attach_reply_document(
    session: AsyncSession,
    actor: Actor,
    store: DocumentStore,
    procedure_id: uuid.UUID,
    filename: str,
    content: bytes,
    today: dt.date,
) -> ControlDocument:
    """Join a PDF to the reply being prepared (before it is sent, within the deadline)."""
    procedure = await own_procedure(session, procedure_id)
    _check_reply_open(procedure, today)
    check_pdf(content)
    printable = "".join(ch for ch in filename if ch.isprintable()).strip()
    document = ControlDocument(
        organisation_id=procedure.organisation_id,
        procedure_id=procedure.id,
        filename=(printable or "piece.pdf")[:255],
        size=len(content),
        sha256=await store.put(session, content),
        uploaded_by_id=actor.user_id,
    )
    session.add(document)
    await session.flush()
    audit.record(session, actor, "accreditation.control_document", [procedure.id, document.id])
    return document


def _check_decision(decision: Decision, today: dt.date) -> None:
    _required(decision.reason, "Motivez la décision.", "reason")
    if decision.outcome != ControlOutcome.SUSPENSION:
        return
    if decision.suspended_until is None:
        raise error(
            AccreditationErrorCode.REQUIRED,
            "Indiquez la date de fin de la suspension.",
            "suspendedUntil",
        )
    if decision.suspended_until < today:
        raise error(
            AccreditationErrorCode.INVALID_DATES,
            "La fin de la suspension ne peut pas précéder aujourd'hui.",
            "suspendedUntil",
        )
    if (decision.suspended_until - today).days > MAX_SUSPENSION_DAYS:
        raise error(
            AccreditationErrorCode.INVALID_DATES,
            "Une suspension dure au plus trois ans : au-delà, retirez l'habilitation.",
            "suspendedUntil",
        )


def _covered(accreditation: Accreditation, decision: Decision) -> bool:
    if decision.certification_codes and (
        accreditation.certification_code not in decision.certification_codes
    ):
        return False
    if not decision.scopes:
        return True
    wanted = {s for scope in decision.scopes for s in _parts(scope)}
    return bool(wanted & set(_parts(accreditation.scope)))


def _parts(scope: AccreditationScope) -> tuple[AccreditationScope, ...]:
    if scope == AccreditationScope.BOTH:
        return (AccreditationScope.EVALUATION, AccreditationScope.TRAINING)
    return (scope,)


async def decide(
    session: AsyncSession,
    actor: Actor,
    procedure_id: uuid.UUID,
    decision: Decision,
    today: dt.date,
) -> ControlProcedure:
    """Certif'Pro's reasoned outcome, once the organisation replied or its deadline passed.

    A suspension or withdrawal applies to the signalement's site's accreditations that
    match the certifications and scopes chosen (all when none are); nothing is saved when
    no accreditation matches.
    """
    _check_decision(decision, today)
    async with cross_tenant_reads(session, CONTROL_SCOPE):
        procedure = await session.scalar(
            select(ControlProcedure).where(ControlProcedure.id == procedure_id)
        )
        if procedure is None:
            raise error(AccreditationErrorCode.NOT_FOUND, PROCEDURE_NOT_FOUND, "procedureId")
        if procedure.status == ControlStatus.DECIDED:
            raise error(AccreditationErrorCode.INVALID_STATE, "Cette procédure est déjà close.")
        if procedure.status == ControlStatus.AWAITING_REPLY and today <= procedure.reply_due_on:
            raise error(
                AccreditationErrorCode.INVALID_STATE,
                "L'organisme peut répondre jusqu'au "
                f"{procedure.reply_due_on:%d/%m/%Y} : décidez après sa réponse ou ce délai.",
            )
        signalement = await session.scalar(
            select(Signalement).where(Signalement.id == procedure.signalement_id)
        )
        assert signalement is not None
        touched = await _apply(session, signalement, procedure, decision)
        procedure.status = ControlStatus.DECIDED
        procedure.outcome = decision.outcome
        procedure.outcome_reason = decision.reason.strip()
        procedure.decided_at = utcnow()
        procedure.decided_by_id = actor.user_id
        if decision.outcome == ControlOutcome.SUSPENSION:
            procedure.suspended_from = today
            procedure.suspended_until = decision.suspended_until
        if decision.outcome in (ControlOutcome.SUSPENSION, ControlOutcome.WITHDRAWAL):
            procedure.suspended_codes = sorted({a.certification_code for a in touched})
            procedure.suspended_scopes = [s.value for s in decision.scopes]
        await session.flush()
        audit.record(
            session,
            actor,
            f"accreditation.control_{decision.outcome.value}",
            [procedure.id, *(a.id for a in touched)],
            organisation_id=procedure.organisation_id,
        )
        await _notify(session, procedure, *_decision_mail(procedure, touched))
    return procedure


async def _apply(
    session: AsyncSession,
    signalement: Signalement,
    procedure: ControlProcedure,
    decision: Decision,
) -> list[Accreditation]:
    if decision.outcome in (ControlOutcome.CLOSED, ControlOutcome.WARNING):
        return []
    withdrawing = decision.outcome == ControlOutcome.WITHDRAWAL
    eligible = (
        (AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED)
        if withdrawing
        else (AccreditationStatus.ACTIVE,)
    )
    accreditations = [
        a
        for a in await session.scalars(
            select(Accreditation).where(
                Accreditation.organisation_id == signalement.organisation_id,
                Accreditation.site_id == signalement.site_id,
                Accreditation.status.in_(eligible),
            )
        )
        if _covered(a, decision)
    ]
    if not accreditations:
        raise error(
            AccreditationErrorCode.INVALID,
            "Aucune habilitation en vigueur du site ne correspond aux certifications et "
            "périmètres choisis.",
            "certificationCodes",
        )
    for accreditation in accreditations:
        accreditation.status = (
            AccreditationStatus.WITHDRAWN if withdrawing else AccreditationStatus.SUSPENDED
        )
        accreditation.status_reason = decision.reason.strip()
        accreditation.status_changed_at = utcnow()
        accreditation.suspended_until = None if withdrawing else decision.suspended_until
        accreditation.suspended_by_procedure_id = procedure.id
    return accreditations


def _decision_mail(procedure: ControlProcedure, touched: list[Accreditation]) -> tuple[str, str]:
    assert procedure.outcome is not None
    label = OUTCOME_LABELS[procedure.outcome]
    codes = ", ".join(sorted({a.certification_code for a in touched}))
    body = (
        f"Certif'Pro a clos la procédure de contrôle de votre habilitation : {label}.\n\n"
        f"Motifs :\n{procedure.outcome_reason}\n"
    )
    if procedure.outcome == ControlOutcome.SUSPENSION and procedure.suspended_until:
        body += (
            f"\nHabilitations suspendues jusqu'au {procedure.suspended_until:%d/%m/%Y} "
            f"inclus : {codes}. Pendant la suspension, aucun nouveau dossier ne peut être "
            "ouvert ni aucun nouveau plan de formation confié ; les dossiers en cours "
            "peuvent être menés à leur terme ou transférés à un autre organisme habilité.\n"
        )
    elif procedure.outcome == ControlOutcome.WITHDRAWAL:
        body += f"\nHabilitations retirées : {codes}.\n"
    return f"Décision de contrôle de votre habilitation : {label}", body
