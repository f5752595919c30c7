"""The GraphQL operations the attacks send, with A's IDs in their variables."""

from __future__ import annotations

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
SET_NETWORK_HEAD = """
mutation ($id: ID!) {
  setOrganisationNetworkHead(input: {organisationId: $id, network: GRETA}) {
    organisation { id headsNetwork } errors { code message }
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
CANDIDATES = (
    "{ candidates(first: 100, order: NAME_DESC) { totalCount "
    "edges { node { candidate { id birthName } dossiers { id } } } } }"
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
OPEN_DOSSIER_WITH_INTERVIEW = """
mutation ($candidate: ID!, $site: ID!, $adviser: ID!) { openDossier(input: {
  candidateId: $candidate, certificationCode: "CLEA", siteId: $site, prescriberType: SELF,
  financing: CPF, consent: true, interview: {heldOn: "2026-01-05", adviserId: $adviser}})
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
SET_OBJECTIVE_STATUS = """
mutation ($id: ID!) { setTrainingObjectiveStatus(input: {planId: $id, itemCode: "1.1.1",
  status: REACHED}) { trainingPlan { id objectives { itemCode status } }
  errors { code field message } } }
"""
SET_DELIVERED_OBJECTIVE_STATUS = """
mutation ($id: ID!) { setDeliveredTrainingObjectiveStatus(input: {planId: $id, itemCode: "1.1.1",
  status: REACHED}) { deliveredPlan { id objectives { itemCode status } }
  errors { code field message } } }
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
