"""The GraphQL schema, composed from each context's Query classes."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.tools import merge_types

from clea_platform.schema.referentiels.queries import ReferentielQueries

MAX_QUERY_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000

Query = merge_types("Query", (ReferentielQueries,))

# Factories: Strawberry builds fresh extensions for each request.
schema = strawberry.Schema(
    query=Query,
    extensions=[
        lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ],
)


def schema_sdl() -> str:
    """The schema in SDL, as committed in ``schema.graphql``."""
    return schema.as_str() + "\n"
