"""Telling the evaluator organisations what the jury decided: every decision, and every
amendment.

Each organisation's admins and advisers get one e-mail per closed session listing its
dossiers' decisions, and one per amendment. The e-mails carry the comments for the
candidate and for the organisation, never the jury's internal comment.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.identity.models import Membership, User
from clea_platform.juries.models import Decision, Outcome
from clea_platform.mail.service import enqueue

NOTIFIED_ROLES = frozenset({"org_admin", "adviser"})

_OUTCOME_SENTENCES = {
    Outcome.CERTIFIED: "certifié",
    Outcome.NOT_CERTIFIED: "non certifié",
    Outcome.POSTPONED: "ajourné : le jury demande un complément (le dossier revient « prêt "
    "pour le jury »)",
    Outcome.ABSENT: "candidat absent à l'entretien (le dossier revient « prêt pour le jury »)",
    Outcome.EXCUSED: "candidat excusé (le dossier revient « prêt pour le jury »)",
}


@dataclass(frozen=True, slots=True)
class DecidedDossier:
    """A decision and the name of the dossier's holder, for the organisation's e-mail."""

    decision: Decision
    holder_name: str


def describe(decision: Decision, holder_name: str) -> str:
    """One dossier's decision as the organisation reads it (no internal comment)."""
    lines = [f"- {holder_name} (dossier {decision.dossier_id}) : "
             f"{_OUTCOME_SENTENCES[decision.outcome]}."]  # fmt: skip
    if decision.obtained_at_first_evaluation:
        lines.append("  Obtenu dès l'évaluation préalable (sans évaluation finale).")
    if decision.criteria_at_issue:
        lines.append(f"  Domaines ou critères en cause : {', '.join(decision.criteria_at_issue)}.")
    if decision.reason:
        lines.append(f"  Motif : {decision.reason}")
    if decision.candidate_comment:
        lines.append(f"  Pour le candidat : {decision.candidate_comment}")
    if decision.organisation_comment:
        lines.append(f"  Pour l'organisme : {decision.organisation_comment}")
    return "\n".join(lines)


async def _recipients(session: AsyncSession, organisation_id: uuid.UUID) -> list[str]:
    memberships = await session.scalars(
        select(Membership).where(Membership.organisation_id == organisation_id)
    )
    people = [m.user_id for m in memberships if NOTIFIED_ROLES & set(m.roles)]
    if not people:
        return []
    return list(await session.scalars(select(User.email).where(User.id.in_(people))))


async def tell_decisions(
    session: AsyncSession, label: str, decided: Sequence[DecidedDossier]
) -> None:
    """One e-mail per organisation with the decisions on its dossiers (call in the scope)."""
    by_organisation: dict[uuid.UUID, list[DecidedDossier]] = {}
    for entry in decided:
        by_organisation.setdefault(entry.decision.organisation_id, []).append(entry)
    for organisation_id, entries in by_organisation.items():
        body = (
            f"Bonjour,\n\nLe jury {label} a rendu ses décisions sur {len(entries)} dossier(s) "
            "de votre organisme :\n\n"
            + "\n".join(describe(e.decision, e.holder_name) for e in entries)
            + "\n\nLes dossiers sont à jour sur la plateforme CléA ; un dossier non certifié "
            "peut repartir en formation.\n"
        )
        for email in await _recipients(session, organisation_id):
            enqueue(session, email, f"Décisions du jury {label}", body)


async def tell_amendment(
    session: AsyncSession, label: str, amendment: Decision, holder_name: str
) -> None:
    """The organisation learns that a decision on one of its dossiers was amended."""
    body = (
        f"Bonjour,\n\nLa décision du jury {label} sur un dossier de votre organisme a été "
        "rectifiée par Certif'Pro.\n\n"
        + describe(amendment, holder_name)
        + (f"\n\nEffet : {amendment.effect}" if amendment.effect else "")
        + "\n"
    )
    for email in await _recipients(session, amendment.organisation_id):
        enqueue(session, email, f"Décision du jury rectifiée ({label})", body)
