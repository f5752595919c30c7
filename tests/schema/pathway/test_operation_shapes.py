"""The pathway's operations have the house's shapes (read from the running schema).

Every mutation takes one ``input: <Mutation>Input!`` and returns a ``<Mutation>Payload!``
whose ``errors`` are its context's ``…Problem`` (code enum ``…ProblemCode``); every query
of one object answers ``<Thing>Result = <Thing> | NotFound``, never null.
"""

from __future__ import annotations

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLUnionType

from clea_platform.schema.root import schema

SCHEMA = schema._schema
MUTATIONS = {
    "createCandidate": "CandidateProblem",
    "updateCandidate": "CandidateProblem",
    "eraseCandidate": "CandidateProblem",
    "openDossier": "DossierProblem",
    "abandonDossier": "DossierProblem",
    "startEvaluation": "EvaluationProblem",
    "planEvaluationSession": "EvaluationProblem",
    "saveEvaluationResults": "EvaluationProblem",
    "closeEvaluation": "EvaluationProblem",
    "issuePartialAttestation": "EvaluationProblem",
    "createTrainingPlan": "TrainingProblem",
    "updateTrainingPlan": "TrainingProblem",
    "recordTrainingProgress": "TrainingProblem",
}
SINGLE_OBJECT_QUERIES = {
    "candidate": "Candidate",
    "dossier": "Dossier",
    "evaluation": "Evaluation",
    "candidateExport": "CandidateExport",
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_pathway_mutation_takes_one_input_and_answers_a_payload_with_problems(
    name: str,
) -> None:
    assert SCHEMA.mutation_type is not None
    field = SCHEMA.mutation_type.fields[name]
    pascal = name[0].upper() + name[1:]

    assert list(field.args) == ["input"]
    assert str(field.args["input"].type) == f"{pascal}Input!"
    assert str(field.type) == f"{pascal}Payload!"
    payload = field.type.of_type  # type: ignore[attr-defined]
    assert isinstance(payload, GraphQLObjectType)
    errors = payload.fields["errors"].type
    assert isinstance(errors, GraphQLNonNull)
    assert isinstance(errors.of_type, GraphQLList)
    problem = errors.of_type.of_type.of_type
    assert problem.name == MUTATIONS[name]
    assert str(problem.fields["code"].type) == f"{MUTATIONS[name]}Code!"


@pytest.mark.parametrize("name", sorted(SINGLE_OBJECT_QUERIES))
def test_a_single_object_query_answers_the_object_or_not_found(name: str) -> None:
    field = SCHEMA.query_type.fields[name]

    assert isinstance(field.type, GraphQLNonNull)
    union = field.type.of_type
    assert isinstance(union, GraphQLUnionType)
    assert union.name == f"{SINGLE_OBJECT_QUERIES[name]}Result"
    assert sorted(member.name for member in union.types) == sorted(
        [SINGLE_OBJECT_QUERIES[name], "NotFound"]
    )
