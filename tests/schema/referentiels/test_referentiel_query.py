from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLRunner

REFERENTIEL = """
query ($code: String!, $version: String) {
  referentiel(code: $code, version: $version) {
    __typename
    ... on ReferentielVersion {
      certificationCode version status provisional notes provenance scoring
      items { code title depth levelName position parentCode isLeaf provisional }
    }
    ... on ReferentielNotFound { code message }
  }
}
"""


async def test_the_clea_referentiel_comes_with_its_whole_tree_in_depth_first_order(
    graphql: GraphQLRunner,
) -> None:
    data = await graphql(REFERENTIEL, code="CLEA")

    version = data["referentiel"]
    assert version["__typename"] == "ReferentielVersion"
    assert version["version"] == "2021-transcription-1"
    items = version["items"]
    assert [i["code"] for i in items[:4]] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert items[0] == {
        "code": "1",
        "title": "La communication en français",
        "depth": 1,
        "levelName": "domaine",
        "position": 0,
        "parentCode": None,
        "isLeaf": False,
        "provisional": False,
    }
    leaves = [i for i in items if i["isLeaf"]]
    assert len(leaves) == 107
    assert all(i["levelName"] == "critère" for i in leaves)
    codes = {i["code"] for i in items}
    assert all(i["parentCode"] in codes for i in items if i["depth"] > 1)
    assert {i["code"] for i in items if i["provisional"]} >= {"4.1", "6.1"}
    assert version["provenance"]
    assert version["scoring"]["scale"] == ["acquis", "non acquis"]


async def test_a_version_can_be_asked_for_by_its_label(graphql: GraphQLRunner) -> None:
    data = await graphql(REFERENTIEL, code="CLEA_NUMERIQUE", version="2018-domains-1")

    assert data["referentiel"]["scoring"]["threshold_percent"] == 75
    assert [i["code"] for i in data["referentiel"]["items"]] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("variables", "code", "message"),
    [
        ({"code": "CLEA_PLONGEE"}, "UNKNOWN_CERTIFICATION", "Certification inconnue"),
        (
            {"code": "CLEA", "version": "1999"},
            "UNKNOWN_VERSION",
            "La certification « CLEA » n'a pas de version « 1999 »",
        ),
    ],
)
async def test_an_unknown_certification_or_version_is_a_typed_error_not_a_server_error(
    graphql: GraphQLRunner, variables: dict[str, Any], code: str, message: str
) -> None:
    data = await graphql(REFERENTIEL, **variables)

    assert data["referentiel"]["__typename"] == "ReferentielNotFound"
    assert data["referentiel"]["code"] == code
    assert message in data["referentiel"]["message"]


async def test_the_full_tree_costs_two_queries(graphql: GraphQLRunner, count_queries: Any) -> None:
    with count_queries() as counter:
        await graphql(REFERENTIEL, code="CLEA")

    assert len(counter) <= 3, counter.statements
