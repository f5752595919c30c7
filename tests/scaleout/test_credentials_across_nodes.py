"""A session signed out through one node stops working on the other within seconds.

Each app process keeps resolved credentials for 10 s (``identity.service``). Two real
``clea serve`` processes share the database: a browser signs in through node 1, its next
request reaches node 2 (which now holds the session in its cache), then it signs out
through node 1. Node 2 must refuse the cookie well before its cache would expire: it
learns the change from ``credential_change`` (``identity.credential_changes``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

from tests.databases import throwaway_database
from tests.scaleout.nodes import clea, nodes
from tests.scaleout.test_two_nodes import PASSWORD, database_env, graphql

ADVISER = "conseiller@greta-demo.fr"
VIEWER = "{ viewer { user { email } } }"


def signed_in_as(http: httpx.Client) -> str | None:
    user = (graphql(http, VIEWER)["viewer"] or {}).get("user")
    return None if user is None else str(user["email"])


def test_a_logout_through_one_node_is_seen_by_the_other(tmp_path: Path) -> None:
    with throwaway_database(tmp_path) as database:
        env = database_env(tmp_path, database.url, database.migration_url)
        setup = {**os.environ, **env, "CLEA_DATA_DIR": str(tmp_path / "setup")}
        clea("db", "upgrade", env=setup)
        clea("demo", "--base", env=setup)
        with (
            nodes(tmp_path / "nodes", env) as (first, second),
            httpx.Client(base_url=first.url, timeout=30) as on_first,
        ):
            signed_in = graphql(
                on_first,
                "mutation ($e: String!, $p: String!) { login(input: {email: $e,"
                " password: $p}) { errors { message } } }",
                e=ADVISER,
                p=PASSWORD,
            )
            assert signed_in["login"]["errors"] == []
            with httpx.Client(
                base_url=second.url, timeout=30, cookies=on_first.cookies
            ) as on_second:
                # Node 2 resolves the cookie (and caches it for 10 s)
                assert signed_in_as(on_second) == ADVISER
                logged_out = graphql(on_first, "mutation { logout(input: {}) { ok } }")
                assert logged_out["logout"]["ok"] is True
                signed_out_at = time.monotonic()
                # Node 2 forgets it within a few seconds, not at the cache's 10 s
                while signed_in_as(on_second) is not None:
                    assert time.monotonic() - signed_out_at < 5, "still signed in"
                    time.sleep(0.2)
