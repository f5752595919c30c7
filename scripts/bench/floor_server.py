"""The floor of the comparison bench: a plain Strawberry + SQLAlchemy Core server.

The same page of an adviser's dossiers with their candidates' names, from the same
tables, with nothing else: no authentication, no row-level security (it connects as the
server's superuser), no audit, no counts. ``python scripts/bench/floor_server.py URL PORT``.
"""

from __future__ import annotations

import sys
import uuid

import strawberry
import uvicorn
from sqlalchemy import Column, MetaData, String, Table, Uuid, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from strawberry.asgi import GraphQL

metadata = MetaData()
dossier = Table(
    "dossier",
    metadata,
    Column("organisation_id", Uuid),
    Column("id", Uuid),
    Column("candidate_id", Uuid),
    Column("adviser_id", Uuid),
    Column("certification_code", String),
    Column("status", String),
    Column("site_id", Uuid),
)
candidate = Table(
    "candidate",
    metadata,
    Column("organisation_id", Uuid),
    Column("id", Uuid),
    Column("civility", String),
    Column("birth_name", String),
    Column("usage_name", String),
    Column("first_names", String),
)
ENGINE: AsyncEngine


@strawberry.type
class Candidate:
    id: strawberry.ID
    civility: str
    birth_name: str
    usage_name: str
    first_names: str


@strawberry.type
class Dossier:
    id: strawberry.ID
    certification_code: str
    status: str
    site_id: strawberry.ID
    candidate: Candidate


@strawberry.type
class Query:
    @strawberry.field
    async def dossiers(self, adviser_id: strawberry.ID, first: int = 50) -> list[Dossier]:
        query = (
            select(
                dossier.c.id,
                dossier.c.certification_code,
                dossier.c.status,
                dossier.c.site_id,
                candidate.c.id,
                candidate.c.civility,
                candidate.c.birth_name,
                candidate.c.usage_name,
                candidate.c.first_names,
            )
            .join(
                candidate,
                (candidate.c.organisation_id == dossier.c.organisation_id)
                & (candidate.c.id == dossier.c.candidate_id),
            )
            .where(dossier.c.adviser_id == uuid.UUID(str(adviser_id)))
            .order_by(dossier.c.id.desc())
            .limit(first)
        )
        async with ENGINE.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [
            Dossier(
                id=strawberry.ID(str(row[0])),
                certification_code=row[1],
                status=row[2],
                site_id=strawberry.ID(str(row[3])),
                candidate=Candidate(
                    id=strawberry.ID(str(row[4])),
                    civility=row[5],
                    birth_name=row[6],
                    usage_name=row[7] or "",
                    first_names=row[8],
                ),
            )
            for row in rows
        ]


def main() -> None:
    global ENGINE
    url, port = sys.argv[1], int(sys.argv[2])
    ENGINE = create_async_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    app = GraphQL(strawberry.Schema(query=Query), graphql_ide=None)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
