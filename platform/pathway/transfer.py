"""A dossier moves to another accredited organisation when the candidate does.

The current organisation (an org admin or adviser, at the candidate's request) names the
target establishment by its SIRET (the public directory lists them). The dossier, its
timeline and everything hanging from it — evaluations with their sittings and results,
partial attestations, the training plan with its objectives and progress, jury items and
decisions, certificates — move to the target organisation with the same identifiers.
From then on the former organisation no longer sees the dossier (its tenant filter and
row-level security hide it) and the new one sees it whole.

The rows are found generically, through the tenant-first composite foreign keys that hang
them from the dossier (and the tenant rows with a ``dossier_id`` column but no key): a
table added later that hangs from a dossier moves with it. A
moved row pointing at a tenant row that does not move is re-pointed: the candidate to the
target's candidate of the same person (copied there if it has none), a site to the target
establishment; the information interview stays with the organisation that held it, and the
moved dossier no longer names it. Any other such reference stops the transfer: it needs a
decision first.

Known limit: sittings keep their date, times and evaluator, but their site becomes the
target establishment (a site belongs to one organisation); the transfer's line of the
timeline names the former organisation and establishment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate
from clea_platform.core.digits import fold_digits
from clea_platform.db.base import Base, new_id, utcnow
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier, DossierEvent
from clea_platform.dossiers.service import DossierError, DossierErrorCode
from clea_platform.dossiers.states import LABELS, DossierStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, OrganisationStatus, Site
from clea_platform.tenants.scoping import cross_tenant_reads, tenant_models

#: Between two steps of the pathway: not while an evaluation is under way (its sittings
#: and grid belong to the evaluator there) nor while a jury has it on its agenda.
TRANSFERABLE = frozenset(
    {
        DossierStatus.OPENED,
        DossierStatus.TRAINING,
        DossierStatus.READY_FOR_JURY,
        DossierStatus.NOT_CERTIFIED,
        DossierStatus.EXPIRED,
    }
)
SCOPE = "pathway:dossier_transfer"


@dataclass(frozen=True, slots=True)
class TransferDossier:
    dossier_id: uuid.UUID
    target_siret: str
    reason: str
    consent: bool
    expected_revision: int


@dataclass(frozen=True, slots=True)
class Transferred:
    """What the former organisation learns: the dossier left, and for where."""

    dossier_id: uuid.UUID
    organisation_name: str
    site_name: str


async def transfer(
    session: AsyncSession,
    actor: Actor,
    registry: CertificationRegistry,
    data: TransferDossier,
) -> Transferred:
    """Move the dossier and its history to the target establishment's organisation."""
    source_id = actor.organisation_id
    assert source_id is not None
    if not data.consent:
        raise DossierError(
            DossierErrorCode.CONSENT_REQUIRED,
            "Le transfert se fait à la demande du candidat : son accord est obligatoire.",
            field="consent",
        )
    if not data.reason.strip():
        raise DossierError(
            DossierErrorCode.REASON_REQUIRED, "Indiquez la raison du transfert.", field="reason"
        )
    dossier = await dossiers.get_dossier(session, data.dossier_id)
    if data.expected_revision != dossier.revision:
        raise DossierError(
            DossierErrorCode.STALE_REVISION,
            "Le dossier a été modifié entre-temps : rechargez-le avant de recommencer.",
            field="revision",
        )
    if dossier.status not in TRANSFERABLE:
        possible = ", ".join(f"« {LABELS[s]} »" for s in sorted(TRANSFERABLE))
        raise DossierError(
            DossierErrorCode.INVALID_STATE,
            f"Un dossier « {LABELS[dossier.status]} » ne peut pas être transféré : il peut "
            f"l'être entre deux étapes du parcours ({possible}).",
        )
    candidate = await session.scalar(select(Candidate).where(Candidate.id == dossier.candidate_id))
    assert candidate is not None
    if candidate.anonymised_at is not None:
        raise dossiers.dossier_not_found()
    person = await persons.ensure_person(session, candidate)
    siret = fold_digits(data.target_siret)
    async with cross_tenant_reads(session, SCOPE):
        site = await session.scalar(select(Site).where(Site.siret == siret))
        organisation = (
            None
            if site is None
            else await session.scalar(
                select(Organisation).where(Organisation.id == site.organisation_id)
            )
        )
        if site is None or organisation is None or organisation.status != OrganisationStatus.ACTIVE:
            raise _invalid_target(
                f"Aucun organisme habilité n'a d'établissement actif de SIRET « {siret} »."
            )
        if organisation.id == source_id:
            raise _invalid_target("Cet établissement est déjà le vôtre : rien à transférer.")
        if await _opening_problems(session, registry, site, dossier.certification_code):
            raise DossierError(
                DossierErrorCode.NOT_ACCREDITED,
                f"« {organisation.name} » n'est pas habilité pour {dossier.certification_code} "
                f"sur l'établissement {site.name} ({site.siret}) : le dossier ne peut pas lui "
                "être transféré.",
                field="targetSiret",
            )
        target = _Target(organisation.id, site.id)
        target.person_id = person.id
        source = await session.scalar(select(Organisation).where(Organisation.id == source_id))
        source_site = await session.scalar(
            select(Site).where(Site.organisation_id == source_id, Site.id == dossier.site_id)
        )
        target.candidate_id = await _target_candidate(session, actor, candidate, person.id, target)
        await _move_rows(session, dossier, source_id, target)
        dossier_id = dossier.id
        revision = dossier.revision + 1
        await session.execute(
            update(Dossier)
            .where(Dossier.organisation_id == target.organisation_id, Dossier.id == dossier_id)
            .values(revision=revision)
        )
        assert source is not None
        assert source_site is not None
        comment = (
            f"Transféré de « {source.name} » ({source_site.name}, {source_site.siret}) "
            f"vers « {organisation.name} » ({site.name}, {site.siret}) : {data.reason.strip()}"
        )
        await session.execute(
            insert(DossierEvent).values(
                organisation_id=target.organisation_id,
                id=new_id(),
                dossier_id=dossier_id,
                occurred_at=utcnow(),
                actor_user_id=actor.user_id,
                actor_label=actor.label,
                kind="transfer",
                from_status=None,
                to_status=None,
                comment=comment,
            )
        )
    # The session's identity map still holds the dossier under the former organisation.
    session.expunge_all()
    audit.record(session, actor, "dossier.transfer_out", [dossier_id, target.organisation_id])
    audit.record(
        session,
        actor,
        "dossier.transfer_in",
        [dossier_id, source_id],
        organisation_id=target.organisation_id,
    )
    return Transferred(dossier_id, organisation.name, site.name)


