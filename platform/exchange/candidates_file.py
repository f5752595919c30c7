"""The bulk import of an evaluator organisation: one row = a candidate, the information
interview that oriented them, and the dossier opened from it.

The pathway (DOMAIN.md, step 1) opens a dossier only after the information interview,
with the candidate's consent. A file cannot hold an interview, but it can attest one: each
row names the date of the interview (« Date de l'entretien d'information », not in the
future) and carries the candidate's consent (« Consentement du candidat » = OUI). The
confirmation records that interview (outcome « orienté vers la certification », the
person who confirms as the adviser, the file named in the note) and opens the dossier
from it through the dossiers service, so every opening rule applies: accreditation of
the organisation for the certification at the site, one active dossier per person and
certification (here and elsewhere), a published référentiel.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from clea_platform.candidates import service as candidates
from clea_platform.candidates.models import Candidate
from clea_platform.candidates.validation import CandidateData, candidate_problems
from clea_platform.core.digits import fold_digits
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.dossiers import interviews
from clea_platform.dossiers import service as dossiers
from clea_platform.dossiers.choices import Financing, InterviewOutcome, PrescriberType
from clea_platform.dossiers.models import Dossier
from clea_platform.exchange.formats import Column, ImportFormat, Problem, RowRefusedError
from clea_platform.exchange.reading import Cell
from clea_platform.exchange.values import (
    CIVILITIES,
    EDUCATION_LEVELS,
    FINANCINGS,
    PRESCRIBERS,
    REGISTRATION_STATUSES,
    CellError,
    folded,
    read_date,
    read_yes_no,
)
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.tenants.context import Actor
from clea_platform.tenants.models import Site

CIVILITY = "Civilité"
BIRTH_NAME = "Nom de naissance"
USAGE_NAME = "Nom d'usage"
FIRST_NAME = "Prénom"
BIRTH_DATE = "Date de naissance"
BORN_ABROAD = "Né à l'étranger"
BIRTH_COUNTRY = "Pays de naissance"
BIRTH_CITY = "Ville de naissance"
BIRTH_POSTAL_CODE = "Code postal de naissance"
EMAIL = "Email"
PHONE = "Téléphone"
ADDRESS = "Adresse"
POSTAL_CODE = "Code postal"
CITY = "Ville"
STATUS = "Statut à l'inscription"
EDUCATION = "Niveau d'instruction"
CERTIFICATION = "Certification"
SIRET = "Siret de l'établissement"
PRESCRIBER = "Origine de la démarche"
PRESCRIBER_NAME = "Nom du prescripteur"
FINANCING = "Financeur"
INTERVIEW_ON = "Date de l'entretien d'information"
CONSENT = "Consentement du candidat"

#: Where the candidates service names a field, the file names a column.
FIELD_COLUMNS = {
    "birthName": BIRTH_NAME,
    "firstNames": FIRST_NAME,
    "birthCountry": BIRTH_COUNTRY,
    "birthCity": BIRTH_CITY,
    "birthDate": BIRTH_DATE,
    "bornAbroad": BORN_ABROAD,
    "birthPostalCode": BIRTH_POSTAL_CODE,
    "postalCode": POSTAL_CODE,
    "phone": PHONE,
    "email": EMAIL,
}


def identity(birth_name: str, first_names: str, birth_date: dt.date) -> tuple[str, str, dt.date]:
    """How a duplicate is recognised: the candidates service's rule (names, birth date)."""
    return (birth_name.strip().lower(), candidates.search_text(first_names), birth_date)


