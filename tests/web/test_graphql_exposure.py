"""Introspection and GraphiQL follow a setting: on in development, off in production."""

from __future__ import annotations

from typing import Any

import pytest

from clea_platform.core.config import Settings
from clea_platform.core.errors import ConfigurationError
from tests.conftest import new_client
from tests.web.conftest import AppWith

HEADERS = {"X-Requested-With": "clea-tests"}
INTROSPECTION = "{ __schema { queryType { name } } }"


def test_the_setting_is_on_in_development_and_off_in_production(tmp_path: Any) -> None:
    development = Settings.from_environ({"CLEA_DATA_DIR": str(tmp_path)})
    production = Settings.from_environ(
        {
            "CLEA_ENV": "production",
            "CLEA_DATA_DIR": str(tmp_path),
            "CLEA_DATABASE_URL": "postgresql://clea@db/clea",
            "CLEA_SECRET_KEY": "x" * 64,
        }
    )
    forced = Settings.from_environ(
        {"CLEA_DATA_DIR": str(tmp_path), "CLEA_GRAPHQL_INTROSPECTION": "false"}
    )

    assert development.graphql_introspection is True
    assert production.graphql_introspection is False
    assert forced.graphql_introspection is False
    with pytest.raises(ConfigurationError, match="CLEA_GRAPHQL_INTROSPECTION vaut « peut-être »"):
        Settings.from_environ(
            {"CLEA_DATA_DIR": str(tmp_path), "CLEA_GRAPHQL_INTROSPECTION": "peut-être"}
        )


async def test_with_introspection_on_the_schema_and_graphiql_are_served(app: Any) -> None:
    async with new_client(app) as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        schema = await http.post("/graphql", json={"query": INTROSPECTION}, headers=HEADERS)

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()
    assert schema.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_with_introspection_off_both_are_refused_in_french(app_with: AppWith) -> None:
    async with app_with(graphql_introspection=False) as app, new_client(app) as http:
        page = await http.get("/graphql", headers={"Accept": "text/html"})
        schema = await http.post("/graphql", json={"query": INTROSPECTION}, headers=HEADERS)
        by_type = await http.post(
            "/graphql", json={"query": '{ __type(name: "Query") { name } }'}, headers=HEADERS
        )
        typename = await http.post(
            "/graphql", json={"query": "{ __typename viewer { __typename } }"}, headers=HEADERS
        )

    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    for refused in (schema, by_type):
        (error,) = refused.json()["errors"]
        assert error["extensions"] == {"code": "INTROSPECTION_DISABLED"}
        assert "schema.graphql" in error["message"]
    assert typename.json() == {"data": {"__typename": "Query", "viewer": None}}