def _invalid_target(message: str) -> DossierError:
    return DossierError(DossierErrorCode.INVALID_TARGET, message, field="targetSiret")


async def _opening_problems(
    session: AsyncSession, registry: CertificationRegistry, site: Site, code: str
) -> list[str]:
    problems: list[str] = []
    for answer in registry.plugin_manager.hook.clea_dossier_opening_problems(
        session=session,
        organisation_id=site.organisation_id,
        certification_code=code,
        site_id=site.id,
    ):
        if answer is not None:
            problems.extend(await answer)
    return problems


class _Target:
    def __init__(self, organisation_id: uuid.UUID, site_id: uuid.UUID) -> None:
        self.organisation_id = organisation_id
        self.site_id = site_id
        self.candidate_id: uuid.UUID | None = None
        self.person_id: uuid.UUID | None = None


async def _target_candidate(
    session: AsyncSession,
    actor: Actor,
    candidate: Candidate,
    person_id: uuid.UUID,
    target: _Target,
) -> uuid.UUID:
    """The target organisation's candidate for the person: theirs if they know them, else a
    copy of the candidate's data (the candidate asked for the move)."""
    known = await session.scalar(
        select(Candidate.id).where(
            Candidate.organisation_id == target.organisation_id,
            Candidate.person_id == person_id,
            Candidate.anonymised_at.is_(None),
        )
    )
    if known is not None:
        return known
    # A candidate of theirs not linked yet (no dossier opened since): the identity decides.
    key = persons.identity_key(candidate.birth_name, candidate.first_names, candidate.birth_date)
    for unlinked in await session.scalars(
        select(Candidate).where(
            Candidate.organisation_id == target.organisation_id,
            Candidate.person_id.is_(None),
            Candidate.birth_date == candidate.birth_date,
            Candidate.anonymised_at.is_(None),
        )
    ):
        if (
            persons.identity_key(unlinked.birth_name, unlinked.first_names, unlinked.birth_date)
            == key
        ):
            unlinked.person_id = person_id
            await session.flush()
            return unlinked.id
    table: Table = Candidate.__table__  # type: ignore[assignment]
    row = dict(
        (
            await session.execute(
                select(table).where(
                    table.c.organisation_id == candidate.organisation_id, table.c.id == candidate.id
                )
            )
        )
        .mappings()
        .one()
    )
    copy_id = new_id()
    row.update(
        organisation_id=target.organisation_id,
        id=copy_id,
        created_by_id=actor.user_id,
        created_at=utcnow(),
        revision=1,
    )
    await session.execute(insert(table).values(**row))
    audit.record(
        session, actor, "candidate.transfer_in", [copy_id], organisation_id=target.organisation_id
    )
    return copy_id


