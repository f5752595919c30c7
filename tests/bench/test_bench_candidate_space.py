"""Issue #16 speed requirement: the candidate's home page, on the ``clea demo --scale N``
database (see ``tests/bench/scale_database.py``).

One HTTP request through the whole ASGI app, as a signed-in candidate, with the
frontend's own ``CandidateSpace`` query (``frontend/src/candidateSpace/documents.ts``):
target p50 ≤ 30 ms in-process on PostgreSQL at 100 000 dossiers. The benchmark adds to
the scale database one candidate account (and its session) for a candidate of the
Greta who has a dossier, and the audit events of its reads.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from typing import Any

import httpx
from sqlalchemy import select

from clea_platform.candidate_space.access import CANDIDATE_COOKIE
from clea_platform.candidate_space.models import CandidateAccount, CandidateSession
from clea_platform.candidates import persons
from clea_platform.candidates.models import Candidate
from clea_platform.db.base import utcnow
from clea_platform.dossiers.models import Dossier
from clea_platform.identity.tokens import hash_token, new_token
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads
from tests.bench.conftest import AsgiDriver
from tests.bench.scale_database import ScaleDatabase
from tests.bench.test_bench_scale import describe, scale, scale_app  # noqa: F401
from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "frontend" / "src" / "candidateSpace" / "documents.ts"
CANDIDATE_SPACE = next(
    d
    for d in re.findall(r"graphql\(`(.*?)`\)", SOURCE.read_text(), flags=re.DOTALL)
    if "query CandidateSpace " in d
)


async def _signed_in_candidate(driver: AsgiDriver) -> str:
    """A session token for a Greta candidate with a dossier (their person linked)."""
    sessions = driver.app.state.sessions
    async with sessions.begin() as session:
        async with cross_tenant_reads(session, "bench:candidate_space"):
            greta = await session.scalar(
                select(Organisation).where(Organisation.slug.like("greta%")).limit(1)
            )
            assert greta is not None
            candidate = await session.scalar(
                select(Candidate)
                .join(
                    Dossier,
                    (Dossier.organisation_id == Candidate.organisation_id)
                    & (Dossier.candidate_id == Candidate.id),
                )
                .where(Candidate.organisation_id == greta.id)
                .limit(1)
            )
            assert candidate is not None
        with acting_as(Actor(organisation_id=greta.id)):
            person = await persons.ensure_person(session, candidate)
        async with cross_tenant_reads(session, "bench:candidate_space"):
            account = await session.scalar(
                select(CandidateAccount).where(CandidateAccount.person_id == person.id)
            )
            if account is None:
                account = CandidateAccount(
                    person_id=person.id, email=f"bench-{uuid.uuid4()}@bench", invited_at=utcnow()
                )
                session.add(account)
                await session.flush()
            token = new_token()
            session.add(
                CandidateSession(
                    account_id=account.id,
                    token_hash=hash_token(token),
                    expires_at=utcnow() + dt.timedelta(hours=1),
                )
            )
    return token


def test_bench_scale_candidate_home_page_over_graphql(
    benchmark: Any,
    scale: ScaleDatabase,  # noqa: F811
    scale_app: AsgiDriver,  # noqa: F811
) -> None:
    """Target: p50 ≤ 30 ms on PostgreSQL at 100 000 dossiers."""
    describe(benchmark, scale)
    token = scale_app.loop.run_until_complete(_signed_in_candidate(scale_app))
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=scale_app.app, client=(address, 50000)),
        base_url="http://bench",
        cookies={CANDIDATE_COOKIE: token},
    )

    def home() -> dict[str, Any]:
        response = scale_app.loop.run_until_complete(
            client.post(
                "/graphql",
                json={"query": CANDIDATE_SPACE},
                headers={"X-Requested-With": "bench"},
            )
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    try:
        body = benchmark.pedantic(home, rounds=40, warmup_rounds=3)
    finally:
        scale_app.loop.run_until_complete(client.aclose())
    assert body["data"]["candidateSpace"]["dossiers"], body
