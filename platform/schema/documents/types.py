"""GraphQL types of documents issued to candidates."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import strawberry

from clea_platform.documents.models import PartialAttestation
from clea_platform.schema.evaluations.problems import EvaluationProblem


@strawberry.type(description="An attestation of the skills acquired, with its PDF.")
class PartialAttestationType:
    id: strawberry.ID = strawberry.field(description="Identifier.")
    reference: str = strawberry.field(description="Unique reference printed on it.")
    issued_at: dt.datetime = strawberry.field(description="Issue date.")
    download_url: str = strawberry.field(description="Where its PDF is (same session).")

    @classmethod
    def from_model(cls, attestation: PartialAttestation) -> PartialAttestationType:
        return cls(
            id=strawberry.ID(str(attestation.id)),
            reference=attestation.reference,
            issued_at=attestation.issued_at,
            download_url=f"/documents/attestations/{attestation.id}.pdf",
        )


@strawberry.type(description="Result of issuing a partial attestation.")
class IssuePartialAttestationPayload:
    # An attestation is about a closed evaluation: its problems are the evaluation's.
    error_type: ClassVar[type[EvaluationProblem]] = EvaluationProblem
    attestation: PartialAttestationType | None = strawberry.field(default=None, description="It.")
    errors: list[EvaluationProblem] = strawberry.field(
        default_factory=list, description="Problems."
    )
