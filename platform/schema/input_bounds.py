"""Every string that enters the API is bounded here, once, before any resolver runs.

:class:`InputBounds` wraps every root field (``install_input_bounds``) and walks the
values of all its arguments, however deeply nested (input objects, lists, JSON). Each
string must:

- be at most ``max_length`` characters: :data:`DEFAULT_MAX_LENGTH` unless the field is
  declared in :data:`BOUNDS` (by its GraphQL name, or ``Type.field`` where one input's
  column is shorter than the others'); declarations read the column length from the
  model, so a string that passes always fits where it is stored;
- contain no control character (C0, DEL, C1): NUL would stop PostgreSQL, CR/LF would
  end a mail header. Fields declared multi-line accept ``\\n`` and ``\\t``;
- contain no lone UTF-16 surrogate (``"\\ud800"`` in JSON), which no database stores.

Floats must be finite; JSON values at most :data:`MAX_JSON_DEPTH` levels deep. A field
nobody declared is still bounded: the defaults apply to whatever is not listed.

A refusal names the field (camelCase path inside the input, ``sites[0].siret``) in
French: for a mutation, the payload's ``errors`` with the code ``INVALID_INPUT`` of the
payload's own code enum (the schema refuses to build if that enum lacks it); for a
query, a GraphQL error with ``extensions.code = "BAD_USER_INPUT"``.
"""

from __future__ import annotations

import enum
import math
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.extensions.field_extension import AsyncExtensionResolver, FieldExtension
from strawberry.types.base import get_object_definition, has_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.unset import UnsetType
from strawberry.utils.str_converters import to_camel_case

from clea_platform.accreditations.models import AccreditedEvaluator, Campaign
from clea_platform.candidates.models import Candidate
from clea_platform.core.errors import DomainError, InvalidFormError
from clea_platform.dossiers.models import INTERVIEW_NOTE_MAX_LENGTH, Dossier
from clea_platform.evaluations.models import Evaluation, ItemResult
from clea_platform.identity.models import ApiKey, OidcProvider, User
from clea_platform.juries.models import JuryMember, JurySession
from clea_platform.referentiels.models import ReferentielItem
from clea_platform.tenants.models import Organisation, Site
from clea_platform.training.models import TrainingPlan
from clea_platform.webhooks.models import WebhookSubscription

DEFAULT_MAX_LENGTH = 255
MULTILINE_MAX_LENGTH = 5000
MAX_JSON_DEPTH = 8
INVALID_INPUT = "INVALID_INPUT"
BAD_USER_INPUT = "BAD_USER_INPUT"


@dataclass(frozen=True, slots=True)
class TextBound:
    """How long a string may be, and whether it may hold line breaks and tabs."""

    max_length: int = DEFAULT_MAX_LENGTH
    multiline: bool = False


def stored_in(*columns: InstrumentedAttribute[Any]) -> TextBound:
    """The bound of a field stored in ``columns``: the shortest column's length."""
    lengths = [column.property.columns[0].type.length for column in columns]
    if any(length is None for length in lengths):
        raise ValueError("stored_in() takes String(n) columns; declare TextBound for others")
    return TextBound(max_length=min(length for length in lengths if length is not None))


MULTILINE = TextBound(MULTILINE_MAX_LENGTH, multiline=True)
# Identifiers as people type them (spaces, dots): the domain folds and checks them.
TYPED_IDENTIFIER = TextBound(32)
EMAIL = stored_in(User.email)

