"""Bulk import of candidates and dossiers: validate, report, then confirm all or nothing
(issue #17). The Greta's adviser imports into the Greta (demo data)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit.models import AuditEvent
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.service import create_candidate
from clea_platform.core.errors import AccessDeniedError
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.models import Dossier, InformationInterview
from clea_platform.dossiers.states import DossierStatus
from clea_platform.exchange import service
from clea_platform.exchange.candidates_file import CANDIDATES
from clea_platform.exchange.errors import ExchangeError, ExchangeErrorCode
from clea_platform.exchange.models import ImportKind, ImportStatus
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from tests.dossiers.conftest import LEA, TODAY
from tests.exchange.conftest import csv_file, person


async def upload(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry, data: bytes
) -> service.ImportBatch:
    return await service.upload(
        session, actor, registry, kind=ImportKind.CANDIDATES, filename="liste.csv", content=data
    )


async def report(
    session: AsyncSession, actor: Actor, batch_id: object
) -> list[tuple[int, str, str]]:
    problems = await service.problems_of(session, actor, batch_id, limit=100)  # type: ignore[arg-type]
    return [(p.row_number, p.column, p.reason) for p in problems]


async def count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_clean_file_is_validated_then_confirmed_into_candidates_interviews_and_dossiers(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    candidates_before = await count(db_session, Candidate)
    batch = await upload(db_session, greta, registry, csv_file([person(1), person(2)]))

    assert batch.status == ImportStatus.VALIDATED
    assert (batch.row_count, batch.problem_count) == (2, 0)
    assert await count(db_session, Candidate) == candidates_before  # nothing before confirming

    confirmed = await service.confirm(db_session, greta, registry, batch.id)

    assert confirmed.status == ImportStatus.CONFIRMED
    assert confirmed.created_count == 2
    assert await count(db_session, Candidate) == candidates_before + 2
    imported = await db_session.scalar(
        select(Candidate).where(Candidate.birth_name == person(1)["Nom de naissance"])
    )
    assert imported is not None
    assert imported.first_names == "Léa"
    dossier = await db_session.scalar(select(Dossier).where(Dossier.candidate_id == imported.id))
    assert dossier is not None
    assert dossier.status == DossierStatus.OPENED
    assert dossier.certification_code == "CLEA"
    assert dossier.prescriber_type == PrescriberType.FRANCE_TRAVAIL
    assert dossier.financing == Financing.CPF
    # The pathway's first step is attested by the file: the dossier opens from an interview.
    interview = await db_session.scalar(
        select(InformationInterview).where(
            InformationInterview.id == dossier.information_interview_id
        )
    )
    assert interview is not None
    assert interview.outcome == InterviewOutcome.ORIENTED
    assert interview.held_on.isoformat() == "2026-11-02"
    assert "liste.csv" in interview.note


async def test_a_confirmed_import_is_one_audit_event_and_is_listed(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    batch = await upload(db_session, greta, registry, csv_file([person(3)]))
    await service.confirm(db_session, greta, registry, batch.id)

    events = list(
        await db_session.scalars(
            select(AuditEvent).where(AuditEvent.operation == "exchange.import_confirm")
        )
    )
    listed = await service.list_batches(db_session, greta)

    # Other tests' imports may be in the database: this import has exactly one event.
    assert [e.object_ids for e in events if str(batch.id) in e.object_ids] == [[str(batch.id)]]
    assert listed[0].id == batch.id
    assert listed[0].status == ImportStatus.CONFIRMED
    assert listed[0].content is None  # the file is not kept once its rows exist


async def test_the_report_names_the_row_the_column_and_the_reason_in_french(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    rows = [
        person(10),
        person(11, **{"Date de naissance": "1990-04-12"}),
        person(12, **{"Statut à l'inscription": "Chômeur"}),
        person(13, **{"Consentement du candidat": "peut-être"}),
        person(14, **{"Siret de l'établissement": "99999999999999"}),
    ]
    batch = await upload(db_session, greta, registry, csv_file(rows))
    problems = await report(db_session, greta, batch.id)

    assert batch.status == ImportStatus.REJECTED
    assert batch.problem_count == 4
    by_row = {row: (column, reason) for row, column, reason in problems}
    assert 2 not in by_row
    assert by_row[3][0] == "Date de naissance"
    assert "JJ/MM/AAAA" in by_row[3][1]
    assert "1990-04-12" in by_row[3][1]
    assert by_row[4][0] == "Statut à l'inscription"
    # Unknown values list the accepted ones.
    assert "Chômeur" in by_row[4][1]
    assert "Salarié" in by_row[4][1]
    assert "Demandeur d'emploi" in by_row[4][1]
    assert by_row[5] == (
        "Consentement du candidat",
        "Valeur inconnue « peut-être » : valeurs acceptées : OUI, NON.",
    )
    assert by_row[6][0] == "Siret de l'établissement"


async def test_duplicates_in_the_file_and_against_the_organisation_are_reported(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    existing = dataclasses.replace(LEA, birth_name="Dejala", first_names="Inès")
    await create_candidate(db_session, greta, existing, today=TODAY, confirm_not_duplicate=True)
    rows = [
        person(20),
        person(20),  # the same person twice
        person(21, **{"Nom de naissance": "DEJALA", "Prénom": "Ines"}),
    ]

    batch = await upload(db_session, greta, registry, csv_file(rows))
    problems = await report(db_session, greta, batch.id)

    assert [(row, column) for row, column, _ in problems] == [
        (3, "Nom de naissance"),
        (4, "Nom de naissance"),
    ]
    assert "Doublon de la ligne 2" in problems[0][2]
    assert "déjà" in problems[1][2]


async def test_missing_columns_are_reported_on_the_header_row(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    data = "Nom de naissance;Prénom\nDurand;Léa\n".encode()

    batch = await upload(db_session, greta, registry, data)
    problems = await report(db_session, greta, batch.id)

    assert batch.status == ImportStatus.REJECTED
    assert {row for row, _, _ in problems} == {1}
    assert ("Civilité" in {column for _, column, _ in problems}) is True
    assert all("Colonne obligatoire absente" in reason for _, _, reason in problems)


async def test_a_windows_1252_file_with_commas_imports_like_the_template(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    data = csv_file([person(30, **{"Prénom": "Hélène"})], delimiter=",", encoding="cp1252")

    batch = await upload(db_session, greta, registry, data)

    assert batch.status == ImportStatus.VALIDATED


async def test_a_rejected_file_cannot_be_confirmed_and_nothing_is_created(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    candidates_before = await count(db_session, Candidate)
    rows = [person(40), person(41, **{"Civilité": "Mx"})]
    batch = await upload(db_session, greta, registry, csv_file(rows))

    with pytest.raises(ExchangeError) as refused:
        await service.confirm(db_session, greta, registry, batch.id)

    assert refused.value.code == ExchangeErrorCode.INVALID_STATE
    assert await count(db_session, Candidate) == candidates_before


async def test_a_row_that_became_a_duplicate_since_validation_cancels_the_whole_import(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    rows = [person(50), person(51)]
    batch = await upload(db_session, greta, registry, csv_file(rows))
    # Someone registers the second person by hand before the import is confirmed.
    await create_candidate(
        db_session,
        greta,
        dataclasses.replace(LEA, birth_name=person(51)["Nom de naissance"]),
        today=TODAY,
        confirm_not_duplicate=True,
    )
    candidates_before = await count(db_session, Candidate)

    savepoint = await db_session.begin_nested()
    with pytest.raises(service.ImportRefusedError) as refused:
        await service.confirm(db_session, greta, registry, batch.id)
    await savepoint.rollback()  # what the unit of work does with a refusal

    assert "ligne 3" in refused.value.message
    assert "rien n'a été créé" in refused.value.message
    assert await count(db_session, Candidate) == candidates_before


async def test_a_viewer_may_not_import(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    viewer = dataclasses.replace(greta, roles=frozenset({"viewer"}))

    with pytest.raises(AccessDeniedError):
        await upload(db_session, viewer, registry, csv_file([person(60)]))


def test_the_template_has_the_french_headers_in_order_and_an_example_that_validates() -> None:
    template = service.template_csv(ImportKind.CANDIDATES)

    header, example = template.lstrip("\ufeff").splitlines()
    assert header.split(";")[:5] == [
        "Civilité",
        "Nom de naissance",
        "Nom d'usage",
        "Prénom",
        "Date de naissance",
    ]
    assert "Date de l'entretien d'information" in header
    assert len(example.split(";")) == len(header.split(";"))


async def test_a_confirmation_releases_written_rows_as_it_goes_and_still_creates_them_all(
    db_session: AsyncSession,
    greta: Actor,
    registry: CertificationRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Written rows leave the session every CONFIRM_BATCH rows (memory stays flat).
    monkeypatch.setattr(service, "CONFIRM_BATCH", 1)
    candidates_before = await count(db_session, Candidate)
    batch = await upload(db_session, greta, registry, csv_file([person(n) for n in (70, 71, 72)]))

    confirmed = await service.confirm(db_session, greta, registry, batch.id)

    assert (confirmed.status, confirmed.created_count) == (ImportStatus.CONFIRMED, 3)
    assert await count(db_session, Candidate) == candidates_before + 3
    assert await count(db_session, Dossier) >= 3


def xlsx_file(rows: list[dict[str, object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(CANDIDATES.headers())
    for row in rows:
        sheet.append([row.get(header, "") for header in CANDIDATES.headers()])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_a_spreadsheet_imports_with_date_cells_and_its_formulas_are_refused(
    db_session: AsyncSession, greta: Actor, registry: CertificationRegistry
) -> None:
    good: dict[str, object] = {**person(80), "Date de naissance": dt.datetime(1990, 4, 12)}
    formula: dict[str, object] = {**person(81), "Email": '=HYPERLINK("http://exemple.fr")'}

    clean = await upload(db_session, greta, registry, xlsx_file([good]))
    hostile = await upload(db_session, greta, registry, xlsx_file([good, formula]))
    problems = await report(db_session, greta, hostile.id)

    assert clean.status == ImportStatus.VALIDATED
    assert hostile.status == ImportStatus.REJECTED
    assert [(row, column) for row, column, reason in problems if "Formule" in reason] == [
        (3, "Email")
    ]
