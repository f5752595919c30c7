"""Who may call what: one declarative table for every root query and mutation.

The rules themselves are domain objects (:mod:`clea_platform.tenants.permissions`);
this module only says which rule guards which operation. ``RULES`` maps
``"Query.<field>"`` and ``"Mutation.<field>"`` to a rule; the schema attaches
:class:`MatrixPermission` to every root field, and a root field without a rule stops the
schema from being built. ``docs/permissions.md`` is generated from this table
(``clea permissions``), and a test walks every operation against every role.
"""

from __future__ import annotations

import uuid
from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from clea_platform.core.errors import AccessDeniedError, NotAuthenticatedError
from clea_platform.tenants.context import Actor
from clea_platform.tenants.permissions import (
    ADVISERS,
    ANY_MEMBER,
    APPLICANTS,
    APPLICANTS_OR_PLATFORM,
    CANDIDATE,
    EVALUATION_PLANNERS,
    EVALUATORS,
    ORG_ADMIN,
    ORG_ADMIN_OR_PLATFORM,
    PATHWAY_STAFF,
    PLATFORM_ADMIN,
    PUBLIC,
    SIGNED_IN,
    TRAINING_EDITORS,
    Rule,
)


def unauthenticated(message: str = NotAuthenticatedError().message) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "UNAUTHENTICATED"})


def forbidden(message: str = AccessDeniedError().message) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN"})


def denial_code(key: str, actor: Actor) -> str | None:
    """``UNAUTHENTICATED`` or ``FORBIDDEN`` when ``RULES[key]`` refuses ``actor``, else None."""
    try:
        RULES[key].check(actor, writes=key.startswith("Mutation."))
    except NotAuthenticatedError:
        return "UNAUTHENTICATED"
    except AccessDeniedError:
        return "FORBIDDEN"
    return None


def access_error(error: AccessDeniedError | NotAuthenticatedError) -> GraphQLError:
    """The GraphQL error for a refusal decided by the domain's rules."""
    if isinstance(error, NotAuthenticatedError):
        return unauthenticated(error.message)
    return forbidden(error.message)


