from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLRunner

CERTIFICATIONS = """
query {
  certifications {
    code title certifier plugin
    limits { initialEvaluationMaxMinutes finalEvaluationMaxMinutes trainingWindowYears }
    currentVersion { version status provisional levels { depth name count officialCount } }
  }
}
"""


async def test_the_three_certifications_are_listed_with_their_published_referentiel(
    graphql: GraphQLRunner,
) -> None:
    data = await graphql(CERTIFICATIONS)

    by_code = {c["code"]: c for c in data["certifications"]}
    assert list(by_code)[:3] == ["CLEA", "CLEA_NUMERIQUE", "CLEA_MANAGEMENT"]
    clea = by_code["CLEA"]
    assert clea["plugin"] == "clea_socle"
    assert clea["certifier"] == "Certif'Pro"
    assert clea["limits"] == {
        "initialEvaluationMaxMinutes": 420,
        "finalEvaluationMaxMinutes": 180,
        "trainingWindowYears": 5,
    }
    version = clea["currentVersion"]
    assert version["status"] == "PUBLISHED"
    assert version["provisional"] is True
    assert version["levels"] == [
        {"depth": 1, "name": "domaine", "count": 7, "officialCount": 7},
        {"depth": 2, "name": "sous-domaine", "count": 28, "officialCount": 28},
        # The shipped transcription has one criterion too many; it says so in its notes.
        {"depth": 3, "name": "critère", "count": 107, "officialCount": 106},
    ]
    assert by_code["CLEA_NUMERIQUE"]["currentVersion"]["levels"][0]["count"] == 4
    assert by_code["CLEA_MANAGEMENT"]["currentVersion"]["levels"][0]["count"] == 3


async def test_listing_certifications_costs_two_queries_whatever_their_number(
    graphql: GraphQLRunner, count_queries: Any, app: Any
) -> None:
    app.state.public_responses.clear()
    with count_queries() as counter:
        await graphql(CERTIFICATIONS)

    # one for the published versions, one for the level counts (DataLoaders) unless a
    # published version's levels are already answered from memory (schema/immutable.py)
    assert len(counter) in (1, 2), counter.statements
    assert "referentiel_version" in counter.statements[0]

    # then the whole answer is kept (web/public_responses.py): none
    with count_queries() as counter:
        await graphql(CERTIFICATIONS)
    assert len(counter) == 0, counter.statements


SCALES = """
query {
  certifications {
    code
    currentVersion { version }
    scale { kind choices { value label acquired } minimum maximum acquiredFrom summary }
  }
}
"""


async def test_each_certification_gives_its_plugins_scale_and_what_counts_as_acquired(
    graphql: GraphQLRunner,
) -> None:
    data = await graphql(SCALES)

    by_code = {c["code"]: c["scale"] for c in data["certifications"]}
    binary = {
        "kind": "CHOICE",
        "choices": [
            {"value": "acquis", "label": "Acquis", "acquired": True},
            {"value": "non_acquis", "label": "Non acquis", "acquired": False},
        ],
        "minimum": None,
        "maximum": None,
        "acquiredFrom": None,
        "summary": "Résultat par item : « Acquis » ou « Non acquis » ; "
        "compte comme acquis : « Acquis ».",
    }
    assert by_code["CLEA"] == binary
    assert by_code["CLEA_MANAGEMENT"] == binary
    # CléA numérique: a percentage, acquired from the published version's threshold
    assert by_code["CLEA_NUMERIQUE"] == {
        "kind": "PERCENT",
        "choices": [],
        "minimum": 0,
        "maximum": 100,
        "acquiredFrom": 75.0,
        "summary": "Score par item : un pourcentage entier de 0 à 100 ; acquis à partir de 75 %.",
    }


async def test_the_scales_cost_no_query_beyond_the_published_versions(
    graphql: GraphQLRunner, count_queries: Any
) -> None:
    with count_queries() as counter:
        await graphql("{ certifications { code scale { kind acquiredFrom } } }")

    # the published versions, once for every certification (DataLoader)
    assert len(counter) == 1, counter.statements
