"""The certifier's candidate exchange format: the columns the national CléA platform ingests.

One row per candidate, ``;``-separated, dates JJ/MM/AAAA, OUI/NON, in this order:
:data:`CERTIFIER_HEADERS` (issue #17). The same layout goes both ways:

- **Export** (:func:`export_rows`, Certif'Pro administrators): every certified candidate
  of every organisation whose certificate is not revoked, streamed from the database.
- **Import** (:data:`CERTIFIER`): results produced elsewhere — CléA numérique through a
  Pix certification centre, whose centres export exactly this file — become dossiers
  « prêt pour le jury » of the importing organisation; a jury session then decides them
  and issues the certificates (the existing flow).

Interpretations (the format's public description names the columns, not their codes):
« Zone géographique de naissance » holds the country of birth; « CCPI » the
certification's name (« CléA », « CléA numérique »); « Statut » the result (« Certifié »
on export; an import accepts only a success: Certifié, Validé, Acquis, Admis).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.audit import service as audit
from clea_platform.candidates.models import Candidate
from clea_platform.certificates.models import Certificate
from clea_platform.core.digits import fold_digits
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.models import Dossier
from clea_platform.dossiers.states import DossierStatus
from clea_platform.exchange import candidates_file as cf
from clea_platform.exchange.formats import Column, Problem, RowRefusedError
from clea_platform.exchange.reading import Cell
from clea_platform.exchange.values import (
    CIVILITIES,
    EDUCATION_LEVELS,
    FINANCINGS,
    PRESCRIBERS,
    REGISTRATION_STATUSES,
    folded,
    format_date,
    read_date,
    yes_no,
)
from clea_platform.juries.models import Decision, Outcome
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Organisation, Site
from clea_platform.tenants.permissions import PLATFORM_ADMIN
from clea_platform.tenants.scoping import cross_tenant_reads

SIREN = "SIREN de l'organisme"
ADDRESS_MORE = "Complément d'adresse"
BIRTH_ZONE = "Zone géographique de naissance"
BORN_OVERSEAS = "Né en collectivité d'outre-mer"
PASSED_ON = "Date de passage"
CCPI = "CCPI"
RESULT = "Statut"
FIRST_TIME = "Obtention après la première évaluation ?"

CERTIFIER_HEADERS = (
    SIREN, cf.SIRET, cf.STATUS, cf.EDUCATION, cf.PRESCRIBER, cf.FINANCING, cf.CIVILITY,
    cf.BIRTH_NAME, cf.USAGE_NAME, cf.FIRST_NAME, cf.EMAIL, cf.PHONE, cf.ADDRESS, ADDRESS_MORE,
    cf.CITY, cf.POSTAL_CODE, cf.BIRTH_DATE, cf.BORN_ABROAD, BIRTH_ZONE, BORN_OVERSEAS,
    cf.BIRTH_CITY, cf.BIRTH_POSTAL_CODE, PASSED_ON, CCPI, RESULT, FIRST_TIME,
)  # fmt: skip
REQUIRED = {
    cf.SIRET, cf.STATUS, cf.EDUCATION, cf.PRESCRIBER, cf.FINANCING, cf.CIVILITY, cf.BIRTH_NAME,
    cf.FIRST_NAME, cf.BIRTH_DATE, cf.BIRTH_CITY, PASSED_ON, CCPI, RESULT,
}  # fmt: skip
EXAMPLE = {
    SIREN: "130025265", cf.SIRET: "13002526500013", cf.STATUS: "Demandeur d'emploi",
    cf.EDUCATION: "CAP, BEP (niveau 3)", cf.PRESCRIBER: "France Travail",
    cf.FINANCING: "Compte personnel de formation (CPF)", cf.CIVILITY: "Madame",
    cf.BIRTH_NAME: "Durand", cf.FIRST_NAME: "Léa", cf.BIRTH_DATE: "12/04/1990",
    cf.BORN_ABROAD: "NON", BIRTH_ZONE: "France", BORN_OVERSEAS: "NON", cf.BIRTH_CITY: "Roubaix",
    cf.BIRTH_POSTAL_CODE: "59100", PASSED_ON: "02/11/2026", CCPI: "CléA numérique",
    RESULT: "Certifié", FIRST_TIME: "OUI",
}  # fmt: skip
CERTIFIED = "Certifié"
SUCCESS = {folded(value) for value in (CERTIFIED, "Certifiée", "Validé", "Acquis", "Admis")}
# Collectivités d'outre-mer (their postal codes): Saint-Pierre-et-Miquelon, Saint-Barthélemy,
# Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie.
OVERSEAS_COLLECTIVITY_PREFIXES = ("975", "97133", "97150", "986", "987", "988")


def born_in_overseas_collectivity(birth_postal_code: str) -> bool:
    return birth_postal_code.startswith(OVERSEAS_COLLECTIVITY_PREFIXES)


@dataclass(frozen=True, slots=True)
class CertifierRow:
    opening: cf.CandidateRow
    passed_on: dt.date
    evaluated_at_siret: str


class CertifierFormat(cf.CandidatesFormat):
    """The import of the certifier's file: a success becomes a dossier ready for a jury.

    The row's establishment (SIRET) is where the candidate was evaluated. When it is one
    of the importing organisation's sites, the dossier goes there; otherwise (a Pix
    centre's SIRET) to the organisation's one site accredited for the certification —
    several such sites make the row ambiguous, and it is refused.
    """

    kind = "certifier"
    title = "Fichier d'échange du certificateur"
    columns = tuple(Column(h, h in REQUIRED, EXAMPLE.get(h, "")) for h in CERTIFIER_HEADERS)

    async def check(
        self, row: int, cells: dict[str, Cell], context: Any
    ) -> tuple[Any | None, list[Problem]]:
        empty = Cell("")
        as_candidate = dict(cells)
        as_candidate[cf.BIRTH_COUNTRY] = cells.get(BIRTH_ZONE, empty)
        as_candidate[cf.CERTIFICATION] = cells.get(CCPI, empty)
        as_candidate[cf.INTERVIEW_ON] = cells.get(PASSED_ON, empty)
        # The candidate agreed when they registered with the certifier's centre.
        as_candidate[cf.CONSENT] = Cell("OUI")
        more = cells.get(ADDRESS_MORE, empty).text.strip()
        if more:
            address = cells.get(cf.ADDRESS, empty).text.strip()
            as_candidate[cf.ADDRESS] = Cell(f"{address}, {more}" if address else more)
        parsed, problems = await super().check(row, as_candidate, context)
        # The file's column names, not the template's, in the report.
        renamed = {cf.BIRTH_COUNTRY: BIRTH_ZONE, cf.CERTIFICATION: CCPI, cf.INTERVIEW_ON: PASSED_ON}
        problems = [Problem(p.row, renamed.get(p.column, p.column), p.reason) for p in problems]
        result = cells.get(RESULT, empty).text.strip()
        if folded(result) not in SUCCESS:
            problems.append(
                Problem(
                    row,
                    RESULT,
                    f"Résultat « {result} » : seuls les résultats acquis (Certifié, Validé, "
                    "Acquis, Admis) deviennent des dossiers prêts pour le jury.",
                )
            )
        if problems or parsed is None:
            return None, problems
        return (
            CertifierRow(
                opening=cast(cf.CandidateRow, parsed),
                passed_on=read_date(cells.get(PASSED_ON, empty)),
                evaluated_at_siret=cells.get(cf.SIRET, empty).text.strip(),
            ),
            [],
        )

    def site_for(
        self,
        row: int,
        siret_text: str,
        certification_code: str | None,
        ctx: cf.Context,
        problems: list[Problem],
    ) -> uuid.UUID | None:
        own = [] if certification_code is None else self._accredited_sites(ctx, certification_code)
        if fold_digits(siret_text) in ctx.sites or certification_code is None:
            return super().site_for(row, siret_text, certification_code, ctx, problems)
        if len(own) == 1:
            return own[0]
        problems.append(
            Problem(
                row,
                cf.SIRET,
                f"L'établissement « {siret_text} » n'est pas un site de l'organisme, et "
                + (
                    "aucun site de l'organisme n'est habilité pour cette certification."
                    if not own
                    else "plusieurs sites sont habilités : importez le fichier site par site "
                    "avec le SIRET du site."
                ),
            )
        )
        return None

    @staticmethod
    def _accredited_sites(ctx: cf.Context, certification_code: str) -> list[uuid.UUID]:
        return [
            site_id
            for (code, site_id), reasons in ctx.opening.items()
            if code == certification_code and not reasons
        ]

    def interview_note(self, filename: str, data: cf.CandidateRow) -> str:
        return f"Résultat importé du fichier du certificateur « {filename} »."

    async def create(
        self,
        session: AsyncSession,
        actor: Actor,
        registry: CertificationRegistry,
        row: int,
        parsed: Any,
        *,
        filename: str,
    ) -> uuid.UUID:
        data: CertifierRow = parsed
        dossier = await self.open_from_row(session, actor, registry, row, data.opening, filename)
        comment = (
            f"Résultat du {format_date(data.passed_on)} (établissement {data.evaluated_at_siret}) "
            f"importé du fichier « {filename} »."
        )
        try:
            for target in (DossierStatus.INITIAL_EVALUATION, DossierStatus.READY_FOR_JURY):
                await dossiers.move(
                    session, actor, registry, dossier, target, comment=comment,
                    today=data.passed_on,
                )  # fmt: skip
        except dossiers.DossierError as error:
            raise RowRefusedError([Problem(row, "", error.message)]) from None
        return dossier.id


CERTIFIER = CertifierFormat()


# ------------------------------------------------------------------------- export


EXPORT_SCOPE = "certifpro_admin:certifier_export"


def check_may_export(actor: Actor) -> None:
    """Only Certif'Pro administrators export every organisation's certified candidates."""
    PLATFORM_ADMIN.check(actor)


async def export_rows(
    session: AsyncSession, actor: Actor, registry: CertificationRegistry
) -> AsyncIterator[list[str]]:
    """The header, then one row per certified candidate (revoked certificates left out),
    read from the database as a stream. The export itself is audited once."""
    check_may_export(actor)
    audit.record(session, actor, "exchange.certifier_export")
    yield list(CERTIFIER_HEADERS)
    first_time = (
        select(func.count())
        .where(
            Decision.organisation_id == Certificate.organisation_id,
            Decision.dossier_id == Certificate.dossier_id,
            Decision.outcome == Outcome.CERTIFIED,
            Decision.obtained_at_first_evaluation.is_(True),
        )
        .scalar_subquery()
    )
    # Columns, not entities: nothing enters the session's identity map, memory stays flat.
    query = (
        select(
            Organisation.siren,
            Site.siret,
            Candidate.status_at_registration,
            Candidate.education_level,
            Dossier.prescriber_type,
            Dossier.financing,
            Candidate.civility,
            Candidate.birth_name,
            Candidate.usage_name,
            Candidate.first_names,
            Candidate.email,
            Candidate.phone,
            Candidate.address_line,
            Candidate.city,
            Candidate.postal_code,
            Candidate.birth_date,
            Candidate.born_abroad,
            Candidate.birth_country,
            Candidate.birth_city,
            Candidate.birth_postal_code,
            Certificate.decided_on,
            Certificate.certification_code,
            first_time.label("first_time"),
        )
        .select_from(Certificate)
        .join(
            Candidate,
            (Candidate.organisation_id == Certificate.organisation_id)
            & (Candidate.id == Certificate.candidate_id),
        )
        .join(
            Dossier,
            (Dossier.organisation_id == Certificate.organisation_id)
            & (Dossier.id == Certificate.dossier_id),
        )
        .join(Organisation, Organisation.id == Certificate.organisation_id)
        .join(
            Site, (Site.organisation_id == Dossier.organisation_id) & (Site.id == Dossier.site_id)
        )
        .where(Certificate.revoked_at.is_(None))
        .order_by(Certificate.issued_at, Certificate.id)
        .execution_options(yield_per=1000)
    )
    async with cross_tenant_reads(session, EXPORT_SCOPE):
        result = await session.stream(query)
        async for row in result:
            yield export_row(registry, row)


def export_row(registry: CertificationRegistry, row: Any) -> list[str]:
    """One certified candidate (a row of :func:`export_rows`' query) in the file's order."""
    values = {
        SIREN: row.siren or "",
        cf.SIRET: row.siret,
        cf.STATUS: REGISTRATION_STATUSES.label(row.status_at_registration),
        cf.EDUCATION: EDUCATION_LEVELS.label(row.education_level),
        cf.PRESCRIBER: PRESCRIBERS.label(row.prescriber_type),
        cf.FINANCING: FINANCINGS.label(row.financing),
        cf.CIVILITY: CIVILITIES.label(row.civility),
        cf.BIRTH_NAME: row.birth_name,
        cf.USAGE_NAME: row.usage_name,
        cf.FIRST_NAME: row.first_names,
        cf.EMAIL: row.email,
        cf.PHONE: row.phone,
        cf.ADDRESS: row.address_line,
        ADDRESS_MORE: "",
        cf.CITY: row.city,
        cf.POSTAL_CODE: row.postal_code,
        cf.BIRTH_DATE: format_date(row.birth_date),
        cf.BORN_ABROAD: yes_no(row.born_abroad),
        BIRTH_ZONE: row.birth_country,
        BORN_OVERSEAS: yes_no(born_in_overseas_collectivity(row.birth_postal_code)),
        cf.BIRTH_CITY: row.birth_city,
        cf.BIRTH_POSTAL_CODE: row.birth_postal_code,
        PASSED_ON: format_date(row.decided_on),
        CCPI: cf.certification_label(registry, row.certification_code),
        RESULT: CERTIFIED,
        FIRST_TIME: yes_no(bool(row.first_time)),
    }
    return [values[header] for header in CERTIFIER_HEADERS]