RULES: dict[str, Rule] = {
    # référentiels
    "Query.certifications": PUBLIC,
    "Query.referentiel": PUBLIC,
    # référentiel versions: Certif'Pro prepares, publishes and discards them
    "Query.referentielVersions": PLATFORM_ADMIN,
    "Mutation.previewReferentielVersion": PLATFORM_ADMIN,
    "Mutation.importReferentielVersion": PLATFORM_ADMIN,
    "Mutation.publishReferentielVersion": PLATFORM_ADMIN,
    "Mutation.discardReferentielVersion": PLATFORM_ADMIN,
    # identity
    "Query.viewer": PUBLIC,
    "Query.loginOptions": PUBLIC,
    "Query.invitationPreview": PUBLIC,
    "Query.mySessions": SIGNED_IN,
    "Mutation.login": PUBLIC,
    "Mutation.logout": PUBLIC,
    "Mutation.logoutEverywhere": SIGNED_IN,
    "Mutation.revokeSession": SIGNED_IN,
    "Mutation.switchOrganisation": SIGNED_IN,
    "Mutation.changePassword": SIGNED_IN,
    "Mutation.requestPasswordReset": PUBLIC,
    "Mutation.resetPassword": PUBLIC,
    "Mutation.acceptInvitation": PUBLIC,
    # organisation administration
    "Query.members": ORG_ADMIN,
    "Query.invitations": ORG_ADMIN,
    "Query.apiKeys": ORG_ADMIN,
    "Query.oidcConfiguration": ORG_ADMIN,
    "Query.organisationStaff": PATHWAY_STAFF,
    "Query.platformAdministrators": PLATFORM_ADMIN,  # campaign reviewers to choose from
    "Mutation.inviteMember": ORG_ADMIN,
    "Mutation.revokeInvitation": ORG_ADMIN,
    "Mutation.updateMemberRoles": ORG_ADMIN,
    "Mutation.removeMember": ORG_ADMIN,
    "Mutation.createApiKey": ORG_ADMIN,
    "Mutation.revokeApiKey": ORG_ADMIN,
    "Mutation.configureOidc": ORG_ADMIN,
    # organisations and sites
    "Query.sites": ANY_MEMBER,
    "Query.organisation": ORG_ADMIN_OR_PLATFORM,
    "Query.organisations": PLATFORM_ADMIN,
    "Mutation.createSite": ORG_ADMIN,
    "Mutation.updateSite": ORG_ADMIN,
    "Mutation.createOrganisation": PLATFORM_ADMIN,
    "Mutation.updateOrganisation": ORG_ADMIN_OR_PLATFORM,
    "Mutation.suspendOrganisation": PLATFORM_ADMIN,
    "Mutation.setOrganisationNetworkHead": PLATFORM_ADMIN,
    "Mutation.reactivateOrganisation": PLATFORM_ADMIN,
    # audit
    "Query.auditEvents": ORG_ADMIN_OR_PLATFORM,
    "Query.undeliverableEmails": PLATFORM_ADMIN,
    # pathway: candidates, dossiers, evaluations, training
    "Query.dossiers": ANY_MEMBER,
    "Query.myWork": ANY_MEMBER,
    "Query.billableEvents": PLATFORM_ADMIN,
    "Query.dossier": ANY_MEMBER,
    "Query.candidate": ANY_MEMBER,
    "Query.professionalSectors": PUBLIC,
    "Query.statistics": ORG_ADMIN_OR_PLATFORM,
    "Query.annualReport": ORG_ADMIN_OR_PLATFORM,
    "Mutation.requestAnnualReport": ORG_ADMIN_OR_PLATFORM,
    "Query.evaluation": ANY_MEMBER,
    "Query.candidateExport": ORG_ADMIN,
    "Query.dossiersElsewhere": ADVISERS,
    "Query.candidates": ADVISERS,
    "Mutation.eraseCandidate": ORG_ADMIN,
    "Mutation.createCandidate": ADVISERS,
    "Mutation.updateCandidate": ADVISERS,
    "Mutation.openDossier": ADVISERS,
    # exchange: bulk imports create candidates and open dossiers, as advisers do
    "Query.imports": ADVISERS,
    "Query.importBatch": ADVISERS,
    "Mutation.confirmImport": ADVISERS,
    "Mutation.discardImport": ADVISERS,
    "Mutation.recordInformationInterview": ADVISERS,
    "Query.informationInterviews": ANY_MEMBER,
    "Mutation.setEvaluationProfessionalContext": EVALUATION_PLANNERS,
    "Mutation.abandonDossier": ADVISERS,
    "Mutation.transferDossier": ADVISERS,
    "Mutation.startEvaluation": EVALUATION_PLANNERS,
    "Mutation.planEvaluationSession": EVALUATION_PLANNERS,
    "Mutation.saveEvaluationResults": EVALUATORS,
    "Mutation.closeEvaluation": EVALUATORS,
    "Mutation.createTrainingPlan": TRAINING_EDITORS,
    "Mutation.updateTrainingPlan": TRAINING_EDITORS,
    "Mutation.recordTrainingProgress": TRAINING_EDITORS,
    "Query.trainingOrganisationTrainers": TRAINING_EDITORS,
    "Query.deliveredTrainingPlans": TRAINING_EDITORS,
    "Mutation.recordDeliveredTrainingProgress": TRAINING_EDITORS,
    "Mutation.setTrainingObjectiveStatus": TRAINING_EDITORS,
    "Mutation.setDeliveredTrainingObjectiveStatus": TRAINING_EDITORS,
    "Mutation.issuePartialAttestation": EVALUATION_PLANNERS,
    # accreditation: campaigns, applications, accreditations, public directory
    "Query.campaigns": PUBLIC,
    "Query.campaign": PUBLIC,
    "Query.evaluatorDirectory": PUBLIC,
    "Query.myApplications": APPLICANTS,
    "Query.application": APPLICANTS_OR_PLATFORM,
    "Query.applications": PLATFORM_ADMIN,
    "Query.accreditations": ANY_MEMBER,
    "Query.accreditationRegistry": PLATFORM_ADMIN,
    "Mutation.createCampaign": PLATFORM_ADMIN,
    "Mutation.updateCampaign": PLATFORM_ADMIN,
    "Mutation.requestAccreditation": PUBLIC,
    "Mutation.startApplication": APPLICANTS,
    "Mutation.saveApplication": APPLICANTS,
    "Mutation.submitApplication": APPLICANTS,
    "Mutation.startApplicationReview": PLATFORM_ADMIN,
    "Mutation.requestApplicationComplement": PLATFORM_ADMIN,
    "Mutation.acceptApplication": PLATFORM_ADMIN,
    "Mutation.rejectApplication": PLATFORM_ADMIN,
    "Mutation.suspendAccreditation": PLATFORM_ADMIN,
    "Mutation.withdrawAccreditation": PLATFORM_ADMIN,
    "Mutation.reinstateAccreditation": PLATFORM_ADMIN,
    "Mutation.addAccreditedEvaluator": PLATFORM_ADMIN,
    "Mutation.removeAccreditedEvaluator": PLATFORM_ADMIN,
    # control of accredited organisations: Certif'Pro records and decides, the
    # organisation's admins read and answer their own procedures
    "Query.organisationControl": PLATFORM_ADMIN,
    "Query.organisationQuality": PLATFORM_ADMIN,
    "Query.myControlProcedures": ORG_ADMIN,
    "Mutation.recordSignalement": PLATFORM_ADMIN,
    "Mutation.openControlProcedure": PLATFORM_ADMIN,
    "Mutation.replyToControlProcedure": ORG_ADMIN,
    "Mutation.decideControlProcedure": PLATFORM_ADMIN,
    # certificates: the organisation's own, Certif'Pro's search, revocation, paper copies
    "Query.certificates": ANY_MEMBER,
    "Query.certificateSearch": PLATFORM_ADMIN,
    "Query.paperQueue": PLATFORM_ADMIN,
    "Mutation.revokeCertificate": PLATFORM_ADMIN,
    "Mutation.retryEmail": PLATFORM_ADMIN,
    # webhooks (an organisation's own systems)
    "Query.webhookEventTypes": ORG_ADMIN,
    "Query.webhookSubscriptions": ORG_ADMIN,
    "Query.webhookSubscription": ORG_ADMIN,
    "Query.webhookDeliveries": ORG_ADMIN,
    "Mutation.createWebhookSubscription": ORG_ADMIN,
    "Mutation.updateWebhookSubscription": ORG_ADMIN,
    "Mutation.deleteWebhookSubscription": ORG_ADMIN,
    "Mutation.replayWebhookDelivery": ORG_ADMIN,
    "Query.outboxChannels": PLATFORM_ADMIN,
    "Query.undeliverableWebhookDeliveries": PLATFORM_ADMIN,
    "Mutation.retryWebhookDelivery": PLATFORM_ADMIN,
    # declarations to the national training-account system
    "Query.pendingDeclarations": PLATFORM_ADMIN,
    "Query.declarationBatches": PLATFORM_ADMIN,
    "Mutation.createDeclarationBatch": PLATFORM_ADMIN,
    "Mutation.requestPaperCopy": ADVISERS,
    "Mutation.markPaperSent": PLATFORM_ADMIN,
    # juries: roster, sessions, agenda, decisions (members: their own sessions only)
    "Query.juryMembers": PLATFORM_ADMIN,
    "Query.jurySessions": PLATFORM_ADMIN,
    "Query.readyForJury": PLATFORM_ADMIN,
    "Query.myJurySessions": SIGNED_IN,
    "Query.jurySession": SIGNED_IN,
    "Query.juryAgenda": SIGNED_IN,
    "Query.juryDossier": SIGNED_IN,
    "Query.dossierJuryDecisions": ANY_MEMBER,
    "Mutation.addJuryMember": PLATFORM_ADMIN,
    "Mutation.updateJuryMember": PLATFORM_ADMIN,
    "Mutation.conveneJurySession": PLATFORM_ADMIN,
    "Mutation.inviteJuryMember": PLATFORM_ADMIN,
    "Mutation.recordJuryAttendance": PLATFORM_ADMIN,
    "Mutation.openJurySession": PLATFORM_ADMIN,
    "Mutation.addToJuryAgenda": PLATFORM_ADMIN,
    "Mutation.removeFromJuryAgenda": PLATFORM_ADMIN,
    "Mutation.declareJuryConflict": SIGNED_IN,
    "Mutation.decideJuryDossier": SIGNED_IN,
    "Mutation.closeJurySession": PLATFORM_ADMIN,
    "Mutation.retryCertificateIssuance": PLATFORM_ADMIN,
    "Mutation.amendJuryDecision": PLATFORM_ADMIN,
    # candidate space: one-time links, the candidate's own pages and rights; advisers invite
    "Mutation.requestCandidateSignInLink": PUBLIC,
    "Mutation.signInCandidate": PUBLIC,
    "Mutation.requestCandidateSignInCode": PUBLIC,
    "Mutation.signInCandidateWithCode": PUBLIC,
    "Mutation.signOutCandidate": PUBLIC,
    "Query.candidateSpace": CANDIDATE,
    "Query.candidateDataExport": CANDIDATE,
    "Query.candidateDataAccesses": CANDIDATE,
    "Mutation.requestDataCorrection": CANDIDATE,
    "Mutation.requestMyPaperCopy": CANDIDATE,
    "Mutation.createWalletOffer": CANDIDATE,
    "Query.candidateSpaceStatus": ADVISERS,
    "Query.correctionRequests": ADVISERS,
    "Mutation.inviteCandidateToSpace": ADVISERS,
    "Mutation.resolveCorrectionRequest": ADVISERS,
    # follow-up of certified people: keyed by the e-mailed link, no account
    "Query.followUpQuestionnaire": PUBLIC,
    "Mutation.answerFollowUp": PUBLIC,
}


