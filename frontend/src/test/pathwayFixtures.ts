import type {
  PathwayChoicesQuery,
  PathwayReferentielQuery,
  TrainingPlanFieldsFragment,
  TrainingPlanQuery,
} from "../gql/graphql";
import type { Fixture } from "./schemaTypes";
import { cleaItems, cleaLevels } from "./fixtures";

// Fixtures of the candidate pathway screens (CléA dossier "d1" of Léa Dupont).

export const LEA = {
  __typename: "Candidate",
  id: "cand-1",
  civility: "MADAME" as const,
  birthName: "Dupont",
  usageName: "",
  firstNames: "Léa",
  anonymised: false,
  birthDate: "1990-04-12",
};

/** `Certification.scale` of CléA (and CléA Management). */
export const BINARY_SCALE = {
  __typename: "ResultScale",
  kind: "CHOICE" as const,
  choices: [
    { __typename: "ResultScaleChoice", value: "acquis", label: "Acquis", acquired: true },
    { __typename: "ResultScaleChoice", value: "non_acquis", label: "Non acquis", acquired: false },
  ],
  minimum: null,
  maximum: null,
  acquiredFrom: null,
  summary: "Résultat par item : « Acquis » ou « Non acquis » ; compte comme acquis : « Acquis ».",
};

/** `Certification.scale` of CléA numérique. */
export const PERCENT_SCALE = {
  __typename: "ResultScale",
  kind: "PERCENT" as const,
  choices: [] as { value: string; label: string; acquired: boolean }[],
  minimum: 0,
  maximum: 100,
  acquiredFrom: 75,
  summary: "Score par item : un pourcentage entier de 0 à 100 ; acquis à partir de 75 %.",
};

export const choicesData = {
  certifications: [
    {
      __typename: "Certification",
      code: "CLEA",
      title: "CléA",
      limits: {
        __typename: "CertificationLimits",
        initialEvaluationMaxMinutes: 420,
        finalEvaluationMaxMinutes: 180,
        trainingWindowYears: 5,
      },
      scale: BINARY_SCALE,
    },
    {
      __typename: "Certification",
      code: "CLEA_NUMERIQUE",
      title: "CléA numérique",
      limits: {
        __typename: "CertificationLimits",
        initialEvaluationMaxMinutes: 420,
        finalEvaluationMaxMinutes: 180,
        trainingWindowYears: 5,
      },
      scale: PERCENT_SCALE,
    },
  ],
  sites: [
    { __typename: "Site", id: "site-1", name: "Lille centre", city: "Lille" },
    { __typename: "Site", id: "site-2", name: "Roubaix", city: "Roubaix" },
  ],
} satisfies Fixture<PathwayChoicesQuery>;

export function pathwayReferentielData(code = "CLEA") {
  return {
    referentiel: {
      __typename: "ReferentielVersion",
      id: "v1",
      certificationCode: code,
      version: "2021-transcription-1",
      scoring: { scale: ["acquis", "non acquis"] },
      levels: cleaLevels.map(({ depth, name, count }) => ({ __typename: "ReferentielLevel", depth, name, count })),
      items: cleaItems.map((item) => ({ __typename: "ReferentielItem", ...item, parentCode: item.parentCode ?? null })),
    },
  } satisfies Fixture<PathwayReferentielQuery>;
}

/** Leaves of the CléA fixture: 1.1.1, 1.1.2, 1.2.1, 2.1.1. */
export const CLEA_LEAVES = ["1.1.1", "1.1.2", "1.2.1", "2.1.1"];

interface EvaluationOptions {
  id?: string;
  kind?: "INITIAL" | "FINAL";
  status?: "OPEN" | "CLOSED";
  revision?: number;
  targetItems?: string[];
  results?: { itemCode: string; value: string; comment?: string; changedInRevision?: number }[];
  outcome?: unknown;
  closedAt?: string | null;
  professionalContext?: string;
  partialAttestation?: { id: string; reference: string; issuedAt: string; downloadUrl: string } | null;
}

export function evaluationFixture({
  id = "eval-1",
  kind = "INITIAL",
  status = "OPEN",
  revision = 3,
  targetItems = CLEA_LEAVES,
  results = [],
  outcome = null,
  closedAt = null,
  professionalContext = "",
  partialAttestation = null,
}: EvaluationOptions = {}) {
  return {
    __typename: "Evaluation",
    id,
    dossierId: "d1",
    kind,
    status,
    revision,
    targetItems,
    closedAt,
    outcome,
    professionalContext,
    partialAttestation: partialAttestation ? { __typename: "PartialAttestationType", ...partialAttestation } : null,
    sessions: [],
    results: results.map((r) => ({
      __typename: "ItemResult",
      itemCode: r.itemCode,
      value: r.value,
      comment: r.comment ?? "",
      changedInRevision: r.changedInRevision ?? 1,
    })),
  };
}

