"""Organisation B attacks organisation A through every operation of the GraphQL API.

B's admin (browser session) and B's API key (role org_admin) send each root query and
mutation with A's real IDs, guessed IDs and malformed ones. The answer must be a
refusal ("not found", a typed payload error, or FORBIDDEN/UNAUTHENTICATED) or B's own
data; the body must never contain anything of A's (IDs, names, emails, SIREN, SIRET,
API key prefix, OIDC settings); and A's rows must be exactly as they were.

The suite is driven by the schema (``schema.graphql`` and the running one): a root field
with neither an attack below nor a line in ``NOT_TENANT_DATA`` makes the coverage test
fail, so a new operation cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import build_schema

from clea_platform.identity.passwords import hash_password
from clea_platform.schema.permissions import denial_code
from clea_platform.schema.root import schema
from clea_platform.tenants.context import Actor
from tests.conftest import REPO_ROOT
from tests.isolation.conftest import Tenant, TwoTenants, _build_tenant, snapshot
from tests.isolation.helpers import (
    PASSWORD,
    add_person,
    logged_in_client,
    post,
    random_siret,
    unique,
)

# Root fields that hold no tenant data or act only on the caller's own account: B has
# nothing of A's to aim them at. (They are still covered by the permission matrix.)
NOT_TENANT_DATA = {
    "Query.certifications": "catalogue of the installed certification plugins, the same for all",
    "Query.referentiel": "published référentiels are platform-wide reference data",
    "Query.viewer": "describes the caller only (tested below: no trace of A for B)",
    "Query.loginOptions": "public list of organisations offering OIDC login, name and slug only",
    "Query.invitationPreview": "keyed by a secret emailed token, not by an ID",
    "Query.mySessions": "the caller's own sessions, selected by the caller's user ID",
    "Mutation.login": "takes credentials, not IDs",
    "Mutation.logout": "ends the caller's own current session",
    "Mutation.logoutEverywhere": "ends the caller's own sessions",
    "Mutation.changePassword": "changes the caller's own password",
    "Mutation.requestPasswordReset": "takes an email and answers the same whether it exists or not",
    "Mutation.resetPassword": "keyed by a secret emailed token",
    "Mutation.acceptInvitation": "keyed by a secret emailed token",
    "Query.campaigns": "Certif'Pro's public catalogue of accreditation campaigns",
    "Query.campaign": "one public accreditation campaign (no tenant data)",
    "Query.evaluatorDirectory": "public by design: accredited sites of active organisations "
    "(address and contact the application published); test_directory covers what it omits",
    "Mutation.requestAccreditation": "creates a new pending organisation; takes no ID",
    "Mutation.requestCandidateSignInLink": "takes an email and answers the same whether it exists "
    "or not",
    "Mutation.signInCandidate": "keyed by a secret emailed one-time link",
    "Mutation.requestCandidateSignInCode": "takes a phone number and answers the same whether "
    "it exists or not",
    "Mutation.signInCandidateWithCode": "keyed by a secret one-time code sent by SMS",
    "Mutation.signOutCandidate": "ends the caller's own candidate session",
    "Query.candidateSpace": "candidates only (B's staff are refused); a candidate's reach is "
    "tested in tests/candidate_space/test_candidate_isolation.py",
    "Query.candidateDataExport": "candidates only; see tests/candidate_space",
    "Query.candidateDataAccesses": "candidates only; see tests/candidate_space",
    "Mutation.requestDataCorrection": "candidates only; see tests/candidate_space",
    "Mutation.requestMyPaperCopy": "candidates only; see tests/candidate_space",
    "Query.professionalSectors": "INSEE's NAF sections: a public reference list, no tenant data",
    "Query.webhookEventTypes": "the static catalogue of event types, the same for all",
    "Mutation.createWebhookSubscription": "creates in the caller's organisation; takes no ID",
    "Query.referentielVersions": "référentiel versions are the platform's, no tenant's",
    "Mutation.previewReferentielVersion": "reads a file and the published référentiel",
    "Mutation.importReferentielVersion": "stores a platform-wide référentiel draft",
    "Mutation.publishReferentielVersion": "platform-wide référentiel versions; no tenant data",
    "Mutation.discardReferentielVersion": "platform-wide référentiel versions; no tenant data",
}

GUESSED_ID = str(uuid.uuid4())
MALFORMED_ID = "ceci-n-est-pas-un-uuid"

Variables = Callable[[Tenant, Tenant], dict[str, Any]]
"""(A, B) → the GraphQL variables of an attack."""


@dataclass(frozen=True)
class Expect:
    """What B may get back. ``kind``: null, refused (payload errors), denied, own, ok."""

    kind: str
    codes: frozenset[str] = frozenset()
    own: Callable[[Tenant], str] | None = None


def null() -> Expect:
    return Expect("null")


def not_found() -> Expect:
    """The shared ``NotFound``: the same answer for a missing object and another tenant's."""
    return Expect("not_found")


def refused(*codes: str) -> Expect:
    return Expect("refused", frozenset(codes))


def denied(code: str) -> Expect:
    return Expect("denied", frozenset({code}))


def own(marker: Callable[[Tenant], str]) -> Expect:
    """B's own data: B's ``marker`` is in the answer (so an empty answer cannot pass)."""
    return Expect("own", own=marker)


def done() -> Expect:
    """The operation succeeds, on B's side."""
    return Expect("ok")


@dataclass(frozen=True)
class Attack:
    field: str
    how: str
    document: str
    variables: Variables
    expect: Expect
    #: B keeps a row addressed to A's people (an invitation, its audit event): later reads
    #: of B's own data would show A's addresses, so a fresh attacker of its own sends it.
    leaves_a_s_addresses_in_b: bool = False

    @property
    def root(self) -> str:
        return self.field.split(".", 1)[1]

    @property
    def is_mutation(self) -> bool:
        return self.field.startswith("Mutation.")

    def __str__(self) -> str:
        return f"{self.root}[{self.how}]"


def no_variables(a: Tenant, b: Tenant) -> dict[str, Any]:
    return {}


ORGANISATION = """
query ($id: ID!) {
  organisation(id: $id) {
    __typename
    ... on Organisation { id name slug siren legalForm sites { id name siret } }
    ... on NotFound { message }
  }
}
"""
MEMBERS = """
query ($after: String) {
  members(first: 100, after: $after) {
    totalCount
    edges { node { id roles user { id email fullName } organisation { id name } } }
  }
}
"""
INVITATIONS = """
query ($after: String) {
  invitations(first: 100, after: $after) {
    totalCount edges { node { id email status invitedBy { id email fullName } } }
  }
}
"""
API_KEYS = """
query ($after: String) {
  apiKeys(first: 100, after: $after) {
    totalCount edges { node { id name prefix createdBy { id email fullName } } }
  }
}
"""
AUDIT_EVENTS = """
query ($filter: AuditEventFilter, $after: String) {
  auditEvents(first: 100, filter: $filter, after: $after) {
    totalCount
    edges { node { id organisationId organisationName actorLabel operation objectIds } }
  }
}
"""
SITES = "{ sites { id name siret city } }"
OIDC = "{ oidcConfiguration { issuer clientId enabled hasClientSecret } }"
ORGANISATIONS = "{ organisations(first: 100) { totalCount edges { node { id name siren } } } }"

