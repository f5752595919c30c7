"""Every string entering the API is bounded in one place (issue #12, finding 6).

The hostile inputs of the outside attack, replayed: each gets a French refusal naming
its field (a payload error for a mutation, ``BAD_USER_INPUT`` for a query), never an
``INTERNAL_ERROR``, and nothing is saved.
"""

from __future__ import annotations

import doctest
import enum
from typing import Any, ClassVar

import httpx
import pytest
import strawberry
from sqlalchemy import func, select
from strawberry.types.base import get_object_definition

from clea_platform.candidates.models import Candidate
from clea_platform.core.config import Settings
from clea_platform.core.errors import InvalidFormError
from clea_platform.db.engine import create_engine_for, session_factory
from clea_platform.mail.models import OutboxEmail
from clea_platform.schema import input_bounds
from clea_platform.schema.errors import FromDomainError
from clea_platform.schema.input_bounds import (
    BOUNDS,
    DEFAULT_MAX_LENGTH,
    InputBounds,
    install_input_bounds,
)
from clea_platform.schema.root import schema
from clea_platform.tenants.models import Organisation
from tests.schema.identity.conftest import LOGIN, LoggedIn, post

REQUEST_ACCREDITATION = """
mutation ($input: RequestAccreditationInput!) {
  requestAccreditation(input: $input) { errors { code field message } }
}
"""
CREATE_CANDIDATE = """
mutation ($input: CreateCandidateInput!) {
  createCandidate(input: $input) { candidate { id } errors { code field message } }
}
"""
CREATE_ORGANISATION = """
mutation ($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) { organisation { id } errors { code field message } }
}
"""
CREATE_API_KEY = """
mutation ($name: String!) {
  createApiKey(input: {name: $name, role: VIEWER}) { secret errors { code field message } }
}
"""
RESET = """
mutation ($email: String!) {
  requestPasswordReset(input: {email: $email}) { ok errors { code field message } }
}
"""
DOSSIERS = """
query ($search: String!) { dossiers(filter: {search: $search}) { totalCount } }
"""


async def count(settings: Settings, model: Any, *where: Any) -> int:
    engine = create_engine_for(settings)
    try:
        async with session_factory(engine)() as session:
            return int(
                await session.scalar(select(func.count()).select_from(model).where(*where)) or 0
            )
    finally:
        await engine.dispose()


def candidate(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "civility": "MADAME",
        "birthName": "Borne",
        "firstNames": "Inès",
        "birthDate": "1988-09-14",
        "birthCountry": "France",
        "birthCity": "Lyon",
        "statusAtRegistration": "EMPLOYEE",
        "educationLevel": "BAC",
        "confirmNotDuplicate": True,
    }
    values.update(changes)
    return values


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(input_bounds).failed == 0


