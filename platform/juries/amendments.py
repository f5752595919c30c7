"""Amending a frozen decision: a documented, audited act of Certif'Pro that takes effect.

An amendment is a decision row of its own pointing at the one it corrects (the original
stays as it was, and so do the minutes: an appendix is added). It moves the dossier as
the new outcome says — the only way out of « certifié » (``AMENDMENT_TRANSITIONS``) —,
revokes the certificate of a dossier no longer certified, issues the certificate of a
dossier newly certified (or reinstates the one an earlier amendment withdrew), tells the
organisation and publishes ``DecisionApplied``. Only
the latest decision of a chain can be amended; two amendments of one decision cannot
both be saved (a unique key), the second is refused with the first shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates import revocation
from clea_platform.certificates import service as certificates
from clea_platform.certificates.models import Certificate
from clea_platform.db.base import utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import AMENDMENT_TRANSITIONS, LABELS
from clea_platform.juries import events
from clea_platform.juries.access import holder_name
from clea_platform.juries.closing import TARGETS
from clea_platform.juries.decisions import (
    INTERVIEW_OUTCOMES,
    OUTCOME_LABELS,
    criteria_problem,
    obtained_at_first_evaluation,
    session_label,
)
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.juries.issuance import latest_decision
from clea_platform.juries.minutes import AppendixFacts, add_appendix
from clea_platform.juries.models import Decision, JurySession, Outcome
from clea_platform.juries.notifications import tell_amendment
from clea_platform.juries.records import DecisionRecord, decision_record
from clea_platform.juries.sessions import error, get_session
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads

AMENDMENT_SCOPE = "certifpro_admin:jury_amendment"


@dataclass(frozen=True, slots=True)
class AmendmentInput:
    outcome: Outcome
    reason: str
    criteria_at_issue: Sequence[str] = ()
    candidate_comment: str = ""
    organisation_comment: str = ""
    internal_comment: str = ""


def _form_problem(jury_session: JurySession, data: AmendmentInput) -> JuryError | None:
    if data.outcome == Outcome.NOT_CERTIFIED and not data.criteria_at_issue:
        return error(
            JuryErrorCode.CRITERIA_REQUIRED,
            "Non certifié : indiquez les domaines ou critères en cause.",
            "criteriaAtIssue",
        )
    if data.outcome != Outcome.NOT_CERTIFIED and data.criteria_at_issue:
        return error(
            JuryErrorCode.INVALID,
            "Les domaines ou critères en cause ne s'indiquent que pour un dossier non certifié.",
            "criteriaAtIssue",
        )
    if data.outcome in INTERVIEW_OUTCOMES and not jury_session.interviews:
        return error(
            JuryErrorCode.NO_INTERVIEW,
            "Cette session n'entend pas les candidats : « absent » et « excusé » ne "
            "s'appliquent qu'à une session avec entretien.",
            "outcome",
        )
    return None


async def _later(session: AsyncSession, decision: Decision) -> Decision | None:
    found: Decision | None = await session.scalar(
        select(Decision).where(Decision.amends_id == decision.id)
    )
    return found


async def _already_amended(session: AsyncSession, later: Decision) -> JuryError:
    record = await decision_record(session, later)
    return JuryError(
        JuryErrorCode.ALREADY_AMENDED,
        f"Cette décision a déjà été rectifiée le {record.decided_at:%d/%m/%Y à %H:%M}"
        + (f" par {record.recorded_by}" if record.recorded_by else "")
        + f" : {OUTCOME_LABELS[record.outcome]} — {record.reason}. Rectifiez la dernière "
        "décision, pas celle d'origine.",
        field="decisionId",
        earlier_decision=record,
    )


async def _certificate(session: AsyncSession, dossier: Dossier) -> Certificate | None:
    found: Certificate | None = await session.scalar(
        select(Certificate).where(
            Certificate.organisation_id == dossier.organisation_id,
            Certificate.dossier_id == dossier.id,
        )
    )
    return found


def _check_move(dossier: Dossier, original: Decision, outcome: Outcome) -> None:
    target = TARGETS[outcome]
    if dossier.status == target or target in AMENDMENT_TRANSITIONS.get(dossier.status, ()):
        return
    raise error(
        JuryErrorCode.AMENDMENT_IMPOSSIBLE,
        f"Le dossier est « {LABELS[dossier.status]} » depuis la décision "
        f"« {OUTCOME_LABELS[original.outcome]} » : une rectification ne peut plus le faire "
        f"passer à « {LABELS[target]} ».",
        "outcome",
    )


async def _take_effect(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    jury_session: JurySession,
    original: Decision,
    dossier: Dossier,
    data: AmendmentInput,
) -> tuple[str, bool, bool]:
    """Revoke or issue the certificate and move the dossier; returns (effect, revoked, issued)."""
    certificate = await _certificate(session, dossier)
    was, now = original.outcome == Outcome.CERTIFIED, data.outcome == Outcome.CERTIFIED
    _check_move(dossier, original, data.outcome)
    effects: list[str] = []
    revoked = issued = False
    if was and not now and certificate is not None and certificate.revoked_at is None:
        await revocation.revoke(
            session,
            actor,
            registry,
            certificate.id,
            f"Décision du jury rectifiée : {data.reason.strip()}",
        )
        effects.append(f"certificat {certificate.number} retiré")
        revoked = True
    target = TARGETS[data.outcome]
    if dossier.status != target:
        await dossiers.move_by_amendment(
            session,
            actor,
            registry,
            dossier,
            target,
            comment=f"Décision du jury {session_label(jury_session)} rectifiée : "
            f"{OUTCOME_LABELS[data.outcome]} — {data.reason.strip()}.",
        )
        effects.append(f"dossier passé à « {LABELS[target]} »")
    if now and not was and certificate is not None:
        # A dossier holds one certificate: the amendment that undoes its withdrawal gives
        # it back (same number and code), rather than a second one.
        if certificate.revoked_at is not None:
            await revocation.reinstate(session, actor, certificate)
            effects.append(f"certificat {certificate.number} rétabli")
            issued = True
    elif now and not was:
        issued_certificate = await certificates.issue_certificate(
            session,
            actor,
            registry,
            dossier=dossier,
            decided_on=utcnow().date(),
            jury_session_id=jury_session.id,
            jury_session_label=session_label(jury_session),
        )
        effects.append(f"certificat {issued_certificate.number} émis")
        issued = True
    effect = "; ".join(effects)
    return (effect[:1].upper() + effect[1:] + ".") if effect else "", revoked, issued


async def _recount(session: AsyncSession, jury_session: JurySession) -> None:
    """The session's certificates: its certified dossiers as amended, and those issued."""
    latest = (
        select(Decision.organisation_id, Decision.dossier_id)
        .where(
            Decision.session_id == jury_session.id,
            Decision.outcome == Outcome.CERTIFIED,
            latest_decision(),
        )
        .subquery()
    )
    jury_session.certificates_total = int(
        await session.scalar(select(func.count()).select_from(latest)) or 0
    )
    jury_session.certificates_issued = int(
        await session.scalar(
            select(func.count())
            .select_from(latest)
            .join(
                Certificate,
                (Certificate.organisation_id == latest.c.organisation_id)
                & (Certificate.dossier_id == latest.c.dossier_id),
            )
        )
        or 0
    )


