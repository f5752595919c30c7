"""Advisers invite a candidate to their space and see whether they activated it.

The account belongs to the candidate's person (found or linked by
``candidates.persons.ensure_person``): a candidate followed by two organisations has
one space, which shows the dossiers of both.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidate_space import sms
from clea_platform.candidate_space.access import INVITATION_VALIDITY, link_url, new_link
from clea_platform.candidate_space.errors import CandidateSpaceError, CandidateSpaceErrorCode
from clea_platform.candidate_space.models import CandidateAccount
from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate
from clea_platform.db.base import utcnow
from clea_platform.identity.service import normalise_email
from clea_platform.mail.service import enqueue
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.permissions import ADVISERS

NOT_FOUND = "Candidat introuvable."
NO_EMAIL = "Ce candidat n'a pas d'adresse e-mail : ajoutez-la sur sa fiche, puis invitez-le."


@dataclass(frozen=True, slots=True)
class SpaceStatus:
    """What an adviser sees of a candidate's space (never the links themselves)."""

    email: str
    invited_at: dt.datetime | None
    activated_at: dt.datetime | None

    @property
    def invited(self) -> bool:
        return self.invited_at is not None


async def _own_candidate(session: AsyncSession, candidate_id: uuid.UUID) -> Candidate:
    """A candidate of the actor's organisation (the tenant filter applies), not erased."""
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None or candidate.anonymised_at is not None:
        raise CandidateSpaceError(CandidateSpaceErrorCode.NOT_FOUND, NOT_FOUND, field="candidateId")
    return candidate


async def _account(session: AsyncSession, candidate: Candidate) -> CandidateAccount | None:
    if candidate.person_id is None:
        return None
    return await session.scalar(
        select(CandidateAccount).where(CandidateAccount.person_id == candidate.person_id)
    )


async def status(session: AsyncSession, actor: Actor, candidate_id: uuid.UUID) -> SpaceStatus:
    """Whether the organisation's candidate was invited and has signed in at least once."""
    ADVISERS.check(actor)
    candidate = await _own_candidate(session, candidate_id)
    account = await _account(session, candidate)
    if account is None:
        return SpaceStatus(email=candidate.email, invited_at=None, activated_at=None)
    return SpaceStatus(
        email=candidate.email, invited_at=account.invited_at, activated_at=account.activated_at
    )


async def invite(
    session: AsyncSession, actor: Actor, candidate_id: uuid.UUID, base_url: str
) -> SpaceStatus:
    """Mail the candidate a link to their space (again, when asked again: resending)."""
    ADVISERS.check(actor, writes=True)
    candidate = await _own_candidate(session, candidate_id)
    if not candidate.email:
        raise CandidateSpaceError(CandidateSpaceErrorCode.NO_EMAIL, NO_EMAIL, field="candidateId")
    person = await persons.ensure_person(session, candidate)
    account = await session.scalar(
        select(CandidateAccount).where(CandidateAccount.person_id == person.id)
    )
    now = utcnow()
    email = normalise_email(candidate.email)
    phone = sms.phone_key(candidate.phone) if candidate.phone else ""
    if account is None:
        account = CandidateAccount(person_id=person.id, email=email, phone=phone, invited_at=now)
        session.add(account)
        await session.flush()
    else:
        # The organisation's latest address and number are where links and codes go.
        account.email = email
        account.phone = phone
        account.invited_at = now
    token = new_link(session, account, INVITATION_VALIDITY)
    organisation = await session.get(Organisation, candidate.organisation_id)
    organisation_name = organisation.name if organisation else "votre organisme"
    enqueue(
        session,
        email,
        "Votre espace candidat CléA est prêt",
        f"Bonjour {candidate.first_names.split(' ')[0]},\n\n"
        f"{organisation_name} vous invite dans votre espace candidat CléA.\n"
        "Dans cet espace, vous voyez où vous en êtes, vos dates et vos documents.\n"
        "Vous n'avez pas de mot de passe à retenir.\n\n"
        "Pour entrer, cliquez sur ce lien. Il marche une seule fois, pendant 7 jours :\n"
        f"{link_url(base_url, token)}\n\n"
        "Plus tard, pour entrer de nouveau, allez sur cette page et donnez votre adresse "
        "e-mail. Vous recevrez un nouveau lien :\n"
        f"{base_url}/espace-candidat\n",
    )
    audit.record(session, actor, "candidate_space.invite", [candidate.id, account.id])
    return SpaceStatus(
        email=candidate.email, invited_at=account.invited_at, activated_at=account.activated_at
    )
