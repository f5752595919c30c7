"""Fuzzing the GraphQL API over real HTTP, as a hostile outsider would.

The app runs in production mode (introspection off) under uvicorn, in a thread, on a
database of its own filled with the demo data. Documents come from the committed
schema through hypothesis-graphql: valid operations on every root field with hostile
values (control characters, NUL, lone surrogates, look-alike digits, very long strings,
real and foreign identifiers, odd JSON), and operations with one schema violation. Each
is sent anonymously, with an organisation administrator's API key, or as a Certif'Pro
administrator's browser session. The bar: no HTTP 5xx and no ``INTERNAL_ERROR``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import graphql
import httpx
import uvicorn
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from clea_platform.core.config import Settings
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.demo.data import DEMO_PASSWORD, load_demo
from clea_platform.plugins.registry import CertificationRegistry
from clea_platform.schema.root import schema
from clea_platform.web.app import create_app

HEADERS = {"X-Requested-With": "clea-fuzz"}
LOGIN = """mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { errors { code message } } }"""
CREATE_KEY = """mutation { createApiKey(input: {name: "Fuzz", role: ORG_ADMIN})
  { secret errors { code message } } }"""
# Real identifiers to aim at: the fuzzer's own organisation's and others'.
ID_QUERIES = [
    "{ organisations(first: 100) { edges { node { id sites { id } } } } }",
    "{ dossiers(first: 100) { edges { node { id candidate { id } } } } }",
    "{ campaigns { id } }",
    "{ jurySessions { id } }",
    "{ members(first: 100) { edges { node { id user { id } } } } }",
]


@dataclass
class Tally:
    """What the run sent and got, per identity."""

    requests: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    sending_seconds: float = 0.0
    server_errors: int = 0
    internal_errors: int = 0
    started: float = field(default_factory=time.monotonic)

    def record(self, identity: str, response: httpx.Response, seconds: float) -> None:
        self.requests[identity] = self.requests.get(identity, 0) + 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        self.sending_seconds += seconds
        body = _json(response)
        if isinstance(body, dict) and body.get("data"):
            self.answered += 1
        for error in (body.get("errors") if isinstance(body, dict) else None) or []:
            code = str(((error or {}).get("extensions") or {}).get("code", "GRAPHQL"))
            self.codes[code] = self.codes.get(code, 0) + 1
        if response.status_code >= 500:
            self.server_errors += 1
        if internal_errors(response):
            self.internal_errors += 1

    def summary(self) -> dict[str, Any]:
        return {
            "requests": sum(self.requests.values()),
            "by_identity": self.requests,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "with_data": self.answered,
            "error_codes": dict(sorted(self.codes.items())),
            "seconds_in_requests": round(self.sending_seconds, 1),
            "server_errors": self.server_errors,
            "internal_errors": self.internal_errors,
            "seconds": round(time.monotonic() - self.started, 1),
        }


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def internal_errors(response: httpx.Response) -> list[dict[str, Any]]:
    body = _json(response)
    errors = body.get("errors") if isinstance(body, dict) else None
    return [
        error
        for error in errors or []
        if isinstance(error, dict)
        and (error.get("extensions") or {}).get("code") == "INTERNAL_ERROR"
    ]


# ------------------------------------------------------------------ the values


def hostile_text() -> st.SearchStrategy[str]:
    """Short text of any character (NUL, controls, surrogates), or hostile classics."""
    anything = st.text(st.characters(max_codepoint=0x10FFFF), max_size=40)
    classics = st.sampled_from(
        [
            "",
            " ",
            "Organisme\r\nBcc: victime@exemple.fr",
            "\x00",
            "\ud800",
            "１３００２５２６５",
            "¹³⁰⁰²⁵²⁶⁵",
            "١٣٠٠٢٥٢٦٥",
            "130025265",
            "13002526500013",
            "75011",
            "+33 6 12 34 56 78",
            "admin@greta-demo.fr",
            "x@y",
            "2026-02-30",
            "9999-12-31T23:59:59Z",
            "'; DROP TABLE candidate; --",
            "%",
            "_",
            "\\",
            "{}",
            "../../etc/passwd",
            "CLEA",
            "1.1.1",
        ]
    )
    long = st.tuples(st.sampled_from(["a", "é", "\x00", "%", "\n", "𝟏"]), st.integers(100, 12_000))
    return st.one_of(anything, classics, long.map(lambda pair: pair[0] * pair[1]))


def identifiers(known: list[str]) -> st.SearchStrategy[graphql.ValueNode]:
    values = st.one_of(
        st.sampled_from(known) if known else st.nothing(),
        st.uuids().map(str),
        hostile_text(),
    )
    return values.map(nodes.String)


def json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text()
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(hostile_text(), inner, max_size=4)
        ),
        max_leaves=20,
    )


def json_nodes(value: Any) -> graphql.ValueNode:
    """A JSON value as a GraphQL literal."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([json_nodes(item) for item in value])
    return nodes.Object(
        [
            graphql.ObjectFieldNode(
                name=graphql.NameNode(value=f"k{index}"), value=json_nodes(item)
            )
            for index, item in enumerate(value.values())
        ]
    )


