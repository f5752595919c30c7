import type {
  Civility,
  DossierStatus,
  EducationLevel,
  EvaluationKind,
  Financing,
  PrescriberType,
  InterviewOutcome,
  RegistrationStatus,
} from "../gql/graphql";

/** Every status, in pathway order (tabs of the dossier list). */
export const STATUS_ORDER: readonly DossierStatus[] = [
  "OPENED",
  "INITIAL_EVALUATION",
  "TRAINING",
  "FINAL_EVALUATION",
  "READY_FOR_JURY",
  "SUBMITTED_TO_JURY",
  "CERTIFIED",
  "NOT_CERTIFIED",
  "ABANDONED",
  "EXPIRED",
];

/** French status labels (same wording as the API's `statusLabel`). */
export const STATUS_LABELS: Record<DossierStatus, string> = {
  OPENED: "ouvert",
  INITIAL_EVALUATION: "évaluation préalable",
  TRAINING: "en formation",
  FINAL_EVALUATION: "évaluation finale",
  READY_FOR_JURY: "prêt pour le jury",
  SUBMITTED_TO_JURY: "soumis au jury",
  CERTIFIED: "certifié",
  NOT_CERTIFIED: "non certifié",
  ABANDONED: "abandonné",
  EXPIRED: "expiré",
};

/** Filled badge colours, dark enough for white text (WCAG AA). */
export const STATUS_COLORS: Record<DossierStatus, string> = {
  OPENED: "blue.9",
  INITIAL_EVALUATION: "indigo.9",
  TRAINING: "warning.9",
  FINAL_EVALUATION: "violet.9",
  READY_FOR_JURY: "teal.9",
  SUBMITTED_TO_JURY: "cyan.9",
  CERTIFIED: "#1e6b30",
  NOT_CERTIFIED: "red.9",
  ABANDONED: "gray.8",
  EXPIRED: "gray.7",
};

/** What the list suggests doing next, per status. */
export const NEXT_STEP_LABELS: Record<DossierStatus, string> = {
  OPENED: "Commencer l’évaluation préalable",
  INITIAL_EVALUATION: "Saisir et clore l’évaluation préalable",
  TRAINING: "Suivre le plan de formation, puis l’évaluation finale",
  FINAL_EVALUATION: "Saisir et clore l’évaluation finale",
  READY_FOR_JURY: "Présenter le dossier au jury",
  SUBMITTED_TO_JURY: "Attendre la décision du jury",
  CERTIFIED: "Aucune (certifié)",
  NOT_CERTIFIED: "Reprendre une formation ou abandonner",
  ABANDONED: "Aucune (abandonné)",
  EXPIRED: "Nouvelle évaluation préalable",
};

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("fr") + text.slice(1);
}

export function statusLabel(status: DossierStatus | string | null | undefined): string {
  if (!status) return "—";
  return STATUS_LABELS[status as DossierStatus] ?? status;
}

export const CIVILITY_LABELS: Record<Civility, string> = {
  MADAME: "Madame",
  MONSIEUR: "Monsieur",
};

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  EMPLOYEE: "Salarié",
  JOBSEEKER: "Demandeur d’emploi",
  YOUNG_MISSION_LOCALE: "Jeune suivi par une mission locale",
  OTHER: "Autre",
};

export const EDUCATION_LEVEL_LABELS: Record<EducationLevel, string> = {
  NONE: "Sans diplôme (niveaux 1 et 2)",
  CAP_BEP: "CAP, BEP (niveau 3)",
  BAC: "Baccalauréat (niveau 4)",
  BAC_2: "Bac + 2 (niveau 5)",
  BAC_3_PLUS: "Bac + 3 et plus (niveau 6 et plus)",
};