# By GraphQL field (or argument) name, for every input that uses that name;
# ``Type.field`` for one input type only. Names not listed get the defaults.
BOUNDS: Mapping[str, TextBound] = {
    # people and organisations
    "fullName": stored_in(User.full_name, AccreditedEvaluator.full_name),
    "adminFullName": stored_in(User.full_name),
    "email": EMAIL,
    "emails": EMAIL,
    "adminEmail": EMAIL,
    "contactEmail": EMAIL,
    "actorEmail": EMAIL,
    "birthName": stored_in(Candidate.birth_name),
    "usageName": stored_in(Candidate.usage_name),
    "firstNames": stored_in(Candidate.first_names),
    "birthCountry": stored_in(Candidate.birth_country),
    "birthCity": stored_in(Candidate.birth_city),
    "addressLine": stored_in(Candidate.address_line, Site.address_line),
    "city": stored_in(Candidate.city, Site.city),
    "region": stored_in(Site.region, JurySession.region, JuryMember.region),
    "name": stored_in(Organisation.name, Site.name),
    "CreateApiKeyInput.name": stored_in(ApiKey.name),
    "organisationName": stored_in(Organisation.name),
    "legalForm": stored_in(Organisation.legal_form),
    "body": stored_in(JuryMember.body),
    "title": stored_in(Campaign.title, JurySession.title),
    "place": stored_in(JurySession.place),
    "prescriberName": stored_in(Dossier.prescriber_name),
    "RecordInformationInterviewInput.note": TextBound(INTERVIEW_NOTE_MAX_LENGTH, multiline=True),
    "professionalContext": stored_in(Evaluation.professional_context),
    "trainerName": stored_in(TrainingPlan.trainer_name),
    "trainingOrganisationName": stored_in(TrainingPlan.training_organisation_name),
    "financing": stored_in(TrainingPlan.financing),
    # identifiers and codes
    "siren": TYPED_IDENTIFIER,
    "siret": TYPED_IDENTIFIER,
    "targetSiret": TYPED_IDENTIFIER,
    "sites": TYPED_IDENTIFIER,
    "trainingSiret": TYPED_IDENTIFIER,
    "postalCode": TYPED_IDENTIFIER,
    "birthPostalCode": TYPED_IDENTIFIER,
    "phone": TYPED_IDENTIFIER,
    "contactPhone": stored_in(Site.contact_phone),
    "itemCode": stored_in(ReferentielItem.code),
    "itemsWorked": stored_in(ReferentielItem.code),
    "criteriaAtIssue": stored_in(ReferentielItem.code),
    "value": stored_in(ItemResult.value),
    "issuer": stored_in(OidcProvider.issuer),
    "url": stored_in(WebhookSubscription.url),
    "CreateWebhookSubscriptionInput.description": stored_in(WebhookSubscription.description),
    "UpdateWebhookSubscriptionInput.description": stored_in(WebhookSubscription.description),
    "clientId": stored_in(OidcProvider.client_id),
    # a référentiel file sent as text (the request body is bounded at 1 MiB anyway)
    "ReferentielDocumentInput.document": TextBound(1024 * 1024, multiline=True),
    # searches: long enough for any name, short enough to stay cheap
    "search": TextBound(200),
    "text": TextBound(200),
    # free text written by people
    "reason": MULTILINE,
    "message": MULTILINE,
    "comment": MULTILINE,
    "note": MULTILINE,
    "objective": MULTILINE,
    "qualifications": MULTILINE,
    "professionalProject": MULTILINE,
    "description": MULTILINE,
    "candidateComment": MULTILINE,
    "organisationComment": MULTILINE,
    "internalComment": MULTILINE,
    "grievances": MULTILINE,
    "reply": MULTILINE,
}


def bound_for(type_name: str | None, field_name: str) -> TextBound:
    """The declared bound of ``field_name`` (in input ``type_name``), or the default."""
    if type_name is not None and (bound := BOUNDS.get(f"{type_name}.{field_name}")):
        return bound
    return BOUNDS.get(field_name, TextBound())


# ------------------------------------------------------------------ the checks


@dataclass(frozen=True, slots=True)
class Violation:
    path: str
    message: str


def text_problem(value: str, bound: TextBound) -> str | None:
    """Why ``value`` may not enter the platform (French), or None.

    Example:
        >>> text_problem("Dupont", TextBound(100)) is None
        True
        >>> text_problem("a\\x00b", TextBound(100))
        'caractère de contrôle interdit (U+0000) : retirez-le.'
    """
    if len(value) > bound.max_length:
        return f"texte trop long : {bound.max_length} caractères au plus ({len(value)} reçus)."
    for char in value:
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            if bound.multiline and char in "\n\t":
                continue
            if char in "\r\n" and not bound.multiline:
                return "les retours à la ligne ne sont pas permis dans ce champ."
            return f"caractère de contrôle interdit (U+{code:04X}) : retirez-le."
        if 0xD800 <= code <= 0xDFFF:
            return f"caractère invalide (U+{code:04X}, moitié de paire UTF-16) : retirez-le."
    return None


