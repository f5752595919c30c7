"""The GraphQL schema, composed from each context's Query and Mutation classes."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from clea_platform.schema.accreditations.mutations import AccreditationMutations
from clea_platform.schema.accreditations.queries import AccreditationQueries
from clea_platform.schema.audit.queries import AuditQueries
from clea_platform.schema.candidate_space.mutations import CandidateSpaceMutations
from clea_platform.schema.candidate_space.queries import CandidateSpaceQueries
from clea_platform.schema.candidates.mutations import CandidateMutations
from clea_platform.schema.candidates.queries import CandidateQueries
from clea_platform.schema.certificates.mutations import CertificateMutations
from clea_platform.schema.certificates.queries import CertificateQueries
from clea_platform.schema.declarations.mutations import DeclarationMutations
from clea_platform.schema.declarations.queries import DeclarationQueries
from clea_platform.schema.documents.mutations import DocumentMutations
from clea_platform.schema.dossiers.mutations import DossierMutations
from clea_platform.schema.dossiers.queries import DossierQueries
from clea_platform.schema.errors import MaskUnexpectedErrors
from clea_platform.schema.evaluations.mutations import EvaluationMutations
from clea_platform.schema.evaluations.queries import EvaluationQueries
from clea_platform.schema.exchange.mutations import ExchangeMutations
from clea_platform.schema.exchange.queries import ExchangeQueries
from clea_platform.schema.execution import PlatformExecutor
from clea_platform.schema.follow_up.queries import FollowUpMutations, FollowUpQueries
from clea_platform.schema.identity.mutations import IdentityMutations
from clea_platform.schema.identity.queries import IdentityQueries
from clea_platform.schema.input_bounds import install_input_bounds
from clea_platform.schema.juries.mutations import JuryMutations
from clea_platform.schema.juries.queries import JuryQueries
from clea_platform.schema.mail.mutations import MailMutations
from clea_platform.schema.mail.queries import MailQueries
from clea_platform.schema.mutations import install_unit_of_work
from clea_platform.schema.pathway.mutations import PathwayMutations
from clea_platform.schema.pathway.queries import PathwayQueries
from clea_platform.schema.permissions import apply_permissions
from clea_platform.schema.query_cost import QueryCostLimiter
from clea_platform.schema.referentiels.management import (
    ReferentielManagementMutations,
    ReferentielManagementQueries,
)
from clea_platform.schema.referentiels.queries import ReferentielQueries
from clea_platform.schema.statistics.queries import StatisticsQueries
from clea_platform.schema.statistics.reports import AnnualReportMutations, AnnualReportQueries
from clea_platform.schema.tenants.mutations import TenantMutations
from clea_platform.schema.tenants.queries import TenantQueries
from clea_platform.schema.training.mutations import TrainingMutations
from clea_platform.schema.training.queries import TrainingQueries
from clea_platform.schema.webhooks.mutations import WebhookMutations
from clea_platform.schema.webhooks.queries import WebhookQueries

MAX_QUERY_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000
DOCUMENT_CACHE_SIZE = 256

# The limiters' validation rules are built once: the validation cache keys on the
# rule classes, so rules rebuilt per request would make every request a cache miss.
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]

Query = merge_types(
    "Query",
    (
        ReferentielQueries,
        ReferentielManagementQueries,
        IdentityQueries,
        TenantQueries,
        AuditQueries,
        PathwayQueries,
        DossierQueries,
        CandidateQueries,
        EvaluationQueries,
        TrainingQueries,
        AccreditationQueries,
        CertificateQueries,
        JuryQueries,
        MailQueries,
        CandidateSpaceQueries,
        StatisticsQueries,
        FollowUpQueries,
        AnnualReportQueries,
        WebhookQueries,
        DeclarationQueries,
        ExchangeQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        IdentityMutations,
        TenantMutations,
        CandidateMutations,
        PathwayMutations,
        DossierMutations,
        EvaluationMutations,
        TrainingMutations,
        DocumentMutations,
        AccreditationMutations,
        JuryMutations,
        CertificateMutations,
        MailMutations,
        ReferentielManagementMutations,
        CandidateSpaceMutations,
        FollowUpMutations,
        AnnualReportMutations,
        WebhookMutations,
        DeclarationMutations,
        ExchangeMutations,
    ),
)

apply_permissions("Query", get_object_definition(Query, strict=True).fields)
apply_permissions("Mutation", get_object_definition(Mutation, strict=True).fields)
# After the permissions: the arguments are checked once the caller may call the field.
install_input_bounds(get_object_definition(Query, strict=True).fields, mutation=False)
install_input_bounds(get_object_definition(Mutation, strict=True).fields, mutation=True)
install_unit_of_work(get_object_definition(Mutation, strict=True).fields)

# Factories: Strawberry builds fresh extensions for each request; the parse and
# validation caches they use are shared across requests.
schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    # A published référentiel's tree is answered from memory (``schema/immutable.py``),
    # plain leaf fields on a short path (``schema/execution.py``).
    execution_context_class=PlatformExecutor,
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        # Field count and merge cost, on the parsed document, before validation and its cache.
        QueryCostLimiter,
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        MaskUnexpectedErrors,
    ],
)


def schema_sdl() -> str:
    """The schema in SDL, as committed in ``schema.graphql``."""
    return schema.as_str() + "\n"
