from __future__ import annotations

from clea_platform.schema.root import schema_sdl
from tests.conftest import REPO_ROOT


def test_the_committed_schema_graphql_is_the_schema_served() -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text(encoding="utf-8")

    assert committed == schema_sdl(), (
        "schema.graphql has drifted from the code: run `make schema` and commit it."
    )
