"""A candidate's GDPR rights: the export of everything stored, erasure once dossiers close."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.candidates.service import anonymise
from clea_platform.candidates.validation import CandidateError, CandidateErrorCode
from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import InterviewOutcome
from clea_platform.pathway import gdpr
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import MANAGEMENT_GAP, TODAY, Pathway


async def test_erasing_a_candidate_keeps_no_identifying_data(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    candidate = await pathway.candidate()

    await anonymise(db_session, greta, candidate)

    exported = gdpr.export_data(candidate)
    assert "Durand" not in str(exported)
    assert "Léa" not in str(exported)
    assert exported["birth_date"] == "1990-01-01"


async def test_the_export_holds_the_dossiers_timelines_evaluations_and_results(
    db_session: AsyncSession, greta: Actor, pathway: Pathway
) -> None:
    # Given Léa's CléA Management dossier, évaluation préalable closed with a gap
    dossier, evaluation, _ = await pathway.evaluated("CLEA_MANAGEMENT", MANAGEMENT_GAP)

    # When her data is exported
    exported = await gdpr.full_export(db_session, greta, dossier.candidate_id)
    await db_session.commit()  # the audit events are saved with the work (rolled back after)

    # Then everything stored about her is there, and the read is audited
    assert exported is not None
    assert exported["candidate"]["birth_name"] == "Durand"  # type: ignore[index]
    [exported_dossier] = exported["dossiers"]  # type: ignore[misc]
    assert exported_dossier["id"] == str(dossier.id)
    assert [event["to_status"] for event in exported_dossier["timeline"]] == [
        "opened",
        "initial_evaluation",
        "training",
    ]
    [exported_evaluation] = exported_dossier["evaluations"]
    assert exported_evaluation["id"] == str(evaluation.id)
    assert {r["item_code"]: r["value"] for r in exported_evaluation["results"]} == MANAGEMENT_GAP
    audited = await db_session.scalars(
        select(AuditEvent.object_ids).where(AuditEvent.operation == "candidate.export")
    )
    assert list(audited).count([str(dossier.candidate_id)]) == 1


async def test_there_is_nothing_to_export_for_an_unknown_candidate(
    db_session: AsyncSession, greta: Actor
) -> None:
    assert await gdpr.full_export(db_session, greta, uuid.uuid4()) is None


async def test_erasure_waits_for_every_dossier_to_be_closed(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    dossier = await pathway.dossier()

    with pytest.raises(CandidateError) as too_early:
        await gdpr.erase(db_session, greta, dossier.candidate_id)
    await dossiers.abandon(
        db_session, greta, registry, dossier.id, reason="Déménagement", expected_revision=1
    )
    erased = await gdpr.erase(db_session, greta, dossier.candidate_id)

    assert too_early.value.code == CandidateErrorCode.INVALID_STATE
    assert too_early.value.message.startswith("1 dossier(s) en cours")
    assert erased.birth_name == "anonymisé"
    assert erased.anonymised_at is not None


async def test_the_interviews_are_exported_and_their_notes_erased_with_the_candidate(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry, pathway: Pathway
) -> None:
    # Given Léa's interview, with a note that names her situation, and her abandoned dossier
    candidate = await pathway.candidate()
    assert greta.user_id is not None
    await interviews.record_interview(
        db_session,
        greta,
        registry,
        interviews.RecordInterview(
            candidate_id=candidate.id,
            certification_code="CLEA",
            held_on=TODAY,
            adviser_id=greta.user_id,
            outcome=InterviewOutcome.DEFERRED,
            note="Reprend contact après son congé maternité.",
        ),
        today=TODAY,
    )

    exported = await gdpr.full_export(db_session, greta, candidate.id)
    await gdpr.erase(db_session, greta, candidate.id)

    assert exported is not None
    notes = [i["note"] for i in exported["information_interviews"]]  # type: ignore[attr-defined]
    assert "Reprend contact après son congé maternité." in notes
    kept = await interviews.interviews_of(db_session, candidate.id)
    assert kept  # the interviews stay for statistics
    assert {row.interview.note for row in kept} == {""}
