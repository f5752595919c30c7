"""Control of accredited organisations: signalement → procedure → reply → reasoned outcome;
a suspension stops new dossiers at the site, lets open ones finish, and lapses by itself."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.accreditations import control, control_reads, directory
from clea_platform.accreditations.enforcement import opening_problems
from clea_platform.accreditations.errors import AccreditationError, AccreditationErrorCode
from clea_platform.accreditations.models import (
    Accreditation,
    AccreditationScope,
    AccreditationStatus,
    Campaign,
    ControlDocument,
    ControlOutcome,
    ControlProcedure,
    ControlStatus,
    SignalementSource,
)
from clea_platform.accreditations.storage import DocumentStore
from clea_platform.audit.models import AuditEvent
from clea_platform.dossiers import service as dossiers
from clea_platform.evaluations import service as evaluations
from clea_platform.evaluations.models import EvaluationKind
from clea_platform.mail.models import OutboxEmail
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Site
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.accreditations.conftest import MINIMAL_PDF, as_actor
from tests.dossiers.conftest import open_clea

TODAY = dt.date.today()
GRETA_ADMIN = "admin@greta-demo.fr"


async def _procedure(
    session: AsyncSession, certifpro: Actor, greta: Actor, site: Site, today: dt.date = TODAY
) -> ControlProcedure:
    """Certif'Pro records a complaint against the Greta's site and opens a procedure."""
    async with as_actor(session, certifpro):
        assert greta.organisation_id is not None
        signalement = await control.record_signalement(
            session,
            certifpro,
            greta.organisation_id,
            site.id,
            SignalementSource.COMPLAINT,
            "Un candidat signale une évaluation menée sans mise en situation.",
        )
        return await control.open_procedure(
            session, certifpro, signalement.id, "Évaluation sans mise en situation.", today
        )


async def _site_accreditation(session: AsyncSession, site: Site, code: str) -> Accreditation:
    async with cross_tenant_reads(session, "tests"):
        accreditation = await session.scalar(
            select(Accreditation).where(
                Accreditation.site_id == site.id, Accreditation.certification_code == code
            )
        )
    assert accreditation is not None
    return accreditation


async def _mails(session: AsyncSession, subject_start: str) -> list[OutboxEmail]:
    return list(
        await session.scalars(
            select(OutboxEmail).where(
                OutboxEmail.recipient == GRETA_ADMIN, OutboxEmail.subject.startswith(subject_start)
            )
        )
    )


async def test_a_procedure_runs_from_signalement_to_suspension_with_the_reply(
    db_session: AsyncSession,
    platform_admin: Actor,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
    store: DocumentStore,
) -> None:
    # Given a dossier the Greta opened and evaluates before the control
    ongoing = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, ongoing, EvaluationKind.INITIAL
    )
    # When Certif'Pro opens a procedure, the Greta's admin is told, with 15 days to reply
    before = len(await _mails(db_session, "Ouverture d'une procédure de contrôle"))
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    assert procedure.reply_due_on == TODAY + dt.timedelta(days=15)
    opened = await _mails(db_session, "Ouverture d'une procédure de contrôle")
    assert len(opened) == before + 1
    assert f"{procedure.reply_due_on:%d/%m/%Y}" in opened[-1].body
    # The Greta sees its procedure and replies with a document
    async with as_actor(db_session, greta):
        rows = await control_reads.my_procedures(db_session)
        (mine,) = [r for r in rows if r.procedure.id == procedure.id]
        assert mine.site is not None
        assert mine.site.siret == greta_site.siret
        await control.attach_reply_document(
            db_session, greta, store, procedure.id, "grille signée.pdf", MINIMAL_PDF, TODAY
        )
        await control.reply(
            db_session, greta, procedure.id, "Les grilles signées le montrent.", TODAY
        )
    assert procedure.status == ControlStatus.REPLIED
    # Certif'Pro suspends CléA at the site for a month, with its reasons
    until = TODAY + dt.timedelta(days=30)
    async with as_actor(db_session, platform_admin):
        assert greta.organisation_id is not None
        file = await control_reads.control_file(db_session, platform_admin, greta.organisation_id)
        assert file is not None
        (row,) = [r for r in file.procedures if r.procedure.id == procedure.id]
        assert [d.filename for d in row.documents] == ["grille signée.pdf"]
        await control.decide(
            db_session,
            platform_admin,
            procedure.id,
            control.Decision(
                ControlOutcome.SUSPENSION,
                "Mises en situation absentes sur trois dossiers.",
                until,
                certification_codes=("CLEA",),
            ),
            TODAY,
        )
    clea = await _site_accreditation(db_session, greta_site, "CLEA")
    assert clea.status == AccreditationStatus.SUSPENDED
    assert clea.suspended_until == until
    assert "jusqu'au" in (await _mails(db_session, "Décision de contrôle"))[-1].body
    async with cross_tenant_reads(db_session, "tests"):
        operations = set(
            await db_session.scalars(
                select(AuditEvent.operation).where(
                    AuditEvent.organisation_id == greta.organisation_id,
                    AuditEvent.operation.startswith("accreditation."),
                )
            )
        )
    assert {
        "accreditation.record_signalement",
        "accreditation.open_control",
        "accreditation.reply_control",
        "accreditation.control_suspension",
    } <= operations
    # Then the Greta may not open a CléA dossier at the site …
    with pytest.raises(dossiers.DossierError) as refused:
        await open_clea(db_session, greta, greta_site, registry)
    assert refused.value.code == dossiers.DossierErrorCode.NOT_ACCREDITED
    assert f"suspendue jusqu'au {until:%d/%m/%Y}" in refused.value.message
    # … but its dossier already open finishes: results are still recorded
    saved = await evaluations.save_results(
        db_session,
        sophie,
        registry,
        evaluation,
        [evaluations.ResultInput(evaluation.target_items[0], "acquis")],
        expected_revision=0,
    )
    assert saved.revision == 1
    # And once the period is over the accreditation is in force again by itself
    assert greta.organisation_id is not None
    assert (
        await opening_problems(
            db_session, greta.organisation_id, "CLEA", greta_site.id, until + dt.timedelta(days=1)
        )
        == []
    )
    assert await opening_problems(db_session, greta.organisation_id, "CLEA", greta_site.id, until)
    # The public directory drops the site for CléA during the suspension, and lists it after
    with acting_as(Actor()):
        assert greta_site.siret not in await _listed_for_clea(db_session, until)
        assert greta_site.siret in await _listed_for_clea(db_session, until + dt.timedelta(days=1))


async def _listed_for_clea(session: AsyncSession, today: dt.date) -> list[str]:
    greta_postal_code = "75003"  # the Greta's demo site (a narrow search: the shared base)
    page = await directory.search(
        session,
        directory.DirectoryFilter(certification_code="CLEA", postal_code=greta_postal_code),
        today=today,
        first=100,
        after=None,
    )
    return [entry.site.siret for entry in page.items]


async def test_the_reply_deadline_is_the_campaigns(
    db_session: AsyncSession, platform_admin: Actor, greta: Actor, greta_site: Site
) -> None:
    clea = await _site_accreditation(db_session, greta_site, "CLEA")
    await db_session.execute(
        update(Campaign).where(Campaign.id == clea.campaign_id).values(reply_days=30)
    )
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    assert procedure.reply_due_on == TODAY + dt.timedelta(days=30)


async def test_a_reply_after_the_deadline_is_refused_and_nothing_is_saved(
    db_session: AsyncSession,
    platform_admin: Actor,
    greta: Actor,
    greta_site: Site,
    store: DocumentStore,
) -> None:
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    late = procedure.reply_due_on + dt.timedelta(days=1)
    async with as_actor(db_session, greta):
        with pytest.raises(AccreditationError) as refused:
            await control.reply(db_session, greta, procedure.id, "Trop tard ?", late)
        with pytest.raises(AccreditationError) as no_document:
            await control.attach_reply_document(
                db_session, greta, store, procedure.id, "x.pdf", MINIMAL_PDF, late
            )
        assert procedure.reply == ""
        documents = await db_session.scalars(
            select(ControlDocument).where(ControlDocument.procedure_id == procedure.id)
        )
        assert list(documents) == []
    assert refused.value.code == AccreditationErrorCode.DEADLINE_PASSED
    assert no_document.value.code == AccreditationErrorCode.DEADLINE_PASSED
    assert "a expiré le" in refused.value.message
    assert procedure.status == ControlStatus.AWAITING_REPLY


@pytest.mark.parametrize(
    ("reason", "until", "code", "field"),
    [
        ("", TODAY + dt.timedelta(days=30), AccreditationErrorCode.REASON_REQUIRED, "reason"),
        ("Motifs.", None, AccreditationErrorCode.REQUIRED, "suspendedUntil"),
        (
            "Motifs.",
            TODAY - dt.timedelta(days=1),
            AccreditationErrorCode.INVALID_DATES,
            "suspendedUntil",
        ),
    ],
)
async def test_a_suspension_without_a_reason_or_a_period_is_refused(
    db_session: AsyncSession,
    platform_admin: Actor,
    greta: Actor,
    greta_site: Site,
    reason: str,
    until: dt.date | None,
    code: AccreditationErrorCode,
    field: str | None,
) -> None:
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    async with as_actor(db_session, greta):
        await control.reply(db_session, greta, procedure.id, "Notre réponse.", TODAY)
    async with as_actor(db_session, platform_admin):
        with pytest.raises(AccreditationError) as refused:
            await control.decide(
                db_session,
                platform_admin,
                procedure.id,
                control.Decision(ControlOutcome.SUSPENSION, reason, until),
                TODAY,
            )
    assert (refused.value.code, refused.value.field) == (code, field)
    assert procedure.status == ControlStatus.REPLIED
    assert procedure.outcome is None
    clea = await _site_accreditation(db_session, greta_site, "CLEA")
    assert clea.status == AccreditationStatus.ACTIVE


async def test_certifpro_decides_only_after_the_reply_or_the_deadline(
    db_session: AsyncSession, platform_admin: Actor, greta: Actor, greta_site: Site
) -> None:
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    warning = control.Decision(ControlOutcome.WARNING, "Rappel des règles d'évaluation.")
    async with as_actor(db_session, platform_admin):
        with pytest.raises(AccreditationError) as early:
            await control.decide(db_session, platform_admin, procedure.id, warning, TODAY)
        assert early.value.code == AccreditationErrorCode.INVALID_STATE
        # Without a reply, once the deadline has passed, a warning changes no accreditation
        later = procedure.reply_due_on + dt.timedelta(days=1)
        await control.decide(db_session, platform_admin, procedure.id, warning, later)
    assert procedure.outcome == ControlOutcome.WARNING
    clea = await _site_accreditation(db_session, greta_site, "CLEA")
    assert clea.status == AccreditationStatus.ACTIVE


async def test_a_suspension_of_a_scope_the_site_does_not_hold_saves_nothing(
    db_session: AsyncSession, platform_admin: Actor, greta: Actor, greta_site: Site
) -> None:
    # The demo's accreditations are for evaluation only: suspending training matches none.
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    async with as_actor(db_session, greta):
        await control.reply(db_session, greta, procedure.id, "Réponse.", TODAY)
    async with as_actor(db_session, platform_admin):
        with pytest.raises(AccreditationError) as refused:
            await control.decide(
                db_session,
                platform_admin,
                procedure.id,
                control.Decision(
                    ControlOutcome.SUSPENSION,
                    "Formations non conformes.",
                    TODAY + dt.timedelta(days=10),
                    scopes=(AccreditationScope.TRAINING,),
                ),
                TODAY,
            )
    assert refused.value.field == "certificationCodes"
    assert procedure.status == ControlStatus.REPLIED


async def test_a_withdrawal_stops_the_open_dossiers_too(
    db_session: AsyncSession,
    platform_admin: Actor,
    greta: Actor,
    sophie: Actor,
    greta_site: Site,
    registry: CertificationRegistry,
) -> None:
    ongoing = await open_clea(db_session, greta, greta_site, registry)
    evaluation = await evaluations.start_evaluation(
        db_session, greta, registry, ongoing, EvaluationKind.INITIAL
    )
    procedure = await _procedure(db_session, platform_admin, greta, greta_site)
    async with as_actor(db_session, platform_admin):
        later = procedure.reply_due_on + dt.timedelta(days=1)
        await control.decide(
            db_session,
            platform_admin,
            procedure.id,
            control.Decision(
                ControlOutcome.WITHDRAWAL, "Fraude avérée.", certification_codes=("CLEA",)
            ),
            later,
        )
    with pytest.raises(evaluations.EvaluationError) as refused:
        await evaluations.save_results(
            db_session,
            sophie,
            registry,
            evaluation,
            [evaluations.ResultInput(evaluation.target_items[0], "acquis")],
            expected_revision=0,
        )
    assert "retirée" in refused.value.message
