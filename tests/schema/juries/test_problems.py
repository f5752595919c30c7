"""JuryProblem: the payload error of the context, built by the shared factory, whose code is
the domain's own: an error code of another context fails loudly, it is never remapped."""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLError, GraphQLObjectType

from clea_platform.certificates.errors import CertificateErrorCode
from clea_platform.juries.errors import JuryError, JuryErrorCode
from clea_platform.schema.root import schema


def test_the_payload_error_is_juries_problem_with_its_own_code_enum() -> None:
    problem = schema._schema.get_type("JuryProblem")
    codes = schema._schema.get_type("JuryProblemCode")
    assert isinstance(problem, GraphQLObjectType)
    assert isinstance(codes, GraphQLEnumType)
    assert problem.fields["code"].type.of_type is codes  # type: ignore[attr-defined]
    assert schema._schema.get_type("JuryError") is None
    assert {codes.serialize(code) for code in JuryErrorCode} == set(codes.values)


def test_the_shared_factory_keeps_the_code_and_a_foreign_code_fails() -> None:
    problem_type = schema.get_type_by_name("JuryProblem")
    assert problem_type is not None
    built = problem_type.origin.from_domain(  # type: ignore[union-attr]
        JuryError(next(iter(JuryErrorCode)), "Message.", field="id")
    )
    first = next(iter(JuryErrorCode))
    assert (built.code, built.field, built.message) == (first, "id", "Message.")
    codes = schema._schema.get_type("JuryProblemCode")
    assert isinstance(codes, GraphQLEnumType)
    with pytest.raises(GraphQLError):
        codes.serialize(next(iter(CertificateErrorCode)))
