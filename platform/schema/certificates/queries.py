"""Root queries of certificates."""

from __future__ import annotations

import uuid
from typing import Annotated

import strawberry

from clea_platform.certificates import lookup, paper
from clea_platform.schema.certificates.inputs import CertificateFilterInput
from clea_platform.schema.certificates.types import CertificateType
from clea_platform.schema.context import Info
from clea_platform.schema.ids import optional_id
from clea_platform.schema.pagination import Connection, connection

First = Annotated[int | None, strawberry.argument(description="Page size (max 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor.")]
Filter = Annotated[
    CertificateFilterInput | None, strawberry.argument(description="Filters (all optional).")
]
NOTHING = uuid.UUID(int=0)


def _filters(
    given: CertificateFilterInput | None, *, any_organisation: bool
) -> lookup.CertificateFilter:
    if given is None:
        return lookup.CertificateFilter()
    return lookup.CertificateFilter(
        certification_code=given.certification_code,
        year=given.year,
        text=given.text,
        revoked=given.revoked,
        paper_requested=given.paper_requested,
        # A malformed ID matches nothing rather than everything.
        dossier_id=(optional_id(given.dossier_id) or NOTHING) if given.dossier_id else None,
        organisation_id=(
            (optional_id(given.organisation_id) or NOTHING)
            if any_organisation and given.organisation_id
            else None
        ),
        issued_from=given.issued_from,
        issued_to=given.issued_to,
    )


@strawberry.type
class CertificateQueries:
    @strawberry.field(description="The active organisation's certificates, newest first.")
    async def certificates(
        self, info: Info, first: First = None, after: After = None, filter: Filter = None
    ) -> Connection[CertificateType]:
        page = await lookup.list_certificates(
            info.context.session, _filters(filter, any_organisation=False), first=first, after=after
        )
        return connection(page, CertificateType.from_model)

    @strawberry.field(
        description="Every organisation's certificates, newest first, for Certif'Pro (audited)."
    )
    async def certificate_search(
        self, info: Info, first: First = None, after: After = None, filter: Filter = None
    ) -> Connection[CertificateType]:
        page = await lookup.search_certificates(
            info.context.session,
            info.context.actor,
            _filters(filter, any_organisation=True),
            first=first,
            after=after,
        )
        return connection(page, CertificateType.from_model)

    @strawberry.field(
        description="Paper copies to print and post, oldest request first (at most 200; "
        "print them at /documents/certificates/paper-queue.pdf)."
    )
    async def paper_queue(self, info: Info) -> list[CertificateType]:
        rows = await paper.paper_queue(info.context.session, info.context.actor)
        return [CertificateType.from_model(row) for row in rows]
