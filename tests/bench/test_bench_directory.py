"""Benchmark of the public directory « Trouver un organisme évaluateur ».

Target (issue #7): search over 2 000 organisations and 10 000 sites, p50 ≤ 20 ms
in-process on PostgreSQL. The rows are bulk-inserted into a throwaway database; figures
only, nothing is asserted on time.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from clea_platform.accreditations import directory
from clea_platform.accreditations.models import Accreditation, AccreditationStatus
from clea_platform.core.config import Settings
from clea_platform.db.base import new_id
from clea_platform.db.context_signature import RowSecurityContext
from clea_platform.db.engine import create_engine_for, create_sync_engine_for, session_factory
from clea_platform.db.migrate import upgrade
from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation, OrganisationKind, OrganisationStatus, Site
from clea_platform.tenants.scoping import apply_row_security_context
from tests.databases import ThrowawayDatabase, throwaway_database

ORGANISATIONS = 2_000
SITES_PER_ORGANISATION = 5
# (postal code prefix, région) of the sites, in turn.
PLACES = [
    ("75", "Île-de-France"), ("69", "Auvergne-Rhône-Alpes"), ("13", "Provence-Alpes-Côte d'Azur"),
    ("59", "Hauts-de-France"), ("33", "Nouvelle-Aquitaine"), ("31", "Occitanie"),
    ("44", "Pays de la Loire"), ("67", "Grand Est"), ("35", "Bretagne"),
    ("21", "Bourgogne-Franche-Comté"),
]  # fmt: skip


async def _fill(database: ThrowawayDatabase, settings: Settings) -> None:
    engine = create_engine_for(database.settings(settings))
    today = dt.date.today()
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await apply_row_security_context(
                    connection, RowSecurityContext(None, None, cross_tenant=True)
                )
            organisations, sites, accreditations = [], [], []
            for number in range(ORGANISATIONS):
                organisation_id = new_id()
                organisations.append(
                    {
                        "id": organisation_id,
                        "slug": f"organisme-{number}",
                        "name": f"Organisme de formation {number}",
                        "kind": OrganisationKind.EVALUATOR,
                        "status": OrganisationStatus.ACTIVE,
                        "siren": f"{number:09d}",
                        "legal_form": "",
                        "suspension_reason": "",
                        "created_at": dt.datetime.now(dt.UTC),
                    }
                )
                for position in range(SITES_PER_ORGANISATION):
                    index = number * SITES_PER_ORGANISATION + position
                    prefix, region = PLACES[index % len(PLACES)]
                    site_id = new_id()
                    sites.append(
                        {
                            "organisation_id": organisation_id,
                            "id": site_id,
                            "siret": f"{number:09d}{position:05d}",
                            "name": f"Site {index}",
                            "address_line": f"{index} rue de la Formation",
                            "postal_code": f"{prefix}{index % 1000:03d}",
                            "city": "Ville",
                            "departement": prefix,
                            "region": region,
                            "contact_email": f"contact{index}@exemple.fr",
                            "contact_phone": "",
                            "created_at": dt.datetime.now(dt.UTC),
                        }
                    )
                    for code in ("CLEA", "CLEA_NUMERIQUE")[: 1 + index % 2]:
                        accreditations.append(
                            {
                                "organisation_id": organisation_id,
                                "id": new_id(),
                                "certification_code": code,
                                "site_id": site_id,
                                "valid_from": today - dt.timedelta(days=30),
                                # one in seven has expired: the search must skip it
                                "valid_until": today
                                + dt.timedelta(days=-1 if index % 7 == 0 else 365),
                                "status": AccreditationStatus.ACTIVE,
                                "status_reason": "",
                                "open_dossiers_may_finish": True,
                                "created_at": dt.datetime.now(dt.UTC),
                            }
                        )
            await connection.execute(insert(Organisation), organisations)
            await connection.execute(insert(Site), sites)
            await connection.execute(insert(Accreditation), accreditations)
    finally:
        await engine.dispose()
    # After the commit: run in the inserting transaction, ANALYZE counts none of the new
    # rows, and the planner then believes every table empty. As the tables' owner: the
    # runtime role may not analyze them.
    owner = create_sync_engine_for(database.migration_url)
    try:
        with owner.begin() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        owner.dispose()


class DirectoryBench:
    def __init__(self, database: ThrowawayDatabase, settings: Settings) -> None:
        self.loop = asyncio.new_event_loop()
        self.engine = create_engine_for(database.settings(settings))
        self.factory = session_factory(self.engine)

    def search(self, **filters: Any) -> int:
        return self.loop.run_until_complete(self._search(filters))

    async def _search(self, filters: dict[str, Any]) -> int:
        with acting_as(Actor()):
            async with self.factory() as session:
                page = await directory.search(
                    session,
                    directory.DirectoryFilter(**filters),
                    today=dt.date.today(),
                    first=20,
                    after=None,
                )
                return page.total_count

    def close(self) -> None:
        self.loop.run_until_complete(self.engine.dispose())
        self.loop.close()


@pytest.fixture(scope="module")
def directory_bench(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DirectoryBench]:
    tmp: Path = tmp_path_factory.mktemp("directory")
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(throwaway_database(tmp))
        upgrade(database.settings(settings))
        asyncio.run(_fill(database, settings))
        bench = DirectoryBench(database, settings)
        stack.callback(bench.close)
        yield bench


def test_bench_directory_search_by_postal_code(
    benchmark: Any, directory_bench: DirectoryBench
) -> None:
    """Target: p50 ≤ 20 ms on PostgreSQL (2 000 organisations, 10 000 sites)."""
    found = benchmark.pedantic(
        directory_bench.search,
        kwargs={"postal_code": "69", "certification_code": "CLEA"},
        rounds=50,
        iterations=1,
        warmup_rounds=3,
    )
    assert found == 857  # the Rhône's 1 000 sites, less the 143 expired


def test_bench_directory_search_by_region(benchmark: Any, directory_bench: DirectoryBench) -> None:
    found = benchmark.pedantic(
        directory_bench.search,
        kwargs={"region": "Bretagne"},
        rounds=50,
        iterations=1,
        warmup_rounds=3,
    )
    assert found == 857