UPDATE_ORGANISATION = """
mutation ($id: ID!) {
  updateOrganisation(input: {id: $id, name: "Repris par B", legalForm: "SA"}) {
    organisation { id name siren } errors { code field message }
  }
}
"""
SUSPEND = """
mutation ($id: ID!) {
  suspendOrganisation(input: {id: $id, reason: "Sabotage"}) {
    organisation { id status } errors { code message }
  }
}
"""
REACTIVATE = """
mutation ($id: ID!) {
  reactivateOrganisation(input: {id: $id}) { organisation { id status } errors { code message } }
}
"""
CREATE_ORGANISATION = """
mutation ($siren: String!) {
  createOrganisation(input: {name: "Clone de A", siren: $siren}) {
    organisation { id } errors { code message }
  }
}
"""
UPDATE_SITE = """
mutation ($input: UpdateSiteInput!) {
  updateSite(input: $input) { site { id name siret } errors { code field message } }
}
"""
CREATE_SITE = """
mutation ($input: CreateSiteInput!) {
  createSite(input: $input) { site { id name siret } errors { code field message } }
}
"""
REVOKE_INVITATION = """
mutation ($id: ID!) {
  revokeInvitation(input: {id: $id}) {
    invitation { id email status invitedBy { email } } errors { code message }
  }
}
"""
INVITE = """
mutation ($email: String!) {
  inviteMember(input: {email: $email, roles: [ORG_ADMIN]}) {
    invitation { id status } errors { code message }
  }
}
"""
UPDATE_ROLES = """
mutation ($id: ID!, $roles: [Role!]!) {
  updateMemberRoles(input: {membershipId: $id, roles: $roles}) {
    membership { id roles user { email } organisation { name } } errors { code message }
  }
}
"""
REMOVE_MEMBER = """
mutation ($id: ID!) {
  removeMember(input: {membershipId: $id}) { ok errors { code message } }
}
"""
CREATE_API_KEY = """
mutation {
  createApiKey(input: {name: "Clé de B", role: VIEWER}) { apiKey { id } errors { code message } }
}
"""
REVOKE_API_KEY = """
mutation ($id: ID!) {
  revokeApiKey(input: {id: $id}) {
    apiKey { id name prefix createdBy { email } } errors { code message }
  }
}
"""
CONFIGURE_OIDC = """
mutation ($issuer: String!, $clientId: String!) {
  configureOidc(input: {issuer: $issuer, clientId: $clientId}) {
    oidcConfiguration { issuer clientId } errors { code message }
  }
}
"""
REVOKE_SESSION = """
mutation ($id: ID!) { revokeSession(input: {id: $id}) { ok errors { code message } } }
"""
SWITCH = """
mutation ($id: ID) {
  switchOrganisation(input: {organisationId: $id}) {
    viewer { activeOrganisation { id name } memberships { id } } errors { code message }
  }
}
"""


# ------------------------------------------------------------------ pathway documents
DOSSIERS = (
    "{ dossiers(first: 100) { totalCount edges { node { id status } } "
    "countsByStatus { status count } } }"
)
DOSSIER = (
    "query ($id: ID!) { dossier(id: $id) { __typename "
    "... on Dossier { id status candidate { birthName } timeline { comment } } } }"
)
APPLICATION = """
query ($id: ID!) { application(id: $id) { __typename ... on Application { id organisationName
  sites { siret } documents { filename } timeline { message } } ... on NotFound { message } } }
"""
CREATE_CAMPAIGN = """
mutation { createCampaign(input: {title: "Pirate", certificationCodes: ["CLEA"],
  opensOn: "2026-01-01", closesOn: "2026-12-31", accreditationStartsOn: "2027-01-01",
  accreditationEndsOn: "2029-12-31"}) { campaign { id } errors { code message } } }
"""
UPDATE_CAMPAIGN = """
mutation ($id: ID!) { updateCampaign(input: {id: $id, revision: 1, title: "Pirate",
  certificationCodes: ["CLEA"], opensOn: "2026-01-01", closesOn: "2026-12-31",
  accreditationStartsOn: "2027-01-01", accreditationEndsOn: "2029-12-31"})
  { campaign { id } errors { code message } } }
"""
SAVE_APPLICATION = """
mutation ($id: ID!) { saveApplication(input: {applicationId: $id, revision: 1, sites: []})
  { application { id } errors { code message } } }
"""
CANDIDATE = """
query ($id: ID!) { candidate(id: $id) {
  __typename ... on Candidate { id birthName firstNames email } } }
"""
EVALUATION = """
query ($id: ID!) { evaluation(id: $id) { __typename ... on Evaluation { id revision
  results { itemCode value } partialAttestation { id reference downloadUrl } } } }
"""
CREATE_CANDIDATE = """
mutation { createCandidate(input: {civility: MADAME, birthName: "Attaque", firstNames: "Bea",
  birthDate: "1990-01-01", birthCountry: "France", birthCity: "Lyon",
  statusAtRegistration: JOBSEEKER, educationLevel: BAC, confirmNotDuplicate: true}) {
  candidate { id } errors { code field message } } }
"""
OPEN_DOSSIER = """
mutation ($candidate: ID!, $site: ID!) { openDossier(input: {candidateId: $candidate,
  certificationCode: "CLEA", siteId: $site, prescriberType: SELF, financing: CPF, consent: true})
  { dossier { id } errors { code field message } } }
"""
RECORD_INTERVIEW = """
mutation ($candidate: ID!, $adviser: ID!) { recordInformationInterview(input: {
  candidateId: $candidate, certificationCode: "CLEA", heldOn: "2026-01-05", adviserId: $adviser,
  outcome: ORIENTED}) { interview { id } errors { code field message } } }
"""
INTERVIEWS = """
query ($candidate: ID!) { informationInterviews(candidateId: $candidate) { id candidateId
  adviserId adviserName note } }
"""
SET_PROFESSIONAL_CONTEXT = """
mutation ($id: ID!) { setEvaluationProfessionalContext(input: {evaluationId: $id,
  professionalContext: "Préparation de commandes"}) { evaluation { id professionalContext }
  errors { code field message } } }
"""
ABANDON = """
mutation ($id: ID!) { abandonDossier(input: {id: $id, reason: "attaque", revision: 1})
  { dossier { id } errors { code field message } } }
"""
START_EVALUATION = """
mutation ($id: ID!) { startEvaluation(input: {dossierId: $id, kind: INITIAL})
  { evaluation { id } errors { code field message items } } }
"""
PLAN_SESSION = """
mutation ($id: ID!, $site: ID!, $evaluator: ID!) { planEvaluationSession(input: {evaluationId: $id,
  day: "2027-01-04", startsAt: "09:00", endsAt: "10:00", siteId: $site, evaluatorId: $evaluator})
  { evaluation { id } errors { code field message items } } }
"""
SAVE_RESULTS = """
mutation ($id: ID!) { saveEvaluationResults(input: {evaluationId: $id, revision: 0,
  results: [{itemCode: "1.1.1", value: "acquis"}]})
  { revision errors { code field message items } } }
"""
CLEAR_RESULT = """
mutation ($id: ID!) { saveEvaluationResults(input: {evaluationId: $id, revision: 1,
  results: [{itemCode: "1.1.1", value: null}]})
  { revision errors { code field message items } } }
"""
CLOSE_EVALUATION = """
mutation ($id: ID!) { closeEvaluation(input: {evaluationId: $id})
  { evaluation { id } errors { code field message items } } }
"""
CREATE_PLAN = """
mutation ($id: ID!) { createTrainingPlan(input: {dossierId: $id})
  { trainingPlan { id } errors { code field message } } }
"""
UPDATE_PLAN = """
mutation ($id: ID!) { updateTrainingPlan(input: {planId: $id, revision: 1,
  objectives: [{itemCode: "1.1.1", objective: "x"}], hoursByDomain: {}})
  { trainingPlan { id } errors { code field message } } }
"""
RECORD_PROGRESS = """
mutation ($id: ID!) { recordTrainingProgress(input: {planId: $id, day: "2027-01-04", hours: 2,
  itemsWorked: []}) { trainingPlan { id } errors { code field message } } }
"""
RECORD_DELIVERED_PROGRESS = """
mutation ($id: ID!) { recordDeliveredTrainingProgress(input: {planId: $id, day: "2027-01-04",
  hours: 2, itemsWorked: []}) { deliveredPlan { id candidateName } errors { code field message } } }
"""
DELIVERED_PLANS = """
{ deliveredTrainingPlans { id candidateName evaluatorName objectives { itemCode objective }
  progress { day hours note } } }
"""
TRAINING_ORGANISATION_TRAINERS = """
query ($id: ID!) { trainingOrganisationTrainers(organisationId: $id, certificationCode: "CLEA")
  { id displayName } }
"""
UPDATE_CANDIDATE = """
mutation ($id: ID!) { updateCandidate(input: {id: $id, revision: 1, civility: MADAME,
  birthName: "Attaque", firstNames: "Bea", birthDate: "1990-01-01", birthCountry: "France",
  birthCity: "Lyon", statusAtRegistration: JOBSEEKER, educationLevel: BAC,
  confirmNotDuplicate: true}) { candidate { id birthName } errors { code field message } } }
"""
CANDIDATE_EXPORT = (
    "query ($id: ID!) { candidateExport(id: $id) { __typename ... on CandidateExport { data } } }"
)
ERASE_CANDIDATE = """
mutation ($id: ID!) { eraseCandidate(input: {id: $id})
  { candidate { id } errors { code field message } } }
"""
STAFF = "{ organisationStaff { id displayName roles } }"
TRANSFER_DOSSIER = """
mutation ($id: ID!, $siret: String!) { transferDossier(input: {dossierId: $id,
  targetSiret: $siret, reason: "attaque", consent: true, revision: 1})
  { transfer { dossierId organisationName } errors { code field message } } }
"""
DOSSIERS_ELSEWHERE = """
query ($id: ID!) { dossiersElsewhere(candidateId: $id) { certificationCode organisationName } }
"""
ISSUE_ATTESTATION = """
mutation ($id: ID!) { issuePartialAttestation(input: {evaluationId: $id})
  { attestation { id reference } errors { code field message items } } }
"""