async def amend_decision(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    decision_id: uuid.UUID,
    data: AmendmentInput,
) -> DecisionRecord:
    """Correct a frozen decision by an amendment that takes effect (see the module).

    Raises:
        JuryError: ``REASON_REQUIRED``, ``NOT_FOUND``, ``INVALID_STATE`` (not frozen yet),
            ``ALREADY_AMENDED`` (with the later decision), ``AMENDMENT_IMPOSSIBLE``.
    """
    if not data.reason.strip():
        raise error(
            JuryErrorCode.REASON_REQUIRED,
            "Motivez la rectification : elle est tracée et annexée au procès-verbal.",
            "reason",
        )
    async with cross_tenant_reads(session, AMENDMENT_SCOPE):
        original = await session.scalar(select(Decision).where(Decision.id == decision_id))
        if original is None:
            raise error(JuryErrorCode.NOT_FOUND, "Décision introuvable.", "decisionId")
        if not original.frozen:
            raise error(
                JuryErrorCode.INVALID_STATE,
                "La session n'est pas close : modifiez la décision directement.",
            )
        jury_session = await get_session(session, original.session_id)
        if problem := _form_problem(jury_session, data):
            raise problem
        if (later := await _later(session, original)) is not None:
            raise await _already_amended(session, later)
        dossier = await dossiers.get_dossier(session, original.dossier_id)
        if data.criteria_at_issue and (
            problem := await criteria_problem(session, dossier, data.criteria_at_issue)
        ):
            raise problem
        effect, revoked, issued = await _take_effect(
            session, actor, registry, jury_session, original, dossier, data
        )
        amendment = Decision(
            organisation_id=original.organisation_id,
            session_id=original.session_id,
            dossier_id=original.dossier_id,
            outcome=data.outcome,
            reason=data.reason.strip(),
            decided_by_id=actor.user_id,
            amends_id=original.id,
            frozen=True,
            criteria_at_issue=list(dict.fromkeys(data.criteria_at_issue)),
            candidate_comment=data.candidate_comment.strip(),
            organisation_comment=data.organisation_comment.strip(),
            internal_comment=data.internal_comment.strip(),
            obtained_at_first_evaluation=data.outcome == Outcome.CERTIFIED
            and await obtained_at_first_evaluation(session, dossier.id),
            effect=effect,
        )
        session.add(amendment)
        try:
            async with session.begin_nested():
                await session.flush()
        except IntegrityError:
            if (later := await _later(session, original)) is None:
                raise
            raise await _already_amended(session, later) from None
        events.announce_to_plugins(session, registry, amendment, dossier.certification_code)
        await _recount(session, jury_session)
        holder = await _holder(session, dossier)
        organisation = await session.get(Organisation, dossier.organisation_id)
        await tell_amendment(session, session_label(jury_session), amendment, holder)
        await add_appendix(
            session,
            actor,
            jury_session,
            AppendixFacts(
                original=await decision_record(session, original),
                amendment=await decision_record(session, amendment),
                holder_name=holder,
                organisation_name=organisation.name if organisation else "",
            ),
        )
        await events.publish(
            session,
            events.DecisionApplied(
                decision_id=amendment.id,
                session_id=amendment.session_id,
                organisation_id=amendment.organisation_id,
                dossier_id=amendment.dossier_id,
                outcome=amendment.outcome,
                amends_id=original.id,
                certificate_revoked=revoked,
                certificate_issued=issued,
            ),
        )
        audit.record(
            session,
            actor,
            "jury_decision.amend",
            [original.id, amendment.id, dossier.id],
            organisation_id=original.organisation_id,
        )
        return await decision_record(session, amendment)


async def _holder(session: AsyncSession, dossier: Dossier) -> str:
    candidate = await session.scalar(
        select(Candidate).where(
            Candidate.organisation_id == dossier.organisation_id,
            Candidate.id == dossier.candidate_id,
        )
    )
    return holder_name(candidate) if candidate is not None else ""
