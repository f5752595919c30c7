"""Root queries of juries: each calls one accessor of the jury context and maps its result."""

from __future__ import annotations

from typing import Annotated

import strawberry

from clea_platform.juries import access, combined, outcomes, pool, roster, sessions
from clea_platform.juries.errors import JuryError
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.juries.combined import JuryCombinedResults
from clea_platform.schema.juries.enums import SessionStatus
from clea_platform.schema.juries.outcomes import DossierJuryDecision
from clea_platform.schema.juries.types import (
    JuryAgendaEntry,
    JuryDossier,
    JuryDossierResult,
    JuryMemberType,
    JurySessionResult,
    JurySessionType,
    ReadyDossier,
)
from clea_platform.schema.notfound import NotFound

SESSION_NOT_FOUND = "Session de jury introuvable."
DOSSIER_NOT_FOUND = "Dossier introuvable à l'ordre du jour de cette session."


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
        entries = await roster.list_entries(
            info.context.session, region=region, certification_code=certification_code
        )
        return [JuryMemberType.from_entry(entry) for entry in entries]

    @strawberry.field(description="Every jury session, newest first.")
    async def jury_sessions(
        self,
        info: Info,
        status: Annotated[
            SessionStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
    ) -> list[JurySessionType]:
        rows = await sessions.list_sessions(info.context.session, status=status)
        return [JurySessionType.from_model(row) for row in rows]

    @strawberry.field(description="The sessions the caller is invited to, as a jury member.")
    async def my_jury_sessions(self, info: Info) -> list[JurySessionType]:
        rows = await access.my_sessions(info.context.session, info.context.actor)
        return [JurySessionType.from_model(row) for row in rows]

    @strawberry.field(description="One session: Certif'Pro's any, a member's own.")
    async def jury_session(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID.")]
    ) -> JurySessionResult:
        key = optional_id(id)
        found = (
            await access.visible_session_for(info.context.session, info.context.actor, key)
            if key is not None
            else None
        )
        if found is None:
            return NotFound.of(SESSION_NOT_FOUND, id)
        return JurySessionType.from_model(found)

    @strawberry.field(
        description="A session's agenda (audited; recusals shown); empty when the session is "
        "not yours."
    )
    async def jury_agenda(
        self,
        info: Info,
        session_id: Annotated[strawberry.ID, strawberry.argument(description="Session.")],
    ) -> list[JuryAgendaEntry]:
        key = optional_id(session_id)
        if key is None:
            return []
        entries = await access.visible_agenda(info.context.session, info.context.actor, key)
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
    ) -> JuryDossierResult:
        session_key, dossier_key = optional_id(session_id), optional_id(dossier_id)
        if session_key is None or dossier_key is None:
            return NotFound.of(DOSSIER_NOT_FOUND, dossier_id)
        try:
            review = await access.access_dossier_for_jury(
                info.context.session, info.context.actor, session_key, dossier_key
            )
        except JuryError:
            return NotFound.of(DOSSIER_NOT_FOUND, dossier_id)
        results = None
        if review.referentiel_version_id is not None and review.evaluations:
            results = await combined.combined_results(
                info.context.session,
                info.context.registry,
                certification_code=review.certification_code,
                referentiel_version_id=review.referentiel_version_id,
                evaluations=review.evaluations,
            )
        return JuryDossier.from_review(
            review, JuryCombinedResults.from_results(results) if results else None
        )

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
        rows = await pool.ready_for_jury(
            info.context.session,
            info.context.actor,
            certification_code=certification_code,
            region=region,
        )
        return [ReadyDossier.from_row(row) for row in rows]

    @strawberry.field(
        description="The jury's decisions on one of the organisation's dossiers, once its "
        "session is closed, amendments included, oldest first (never the internal comment); "
        "empty for a dossier that is not the organisation's."
    )
    async def dossier_jury_decisions(
        self,
        info: Info,
        dossier_id: Annotated[strawberry.ID, strawberry.argument(description="Dossier.")],
    ) -> list[DossierJuryDecision]:
        key = optional_id(dossier_id)
        if key is None:
            return []
        rows = await outcomes.decisions_of_dossier(info.context.session, info.context.actor, key)
        return [DossierJuryDecision.from_row(row) for row in rows]
