"""Organisation B's attacks on organisation A, one table per part of the API, and the root
fields that hold no tenant data (see ``test_graphql_isolation.py``)."""

from __future__ import annotations

from tests.isolation.attacks import accreditations_and_juries, identity, outward, pathway
from tests.isolation.attacks.kit import Attack

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
    "Query.followUpQuestionnaire": "keyed by a secret e-mailed link, not by an ID; shows "
    "nothing personal (tests/follow_up covers a wrong or another's link)",
    "Mutation.requestAnnualReport": "renders the caller's own figures (their scope); takes "
    "no ID (tests/statistics/test_annual_report_job.py: another's report stays unseen)",
    "Mutation.answerFollowUp": "keyed by a secret e-mailed single-use link, not by an ID",
    "Query.candidateSpace": "candidates only (B's staff are refused); a candidate's reach is "
    "tested in tests/candidate_space/test_candidate_isolation.py",
    "Query.candidateDataExport": "candidates only; see tests/candidate_space",
    "Query.candidateDataAccesses": "candidates only; see tests/candidate_space",
    "Mutation.requestDataCorrection": "candidates only; see tests/candidate_space",
    "Mutation.requestMyPaperCopy": "candidates only; see tests/candidate_space",
    "Mutation.createWalletOffer": "candidates only; see tests/candidate_space/test_wallet.py",
    "Query.professionalSectors": "INSEE's NAF sections: a public reference list, no tenant data",
    "Query.webhookEventTypes": "the static catalogue of event types, the same for all",
    "Mutation.createWebhookSubscription": "creates in the caller's organisation; takes no ID",
    "Query.referentielVersions": "référentiel versions are the platform's, no tenant's",
    "Mutation.previewReferentielVersion": "reads a file and the published référentiel",
    "Mutation.importReferentielVersion": "stores a platform-wide référentiel draft",
    "Mutation.publishReferentielVersion": "platform-wide référentiel versions; no tenant data",
    "Mutation.discardReferentielVersion": "platform-wide référentiel versions; no tenant data",
}


ATTACKS: list[Attack] = [
    *identity.ATTACKS,
    *accreditations_and_juries.ATTACKS,
    *pathway.ATTACKS,
    *outward.ATTACKS,
]
