"""Whole GraphQL responses of public, immutable reads, kept in process (issue 21).

A document whose root fields are all public and immutable — ``certifications`` (the
installed plugins), ``referentiel`` (a published or retired version, whose content never
changes) and ``__typename`` — gets the same answer whoever asks, as long as the set of
référentiel versions and their statuses is the same. Its response bytes are kept, keyed
by the request (a digest of the document's text, the operation's name and the
variables) and stamped with that set (the *publication state*); a later request with the
same key is answered with the same bytes when the publication state it reads is the same
— without GraphQL's parsing, validation and execution and without the request's
database session.

Never stale: the publication state is read from the database on every request (one
``SELECT id, status FROM referentiel_version``: a few rows), so a publication made by any
process is seen by the next request of every process, as before. On PostgreSQL it is read
on a connection of the process's own, outside any transaction (autocommit: no
``BEGIN``/``COMMIT``, no tenant context — the référentiels are not tenant data), by one
request at a time: concurrent requests share a read that *started after they arrived*
(so each still sees every publication committed before it). On SQLite, through the
engine. A failure of that read bypasses the cache (the request runs as usual).

What is kept, and when:

* only ``POST /graphql`` with a query whose operation's root selections are those fields
  (no fragment at the root, no ``extensions``); anything else — a private field beside
  them, a mutation, another root field — runs as usual and is never kept;
* only a clean answer: HTTP 200, no ``errors``, no cookie set, no audit event pending, and
  the resolvers did not say otherwise (``Context.response_cacheable``: a draft — which may
  change or be discarded — or a référentiel not found — a draft may take its label — is
  never kept);
* only when the publication state read again after the execution is unchanged.

Over ``GET /graphql`` (the only queries accepted over GET), the answer carries an ``ETag``
(:meth:`PublicResponses.etag`: the key and the publication state) and ``Cache-Control:
public, no-cache``; ``If-None-Match`` with the current tag is a 304 (``web/graphql.py``).

The checks in front of the endpoint (the CSRF rules, authentication, the body limits)
run for a cached answer as for any other; the root fields are public (``PUBLIC`` in
``schema/permissions.py``, checked when the module is imported), so the answer does not
depend on who asks. Nothing personal is read, so there is nothing to audit.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections import OrderedDict
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from clea_platform.referentiels.publication_state import (
    PublicationState,
    PublicationStateReader,
)
from clea_platform.schema.permissions import RULES
from clea_platform.schema.root import MAX_TOKENS
from clea_platform.tenants.permissions import PUBLIC

logger = logging.getLogger(__name__)

#: Root fields whose answer depends on the publication state only (and the installed
#: plugins, fixed for the life of a process).
IMMUTABLE_ROOT_FIELDS = frozenset({"certifications", "referentiel", "__typename"})
for _field in IMMUTABLE_ROOT_FIELDS - {"__typename"}:
    if RULES[f"Query.{_field}"] is not PUBLIC:  # pragma: no cover - a guard for later edits
        raise RuntimeError(f"Query.{_field} is not public: its responses cannot be shared")

#: Responses kept (distinct documents × variables); the frontend has a handful.
CACHE_SIZE = 128
#: Documents classified (public and immutable or not), by a digest of their text.
DOCUMENTS_SIZE = 256
#: Longer documents are left to the usual path (the frontend's tree is ~700 characters).
MAX_QUERY_LENGTH = 20_000


def _public_immutable(query: str, operation_name: str | None) -> bool:
    try:
        # No more than GraphQL's own path accepts (``schema/root.py``'s token limit).
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return False
    selections = operations[0].selection_set.selections
    names = {
        selection.name.value if isinstance(selection, FieldNode) else "" for selection in selections
    }
    # ``{ __typename }`` alone is left to the usual path (the stack's fixed cost, as measured).
    return names <= IMMUTABLE_ROOT_FIELDS and bool(names - {"__typename"})


class PublicResponses:
    """One process's kept responses and its reader of the publication state."""

    def __init__(self, engine: AsyncEngine, *, pooling: str = "session") -> None:
        self.engine = engine
        self.pooling = pooling
        self._documents: OrderedDict[bytes, bool] = OrderedDict()
        self._responses: OrderedDict[str, tuple[PublicationState, bytes]] = OrderedDict()
        self._reader = PublicationStateReader(engine, pooling=pooling)
        self._lock = asyncio.Lock()
        self._reads_started = 0
        self._last: PublicationState | None = None
        self.hits = 0

    # --- the requests ----------------------------------------------------------------

    def key(self, body: Any) -> str | None:
        """The cache key of a decoded request body, or None when it cannot be kept."""
        if not isinstance(body, dict) or body.get("extensions"):
            return None
        query, name, variables = body.get("query"), body.get("operationName"), body.get("variables")
        if not isinstance(query, str) or not (name is None or isinstance(name, str)):
            return None
        if not (variables is None or isinstance(variables, dict)):
            return None
        if len(query) > MAX_QUERY_LENGTH:
            return None
        digest = hashlib.sha256(query.encode())
        digest.update(b"\0" + (name or "").encode() + b"\0")
        document = digest.digest()
        public = self._documents.get(document)
        if public is None:
            public = _public_immutable(query, name)
            self._documents[document] = public
            if len(self._documents) > DOCUMENTS_SIZE:
                self._documents.popitem(last=False)
        if not public:
            return None
        digest.update(json.dumps(variables or {}, sort_keys=True, default=str).encode())
        return digest.hexdigest()

    @staticmethod
    def etag(key: str, state: PublicationState) -> str:
        """The entity tag of the answer to ``key`` in ``state`` (HTTP ``ETag``)."""
        digest = hashlib.sha256(key.encode())
        for version_id, status in state:
            digest.update(f"|{version_id}:{status}".encode())
        return f'"{digest.hexdigest()[:40]}"'

    def get(self, key: str, state: PublicationState) -> bytes | None:
        entry = self._responses.get(key)
        if entry is None or entry[0] != state:
            return None
        self.hits += 1
        return entry[1]

    def put(self, key: str, state: PublicationState, body: bytes) -> None:
        self._responses[key] = (state, body)
        self._responses.move_to_end(key)
        if len(self._responses) > CACHE_SIZE:
            self._responses.popitem(last=False)

    def clear(self) -> None:
        self._responses.clear()
        self._documents.clear()

    def __len__(self) -> int:
        return len(self._responses)

    # --- the publication state -------------------------------------------------------

    async def publication_state(self) -> PublicationState | None:
        """The référentiel versions and their statuses, as committed when the read
        started; None when it could not be read (then nothing is served from the cache)."""
        arrived = self._reads_started
        async with self._lock:
            # A read that started after this request arrived has finished (reads hold the
            # lock): its answer is as fresh as this request needs.
            if self._reads_started > arrived and self._last is not None:
                return self._last
            self._reads_started += 1
            self._last = None
            try:
                self._last = await self._read()
            except Exception:
                logger.warning("public responses: publication state unreadable", exc_info=True)
                await self.close()
            return self._last

    async def _read(self) -> PublicationState:
        return await self._reader.read()

    async def close(self) -> None:
        await self._reader.close()
