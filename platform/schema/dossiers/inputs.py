"""Inputs of the dossiers' mutations."""

from __future__ import annotations

import strawberry

from clea_platform.schema.dossiers.enums import Financing, PrescriberType


@strawberry.input(description="Opening a dossier after the information interview.")
class OpenDossierInput:
    candidate_id: strawberry.ID = strawberry.field(description="The candidate.")
    certification_code: str = strawberry.field(description="CLEA, CLEA_NUMERIQUE, …")
    site_id: strawberry.ID = strawberry.field(description="Site of the organisation.")
    prescriber_type: PrescriberType = strawberry.field(description="Who oriented the candidate.")
    financing: Financing = strawberry.field(description="Financing.")
    consent: bool = strawberry.field(description="The candidate agreed (recorded with the date).")
    prescriber_name: str = strawberry.field(default="", description="Prescriber's name.")
    consent_to_share: bool = strawberry.field(
        default=False,
        description="The candidate agrees that other accredited organisations may learn that "
        "they follow a dossier here, and with which organisation.",
    )


@strawberry.input(description="Abandoning a dossier.")
class AbandonDossierInput:
    id: strawberry.ID = strawberry.field(description="The dossier.")
    reason: str = strawberry.field(description="Why (mandatory).")
    revision: int = strawberry.field(description="The revision the user saw.")