interface DossierOptions {
  certificationCode?: string;
  status?: string;
  revision?: number;
  allowedStatuses?: string[];
  evaluations?: ReturnType<typeof evaluationFixture>[];
  trainingPlan?: { id: string; revision: number } | null;
  windowEndsOn?: string | null;
}

const ALLOWED: Record<string, string[]> = {
  OPENED: ["ABANDONED", "INITIAL_EVALUATION"],
  INITIAL_EVALUATION: ["ABANDONED", "READY_FOR_JURY", "TRAINING"],
  TRAINING: ["ABANDONED", "EXPIRED", "FINAL_EVALUATION"],
  FINAL_EVALUATION: ["ABANDONED", "EXPIRED", "READY_FOR_JURY", "TRAINING"],
  READY_FOR_JURY: ["ABANDONED", "EXPIRED", "SUBMITTED_TO_JURY"],
  CERTIFIED: [],
  ABANDONED: [],
  EXPIRED: ["ABANDONED", "INITIAL_EVALUATION"],
};

const LABELS: Record<string, string> = {
  OPENED: "ouvert",
  INITIAL_EVALUATION: "évaluation préalable",
  TRAINING: "en formation",
  FINAL_EVALUATION: "évaluation finale",
  READY_FOR_JURY: "prêt pour le jury",
  CERTIFIED: "certifié",
  ABANDONED: "abandonné",
  EXPIRED: "expiré",
};

export function dossierFixture({
  certificationCode = "CLEA",
  status = "OPENED",
  revision = 1,
  allowedStatuses,
  evaluations = [],
  trainingPlan = null,
  windowEndsOn = null,
}: DossierOptions = {}) {
  return {
    __typename: "Dossier",
    id: "d1",
    certificationCode,
    status,
    statusLabel: LABELS[status] ?? status,
    revision,
    siteId: "site-1",
    prescriberType: "FRANCE_TRAVAIL",
    prescriberName: "Agence de Lille",
    financing: "CPF",
    openedAt: "2025-03-01T09:30:00Z",
    windowEndsOn,
    informationInterview: {
      __typename: "InformationInterview",
      heldOn: "2025-03-01",
      adviserName: "Camille Martin",
      outcome: "ORIENTED",
      note: "",
    },
    allowedStatuses: allowedStatuses ?? ALLOWED[status] ?? [],
    candidate: { ...LEA },
    progress: { __typename: "GridProgress", evaluated: 0, total: 0 },
    timeline: [
      {
        __typename: "DossierEvent",
        occurredAt: "2025-03-01T09:30:00Z",
        actorLabel: "Camille Martin",
        kind: "opened",
        fromStatus: null,
        toStatus: "OPENED",
        comment: "",
      },
    ],
    evaluations,
    trainingPlan: trainingPlan ? { __typename: "TrainingPlan", ...trainingPlan } : null,
  };
}

export function trainingPlanFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: "TrainingPlan",
    id: "plan-1",
    revision: 2,
    trainingOrganisationId: null as string | null,
    trainingOrganisationLabel: "organisme non habilité",
    trainingSiret: "",
    trainingOrganisationName: "",
    trainerId: null,
    trainerName: "",
    startsOn: null,
    endsOn: null,
    financing: "",
    hoursByDomain: { "1": 10 },
    objectives: [
      { __typename: "TrainingObjectiveType", itemCode: "1.1.2", objective: "Acquérir : Comprendre une consigne", status: "IN_PROGRESS" as const, statusLabel: "en cours" },
      { __typename: "TrainingObjectiveType", itemCode: "2.1.1", objective: "Acquérir : Effectuer des calculs simples", status: "TO_DO" as const, statusLabel: "à faire" },
    ],
    progress: [],
    ...overrides,
  } satisfies Fixture<TrainingPlanFieldsFragment>;
}

export function trainingPlanDossier(plan: ReturnType<typeof trainingPlanFixture> | null = trainingPlanFixture()) {
  return {
    dossier: {
      __typename: "Dossier",
      id: "d1",
      certificationCode: "CLEA",
      status: "TRAINING",
      statusLabel: "en formation",
      financing: "CPF",
      windowEndsOn: "2030-03-01",
      candidate: { ...LEA },
      trainingPlan: plan,
    },
  } satisfies Fixture<TrainingPlanQuery>;
}

const STAFF = [
  { __typename: "StaffMember", id: "user-1", displayName: "Camille Martin", roles: ["EVALUATOR"] },
  { __typename: "StaffMember", id: "user-2", displayName: "Nora Haddad", roles: ["EVALUATOR", "TRAINER"] },
  { __typename: "StaffMember", id: "user-3", displayName: "Paul Martin", roles: ["TRAINER"] },
];

/** `organisationStaff(role)`: Camille (viewer) and Nora evaluate; Nora and Paul train. */
export function staffData(variables: { role?: unknown }) {
  const role = typeof variables.role === "string" ? variables.role : null;
  return { data: { organisationStaff: STAFF.filter((person) => !role || person.roles.includes(role)) } };
}