class MatrixPermission(BasePermission):
    """Applies the rule of ``RULES`` for the field being resolved."""

    message = "Accès refusé."

    def __init__(self, key: str) -> None:
        self.rule = RULES[key]
        self.writes = key.startswith("Mutation.")

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        actor: Actor = info.context.actor
        try:
            self.rule.check(actor, writes=self.writes)
        except (AccessDeniedError, NotAuthenticatedError) as error:
            raise access_error(error) from None
        return True


def apply_permissions(type_name: str, fields: list[StrawberryField]) -> None:
    """Attach the matrix to every root field; a field without a rule is a startup error."""
    for field in fields:
        key = f"{type_name}.{field.graphql_name or to_camel_case(field.python_name)}"
        if key not in RULES:
            raise RuntimeError(f"{key} has no rule in clea_platform.schema.permissions.RULES")
        # The extension, not ``permission_classes``: Strawberry turns permission classes
        # into an extension when the field is declared, so setting them later is a no-op.
        field.extensions = [
            PermissionExtension(permissions=[MatrixPermission(key)], use_directives=False),
            *field.extensions,
        ]
        requirement = f"Requires: {RULES[key].label}."
        field.description = f"{field.description or ''} {requirement}".strip()


def permissions_markdown() -> str:
    """The permission matrix as Markdown (``docs/permissions.md``; ``clea permissions``)."""
    roles = ["anonymous", "viewer", "adviser", "evaluator", "trainer", "org_admin"]
    header = [
        "# Permissions",
        "",
        "Generated from `platform/schema/permissions.py` by `clea permissions`; a test fails",
        "when this file and the code disagree. ✔ allowed, — denied. Organisation roles apply",
        "to the active organisation; a suspended organisation's members keep read access but",
        "every mutation is denied. API keys act with their single role; `signed-in user`",
        "rules need a person (browser session), not an API key.",
        "",
        "| operation | rule | " + " | ".join(roles) + " | certifpro_admin |",
        "| --- | --- | " + " | ".join("---" for _ in roles) + " | --- |",
    ]
    lines = []
    for key in sorted(RULES, key=lambda k: (not k.startswith("Query"), k)):
        rule = RULES[key]
        writes = key.startswith("Mutation.")
        cells = []
        for role in roles:
            actor = _example_actor(role)
            cells.append(_allowed(rule, actor, writes))
        admin = Actor(
            label="admin", user_id=_EXAMPLE_ID, platform_roles=frozenset({"certifpro_admin"})
        )
        lines.append(
            f"| `{key}` | {rule.label} | "
            + " | ".join(cells)
            + f" | {_allowed(rule, admin, writes)} |"
        )
    return "\n".join([*header, *lines]) + "\n"


_EXAMPLE_ID = uuid.UUID(int=1)


def _example_actor(role: str) -> Actor:
    if role == "anonymous":
        return Actor()
    return Actor(
        label=role, user_id=_EXAMPLE_ID, organisation_id=_EXAMPLE_ID, roles=frozenset({role})
    )


def _allowed(rule: Rule, actor: Actor, writes: bool) -> str:
    return "✔" if rule.allows(actor, writes=writes) else "—"