export const PRESCRIBER_LABELS: Record<PrescriberType, string> = {
  SELF: "Démarche personnelle",
  EMPLOYER: "Employeur",
  CEP_ADVISER: "Conseiller en évolution professionnelle (CEP)",
  FRANCE_TRAVAIL: "France Travail",
  REGION: "Région",
  MISSION_LOCALE: "Mission locale",
  OPCO: "OPCO",
  STAFF_REPRESENTATIVE: "Représentant du personnel ou syndical",
  PROFESSIONAL_BRANCH: "Branche professionnelle",
  OTHER: "Autre",
};

export const INTERVIEW_OUTCOME_LABELS: Record<InterviewOutcome, string> = {
  ORIENTED: "Orienté vers la certification",
  OTHER_ORIENTATION: "Autre orientation",
  DEFERRED: "Décision reportée",
};

export const FINANCING_LABELS: Record<Financing, string> = {
  CPF: "Compte personnel de formation (CPF)",
  PRO_A: "Pro-A (reconversion ou promotion par alternance)",
  POE: "Préparation opérationnelle à l’emploi (POE)",
  SKILLS_DEVELOPMENT_PLAN: "Plan de développement des compétences",
  PROFESSIONALISATION_CONTRACT: "Contrat de professionnalisation",
  OTHER: "Autre",
};

export const EVALUATION_KIND_LABELS: Record<EvaluationKind, string> = {
  INITIAL: "Évaluation préalable",
  FINAL: "Évaluation finale",
};

/** `{ value, label }` options for a Select, in the labels' order. */
export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export interface CandidateNameLike {
  birthName: string;
  usageName: string;
  firstNames: string;
  anonymised: boolean;
}

/** "Prénom NOM" with the usage name when there is one; "Candidat anonymisé" after erasure. */
export function candidateName(candidate: CandidateNameLike | null | undefined): string {
  if (!candidate) return "Candidat inconnu";
  if (candidate.anonymised) return "Candidat anonymisé";
  const last = candidate.usageName.trim() || candidate.birthName.trim();
  return [candidate.firstNames.trim(), last.toLocaleUpperCase("fr")].filter(Boolean).join(" ");
}

interface TimelineEventLike {
  kind: string;
  fromStatus?: DossierStatus | null;
  toStatus?: DossierStatus | null;
}

/** A timeline line in French ("Évaluation préalable commencée", …). */
export function describeEvent(event: TimelineEventLike): string {
  const { kind, fromStatus, toStatus } = event;
  if (kind === "opened") return "Dossier ouvert";
  if (kind === "transfer") return "Dossier transféré à un autre organisme";
  if (kind === "training_plan") return "Plan de formation";
  if (kind === "attestation") return "Attestation des compétences acquises délivrée";
  if (kind === "transition" && toStatus) {
    switch (toStatus) {
      case "INITIAL_EVALUATION":
        return fromStatus === "EXPIRED"
          ? "Nouvelle évaluation préalable commencée"
          : "Évaluation préalable commencée";
      case "TRAINING":
        if (fromStatus === "INITIAL_EVALUATION") return "Évaluation préalable close : formation à suivre";
        if (fromStatus === "FINAL_EVALUATION") return "Évaluation finale close : formation à poursuivre";
        return "Retour en formation";
      case "FINAL_EVALUATION":
        return "Évaluation finale commencée";
      case "READY_FOR_JURY":
        if (fromStatus === "INITIAL_EVALUATION") return "Évaluation préalable close : tout est acquis, prêt pour le jury";
        if (fromStatus === "FINAL_EVALUATION") return "Évaluation finale close : prêt pour le jury";
        return "Prêt pour le jury";
      case "SUBMITTED_TO_JURY":
        return "Soumis au jury";
      case "CERTIFIED":
        return "Certifié par le jury";
      case "NOT_CERTIFIED":
        return "Non certifié par le jury";
      case "ABANDONED":
        return "Dossier abandonné";
      case "EXPIRED":
        return "Dossier expiré (délai dépassé)";
      case "OPENED":
        return "Dossier ouvert";
    }
  }
  if (fromStatus || toStatus) {
    return `Statut : ${statusLabel(fromStatus)} → ${statusLabel(toStatus)}`;
  }
  return kind;
}