def violations(value: Any, path: str, bound: TextBound) -> Iterator[Violation]:
    """Every problem in an argument value, walked recursively."""
    if isinstance(value, str):
        if problem := text_problem(value, bound):
            yield Violation(path, problem)
    elif value is None or isinstance(value, bool | int | enum.Enum | UnsetType):
        return
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield Violation(path, "nombre invalide (ni infini ni NaN).")
    elif has_object_definition(type(value)):
        definition = get_object_definition(type(value), strict=True)
        for field in definition.fields:
            name = field.graphql_name or to_camel_case(field.python_name)
            inner = getattr(value, field.python_name, None)
            field_path = f"{path}.{name}" if path else name
            yield from violations(inner, field_path, bound_for(definition.name, name))
    elif isinstance(value, Mapping):
        yield from _json_violations(value, path, depth=1)
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            yield from violations(item, f"{path}[{index}]", bound)


def _json_violations(value: Any, path: str, depth: int) -> Iterator[Violation]:
    if depth > MAX_JSON_DEPTH:
        yield Violation(path, f"valeur trop imbriquée ({MAX_JSON_DEPTH} niveaux au plus).")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            key_text = str(key)
            if problem := text_problem(key_text, TextBound()):
                yield Violation(path, f"clé invalide : {problem}")
                return
            yield from _json_violations(item, f"{path}.{key_text}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_violations(item, f"{path}[{index}]", depth + 1)
    else:
        yield from violations(value, path, TextBound())


def argument_violations(kwargs: Mapping[str, Any]) -> list[Violation]:
    """Problems in a root field's arguments; ``input`` is left out of the paths."""
    found: list[Violation] = []
    for name, value in kwargs.items():
        graphql_name = to_camel_case(name)
        path = "" if graphql_name == "input" else graphql_name
        found.extend(violations(value, path, bound_for(None, graphql_name)))
    return found


def french_message(violation: Violation) -> str:
    where = f"« {violation.path} »" if violation.path else "la valeur"
    return f"Champ {where} : {violation.message}"


# ------------------------------------------------------------------ the extension


def invalid_input_code(payload_type: Any) -> enum.Enum:
    """The ``INVALID_INPUT`` member of a mutation payload's error-code enum."""
    error_type = getattr(payload_type, "error_type", None)
    if error_type is None:
        raise RuntimeError(f"{payload_type!r} has no error_type: mutations return payloads")
    code_enum = typing.get_type_hints(error_type).get("code")
    if not (isinstance(code_enum, type) and issubclass(code_enum, enum.Enum)):
        raise RuntimeError(f"{error_type.__name__}.code is not an enum")
    if INVALID_INPUT not in code_enum.__members__:
        raise RuntimeError(
            f"{code_enum.__name__} lacks {INVALID_INPUT}: add it (the input bounds refuse with it)"
        )
    return code_enum[INVALID_INPUT]


class InputBounds(FieldExtension):
    """Refuses the field's arguments when a string or number is out of bounds."""

    def __init__(self, *, mutation: bool) -> None:
        self.mutation = mutation
        self.code: enum.Enum | None = None

    def apply(self, field: StrawberryField) -> None:
        if self.mutation:
            self.code = invalid_input_code(field.type)

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        if found := argument_violations(kwargs):
            if self.code is None:
                raise GraphQLError(
                    french_message(found[0]),
                    extensions={"code": BAD_USER_INPUT, "field": found[0].path},
                )
            problems = [
                DomainError(self.code, french_message(item), field=item.path) for item in found
            ]
            raise InvalidFormError(problems)
        return await next_(source, info, **kwargs)


def install_input_bounds(fields: list[StrawberryField], *, mutation: bool) -> None:
    """Check arguments after the permission check (anonymous callers learn nothing)."""
    for field in fields:
        field.extensions = [InputBounds(mutation=mutation), *field.extensions]
