"""CertificateProblem: the payload error of the context, built by the shared factory, whose code is
the domain's own: an error code of another context fails loudly, it is never remapped."""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLError, GraphQLObjectType

from clea_platform.certificates.errors import CertificateError, CertificateErrorCode
from clea_platform.juries.errors import JuryErrorCode
from clea_platform.schema.root import schema


def test_the_payload_error_is_certificates_problem_with_its_own_code_enum() -> None:
    problem = schema._schema.get_type("CertificateProblem")
    codes = schema._schema.get_type("CertificateProblemCode")
    assert isinstance(problem, GraphQLObjectType)
    assert isinstance(codes, GraphQLEnumType)
    assert problem.fields["code"].type.of_type is codes  # type: ignore[attr-defined]
    assert schema._schema.get_type("CertificateError") is None
    assert {codes.serialize(code) for code in CertificateErrorCode} == set(codes.values)


def test_the_shared_factory_keeps_the_code_and_a_foreign_code_fails() -> None:
    problem_type = schema.get_type_by_name("CertificateProblem")
    assert problem_type is not None
    built = problem_type.origin.from_domain(  # type: ignore[union-attr]
        CertificateError(next(iter(CertificateErrorCode)), "Message.", field="id")
    )
    assert (built.code, built.field, built.message) == (
        next(iter(CertificateErrorCode)),
        "id",
        "Message.",
    )
    codes = schema._schema.get_type("CertificateProblemCode")
    assert isinstance(codes, GraphQLEnumType)
    with pytest.raises(GraphQLError):
        codes.serialize(next(iter(JuryErrorCode)))