def only_error(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    (error,) = payload["errors"]
    assert error["code"] == "INVALID_INPUT"
    assert error["field"] == field
    return dict(error)


async def test_a_nul_byte_in_a_login_is_refused_naming_the_field(
    client: httpx.AsyncClient,
) -> None:
    body = await post(client, LOGIN, email="admin\x00@greta-demo.fr", password="x" * 12)

    error = only_error(body, "email")
    assert "caractère de contrôle interdit (U+0000)" in error["message"]


async def test_a_header_injection_in_an_accreditation_request_is_refused_and_nothing_queued(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    mail_before = await count(settings, OutboxEmail)
    body = await post(
        client,
        REQUEST_ACCREDITATION,
        input={
            "organisationName": "Organisme\r\nBcc: victime@exemple.fr",
            "siren": "552100554",
            "adminFullName": "Paul Girard",
            "adminEmail": "paul.girard@exemple.fr",
        },
    )

    error = only_error(body, "organisationName")
    assert "retours à la ligne" in error["message"]
    assert await count(settings, Organisation, Organisation.siren == "552100554") == 0
    assert await count(settings, OutboxEmail) == mail_before


async def test_a_lone_surrogate_is_refused(client: httpx.AsyncClient) -> None:
    # JSON may carry "\ud800"; no database can store it.
    response = await client.post(
        "/graphql",
        content=b'{"query": "mutation ($email: String!) { requestPasswordReset(input: '
        b'{email: $email}) { ok errors { code field message } } }", '
        b'"variables": {"email": "\\ud800@exemple.fr"}}',
        headers={"X-Requested-With": "clea-tests", "Content-Type": "application/json"},
    )

    error = only_error(response.json(), "email")
    assert "U+D800" in error["message"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birthName", "N" * 101),
        ("firstNames", "P" * 151),
        ("email", "a" * 250 + "@exemple.fr"),
        ("phone", "0" * 40),
        ("birthCity", "Lyon\x00"),
    ],
)
async def test_a_candidate_field_out_of_bounds_is_refused_by_name(
    logged_in: LoggedIn, settings: Settings, field: str, value: str
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")
    before = await count(settings, Candidate)

    body = await post(adviser, CREATE_CANDIDATE, input=candidate(**{field: value}))

    only_error(body, field)
    assert await count(settings, Candidate) == before


async def test_names_longer_than_their_column_are_refused(
    logged_in: LoggedIn, settings: Settings
) -> None:
    certifpro = await logged_in("admin@certifpro.demo")
    organisation = await post(
        certifpro,
        CREATE_ORGANISATION,
        input={"name": "O" * 201, "siren": "552100554"},
    )
    only_error(organisation, "name")

    admin = await logged_in("admin@greta-demo.fr")
    api_key = await post(admin, CREATE_API_KEY, name="K" * 101)
    error = only_error(api_key, "name")
    assert "100 caractères au plus" in error["message"]


async def test_a_multi_line_field_accepts_line_breaks_and_a_one_line_field_does_not(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    accepted = await post(
        adviser,
        CREATE_CANDIDATE,
        input=candidate(birthName="Multiligne", professionalProject="Cariste\n\tpuis chef"),
    )
    refused = await post(adviser, CREATE_CANDIDATE, input=candidate(birthCity="Lyon\nBcc"))

    assert accepted["data"]["createCandidate"]["errors"] == []
    only_error(refused, "birthCity")


async def test_a_huge_search_string_is_a_bad_user_input_naming_the_argument(
    logged_in: LoggedIn,
) -> None:
    adviser = await logged_in("conseiller@greta-demo.fr")

    body = await post(adviser, DOSSIERS, search="dupont " * 15_000)

    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "filter.search"}
    assert error["message"].startswith("Champ « filter.search » : texte trop long")


# ------------------------------------------------------------- a field nobody declared


class TinyErrorCode(enum.Enum):
    INVALID_INPUT = "invalid_input"


@strawberry.type
class TinyProblem(FromDomainError):  # noqa: N818
    code: TinyErrorCode
    field: str | None
    message: str


@strawberry.type
class TinyPayload:
    error_type: ClassVar[type[TinyProblem]] = TinyProblem
    saved: bool = False
    errors: list[TinyProblem] = strawberry.field(default_factory=list)


@strawberry.input
class BrandNewInput:
    a_field_added_tomorrow: str
    nested: list[str] = strawberry.field(default_factory=list)


def tiny_schema() -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def echo(self, words: str) -> str:
            return words

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        def save(self, input: BrandNewInput) -> TinyPayload:
            return TinyPayload(saved=True)

    queries = get_object_definition(Query, strict=True).fields
    mutations = get_object_definition(Mutation, strict=True).fields
    install_input_bounds(queries, mutation=False)
    install_input_bounds(mutations, mutation=True)
    # The unit of work turns domain errors into payload errors; here, the same mapping.
    for field in mutations:
        field.extensions.append(_PayloadErrors())
    return strawberry.Schema(query=Query, mutation=Mutation)


class _PayloadErrors(strawberry.extensions.FieldExtension):
    async def resolve_async(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except InvalidFormError as exc:
            return TinyPayload(errors=[TinyProblem.from_domain(e) for e in exc.errors])


async def test_a_new_input_field_without_any_declaration_is_still_bounded() -> None:
    tiny = tiny_schema()
    save = "mutation ($i: BrandNewInput!) { save(input: $i) { saved errors { code field } } }"

    fine = await tiny.execute(save, variable_values={"i": {"aFieldAddedTomorrow": "ok"}})
    too_long = await tiny.execute(
        save, variable_values={"i": {"aFieldAddedTomorrow": "x" * (DEFAULT_MAX_LENGTH + 1)}}
    )
    nul = await tiny.execute(
        save, variable_values={"i": {"aFieldAddedTomorrow": "ok", "nested": ["a", "b\x00"]}}
    )
    query = await tiny.execute("query ($w: String!) { echo(words: $w) }", {"w": "\x1b[31m"})

    assert fine.data == {"save": {"saved": True, "errors": []}}
    assert too_long.data == {
        "save": {
            "saved": False,
            "errors": [{"code": "INVALID_INPUT", "field": "aFieldAddedTomorrow"}],
        }
    }
    assert nul.data == {
        "save": {"saved": False, "errors": [{"code": "INVALID_INPUT", "field": "nested[1]"}]}
    }
    assert query.errors is not None
    assert query.errors[0].extensions == {"code": "BAD_USER_INPUT", "field": "words"}


class NarrowCode(enum.Enum):
    NOT_FOUND = "not_found"


@strawberry.type
class NarrowProblem(FromDomainError):  # noqa: N818
    code: NarrowCode
    field: str | None
    message: str


@strawberry.type
class NarrowPayload:
    error_type: ClassVar[type[NarrowProblem]] = NarrowProblem
    errors: list[NarrowProblem] = strawberry.field(default_factory=list)


def test_a_payload_whose_code_enum_lacks_invalid_input_stops_the_schema() -> None:
    @strawberry.type
    class Query:
        ok: bool = True

    @strawberry.type
    class Mutation:
        @strawberry.mutation
        def act(self, words: str) -> NarrowPayload:
            return NarrowPayload()

    install_input_bounds(get_object_definition(Mutation, strict=True).fields, mutation=True)

    with pytest.raises(TypeError, match="NarrowCode lacks INVALID_INPUT"):
        strawberry.Schema(query=Query, mutation=Mutation)


def test_every_declared_bound_names_a_field_of_the_schema() -> None:
    # A renamed input field must not leave its declaration behind, silently unused.
    graphql_schema = schema._schema
    names: set[str] = set()
    for type_name, graphql_type in graphql_schema.type_map.items():
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            names.add(field_name)
            names.add(f"{type_name}.{field_name}")
            names.update(getattr(field, "args", {}))

    assert sorted(key for key in BOUNDS if key not in names) == []


def test_every_root_field_of_the_real_schema_checks_its_arguments() -> None:
    for root in (schema.query, schema.mutation):
        for field in get_object_definition(root, strict=True).fields:
            assert any(isinstance(e, InputBounds) for e in field.extensions), field.name
    # Only root fields take arguments: a nested field with arguments would need the guard.
    graphql_schema = schema._schema
    nested_with_arguments = [
        f"{type_name}.{field_name}"
        for type_name, graphql_type in graphql_schema.type_map.items()
        if type_name not in ("Query", "Mutation") and not type_name.startswith("__")
        for field_name, field in getattr(graphql_type, "fields", {}).items()
        if getattr(field, "args", None)
    ]
    assert nested_with_arguments == []


PLAN_SESSION = """
mutation ($input: PlanEvaluationSessionInput!) {
  planEvaluationSession(input: $input) { errors { code field message items } }
}
"""


async def test_a_refusal_by_the_bounds_fits_a_problem_with_extra_fields(
    logged_in: LoggedIn,
) -> None:
    # Found by the fuzzer: EvaluationProblem carries ``items``, a bounds refusal has none.
    evaluator = await logged_in("evaluatrice@greta-demo.fr")

    body = await post(
        evaluator,
        PLAN_SESSION,
        input={
            "evaluationId": "x" * 1158,
            "day": "2026-12-07",
            "startsAt": "09:00\x7f",
            "endsAt": "12:00",
            "siteId": "s",
            "evaluatorId": "e",
        },
    )

    assert "errors" not in body, body
    problems = body["data"]["planEvaluationSession"]["errors"]
    assert {problem["field"] for problem in problems} == {"evaluationId", "startsAt"}
    assert all(
        problem["code"] == "INVALID_INPUT" and problem["items"] == [] for problem in problems
    )
