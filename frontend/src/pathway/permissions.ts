import type { Role } from "../gql/graphql";
import type { Viewer } from "../auth/session";

/**
 * What the viewer may do on the pathway, from their roles in the active
 * organisation (the API enforces the same rules; these only hide buttons).
 */
function hasAny(viewer: Viewer | null | undefined, roles: readonly Role[]): boolean {
  if (!viewer?.activeOrganisation) return false;
  return viewer.activeRoles.some((role) => roles.includes(role));
}

/** Any role in the active organisation: may read dossiers. */
export function isOrganisationMember(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer?.activeOrganisation && viewer.activeRoles.length > 0);
}

/** createCandidate, openDossier, abandonDossier. */
export function canManageDossiers(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["ADVISER", "ORG_ADMIN"]);
}

/** startEvaluation, planEvaluationSession, issuePartialAttestation. */
export function canStartEvaluation(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["ADVISER", "ORG_ADMIN", "EVALUATOR"]);
}

/** saveEvaluationResults, closeEvaluation. */
export function canEvaluate(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["EVALUATOR"]);
}

/** createTrainingPlan, updateTrainingPlan, recordTrainingProgress. */
/** A trainer of the active organisation (the « dossiers que je forme » filter). */
export function isTrainer(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["TRAINER"]);
}

export function canEditTrainingPlan(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["TRAINER", "ADVISER", "ORG_ADMIN"]);
}

/** organisationStaff: whom to choose as evaluator or trainer (not viewers). */
export function canReadStaff(viewer: Viewer | null | undefined): boolean {
  return hasAny(viewer, ["ORG_ADMIN", "ADVISER", "EVALUATOR", "TRAINER"]);
}
