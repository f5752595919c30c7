"""Inputs of the pathway's operations: the dossier list's filters, GDPR erasure."""

from __future__ import annotations

import datetime as dt

import strawberry

from clea_platform.schema.dossiers.enums import DossierStatus


@strawberry.input(description="A candidate whose personal data to erase.")
class EraseCandidateInput:
    id: strawberry.ID = strawberry.field(description="The candidate.")


@strawberry.input(description="Moving a dossier, with its history, to another organisation.")
class TransferDossierInput:
    dossier_id: strawberry.ID = strawberry.field(description="The dossier.")
    target_siret: str = strawberry.field(
        description="SIRET of the target establishment, accredited for the certification."
    )
    reason: str = strawberry.field(description="Why the candidate moves (mandatory).")
    consent: bool = strawberry.field(description="The candidate asked for the transfer.")
    revision: int = strawberry.field(description="The dossier's revision the user saw.")


@strawberry.input(description="Filters of the dossier list; all optional, combined with AND.")
class DossierFilter:
    status: list[DossierStatus] | None = strawberry.field(default=None, description="Statuses.")
    certification_code: str | None = strawberry.field(default=None, description="Certification.")
    site_id: strawberry.ID | None = strawberry.field(default=None, description="Site.")
    adviser_id: strawberry.ID | None = strawberry.field(default=None, description="Adviser.")
    evaluator_id: strawberry.ID | None = strawberry.field(
        default=None, description="Evaluator of one of its sittings."
    )
    trainer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Trainer named by its training plan."
    )
    search: str | None = strawberry.field(default=None, description="Part of a candidate's name.")
    opened_from: dt.date | None = strawberry.field(default=None, description="Opened on or after.")
    opened_to: dt.date | None = strawberry.field(default=None, description="Opened on or before.")


@strawberry.input(
    description="Filters of the candidate list (all optional, combined with AND): the "
    "opening wizard looks a person up by names and birth date, or by e-mail."
)
class CandidateFilter:
    search: str | None = strawberry.field(
        default=None, description="Words of the names (birth, usage, first names)."
    )
    birth_date: dt.date | None = strawberry.field(default=None, description="Birth date.")
    email: str | None = strawberry.field(default=None, description="E-mail, whole address.")
