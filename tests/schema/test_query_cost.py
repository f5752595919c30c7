"""A document's cost is bounded before validation (issue #12, finding 3).

``{ viewer { user { id } … ×700 } }`` cost seconds of validation ("Validation aborted."),
and each new repeat count missed the validation cache. Now such a document is refused
from its parsed form, before validation; the refusal time is in the report of issue #12
(speed is measured, not asserted).
"""

from __future__ import annotations

import doctest
import re

import httpx
import pytest
from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, parse

from clea_platform.schema import query_cost
from clea_platform.schema.query_cost import MAX_FIELDS, MAX_MERGE_COST, measure
from tests.conftest import REPO_ROOT

HEADERS = {"X-Requested-With": "clea-tests"}


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(query_cost).failed == 0


@pytest.mark.parametrize("repeats", [650, 699, 700])
async def test_the_repeated_field_attack_is_refused_before_validation(
    client: httpx.AsyncClient, repeats: int
) -> None:
    query = "query { viewer { " + " ".join(["user { id }"] * repeats) + " } }"

    response = await client.post("/graphql", json={"query": query}, headers=HEADERS)

    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert error["message"].startswith("Requête trop coûteuse")


def test_a_fragment_bomb_is_refused_without_expanding_it() -> None:
    fragments = "fragment F0 on User { id email }\n" + "\n".join(
        f"fragment F{n} on User {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, 15)
    )

    with pytest.raises(GraphQLError) as refused:
        measure(parse("{ viewer { user { ...F14 } } }\n" + fragments))

    assert f"plus de {MAX_FIELDS} champs" in refused.value.message


def test_fragment_cycles_and_deep_spreads_end() -> None:
    cyclic = parse(
        "{ viewer { ...A } } fragment A on Viewer { juryMember ...B } fragment B on Viewer { ...A }"
    )
    assert measure(cyclic).fields == 2

    nested = parse("{ viewer { ...A } } fragment A on Viewer { user { ...U } } "
                   "fragment U on User { id memberships { organisation { ...O } } } "
                   "fragment O on Organisation { id sites { id } }")  # fmt: skip
    assert measure(nested).depth == 6


def frontend_operations() -> list[tuple[str, DocumentNode]]:
    """Every operation of the web app, with all its fragments (as the codegen joins them)."""
    texts = []
    for path in (REPO_ROOT / "frontend" / "src").rglob("*.ts*"):
        texts += re.findall(r"graphql\(\s*`(.*?)`", path.read_text(encoding="utf-8"), re.S)
    definitions = [d for text in texts for d in parse(text).definitions]
    fragments = [d for d in definitions if isinstance(d, FragmentDefinitionNode)]
    return [
        (getattr(op.name, "value", "?"), DocumentNode(definitions=(op, *fragments)))
        for op in definitions
        if not isinstance(op, FragmentDefinitionNode)
    ]


def test_every_operation_of_the_web_app_stays_well_within_the_bounds() -> None:
    operations = frontend_operations()
    assert len(operations) > 50

    for name, document in operations:
        cost = measure(document)
        assert cost.fields <= MAX_FIELDS // 4, name
        assert cost.merge_cost <= MAX_MERGE_COST // 4, name