WEBHOOK_SUBSCRIPTIONS = "{ webhookSubscriptions { id url } }"
WEBHOOK_SUBSCRIPTION = """
query ($id: ID!) {
  webhookSubscription(id: $id) {
    __typename
    ... on WebhookSubscription { id url }
    ... on NotFound { message }
  }
}
"""
WEBHOOK_DELIVERIES = """
query ($id: ID!) {
  webhookDeliveries(subscriptionId: $id, first: 10) {
    __typename
    ... on WebhookDeliveryConnection { totalCount edges { node { id body } } }
    ... on NotFound { message }
  }
}
"""
UPDATE_WEBHOOK = """
mutation ($id: ID!) {
  updateWebhookSubscription(input: {id: $id, url: "https://exemple.fr/b", events:
    ["certificate.issued"], active: true}) { subscription { id url } errors { code message } }
}
"""
DELETE_WEBHOOK = """
mutation ($id: ID!) {
  deleteWebhookSubscription(input: {id: $id}) { deleted errors { code message } }
}
"""
REPLAY_WEBHOOK = """
mutation ($id: ID!) {
  replayWebhookDelivery(input: {id: $id}) { delivery { id body } errors { code message } }
}
"""
PENDING_DECLARATIONS = "{ pendingDeclarations { certificateId number } }"
DECLARATION_BATCHES = "{ declarationBatches { id document } }"
CREATE_DECLARATION_BATCH = """
mutation { createDeclarationBatch(input: {periodStart: "2026-01-01", periodEnd: "2026-12-31"})
  { batch { id document } incomplete { number } errors { code message } } }
"""


def other(tenant: Tenant, table: str) -> str:
    return str(tenant.other_rows[table]["id"])


def site_input(siret: str) -> dict[str, Any]:
    """A valid site form; with B's own SIRET, only the site lookup can refuse the change."""
    return {
        "name": "Annexe de B",
        "siret": siret,
        "addressLine": "2 rue de l'Attaque",
        "postalCode": "69002",
        "city": "Lyon",
        "region": "Auvergne-Rhône-Alpes",
    }


