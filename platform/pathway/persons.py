"""Who else follows the same person: the one cross-tenant read of another organisation's
dossiers on behalf of a user (named scope, audited).

An organisation that records a person already followed elsewhere learns, for each active
dossier of that person in another organisation, the certification, the organisation and
the dossier's status — and only where the person agreed to share it there
(``Candidate.sharing_consent_at``, recorded when a dossier is opened with
``consentToShare``). Without that consent it learns nothing here; opening a second active
dossier for the same certification is still refused (``dossiers.service``), without the
other organisation's name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate, Person
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import LABELS, OPEN_STATUSES
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads

SCOPE = "pathway:person_elsewhere"


@dataclass(frozen=True, slots=True)
class DossierElsewhere:
    certification_code: str
    organisation_name: str
    status_label: str


async def dossiers_elsewhere(
    session: AsyncSession, actor: Actor, candidate_id: uuid.UUID
) -> list[DossierElsewhere] | None:
    """The shared active dossiers of the candidate's person in other organisations; None
    when the candidate is not the organisation's (missing, erased, another tenant's)."""
    assert actor.organisation_id is not None
    candidate = await session.scalar(select(Candidate).where(Candidate.id == candidate_id))
    if candidate is None or candidate.anonymised_at is not None:
        return None
    key = persons.identity_key(candidate.birth_name, candidate.first_names, candidate.birth_date)
    async with cross_tenant_reads(session, SCOPE):
        rows = (
            await session.execute(
                select(Dossier.certification_code, Dossier.status, Organisation.name)
                .select_from(Dossier)
                .join(
                    Candidate,
                    (Candidate.organisation_id == Dossier.organisation_id)
                    & (Candidate.id == Dossier.candidate_id),
                )
                .join(Person, Person.id == Dossier.person_id)
                .join(Organisation, Organisation.id == Dossier.organisation_id)
                .where(
                    Person.id == candidate.person_id
                    if candidate.person_id is not None
                    else Person.identity_key == key,
                    Dossier.organisation_id != actor.organisation_id,
                    Dossier.status.in_(OPEN_STATUSES),
                    Candidate.sharing_consent_at.is_not(None),
                )
                .order_by(Dossier.certification_code, Organisation.name)
            )
        ).all()
    audit.record(session, actor, "person.elsewhere_read", [candidate.id])
    return [DossierElsewhere(row.certification_code, row.name, LABELS[row.status]) for row in rows]
