"""Layer 1 (both databases): the ORM filters every statement to the acting tenant.

Each test runs on the app's engine and, on PostgreSQL, also as the server's superuser,
for whom row-level security does not apply: there the ORM filter is the only thing between
B and A's rows, as it always is on SQLite. Every tenant model is covered
(``tenant_models()``); all writes are rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import aliased

from clea_platform.tenants.context import Actor, acting_as
from clea_platform.tenants.models import Organisation
from clea_platform.tenants.scoping import cross_tenant_reads, tenant_models
from tests.databases import ThrowawayDatabase, engine_under_test
from tests.isolation.conftest import TwoTenants

MODELS = [pytest.param(model, id=model.__name__) for model in tenant_models()]
LAYERS = ["app engine"] + (
    ["superuser, RLS bypassed"] if engine_under_test() == "postgresql" else []
)


@pytest.fixture(params=LAYERS)
async def sessions(
    request: pytest.FixtureRequest, tenants: TwoTenants, migrated_database: ThrowawayDatabase
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    if request.param == "app engine":
        yield tenants.sessions
        return
    # The server's superuser: RLS never applies to it (nor, on this engine, any context).
    engine = create_async_engine(migrated_database.admin_url)
    try:
        yield async_sessionmaker(engine, expire_on_commit=False)
    finally:
        await engine.dispose()


def as_b(tenants: TwoTenants) -> Actor:
    b = tenants.b
    return Actor(
        user_id=b.admin_user_id, organisation_id=b.organisation_id, roles=frozenset({"org_admin"})
    )


async def keys_of(
    sessions: async_sessionmaker[AsyncSession], model: Any, organisation_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    async with sessions() as session, cross_tenant_reads(session, "tests:isolation"):
        rows = await session.execute(
            select(model.organisation_id, model.id).where(model.organisation_id == organisation_id)
        )
        return [(row[0], row[1]) for row in rows]


@pytest.mark.parametrize("model", MODELS)
async def test_acting_for_b_every_read_returns_b_rows_only(
    tenants: TwoTenants, sessions: async_sessionmaker[AsyncSession], model: Any
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    # Given both organisations own rows of the model
    assert await keys_of(sessions, model, a)
    b_keys = await keys_of(sessions, model, b)

    # When B's session reads them every way the code does
    with acting_as(as_b(tenants)):
        async with sessions() as session:
            entities = list(await session.scalars(select(model)))
            asked_for_a = list(
                await session.scalars(select(model).where(model.organisation_id == a))
            )
            ids = set(await session.scalars(select(model.organisation_id)))
            counted = await session.scalar(select(func.count()).select_from(model))
            # (as core.pagination counts a page's total)
            paginated = await session.scalar(
                select(func.count()).select_from(
                    select(model).with_only_columns(model.id).subquery()
                )
            )
            joined = set(
                await session.scalars(
                    select(Organisation.id).join(model, model.organisation_id == Organisation.id)
                )
            )
            # (a self-join, or any query naming the model twice, goes through an alias)
            other = aliased(model)
            through_alias = set(await session.scalars(select(other.organisation_id)))

    # Then only B's rows come back
    assert {(row.organisation_id, row.id) for row in entities} == set(b_keys)
    assert asked_for_a == []
    assert ids == {b}
    assert counted == paginated == len(b_keys)
    assert joined == {b}
    assert through_alias == {b}


@pytest.mark.parametrize("model", MODELS)
async def test_acting_for_b_getting_a_row_of_a_by_its_key_returns_nothing(
    tenants: TwoTenants, sessions: async_sessionmaker[AsyncSession], model: Any
) -> None:
    # Given the full primary key of one of A's rows
    a_key = (await keys_of(sessions, model, tenants.a.organisation_id))[0]

    # When B's session gets it by that key (and with B's organisation in front of A's ID)
    with acting_as(as_b(tenants)):
        async with sessions() as session:
            got = await session.get(model, a_key)
            got_with_b = await session.get(model, (tenants.b.organisation_id, a_key[1]))

    # Then there is nothing
    assert (got, got_with_b) == (None, None)


@pytest.mark.parametrize("model", MODELS)
async def test_acting_for_b_orm_updates_and_deletes_leave_a_rows_alone(
    tenants: TwoTenants, sessions: async_sessionmaker[AsyncSession], model: Any
) -> None:
    a, b = tenants.a.organisation_id, tenants.b.organisation_id
    a_keys = await keys_of(sessions, model, a)
    b_count = len(await keys_of(sessions, model, b))
    a_id = a_keys[0][1]
    unchanged = {model.organisation_id: model.organisation_id}
    no_sync = {"synchronize_session": False}

    with acting_as(as_b(tenants)):
        async with sessions() as session:
            # When B's session updates and deletes A's rows, by tenant and by ID
            touched = [
                (await session.execute(statement.execution_options(**no_sync))).rowcount  # type: ignore[attr-defined]
                for statement in (
                    update(model).where(model.organisation_id == a).values(unchanged),
                    update(model).where(model.id == a_id).values(unchanged),
                    delete(model).where(model.organisation_id == a),
                    delete(model).where(model.id == a_id),
                )
            ]
            # ... and then updates "every" row
            everything = await session.execute(
                update(model).values(unchanged).execution_options(**no_sync)
            )
            await session.rollback()

    # Then A's rows were out of reach, and "every row" meant B's
    assert touched == [0, 0, 0, 0]
    assert everything.rowcount == b_count  # type: ignore[attr-defined]
    assert await keys_of(sessions, model, a) == a_keys


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    "actor",
    [
        pytest.param(Actor(), id="anonymous"),
        pytest.param(Actor(user_id=uuid.uuid4()), id="person without organisation"),
        pytest.param(
            Actor(api_key_id=uuid.uuid4(), organisation_id=uuid.uuid4(), roles=frozenset({"x"})),
            id="unknown organisation",
        ),
    ],
)
async def test_with_no_tenant_the_orm_returns_nothing(
    tenants: TwoTenants, sessions: async_sessionmaker[AsyncSession], model: Any, actor: Actor
) -> None:
    # Given the key of one of A's rows
    a_key = (await keys_of(sessions, model, tenants.a.organisation_id))[0]

    # When a session with no (known) tenant reads the model
    with acting_as(actor):
        async with sessions() as session:
            rows = list(await session.scalars(select(model)))
            counted = await session.scalar(select(func.count()).select_from(model))
            got = await session.get(model, a_key)

    # Then it sees nothing at all
    assert (rows, counted, got) == ([], 0, None)
