"""Inputs of the certificate queries and mutations."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="Which certificates to list.")
class CertificateFilterInput:
    certification_code: str | None = strawberry.field(default=None, description="Certification.")
    year: int | None = strawberry.field(default=None, description="Year of the decision.")
    text: str | None = strawberry.field(
        default=None, description="Part of the holder's name, a number or a verification code."
    )
    revoked: bool | None = strawberry.field(default=None, description="Revoked or not.")
    paper_requested: bool | None = strawberry.field(
        default=None, description="A paper copy was asked for, or not."
    )
    dossier_id: strawberry.ID | None = strawberry.field(default=None, description="One dossier.")
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="One organisation (Certif'Pro's search only)."
    )
    issued_from: dt.date | None = strawberry.field(default=None, description="Issued from.")
    issued_to: dt.date | None = strawberry.field(default=None, description="Issued until.")


@strawberry.input(description="Revoke a certificate.")
class RevokeCertificateInput:
    id: strawberry.ID = strawberry.field(description="The certificate.")
    reason: str = strawberry.field(description="Why (mandatory, shown on the public page).")


@strawberry.input(description="Ask for a paper copy, posted to the candidate.")
class RequestPaperCopyInput:
    id: strawberry.ID = strawberry.field(description="The certificate.")


@strawberry.input(description="Paper copies posted.")
class MarkPaperSentInput:
    ids: list[strawberry.ID] = strawberry.field(description="The certificates (at most 200).")
