"""Root queries of juries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.identity.models import User
from clea_platform.juries import access, roster, sessions
from clea_platform.juries.errors import JuryError as JuryDomainError
from clea_platform.juries.models import JuryMember, JurySession
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.juries.enums import SessionStatus
from clea_platform.schema.juries.types import (
    JuryAgendaEntry,
    JuryDossier,
    JuryMemberType,
    JurySessionType,
    ReadyDossier,
)
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.scoping import cross_tenant_reads

READY_POOL_SCOPE = "certifpro_admin:jury_agenda"


async def member_types(
    session: AsyncSession, members: Sequence[JuryMember]
) -> list[JuryMemberType]:
    users = {
        u.id: u
        for u in await session.scalars(
            select(User).where(User.id.in_([m.user_id for m in members]))
        )
    }
    return [
        JuryMemberType.from_model(m, users[m.user_id].full_name, users[m.user_id].email)
        for m in members
    ]


async def session_type(session: AsyncSession, jury_session: JurySession) -> JurySessionType:
    return JurySessionType.from_model(
        jury_session, await sessions.attendees(session, jury_session.id)
    )


async def _visible_session(info: Info, id: strawberry.ID) -> JurySession | None:
    """A session the caller may read: any for Certif'Pro, their own for jury members."""
    key = optional_id(id)
    if key is None:
        return None
    session = info.context.session
    jury_session = await session.get(JurySession, key)
    if jury_session is None:
        return None
    if info.context.actor.is_platform_admin:
        return jury_session
    mine = {s.id for s in await access.my_sessions(session, info.context.actor)}
    return jury_session if jury_session.id in mine else None


@strawberry.type
class JuryQueries:
    @strawberry.field(description="Certif'Pro's jury roster.")
    async def jury_members(
        self,
        info: Info,
        region: Annotated[str | None, strawberry.argument(description="Région.")] = None,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Certification.")
        ] = None,
    ) -> list[JuryMemberType]:
        session = info.context.session
        members = await roster.list_members(
            session, region=region, certification_code=certification_code
        )
        return await member_types(session, members)

    @strawberry.field(description="Every jury session, newest first.")
    async def jury_sessions(
        self,
        info: Info,
        status: Annotated[
            SessionStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> list[JurySessionType]:
        session = info.context.session
        query = select(JurySession).order_by(JurySession.held_on.desc())
        if status is not None:
            query = query.where(JurySession.status == status)
        return [await session_type(session, s) for s in await session.scalars(query)]

    @strawberry.field(description="The sessions the caller is invited to, as a jury member.")
    async def my_jury_sessions(self, info: Info) -> list[JurySessionType]:
        session = info.context.session
        return [
            await session_type(session, s)
            for s in await access.my_sessions(session, info.context.actor)
        ]

    @strawberry.field(description="One session: Certif'Pro's any, a member's own.")
    async def jury_session(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> JurySessionType | None:
        jury_session = await _visible_session(info, id)
        if jury_session is None:
            return None
        return await session_type(info.context.session, jury_session)

    @strawberry.field(description="A session's agenda (audited; recusals shown).")
    async def jury_agenda(
        self,
        info: Info,
        session_id: Annotated[strawberry.ID, strawberry.argument(description="Session.")],
    ) -> list[JuryAgendaEntry]:
        jury_session = await _visible_session(info, session_id)
        if jury_session is None:
            return []
        entries = await access.agenda(info.context.session, info.context.actor, jury_session.id)
        return [JuryAgendaEntry.from_entry(entry) for entry in entries]

    @strawberry.field(
        description="A dossier of the agenda as the jury examines it (audited; name only when "
        "recused)."
    )
    async def jury_dossier(
        self,
        info: Info,
        session_id: Annotated[strawberry.ID, strawberry.argument(description="Session.")],
        dossier_id: Annotated[strawberry.ID, strawberry.argument(description="Dossier.")],
    ) -> JuryDossier | None:
        jury_session = await _visible_session(info, session_id)
        key = optional_id(dossier_id)
        if jury_session is None or key is None:
            return None
        try:
            review = await access.review(
                info.context.session, info.context.actor, jury_session.id, key
            )
        except JuryDomainError:
            return None
        return JuryDossier.from_review(review)

    @strawberry.field(
        description="Dossiers « prêt pour le jury » of every organisation, for an agenda (audited)."
    )
    async def ready_for_jury(
        self,
        info: Info,
        certification_code: Annotated[
            str | None, strawberry.argument(description="Certification.")
        ] = None,
        region: Annotated[str | None, strawberry.argument(description="Région.")] = None,
    ) -> list[ReadyDossier]:
        session = info.context.session
        query = (
            select(Dossier, Organisation.name, Site.region, Candidate)
            .join(Organisation, Organisation.id == Dossier.organisation_id)
            .join(
                Candidate,
                (Candidate.id == Dossier.candidate_id)
                & (Candidate.organisation_id == Dossier.organisation_id),
            )
            .join(
                Site,
                (Site.id == Dossier.site_id) & (Site.organisation_id == Dossier.organisation_id),
            )
            .where(Dossier.status == DossierStatus.READY_FOR_JURY)
            .order_by(Dossier.status_changed_at)
            .limit(500)
        )
        if certification_code:
            query = query.where(Dossier.certification_code == certification_code)
        if region:
            query = query.where(Site.region == region)
        async with cross_tenant_reads(session, READY_POOL_SCOPE):
            rows = (await session.execute(query)).all()
            audit.record(session, info.context.actor, "jury.ready_pool", [r[0].id for r in rows])
        return [
            ReadyDossier(
                dossier_id=strawberry.ID(str(dossier.id)),
                holder_name=access.holder_name(candidate),
                organisation_name=name,
                region=site_region,
                certification_code=dossier.certification_code,
                ready_since=dossier.status_changed_at,
            )
            for dossier, name, site_region, candidate in rows
        ]
