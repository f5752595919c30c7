import { formatDay } from "../../components/format";
import { stripSpaces, validateSiret } from "../../forms/validation";
import type { TrainingPlanFieldsFragment, TrainingPlanQuery } from "../../gql/graphql";
import { dayError } from "../../components/dates";
import type { FlatItem } from "../../referentiel/tree";

/** The dossier as the training plan page reads it (`dossier` found, not `NotFound`). */
export type PlanDossier = Extract<TrainingPlanQuery["dossier"], { __typename: "Dossier" }>;

export interface Objective {
  itemCode: string;
  objective: string;
}

/** What the plan form edits, before it is sent (`updateTrainingPlan`). */
export interface PlanDraft {
  objectives: Objective[];
  hours: Record<string, number | "">;
  otherOrganisation: boolean;
  /** An accredited training organisation (a tenant), picked from the directory. */
  accreditedOrganisation: boolean;
  trainingOrganisationId: string;
  trainingSiret: string;
  trainingOrganisationName: string;
  trainerName: string;
  trainerId: string;
  startsOn: string;
  endsOn: string;
  financing: string;
}

export const PLAN_FIELDS = [
  "objectives",
  "hoursByDomain",
  "trainingOrganisationId",
  "trainingSiret",
  "trainingOrganisationName",
  "startsOn",
  "endsOn",
  "trainerId",
  "financing",
] as const;

export type PlanErrors = Partial<Record<(typeof PLAN_FIELDS)[number], string>>;

/** Planned hours per domain from the JSON field (numbers only). */
export function hoursOf(json: unknown): Record<string, number> {
  const hours: Record<string, number> = {};
  if (json && typeof json === "object") {
    for (const [code, value] of Object.entries(json as Record<string, unknown>)) {
      const n = typeof value === "number" ? value : Number(value);
      if (Number.isFinite(n)) hours[code] = n;
    }
  }
  return hours;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The domains (top-level codes) holding at least one of the objectives: those that get hours. */
export function trainedDomains(items: readonly FlatItem[], objectives: readonly Objective[]): Set<string> {
  const parents = new Map(items.map((item) => [item.code, item.parentCode ?? null]));
  const domains = new Set<string>();
  for (const { itemCode } of objectives) {
    let code = itemCode;
    for (let parent = parents.get(code); parent; parent = parents.get(code)) code = parent;
    domains.add(code);
  }
  return domains;
}

/** The draft of a stored plan; objectives in référentiel order (`byOrder`). */
export function draftOf(
  plan: TrainingPlanFieldsFragment,
  dossier: PlanDossier,
  byOrder: (a: string, b: string) => number,
): PlanDraft {
  return {
    objectives: [...plan.objectives].sort((a, b) => byOrder(a.itemCode, b.itemCode)).map((o) => ({ ...o })),
    hours: hoursOf(plan.hoursByDomain),
    otherOrganisation: !plan.trainingOrganisationId && plan.trainingSiret !== "",
    accreditedOrganisation: Boolean(plan.trainingOrganisationId),
    trainingOrganisationId: plan.trainingOrganisationId ?? "",
    trainingSiret: plan.trainingSiret,
    trainingOrganisationName: plan.trainingOrganisationName,
    trainerName: plan.trainerName,
    trainerId: plan.trainerId ?? "",
    startsOn: plan.startsOn ?? "",
    endsOn: plan.endsOn ?? "",
    financing: plan.financing || dossier.financing,
  };
}

/** The problems the form can tell before sending (the server checks them again). */
export function validateDraft(draft: PlanDraft, windowEndsOn: string | null): PlanErrors {
  const found: PlanErrors = {};
  if (draft.objectives.length === 0) found.objectives = "Le plan doit viser au moins un item.";
  if (Object.values(draft.hours).some((h) => typeof h === "number" && (h < 0 || h > 2000))) {
    found.hoursByDomain = "Les heures prévues par domaine vont de 0 à 2 000.";
  }
  if (draft.accreditedOrganisation && !draft.trainingOrganisationId) {
    found.trainingOrganisationId = "Choisissez l’organisme de formation habilité.";
  }
  if (draft.otherOrganisation) {
    const siret = validateSiret(draft.trainingSiret);
    if (siret) found.trainingSiret = siret;
    if (!draft.trainingOrganisationName.trim()) {
      found.trainingOrganisationName = "Indiquez le nom de l’organisme de formation.";
    }
  }
  const startsOnError = dayError(draft.startsOn);
  const endsOnError = dayError(draft.endsOn);
  if (startsOnError) found.startsOn = startsOnError;
  if (endsOnError) found.endsOn = endsOnError;
  else if (!startsOnError && draft.startsOn && draft.endsOn && draft.endsOn < draft.startsOn) {
    found.endsOn = "La date de fin de formation doit suivre la date de début.";
  } else if (draft.endsOn && windowEndsOn && draft.endsOn > windowEndsOn) {
    found.endsOn = `La formation doit finir avant la fin du délai du dossier (${formatDay(windowEndsOn)}).`;
  }
  return found;
}

/** The variables of `updateTrainingPlan` for this draft, from the revision loaded. */
export function planVariables(plan: TrainingPlanFieldsFragment, draft: PlanDraft, trained?: ReadonlySet<string>) {
  const hoursByDomain: Record<string, number> = {};
  for (const [domain, value] of Object.entries(draft.hours)) {
    // Hours go to the domains the plan trains in (an objective removed takes its domain's hours).
    if (typeof value === "number" && (!trained || trained.has(domain))) hoursByDomain[domain] = value;
  }
  const other = draft.otherOrganisation;
  const accredited = draft.accreditedOrganisation;
  return {
    planId: plan.id,
    revision: plan.revision,
    objectives: draft.objectives.map((o) => ({ itemCode: o.itemCode, objective: o.objective.trim() })),
    hoursByDomain,
    trainerId: other ? null : draft.trainerId || null,
    trainingOrganisationId: accredited ? draft.trainingOrganisationId || null : null,
    trainerName: draft.trainerName.trim(),
    trainingSiret: other ? stripSpaces(draft.trainingSiret) : "",
    trainingOrganisationName: other ? draft.trainingOrganisationName.trim() : "",
    startsOn: draft.startsOn || null,
    endsOn: draft.endsOn || null,
    financing: draft.financing,
  };
}