ATTACKS: list[Attack] = [
    # ------------------------------------------------------------------ queries
    Attack(
        "Query.organisation",
        "A's id",
        ORGANISATION,
        lambda a, b: {"id": str(a.organisation_id)},
        not_found(),
    ),
    Attack(
        "Query.organisation",
        "guessed id",
        ORGANISATION,
        lambda a, b: {"id": GUESSED_ID},
        not_found(),
    ),
    Attack(
        "Query.organisation",
        "malformed id",
        ORGANISATION,
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    Attack(
        "Query.organisation",
        "own id, sites stay B's",
        ORGANISATION,
        lambda a, b: {"id": str(b.organisation_id)},
        own(lambda b: b.site_id),
    ),
    Attack(
        "Query.organisations", "list every tenant", ORGANISATIONS, no_variables, denied("FORBIDDEN")
    ),
    Attack(
        "Query.platformAdministrators",
        "list Certif'Pro's administrators",
        "{ platformAdministrators { id fullName email } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack("Query.sites", "list", SITES, no_variables, own(lambda b: b.siret)),
    Attack("Query.organisationStaff", "list", STAFF, no_variables, done()),
    Attack("Query.members", "list", MEMBERS, no_variables, own(lambda b: b.member_email)),
    Attack(
        "Query.members",
        "after A's membership",
        MEMBERS,
        lambda a, b: {"after": str(a.admin_membership_id)},
        done(),
    ),
    Attack("Query.invitations", "list", INVITATIONS, no_variables, own(lambda b: b.invitation_id)),
    Attack(
        "Query.invitations",
        "after A's invitation",
        INVITATIONS,
        lambda a, b: {"after": a.invitation_id},
        done(),
    ),
    Attack("Query.apiKeys", "list", API_KEYS, no_variables, own(lambda b: b.api_key_prefix)),
    Attack(
        "Query.apiKeys",
        "after A's key",
        API_KEYS,
        lambda a, b: {"after": a.api_key_id},
        done(),
    ),
    Attack("Query.oidcConfiguration", "read", OIDC, no_variables, own(lambda b: b.oidc_issuer)),
    Attack(
        "Query.auditEvents",
        "unfiltered",
        AUDIT_EVENTS,
        no_variables,
        own(lambda b: str(b.organisation_id)),
    ),
    Attack(
        "Query.auditEvents",
        "filter organisationId=A",
        AUDIT_EVENTS,
        lambda a, b: {"filter": {"organisationId": str(a.organisation_id)}},
        own(lambda b: str(b.organisation_id)),
    ),
    Attack(
        "Query.auditEvents",
        "filter actorEmail=A's admin",
        AUDIT_EVENTS,
        lambda a, b: {"filter": {"actorEmail": a.admin_email}},
        done(),
    ),
    Attack(
        "Query.auditEvents",
        "after A's newest event",
        AUDIT_EVENTS,
        lambda a, b: {"after": a.audit_event_ids[0]},
        done(),
    ),
    # ------------------------------------------------------------------ organisations
    Attack(
        "Mutation.updateOrganisation",
        "A's id",
        UPDATE_ORGANISATION,
        lambda a, b: {"id": str(a.organisation_id)},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateOrganisation",
        "guessed id",
        UPDATE_ORGANISATION,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateOrganisation",
        "malformed id",
        UPDATE_ORGANISATION,
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.suspendOrganisation",
        "A's id",
        SUSPEND,
        lambda a, b: {"id": str(a.organisation_id)},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.reactivateOrganisation",
        "A's id",
        REACTIVATE,
        lambda a, b: {"id": str(a.organisation_id)},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.createOrganisation",
        "A's SIREN",
        CREATE_ORGANISATION,
        lambda a, b: {"siren": a.siren},
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ sites
    Attack(
        "Mutation.updateSite",
        "A's site",
        UPDATE_SITE,
        lambda a, b: {"input": {"id": a.site_id, **site_input(b.siret)}},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateSite",
        "guessed id",
        UPDATE_SITE,
        lambda a, b: {"input": {"id": GUESSED_ID, **site_input(b.siret)}},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateSite",
        "malformed id",
        UPDATE_SITE,
        lambda a, b: {"input": {"id": MALFORMED_ID, **site_input(b.siret)}},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateSite",
        "B's site, A's SIRET",
        UPDATE_SITE,
        lambda a, b: {"input": {"id": b.site_id, **site_input(a.siret)}},
        refused("SIRET_NOT_IN_SIREN"),
    ),
    Attack(
        "Mutation.createSite",
        "A's SIRET",
        CREATE_SITE,
        lambda a, b: {"input": site_input(a.siret)},
        refused("SIRET_NOT_IN_SIREN"),
    ),
    Attack(
        "Mutation.createSite",
        "another SIRET of A's SIREN",
        CREATE_SITE,
        lambda a, b: {"input": site_input(random_siret(a.siren))},
        refused("SIRET_NOT_IN_SIREN"),
    ),
    # ------------------------------------------------------------------ invitations
    Attack(
        "Mutation.revokeInvitation",
        "A's invitation",
        REVOKE_INVITATION,
        lambda a, b: {"id": a.invitation_id},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.revokeInvitation",
        "guessed id",
        REVOKE_INVITATION,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.revokeInvitation",
        "malformed id",
        REVOKE_INVITATION,
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        # Re-inviting an address revokes its pending invitation: only B's, never A's.
        "Mutation.inviteMember",
        "the address A has a pending invitation for",
        INVITE,
        lambda a, b: {"email": a.invited_email},
        done(),
        leaves_a_s_addresses_in_b=True,
    ),
    Attack(
        "Mutation.inviteMember",
        "A's admin",
        INVITE,
        lambda a, b: {"email": a.admin_email},
        done(),
        leaves_a_s_addresses_in_b=True,
    ),
    # ------------------------------------------------------------------ members
    Attack(
        "Mutation.updateMemberRoles",
        "demote A's admin",
        UPDATE_ROLES,
        lambda a, b: {"id": str(a.admin_membership_id), "roles": ["VIEWER"]},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateMemberRoles",
        "promote A's adviser",
        UPDATE_ROLES,
        lambda a, b: {"id": str(a.member_membership_id), "roles": ["ORG_ADMIN"]},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateMemberRoles",
        "guessed id",
        UPDATE_ROLES,
        lambda a, b: {"id": GUESSED_ID, "roles": ["VIEWER"]},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateMemberRoles",
        "malformed id",
        UPDATE_ROLES,
        lambda a, b: {"id": MALFORMED_ID, "roles": ["VIEWER"]},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.removeMember",
        "A's adviser",
        REMOVE_MEMBER,
        lambda a, b: {"id": str(a.member_membership_id)},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.removeMember",
        "A's admin",
        REMOVE_MEMBER,
        lambda a, b: {"id": str(a.admin_membership_id)},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.removeMember",
        "guessed id",
        REMOVE_MEMBER,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    # ------------------------------------------------------------------ API keys
    Attack(
        "Mutation.revokeApiKey",
        "A's key",
        REVOKE_API_KEY,
        lambda a, b: {"id": a.api_key_id},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.revokeApiKey",
        "guessed id",
        REVOKE_API_KEY,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.revokeApiKey",
        "malformed id",
        REVOKE_API_KEY,
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.createApiKey",
        "a key lands in B only",
        CREATE_API_KEY,
        no_variables,
        done(),
    ),
    # ------------------------------------------------------------------ OIDC
    Attack(
        "Mutation.configureOidc",
        "B's own settings, A's untouched",
        CONFIGURE_OIDC,
        lambda a, b: {"issuer": b.oidc_issuer, "clientId": b.oidc_client_id},
        done(),
    ),
    # ------------------------------------------------------------------ sessions
    Attack(
        "Mutation.revokeSession",
        "A's admin's session",
        REVOKE_SESSION,
        lambda a, b: {"id": a.admin_session_id},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.revokeSession",
        "guessed id",
        REVOKE_SESSION,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.switchOrganisation",
        "to A",
        SWITCH,
        lambda a, b: {"id": str(a.organisation_id)},
        refused("NOT_A_MEMBER"),
    ),
    Attack(
        "Mutation.switchOrganisation",
        "to a guessed organisation",
        SWITCH,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_A_MEMBER"),
    ),
    Attack(
        "Mutation.switchOrganisation",
        "to platform level",
        SWITCH,
        lambda a, b: {"id": None},
        refused("NOT_A_MEMBER"),
    ),
    # ------------------------------------------------------------ accreditation
    Attack(
        "Query.myApplications",
        "own applications only",
        "{ myApplications { id organisationName sites { siret } } }",
        no_variables,
        own(lambda b: other(b, "accreditation_application")),
    ),
    Attack(
        "Query.application",
        "A's id",
        APPLICATION,
        lambda a, b: {"id": other(a, "accreditation_application")},
        not_found(),
    ),
    Attack(
        "Query.application", "guessed id", APPLICATION, lambda a, b: {"id": GUESSED_ID}, not_found()
    ),
    Attack(
        "Query.application",
        "malformed id",
        APPLICATION,
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    Attack(
        "Query.applications",
        "every organisation's applications",
        "{ applications { id organisationName } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.accreditations",
        "own accreditations only",
        "{ accreditations { id organisationName siret evaluators { email } } }",
        no_variables,
        own(lambda b: other(b, "accreditation")),
    ),
    Attack(
        "Query.accreditationRegistry",
        "every organisation's accreditations",
        "{ accreditationRegistry { edges { node { id organisationName } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.createCampaign",
        "as a tenant",
        CREATE_CAMPAIGN,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.updateCampaign",
        "as a tenant",
        UPDATE_CAMPAIGN,
        lambda a, b: {"id": GUESSED_ID},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.startApplication",
        "to a guessed campaign",
        "mutation ($id: ID!) { startApplication(input: {campaignId: $id}) "
        "{ application { id } errors { code message } } }",
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.saveApplication",
        "A's application",
        SAVE_APPLICATION,
        lambda a, b: {"id": other(a, "accreditation_application")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.submitApplication",
        "A's application",
        "mutation ($id: ID!) { submitApplication(input: {applicationId: $id, revision: 1}) "
        "{ application { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "accreditation_application")},
        refused("NOT_FOUND"),
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "A's application, as a tenant",
            f"mutation ($id: ID!) {{ {name}({argument}) "
            "{ application { id } errors { code message } } }",
            lambda a, b: {"id": other(a, "accreditation_application")},
            denied("FORBIDDEN"),
        )
        for name, argument in (
            ("startApplicationReview", "input: {applicationId: $id}"),
            ("requestApplicationComplement", 'input: {applicationId: $id, message: "x"}'),
            ("acceptApplication", "input: {applicationId: $id}"),
            ("rejectApplication", 'input: {applicationId: $id, message: "x"}'),
        )
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "A's accreditation, as a tenant",
            f"mutation ($id: ID!) {{ {name}({argument}) "
            "{ accreditation { id } errors { code message } } }",
            lambda a, b: {"id": other(a, "accreditation")},
            denied("FORBIDDEN"),
        )
        for name, argument in (
            ("suspendAccreditation", 'input: {id: $id, reason: "x"}'),
            ("withdrawAccreditation", 'input: {id: $id, reason: "x"}'),
            ("reinstateAccreditation", "input: {id: $id}"),
            (
                "addAccreditedEvaluator",
                'input: {accreditationId: $id, fullName: "B", email: "b@b.fr"}',
            ),
            ("removeAccreditedEvaluator", 'input: {accreditationId: $id, email: "b@b.fr"}'),
        )
    ),
    # -------------------------------------------------------------------- juries
    *(
        Attack(f"Query.{name}", "as a tenant", document, no_variables, denied("FORBIDDEN"))
        for name, document in (
            ("juryMembers", "{ juryMembers { id email } }"),
            ("jurySessions", "{ jurySessions { id title } }"),
            ("readyForJury", "{ readyForJury { dossierId organisationName } }"),
        )
    ),
    Attack(
        "Query.myJurySessions",
        "not a jury member",
        "{ myJurySessions { id title } }",
        no_variables,
        done(),
    ),
    *(
        Attack(
            "Query.jurySession",
            how,
            "query ($id: ID!) { jurySession(id: $id) "
            "{ __typename ... on JurySession { id title } ... on NotFound { message } } }",
            lambda a, b, id=id: {"id": id},
            not_found(),
        )
        for how, id in (("guessed id", GUESSED_ID), ("malformed id", MALFORMED_ID))
    ),
    Attack(
        "Query.juryAgenda",
        "a session it is not part of",
        "query ($id: ID!) { juryAgenda(sessionId: $id) { dossierId holderName } }",
        lambda a, b: {"id": GUESSED_ID},
        done(),
    ),
    Attack(
        "Query.juryDossier",
        "A's dossier",
        "query ($s: ID!, $d: ID!) { juryDossier(sessionId: $s, dossierId: $d) "
        "{ __typename ... on JuryDossier { holderName evaluations { results } } "
        "... on NotFound { message } } }",
        lambda a, b: {"s": GUESSED_ID, "d": other(a, "dossier")},
        not_found(),
    ),
    # Reading A's decisions as B answers nothing (a decision seen by another organisation
    # is tested in tests/schema/juries/test_jury_integrity_api.py, with a real one)
    Attack(
        "Query.dossierJuryDecisions",
        "A's dossier",
        "query ($d: ID!) { dossierJuryDecisions(dossierId: $d) { id outcome reason } }",
        lambda a, b: {"d": other(a, "dossier")},
        done(),
    ),
    *(
        Attack(
            f"Mutation.{name}",
            "as a tenant",
            f"mutation {{ {name}({argument}) {{ errors {{ code message }} }} }}",
            no_variables,
            denied("FORBIDDEN"),
        )
        for name, argument in (
            (
                "addJuryMember",
                'input: {email: "x@x.fr", fullName: "X", side: EMPLOYER, body: "B", '
                'region: "Bretagne", certificationCodes: ["CLEA"]}',
            ),
            (
                "updateJuryMember",
                f'input: {{id: "{GUESSED_ID}", email: "x@x.fr", fullName: "X", side: EMPLOYER, '
                'body: "B", region: "Bretagne", certificationCodes: ["CLEA"]}',
            ),
            (
                "conveneJurySession",
                'input: {title: "T", certificationCodes: ["CLEA"], region: "Bretagne", '
                'heldOn: "2030-01-01", remote: true}',
            ),
            (
                "inviteJuryMember",
                f'input: {{sessionId: "{GUESSED_ID}", memberId: "{GUESSED_ID}"}}',
            ),
            (
                "recordJuryAttendance",
                f'input: {{sessionId: "{GUESSED_ID}", memberId: "{GUESSED_ID}", present: true}}',
            ),
            ("openJurySession", f'input: {{id: "{GUESSED_ID}"}}'),
            ("addToJuryAgenda", f'input: {{sessionId: "{GUESSED_ID}", dossierIds: []}}'),
            (
                "removeFromJuryAgenda",
                f'input: {{sessionId: "{GUESSED_ID}", dossierId: "{GUESSED_ID}"}}',
            ),
            ("closeJurySession", f'input: {{id: "{GUESSED_ID}"}}'),
            ("retryCertificateIssuance", f'input: {{id: "{GUESSED_ID}"}}'),
            (
                "amendJuryDecision",
                f'input: {{decisionId: "{GUESSED_ID}", outcome: CERTIFIED, reason: "x"}}',
            ),
        )
    ),
    Attack(
        "Mutation.declareJuryConflict",
        "on A's dossier, not a member",
        "mutation ($d: ID!) { declareJuryConflict(input: {sessionId: "
        f'"{GUESSED_ID}", dossierId: $d, reason: "x"}}) {{ errors {{ code message }} }} }}',
        lambda a, b: {"d": other(a, "dossier")},
        refused("NOT_A_MEMBER"),
    ),
    Attack(
        "Mutation.decideJuryDossier",
        "on A's dossier, not a member",
        "mutation ($d: ID!) { decideJuryDossier(input: {sessionId: "
        f'"{GUESSED_ID}", dossierId: $d, outcome: CERTIFIED}}) {{ errors {{ code message }} }} }}',
        lambda a, b: {"d": other(a, "dossier")},
        refused("NOT_FOUND"),
    ),
    # ------------------------------------------------------------------ pathway
    Attack("Query.dossiers", "list", DOSSIERS, no_variables, own(lambda b: other(b, "dossier"))),
    Attack(
        "Query.billableEvents",
        "every organisation's fees",
        'query { billableEvents(since: "2000-01-01", until: "2100-01-01") { organisationName } }',
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.myWork",
        "own work only",
        "{ myWork { dossiersToHandle { id } upcomingSittings { dossier { id } } } }",
        no_variables,
        done(),
    ),
    Attack(
        "Query.dossier", "A's id", DOSSIER, lambda a, b: {"id": other(a, "dossier")}, not_found()
    ),
    Attack("Query.dossier", "guessed id", DOSSIER, lambda a, b: {"id": GUESSED_ID}, not_found()),
    Attack(
        "Query.dossier", "malformed id", DOSSIER, lambda a, b: {"id": MALFORMED_ID}, not_found()
    ),
    Attack(
        "Query.candidate",
        "A's id",
        CANDIDATE,
        lambda a, b: {"id": other(a, "candidate")},
        not_found(),
    ),
    Attack(
        "Query.evaluation",
        "A's id",
        EVALUATION,
        lambda a, b: {"id": other(a, "evaluation")},
        not_found(),
    ),
    Attack(
        "Query.evaluation",
        "own evaluation, its own attestation",
        EVALUATION,
        lambda a, b: {"id": other(b, "evaluation")},
        own(lambda b: str(b.other_rows["partial_attestation"]["reference"])),
    ),
    Attack("Mutation.createCandidate", "own candidate", CREATE_CANDIDATE, no_variables, done()),
    Attack(
        "Mutation.updateCandidate",
        "A's candidate",
        UPDATE_CANDIDATE,
        lambda a, b: {"id": other(a, "candidate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateCandidate",
        "guessed id",
        UPDATE_CANDIDATE,
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateCandidate",
        "malformed id",
        UPDATE_CANDIDATE,
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.openDossier",
        "for A's candidate",
        OPEN_DOSSIER,
        lambda a, b: {"candidate": other(a, "candidate"), "site": b.site_id},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.abandonDossier",
        "A's dossier",
        ABANDON,
        lambda a, b: {"id": other(a, "dossier")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.startEvaluation",
        "on A's dossier",
        START_EVALUATION,
        lambda a, b: {"id": other(a, "dossier")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.planEvaluationSession",
        "in A's evaluation",
        PLAN_SESSION,
        lambda a, b: {
            "id": other(a, "evaluation"),
            "site": b.site_id,
            "evaluator": str(b.admin_user_id),
        },
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.saveEvaluationResults",
        "into A's evaluation",
        SAVE_RESULTS,
        lambda a, b: {"id": other(a, "evaluation")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.saveEvaluationResults",
        "clear a result of A's evaluation",
        CLEAR_RESULT,
        lambda a, b: {"id": other(a, "evaluation")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.recordInformationInterview",
        "with A's candidate",
        RECORD_INTERVIEW,
        lambda a, b: {
            "candidate": other(a, "candidate"),
            "adviser": str(b.other_rows["information_interview"]["adviser_id"]),
        },
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.recordInformationInterview",
        "with A's adviser",
        RECORD_INTERVIEW,
        lambda a, b: {
            "candidate": other(b, "candidate"),
            "adviser": str(a.other_rows["information_interview"]["adviser_id"]),
        },
        refused("INVALID_INTERVIEW"),
    ),
    Attack(
        "Query.informationInterviews",
        "of A's candidate",
        INTERVIEWS,
        lambda a, b: {"candidate": other(a, "candidate")},
        done(),
    ),
    Attack(
        "Query.informationInterviews",
        "of its own candidate",
        INTERVIEWS,
        lambda a, b: {"candidate": other(b, "candidate")},
        own(lambda b: other(b, "information_interview")),
    ),
    Attack(
        "Mutation.setEvaluationProfessionalContext",
        "of A's evaluation",
        SET_PROFESSIONAL_CONTEXT,
        lambda a, b: {"id": other(a, "evaluation")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.closeEvaluation",
        "A's evaluation",
        CLOSE_EVALUATION,
        lambda a, b: {"id": other(a, "evaluation")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.createTrainingPlan",
        "for A's dossier",
        CREATE_PLAN,
        lambda a, b: {"id": other(a, "dossier")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.updateTrainingPlan",
        "A's plan",
        UPDATE_PLAN,
        lambda a, b: {"id": other(a, "training_plan")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.recordTrainingProgress",
        "in A's plan",
        RECORD_PROGRESS,
        lambda a, b: {"id": other(a, "training_plan")},
        refused("NOT_FOUND"),
    ),
    # A training organisation reads and records only the plans that name it (#19).
    Attack(
        "Mutation.recordDeliveredTrainingProgress",
        "in A's plan, which does not name B",
        RECORD_DELIVERED_PROGRESS,
        lambda a, b: {"id": other(a, "training_plan")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.deliveredTrainingPlans",
        "plans of every organisation",
        DELIVERED_PLANS,
        no_variables,
        done(),
    ),
    Attack(
        "Query.trainingOrganisationTrainers",
        "A's trainers, A not accredited for training",
        TRAINING_ORGANISATION_TRAINERS,
        lambda a, b: {"id": str(a.organisation_id)},
        done(),
    ),
    Attack(
        "Query.candidateExport",
        "A's candidate",
        CANDIDATE_EXPORT,
        lambda a, b: {"id": other(a, "candidate")},
        not_found(),
    ),
    Attack(
        "Mutation.transferDossier",
        "A's dossier to B",
        TRANSFER_DOSSIER,
        lambda a, b: {"id": other(a, "dossier"), "siret": b.siret},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.dossiersElsewhere",
        "A's candidate",
        DOSSIERS_ELSEWHERE,
        lambda a, b: {"id": other(a, "candidate")},
        null(),
    ),
    Attack(
        "Mutation.eraseCandidate",
        "A's candidate",
        ERASE_CANDIDATE,
        lambda a, b: {"id": other(a, "candidate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.issuePartialAttestation",
        "for A's evaluation",
        ISSUE_ATTESTATION,
        lambda a, b: {"id": other(a, "evaluation")},
        refused("NOT_FOUND"),
    ),
]

ATTACKS += [
    # ------------------------------------------------------------------ webhooks
    Attack(
        "Query.webhookSubscriptions",
        "list",
        WEBHOOK_SUBSCRIPTIONS,
        no_variables,
        own(lambda b: other(b, "webhook_subscription")),
    ),
    Attack(
        "Query.webhookSubscription",
        "A's id",
        WEBHOOK_SUBSCRIPTION,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        not_found(),
    ),
    Attack(
        "Query.webhookSubscription",
        "malformed id",
        WEBHOOK_SUBSCRIPTION,
        lambda a, b: {"id": MALFORMED_ID},
        not_found(),
    ),
    Attack(
        "Query.webhookDeliveries",
        "A's subscription",
        WEBHOOK_DELIVERIES,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        not_found(),
    ),
    Attack(
        "Query.webhookDeliveries",
        "own subscription, deliveries stay B's",
        WEBHOOK_DELIVERIES,
        lambda a, b: {"id": other(b, "webhook_subscription")},
        own(lambda b: other(b, "webhook_delivery")),
    ),
    Attack(
        "Mutation.updateWebhookSubscription",
        "A's subscription",
        UPDATE_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.deleteWebhookSubscription",
        "A's subscription",
        DELETE_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_subscription")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.replayWebhookDelivery",
        "A's delivery",
        REPLAY_WEBHOOK,
        lambda a, b: {"id": other(a, "webhook_delivery")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.outboxChannels",
        "every organisation's queues",
        "{ outboxChannels { channel pending dead } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.undeliverableWebhookDeliveries",
        "every organisation's deliveries set aside",
        "{ undeliverableWebhookDeliveries(first: 10) { edges { node { id } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.retryWebhookDelivery",
        "A's delivery",
        "mutation ($id: ID!) { retryWebhookDelivery(input: {id: $id}) { queued errors { code } } }",
        lambda a, b: {"id": other(a, "webhook_delivery")},
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ declarations
    Attack(
        "Query.pendingDeclarations",
        "every organisation's certificates",
        PENDING_DECLARATIONS,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.declarationBatches",
        "every organisation's declarations",
        DECLARATION_BATCHES,
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.createDeclarationBatch",
        "declare every organisation's certificates",
        CREATE_DECLARATION_BATCH,
        no_variables,
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ certificates
    Attack(
        "Query.certificates",
        "own certificates only",
        "{ certificates(first: 100) { totalCount edges { node { id number holderName } } } }",
        no_variables,
        own(lambda b: other(b, "certificate")),
    ),
    Attack(
        "Query.certificates",
        "A's dossier as a filter",
        "query ($id: ID!) { certificates(filter: {dossierId: $id}) "
        "{ totalCount edges { node { id } } } }",
        lambda a, b: {"id": other(a, "dossier")},
        done(),
    ),
    Attack(
        "Query.certificateSearch",
        "every organisation's certificates",
        "{ certificateSearch { edges { node { id holderName organisationName } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.paperQueue",
        "every organisation's paper copies",
        "{ paperQueue { id paperAddress } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.revokeCertificate",
        "A's certificate, as a tenant",
        'mutation ($id: ID!) { revokeCertificate(input: {id: $id, reason: "Sabotage"}) '
        "{ certificate { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Query.undeliverableEmails",
        "every tenant's messages set aside, as a tenant",
        "{ undeliverableEmails { totalCount edges { node { id recipient subject } } } }",
        no_variables,
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.retryEmail",
        "a message set aside, guessed, as a tenant",
        "mutation ($id: ID!) { retryEmail(input: {id: $id}) { queued errors { code } } }",
        lambda a, b: {"id": GUESSED_ID},
        denied("FORBIDDEN"),
    ),
    Attack(
        "Mutation.requestPaperCopy",
        "for A's certificate",
        "mutation ($id: ID!) { requestPaperCopy(input: {id: $id}) "
        "{ certificate { id paperAddress } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.requestPaperCopy",
        "malformed id",
        "mutation ($id: ID!) { requestPaperCopy(input: {id: $id}) "
        "{ certificate { id } errors { code message } } }",
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.markPaperSent",
        "A's certificate, as a tenant",
        "mutation ($id: ID!) { markPaperSent(input: {ids: [$id]}) "
        "{ certificates { id } errors { code message } } }",
        lambda a, b: {"id": other(a, "certificate")},
        denied("FORBIDDEN"),
    ),
    # ------------------------------------------------------------------ candidate space
    Attack(
        "Query.candidateSpaceStatus",
        "A's candidate",
        "query ($id: ID!) { candidateSpaceStatus(candidateId: $id) { __typename "
        "... on CandidateSpaceStatus { email invitedAt activatedAt } } }",
        lambda a, b: {"id": other(a, "candidate")},
        not_found(),
    ),
    Attack(
        "Mutation.inviteCandidateToSpace",
        "A's candidate",
        "mutation ($id: ID!) { inviteCandidateToSpace(input: {candidateId: $id}) "
        "{ status { email invitedAt } errors { code message } } }",
        lambda a, b: {"id": other(a, "candidate")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.inviteCandidateToSpace",
        "malformed id",
        "mutation ($id: ID!) { inviteCandidateToSpace(input: {candidateId: $id}) "
        "{ status { email } errors { code message } } }",
        lambda a, b: {"id": MALFORMED_ID},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Query.correctionRequests",
        "B's own list",
        "query { correctionRequests { id candidateName message } }",
        lambda a, b: {},
        done(),
    ),
    Attack(
        "Mutation.resolveCorrectionRequest",
        "guessed id",
        "mutation ($id: ID!) { resolveCorrectionRequest(input: {id: $id}) "
        "{ ok errors { code message } } }",
        lambda a, b: {"id": GUESSED_ID},
        refused("NOT_FOUND"),
    ),
]

ATTACKS += [
    # ------------------------------------------------------------------ statistics
    Attack(
        "Query.statistics",
        "own figures only (B's organisation the one row of the breakdown)",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) { ... on Statistics "
        "{ total { opened } breakdowns { rows { key label opened } } } } }",
        lambda a, b: {
            "f": {
                "openedFrom": str(dt.date.today() - dt.timedelta(days=30)),
                "openedTo": str(dt.date.today() + dt.timedelta(days=1)),
                "breakdowns": ["ORGANISATION"],
            }
        },
        own(lambda b: b.name),
    ),
    Attack(
        "Query.statistics",
        "A's organisation as a filter",
        "query ($f: StatisticsFilterInput!) { statistics(filter: $f) "
        "{ ... on StatisticsRefusal { errors { code message } } } }",
        lambda a, b: {
            "f": {
                "openedFrom": "2020-01-01",
                "openedTo": "2026-12-31",
                "organisationId": str(a.organisation_id),
            }
        },
        refused("OTHER_ORGANISATION"),
    ),
]

ATTACKS += [
    # ------------------------------------------------------------------ imports (exchange)
    Attack(
        "Query.imports",
        "own imports only",
        "{ imports { id filename status } }",
        no_variables,
        own(lambda b: other(b, "import_batch")),
    ),
    Attack(
        "Query.importBatch",
        "A's import and its report",
        "query ($id: ID!) { importBatch(id: $id) { __typename ... on ImportBatch { id filename "
        "problems { row column reason } } ... on NotFound { message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        not_found(),
    ),
    Attack(
        "Mutation.confirmImport",
        "A's import",
        "mutation ($id: ID!) { confirmImport(input: {id: $id}) "
        "{ importBatch { id status } errors { code message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        refused("NOT_FOUND"),
    ),
    Attack(
        "Mutation.discardImport",
        "A's import",
        "mutation ($id: ID!) { discardImport(input: {id: $id}) "
        "{ discardedId errors { code message } } }",
        lambda a, b: {"id": other(a, "import_batch")},
        refused("NOT_FOUND"),
    ),
]

ATTACKERS = ("B's admin (session cookie)", "B's API key (Bearer)")


def attacker_client(tenants: TwoTenants, attacker: str) -> Any:
    return tenants.b.admin if attacker == ATTACKERS[0] else tenants.b.api_key


def attacker_actor(tenants: TwoTenants, attacker: str) -> Actor:
    """The actor the server should resolve for the attacker (to read the rule's verdict)."""
    b = tenants.b
    if attacker == ATTACKERS[0]:
        return Actor(
            user_id=b.admin_user_id,
            session_id=uuid.UUID(b.admin_session_id),
            organisation_id=b.organisation_id,
            roles=frozenset({"org_admin"}),
        )
    return Actor(
        api_key_id=uuid.UUID(b.api_key_id),
        organisation_id=b.organisation_id,
        roles=frozenset({"org_admin"}),
    )


def rule_denial(attack: Attack, actor: Actor) -> str | None:
    return denial_code(attack.field, actor)


def schema_root_fields() -> set[str]:
    """Root fields of ``schema.graphql`` and of the running schema (should they differ)."""
    committed = build_schema((REPO_ROOT / "schema.graphql").read_text(encoding="utf-8"))
    fields = set()
    for sdl in (committed, schema._schema):
        for root in (sdl.query_type, sdl.mutation_type):
            assert root is not None
            fields |= {f"{root.name}.{name}" for name in root.fields}
    return fields


def test_every_root_field_is_attacked_or_declared_not_tenant_data() -> None:
    # Given the root fields of the committed schema
    fields = schema_root_fields()

    # When compared with the attacks and the declared non-tenant fields
    attacked = {attack.field for attack in ATTACKS}

    # Then every field is in exactly one of them, and neither list names a ghost
    assert sorted(fields - attacked - set(NOT_TENANT_DATA)) == [], (
        "New root field(s): add attacks to ATTACKS, or a reason to NOT_TENANT_DATA."
    )
    assert sorted(attacked & set(NOT_TENANT_DATA)) == []
    assert sorted((attacked | set(NOT_TENANT_DATA)) - fields) == []


def assert_nothing_of(tenant: Tenant, body: dict[str, Any]) -> None:
    text = json.dumps(body, ensure_ascii=False)
    leaks = {what: mark for what, mark in tenant.fingerprints().items() if mark and mark in text}
    assert leaks == {}, f"organisation {tenant.label}'s data leaked: {leaks}\n{text}"


def assert_answer(attack: Attack, expect: Expect, body: dict[str, Any], b: Tenant) -> None:
    errors = body.get("errors") or []
    if expect.kind == "denied":
        codes = {(error.get("extensions") or {}).get("code") for error in errors}
        assert codes == set(expect.codes), body
        assert (body.get("data") or {}).get(attack.root) is None, body
        return
    assert errors == [], body
    answer = body["data"][attack.root]
    if expect.kind == "null":
        assert answer is None, body
    elif expect.kind == "not_found":
        assert answer["__typename"] == "NotFound", body
    elif expect.kind == "refused":
        assert answer["errors"], body
        assert {error["code"] for error in answer["errors"]} <= expect.codes, body
        results = {k: v for k, v in answer.items() if k not in ("errors", "ok")}
        assert all(value is None for value in results.values()), body
        assert answer.get("ok") in (None, False), body
    elif expect.kind == "own":
        assert expect.own is not None
        assert expect.own(b) in json.dumps(answer, ensure_ascii=False), body
    elif expect.kind == "ok" and isinstance(answer, dict) and "errors" in answer:
        assert answer["errors"] == [], body


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("attack", ATTACKS, ids=str)
async def test_b_gets_nothing_of_a_and_changes_nothing_of_a(
    app: Any, tenants: TwoTenants, attack: Attack, attacker: str
) -> None:
    if attack.leaves_a_s_addresses_in_b:
        # the tests pass in any order: the shared B must not keep A's addresses
        fresh = await _build_tenant(app, "B", hash_password(PASSWORD))
        tenants = TwoTenants(a=tenants.a, b=fresh, sessions=tenants.sessions)
        try:
            await attack_a(app, tenants, attack, attacker)
        finally:
            await fresh.admin.aclose()
            await fresh.api_key.aclose()
    else:
        await attack_a(app, tenants, attack, attacker)


async def attack_a(app: Any, tenants: TwoTenants, attack: Attack, attacker: str) -> None:
    a, b = tenants.a, tenants.b
    # Given A's rows as they are
    before = await snapshot(tenants.sessions, a)

    # When B sends the operation, aimed at A
    body = await post(attacker_client(tenants, attacker), attack.document, **attack.variables(a, b))
    await app.state.mailer.drain()  # an invitation's email goes out before the next step

    # Then B is refused (as the permission rule says, or "not found"), or gets its own data
    denial = rule_denial(attack, attacker_actor(tenants, attacker))
    expect = denied(denial) if denial else attack.expect
    assert_answer(attack, expect, body, b)
    # And nothing of A's is in the answer
    assert_nothing_of(a, body)
    # And A's rows, people, sessions and audit log are unchanged
    assert await snapshot(tenants.sessions, a) == before


async def test_b_still_acts_normally_after_the_attacks(tenants: TwoTenants) -> None:
    # Given the attacks above (B's session and key must not have been revoked by them)
    b = tenants.b
    # When B reads its own organisation
    for http in (b.admin, b.api_key):
        body = await post(http, ORGANISATION, id=str(b.organisation_id))
        # Then it gets it: the refusals were about A, not a broken client
        assert body["data"]["organisation"]["id"] == str(b.organisation_id), body


async def test_the_viewer_of_b_shows_nothing_of_a(tenants: TwoTenants) -> None:
    # Given B's admin and B's API key
    query = """
    { viewer { user { id email } memberships { id organisation { id name sites { id siret } } }
               activeOrganisation { id name sites { id siret } } activeRoles } }
    """
    for http in (tenants.b.admin, tenants.b.api_key):
        # When they ask who they are
        body = await post(http, query)
        # Then the answer is about B only
        assert "errors" not in body, body
        assert body["data"]["viewer"]["activeOrganisation"]["id"] == str(tenants.b.organisation_id)
        assert_nothing_of(tenants.a, body)


async def test_login_options_publish_a_name_and_slug_but_no_oidc_settings(
    tenants: TwoTenants,
) -> None:
    # Given A offers login through its own identity provider
    a = tenants.a
    # When anyone lists the login options
    body = await post(
        tenants.b.admin, "{ loginOptions { organisationName organisationSlug loginUrl } }"
    )
    # Then A appears with its public name and slug only
    assert {"organisationName": a.name, "organisationSlug": a.slug} in [
        {k: v for k, v in option.items() if k != "loginUrl"}
        for option in body["data"]["loginOptions"]
    ]
    text = json.dumps(body, ensure_ascii=False)
    for secret in (str(a.organisation_id), a.oidc_issuer, a.oidc_client_id, a.siren):
        assert secret not in text


async def test_an_invitation_token_that_does_not_exist_previews_nothing(
    tenants: TwoTenants,
) -> None:
    # When B guesses invitation tokens
    for token in (unique("jeton"), a_like_token(tenants.a)):
        body = await post(
            tenants.b.admin,
            "query ($t: String!) { invitationPreview(token: $t) { __typename "
            "... on InvitationPreview { organisationName email } } }",
            t=token,
        )
        # Then nothing is previewed
        assert body["data"]["invitationPreview"] == {"__typename": "NotFound"}, body


def a_like_token(a: Tenant) -> str:
    # An ID is not a token: the invitation's ID must not open it.
    return a.invitation_id


async def test_the_staff_list_holds_the_active_organisations_evaluators_and_trainers_only(
    app: Any, tenants: TwoTenants
) -> None:
    a, b = tenants.a, tenants.b
    # Given Nadia, trainer at A and evaluator at B, and Marc, evaluator at A only
    names = {label: f"{label} {unique('personnel')}" for label in ("Nadia", "Marc")}
    async with app.state.sessions.begin() as session:
        nadia, _ = await add_person(
            session,
            f"{unique('nadia')}@isolation.example",
            names["Nadia"],
            hash_password(PASSWORD),
            memberships=[(a.organisation_id, ["trainer"]), (b.organisation_id, ["evaluator"])],
        )
        marc, _ = await add_person(
            session,
            f"{unique('marc')}@isolation.example",
            names["Marc"],
            hash_password(PASSWORD),
            memberships=[(a.organisation_id, ["evaluator"])],
        )
    nadia_http = await logged_in_client(app, nadia.email)
    switched = await post(
        nadia_http,
        "mutation ($id: ID) { switchOrganisation(input: {organisationId: $id}) "
        "{ errors { code } } }",
        id=str(b.organisation_id),
    )
    assert switched["data"]["switchOrganisation"]["errors"] == []
    try:
        before = await snapshot(tenants.sessions, a)
        for http in (b.admin, b.api_key, nadia_http):
            # When B's admin, B's API key and Nadia (acting for B) list B's staff
            everyone = await post(http, STAFF)
            trainers = await post(http, "{ organisationStaff(role: TRAINER) { id } }")

            # Then Nadia is there as B's evaluator, never as A's trainer; Marc is not there
            assert everyone["data"]["organisationStaff"] == [
                {"id": str(nadia.id), "displayName": names["Nadia"], "roles": ["EVALUATOR"]}
            ], everyone
            assert trainers["data"]["organisationStaff"] == [], trainers
            assert str(marc.id) not in json.dumps(everyone)
            assert_nothing_of(a, everyone)
        assert await snapshot(tenants.sessions, a) == before
    finally:
        await nadia_http.aclose()