def documents(known_ids: list[str]) -> st.SearchStrategy[str]:
    custom = {
        "ID": identifiers(known_ids),
        "String": hostile_text().map(nodes.String),
        "Date": st.one_of(st.dates().map(str), hostile_text()).map(nodes.String),
        "DateTime": st.one_of(st.datetimes().map(lambda d: d.isoformat()), hostile_text()).map(
            nodes.String
        ),
        "JSON": json_values().map(json_nodes),
    }
    graphql_schema = schema._schema
    # One root field per document: a denied field next to others would null them all.
    roots = [
        name
        for root in (graphql_schema.query_type, graphql_schema.mutation_type)
        if root is not None
        for name in root.fields
    ]
    positive = st.one_of(
        *(from_schema(graphql_schema, fields=[name], custom_scalars=custom) for name in roots)
    )
    negative = from_schema(graphql_schema, custom_scalars=custom, mode=Mode.NEGATIVE)
    return st.one_of(positive, positive, positive, negative)


# ------------------------------------------------------------------ the server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(settings: Settings, registry: CertificationRegistry) -> Iterator[str]:
    """The app in production mode under uvicorn, in a thread; yields its base URL."""
    # Strawberry logs every GraphQL error with its traceback: thousands of refusals.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
    production = dataclasses.replace(settings, env="production", graphql_introspection=False)
    app = create_app(production, registry)
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fuzzed app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the fuzzed app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def load_demo_data(settings: Settings, registry: CertificationRegistry) -> None:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine).begin() as session:
            await load_demo(session, registry)
    finally:
        await engine.dispose()


@dataclass
class Identities:
    """The HTTP clients of the run, by identity, and the identifiers they can aim at."""

    clients: dict[str, httpx.Client]
    known_ids: list[str]

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def _post(client: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    return body


def _client(base_url: str, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={**HEADERS, **headers}, timeout=60)


def identities(base_url: str) -> Identities:
    """Anonymous, an org admin's API key, and a Certif'Pro administrator's session."""
    certifpro = _client(base_url)
    assert (
        _post(certifpro, LOGIN, email="admin@certifpro.demo", password=DEMO_PASSWORD)["data"][
            "login"
        ]["errors"]
        == []
    )
    admin = _client(base_url)
    assert (
        _post(admin, LOGIN, email="admin@greta-demo.fr", password=DEMO_PASSWORD)["data"]["login"][
            "errors"
        ]
        == []
    )
    known: set[str] = set()
    for caller in (certifpro, admin):
        for query in ID_QUERIES:
            known.update(_ids(_post(caller, query).get("data")))
    secret = _post(admin, CREATE_KEY)["data"]["createApiKey"]["secret"]
    admin.close()
    api_key = _client(base_url, Authorization=f"Bearer {secret}")
    return Identities(
        clients={"anonymous": _client(base_url), "api_key": api_key, "certifpro": certifpro},
        known_ids=sorted(known),
    )


def _ids(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    uuid.UUID(value)
                    yield value
            else:
                yield from _ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ids(item)


def send(client: httpx.Client, document: str) -> tuple[httpx.Response, float]:
    # ensure_ascii: lone surrogates travel as \ud800 escapes, as a hostile client sends them.
    body = json.dumps({"query": document}, ensure_ascii=True)
    started = time.monotonic()
    response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    return response, time.monotonic() - started