@dataclass(slots=True)
class Context:
    today: dt.date
    registry: CertificationRegistry
    sites: dict[str, uuid.UUID]
    existing: set[tuple[str, str, dt.date]]
    # The accreditation hooks' objections per certification and site, asked once.
    opening: dict[tuple[str, uuid.UUID], list[str]]
    certifications: dict[str, str]
    seen: dict[tuple[str, str, dt.date], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CandidateRow:
    candidate: CandidateData
    certification_code: str
    site_id: uuid.UUID
    prescriber_type: PrescriberType
    prescriber_name: str
    financing: Financing
    interview_on: dt.date


def certification_names(registry: CertificationRegistry) -> dict[str, str]:
    """Folded code and short title (« CléA numérique ») → code."""
    names: dict[str, str] = {}
    for certification in registry:
        names[folded(certification.code)] = certification.code
        names[folded(certification.title.split(" — ")[0])] = certification.code
    return names


def certification_label(registry: CertificationRegistry, code: str) -> str:
    return registry.get(code).title.split(" — ")[0] if code in registry else code


async def opening_problems(
    session: AsyncSession,
    registry: CertificationRegistry,
    organisation_id: uuid.UUID,
    certification_code: str,
    site_id: uuid.UUID,
) -> list[str]:
    """Why the organisation may not open dossiers of a certification at a site (the
    accreditation hooks the dossiers service asks too)."""
    reasons: list[str] = []
    for answer in registry.plugin_manager.hook.clea_dossier_opening_problems(
        session=session,
        organisation_id=organisation_id,
        certification_code=certification_code,
        site_id=site_id,
    ):
        if answer is not None:
            reasons.extend(await answer)
    return reasons


class CandidatesFormat(ImportFormat):
    kind = "candidates"
    title = "Candidats et dossiers"
    columns: tuple[Column, ...] = (
        Column(CIVILITY, True, "Madame"),
        Column(BIRTH_NAME, True, "Durand"),
        Column(USAGE_NAME, False, ""),
        Column(FIRST_NAME, True, "Léa"),
        Column(BIRTH_DATE, True, "31/01/1990"),
        Column(BORN_ABROAD, False, "NON"),
        Column(BIRTH_COUNTRY, False, "France"),
        Column(BIRTH_CITY, True, "Lyon"),
        Column(BIRTH_POSTAL_CODE, False, "69003"),
        Column(EMAIL, False, "lea.durand@exemple.fr"),
        Column(PHONE, False, "06 12 34 56 78"),
        Column(ADDRESS, False, "12 rue de la Paix"),
        Column(POSTAL_CODE, False, "69003"),
        Column(CITY, False, "Lyon"),
        Column(STATUS, True, "Demandeur d'emploi"),
        Column(EDUCATION, True, "CAP, BEP (niveau 3)"),
        Column(CERTIFICATION, True, "CléA"),
        Column(SIRET, True, "12345678900011"),
        Column(PRESCRIBER, True, "France Travail"),
        Column(PRESCRIBER_NAME, False, "Agence de Lyon Part-Dieu"),
        Column(FINANCING, True, "Compte personnel de formation (CPF)"),
        Column(INTERVIEW_ON, True, "15/01/2026"),
        Column(CONSENT, True, "OUI"),
    )

    async def prepare(
        self, session: AsyncSession, actor: Actor, registry: CertificationRegistry
    ) -> Context:
        assert actor.organisation_id is not None
        sites = {
            siret: site_id for siret, site_id in await session.execute(select(Site.siret, Site.id))
        }
        existing = {
            identity(birth_name, first_names, birth_date)
            for birth_name, first_names, birth_date in await session.execute(
                select(Candidate.birth_name, Candidate.first_names, Candidate.birth_date).where(
                    Candidate.anonymised_at.is_(None)
                )
            )
        }
        opening = {
            (code, site_id): await opening_problems(
                session, registry, actor.organisation_id, code, site_id
            )
            for code in registry.codes()
            for site_id in sites.values()
        }
        # Plain values only: the rows are checked with no transaction open (a job).
        return Context(
            today=dt.date.today(),
            registry=registry,
            sites=sites,
            existing=existing,
            opening=opening,
            certifications=certification_names(registry),
        )

    async def check(
        self, row: int, cells: dict[str, Cell], context: Any
    ) -> tuple[Any | None, list[Problem]]:
        ctx: Context = context
        problems: list[Problem] = []
        empty = Cell("")

        def cell(name: str) -> Cell:
            return cells.get(name, empty)

        def text(name: str) -> str:
            return cell(name).text.strip()

        def read(name: str, reader: Any, **kwargs: Any) -> Any:
            try:
                return reader(cell(name), **kwargs)
            except CellError as problem:
                problems.append(Problem(row, name, problem.reason))
                return None

        for name, value in cells.items():
            if value.formula:
                problems.append(
                    Problem(row, name, "Formule refusée : collez la valeur (« collage spécial »).")
                )
        if problems:
            return None, problems
        civility = read(CIVILITY, CIVILITIES.read)
        birth_date = read(BIRTH_DATE, read_date)
        born_abroad = read(BORN_ABROAD, read_yes_no, default=False)
        status = read(STATUS, REGISTRATION_STATUSES.read)
        education = read(EDUCATION, EDUCATION_LEVELS.read)
        prescriber = read(PRESCRIBER, PRESCRIBERS.read)
        financing = read(FINANCING, FINANCINGS.read)
        interview_on = read(INTERVIEW_ON, read_date)
        consent = read(CONSENT, read_yes_no)
        if consent is False:
            problems.append(
                Problem(
                    row,
                    CONSENT,
                    "Sans le consentement du candidat, aucun dossier ne peut être ouvert.",
                )
            )
        if interview_on is not None and interview_on > ctx.today:
            problems.append(
                Problem(row, INTERVIEW_ON, "L'entretien d'information ne peut pas être futur.")
            )
        certification_code = ctx.certifications.get(folded(text(CERTIFICATION)))
        if certification_code is None:
            accepted = " ; ".join(
                certification_label(ctx.registry, c) for c in ctx.registry.codes()
            )
            problems.append(
                Problem(
                    row,
                    CERTIFICATION,
                    f"Valeur inconnue « {text(CERTIFICATION)} » : valeurs acceptées : {accepted}.",
                )
            )
        site_id = self.site_for(row, text(SIRET), certification_code, ctx, problems)
        if civility is None or birth_date is None or status is None or education is None:
            return None, problems
        birth_country = text(BIRTH_COUNTRY) or ("" if born_abroad else "France")
        data = CandidateData(
            civility=civility,
            birth_name=text(BIRTH_NAME),
            first_names=text(FIRST_NAME),
            birth_date=birth_date,
            birth_country=birth_country,
            birth_city=text(BIRTH_CITY),
            status_at_registration=status,
            education_level=education,
            usage_name=text(USAGE_NAME),
            birth_postal_code=text(BIRTH_POSTAL_CODE),
            born_abroad=bool(born_abroad),
            email=text(EMAIL),
            phone=text(PHONE),
            address_line=text(ADDRESS),
            postal_code=text(POSTAL_CODE),
            city=text(CITY),
        )
        for error in candidate_problems(data, ctx.today):
            problems.append(Problem(row, FIELD_COLUMNS.get(error.field or "", ""), error.message))
        key = identity(data.birth_name, data.first_names, data.birth_date)
        if data.birth_name and data.first_names:
            if (first := ctx.seen.get(key)) is not None:
                problems.append(
                    Problem(
                        row,
                        BIRTH_NAME,
                        f"Doublon de la ligne {first} (mêmes nom, prénom et date de naissance).",
                    )
                )
            else:
                ctx.seen[key] = row
            if key in ctx.existing:
                problems.append(
                    Problem(
                        row,
                        BIRTH_NAME,
                        "Un candidat de l'organisme porte déjà ces nom, prénom et date de "
                        "naissance : ouvrez son dossier depuis sa fiche plutôt que de l'importer.",
                    )
                )
        if problems or None in (prescriber, financing, interview_on, certification_code):
            return None, problems
        assert site_id is not None
        assert certification_code is not None
        return (
            CandidateRow(
                candidate=data,
                certification_code=certification_code,
                site_id=site_id,
                prescriber_type=prescriber,
                prescriber_name=text(PRESCRIBER_NAME),
                financing=financing,
                interview_on=interview_on,
            ),
            [],
        )

    def site_for(
        self,
        row: int,
        siret_text: str,
        certification_code: str | None,
        ctx: Context,
        problems: list[Problem],
    ) -> uuid.UUID | None:
        """The organisation's site named by the row, accredited for the certification."""
        site_id = ctx.sites.get(fold_digits(siret_text))
        if site_id is None:
            problems.append(
                Problem(
                    row,
                    SIRET,
                    f"Aucun établissement de l'organisme n'a le SIRET « {siret_text} » : "
                    "ajoutez-le dans les sites de l'organisme ou corrigez la valeur.",
                )
            )
        elif certification_code is not None:
            for reason in ctx.opening.get((certification_code, site_id), []):
                problems.append(Problem(row, SIRET, reason))
        return site_id

    def interview_note(self, filename: str, data: CandidateRow) -> str:
        return f"Entretien attesté par l'import du fichier « {filename} »."

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
        return (await self.open_from_row(session, actor, registry, row, parsed, filename)).id

    async def open_from_row(
        self,
        session: AsyncSession,
        actor: Actor,
        registry: CertificationRegistry,
        row: int,
        data: CandidateRow,
        filename: str,
    ) -> Dossier:
        """The candidate, the attested interview and the dossier opened from it."""
        assert actor.user_id is not None
        try:
            candidate = await candidates.create_candidate(
                session, actor, data.candidate, today=dt.date.today(), confirm_not_duplicate=True
            )
            interview = await interviews.record_interview(
                session,
                actor,
                registry,
                interviews.RecordInterview(
                    candidate_id=candidate.id,
                    certification_code=data.certification_code,
                    held_on=data.interview_on,
                    adviser_id=actor.user_id,
                    outcome=InterviewOutcome.ORIENTED,
                    note=self.interview_note(filename, data),
                ),
            )
            dossier = await dossiers.open_dossier(
                session,
                actor,
                registry,
                dossiers.OpenDossier(
                    candidate_id=candidate.id,
                    certification_code=data.certification_code,
                    site_id=data.site_id,
                    prescriber_type=data.prescriber_type,
                    financing=data.financing,
                    consent=True,
                    prescriber_name=data.prescriber_name,
                    information_interview_id=interview.interview.id,
                ),
            )
        except InvalidFormError as errors:
            raise RowRefusedError(
                [
                    Problem(row, FIELD_COLUMNS.get(e.field or "", ""), e.message)
                    for e in errors.errors
                ]
            ) from None
        except DomainError as error:
            raise RowRefusedError([Problem(row, "", error.message)]) from None
        return dossier


CANDIDATES = CandidatesFormat()