def _subtree() -> list[tuple[Table, list[tuple[str, Table]]]]:
    """The tables hanging from ``dossier`` (itself first), parents before children, each
    with its (column, parent table) links to tables of the subtree."""
    tenant_tables = {model.__table__.name for model in tenant_models()}  # type: ignore[attr-defined]
    moved: dict[str, list[tuple[str, Table]]] = {"dossier": []}
    for table in Base.metadata.sorted_tables:
        if table.name == "dossier" or table.name not in tenant_tables:
            continue
        links = [
            (_own_column(fk), fk.referred_table)
            for fk in table.foreign_key_constraints
            if fk.referred_table.name in moved and "organisation_id" in fk.column_keys
        ]
        if links:
            moved[table.name] = links
    # Rows naming a dossier without a foreign key to it (a jury member's conflict
    # declaration) belong to the dossier's organisation too.
    dossier_table = Base.metadata.tables["dossier"]
    for table in Base.metadata.sorted_tables:
        if table.name in tenant_tables and table.name not in moved and "dossier_id" in table.c:
            moved[table.name] = [("dossier_id", dossier_table)]
    return [(Base.metadata.tables[name], links) for name, links in moved.items()]


def _own_column(fk: Any) -> str:
    (column,) = [name for name in fk.column_keys if name != "organisation_id"]
    return str(column)


async def _move_rows(
    session: AsyncSession, dossier: Dossier, source_id: uuid.UUID, target: _Target
) -> None:
    subtree = _subtree()
    ids: dict[str, set[Any]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, links in subtree:
        query = select(table).where(table.c.organisation_id == source_id)
        if table.name == "dossier":
            query = query.where(table.c.id == dossier.id)
        else:
            wanted = [table.c[column].in_(ids[parent.name]) for column, parent in links]
            query = query.where(wanted[0] if len(wanted) == 1 else _any(wanted))
        found = [dict(row) for row in (await session.execute(query)).mappings()]
        rows[table.name] = found
        ids[table.name] = {row["id"] for row in found}
    remaps = _remaps(subtree, target)
    for table, _links in reversed(subtree):
        if ids[table.name]:
            await session.execute(
                delete(table).where(
                    table.c.organisation_id == source_id, table.c.id.in_(ids[table.name])
                )
            )
    for table, _links in subtree:
        for row in rows[table.name]:
            row["organisation_id"] = target.organisation_id
            for column, value in remaps.get(table.name, {}).items():
                if row.get(column) is not None:
                    row[column] = value
        if table.name == "dossier":
            for row in rows[table.name]:
                row["adviser_id"] = None  # the target organisation names its own adviser
                row["person_id"] = target.person_id  # linked now if it was not yet
        if rows[table.name]:
            await session.execute(insert(table), rows[table.name])


def _any(conditions: list[Any]) -> Any:
    return or_(*conditions)


def _remaps(
    subtree: list[tuple[Table, list[tuple[str, Table]]]], target: _Target
) -> dict[str, dict[str, Any]]:
    """Columns of moved rows pointing at tenant rows that stay: where they point now."""
    tenant_tables = {model.__table__.name for model in tenant_models()}  # type: ignore[attr-defined]
    moved = {table.name for table, _links in subtree}
    # The information interview stays with the organisation that held it (its adviser's
    # act, in its records): the moved dossier no longer names it.
    destinations = {
        "candidate": target.candidate_id,
        "site": target.site_id,
        "information_interview": None,
    }
    remaps: dict[str, dict[str, Any]] = {}
    for table, _links in subtree:
        for fk in table.foreign_key_constraints:
            referred = fk.referred_table.name
            if referred in moved or referred not in tenant_tables:
                continue
            if referred not in destinations:
                raise RuntimeError(
                    f"{table.name} points at {referred}, which a transfer does not move: "
                    "decide what it becomes in pathway/transfer.py."
                )
            remaps.setdefault(table.name, {})[_own_column(fk)] = destinations[referred]
    return remaps
