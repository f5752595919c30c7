import type { JuryProblemCode, Outcome, SessionStatus, Side } from "../gql/graphql";

/** Employer or employee representative. */
export const SIDE_LABELS: Record<Side, string> = {
  EMPLOYER: "Représentant des employeurs",
  EMPLOYEE: "Représentant des salariés",
};

/** Short form, in tables. */
export const SIDE_SHORT_LABELS: Record<Side, string> = {
  EMPLOYER: "Employeurs",
  EMPLOYEE: "Salariés",
};

export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  CONVENED: "Convoquée",
  OPEN: "Ouverte",
  CLOSED: "Close",
};

/** Filled badge colours, dark enough for white text (WCAG AA). */
export const SESSION_STATUS_COLORS: Record<SessionStatus, string> = {
  CONVENED: "blue.9",
  OPEN: "teal.9",
  CLOSED: "gray.8",
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  CERTIFIED: "Certifié",
  NOT_CERTIFIED: "Non certifié",
  POSTPONED: "Ajourné",
  ABSENT: "Candidat absent",
  EXCUSED: "Candidat excusé",
};

export const OUTCOME_COLORS: Record<Outcome, string> = {
  CERTIFIED: "#1e6b30",
  NOT_CERTIFIED: "red.9",
  POSTPONED: "warning.9",
  ABSENT: "gray.8",
  EXCUSED: "gray.8",
};

export const OUTCOME_ORDER: readonly Outcome[] = ["CERTIFIED", "NOT_CERTIFIED", "POSTPONED"];
/** Outcomes of sessions that hear the candidates. */
export const INTERVIEW_OUTCOMES: readonly Outcome[] = ["ABSENT", "EXCUSED"];

/** Title of the alert showing a refused jury action, by error code. */
export const JURY_PROBLEM_TITLES: Partial<Record<JuryProblemCode, string>> = {
  NOT_PARITAIRE: "Jury non paritaire",
  RECUSED: "Vous êtes récusé(e) pour ce dossier",
  NOT_PRESENT: "Vous n’êtes pas noté(e) présent(e)",
  NOT_A_MEMBER: "Vous n’êtes pas membre de cette session",
  REASON_REQUIRED: "Motif obligatoire",
  INVALID_STATE: "Action impossible à ce stade de la session",
  DECISIONS_MISSING: "Décisions manquantes",
  NOT_ON_AGENDA: "Dossier absent de l’ordre du jour",
  NOT_READY: "Dossier non prêt pour le jury",
  WRONG_CERTIFICATION: "Certification hors session",
  ALREADY_MEMBER: "Déjà dans le vivier",
  STALE_REVISION: "Une décision a déjà été enregistrée",
  NO_MEMBERS: "Aucun membre convoqué",
  NOT_PARITAIRE_FOR_DOSSIER: "Jury non paritaire pour ce dossier",
  CRITERIA_REQUIRED: "Critères en cause obligatoires",
  INVALID_VOTE: "Décompte des voix incorrect",
  PRESIDENT_REQUIRED: "Président de séance à désigner",
  NO_INTERVIEW: "Session sans entretien",
  ALREADY_AMENDED: "Décision déjà rectifiée",
  AMENDMENT_IMPOSSIBLE: "Rectification impossible",
};

export function juryProblemTitle(code: string | null | undefined, fallback: string): string {
  return (code && JURY_PROBLEM_TITLES[code as JuryProblemCode]) || fallback;
}

/** "Paris, salle 3" or "À distance". */
export function placeLabel(session: { place: string; remote: boolean }): string {
  return session.remote ? "À distance" : session.place || "—";
}

/**
 * Affiliations as typed: SIRENs separated by commas, semicolons or new lines;
 * spaces inside a number are ignored ("130 025 265").
 */
export function parseSirens(text: string): string[] {
  const sirens = text.split(/[,;\n]+/).map((part) => part.replace(/\s/g, ""));
  return [...new Set(sirens.filter(Boolean))];
}

/** The first affiliation that is not 9 digits, or null. */
export function invalidSiren(sirens: readonly string[]): string | null {
  return sirens.find((siren) => !/^\d{9}$/.test(siren)) ?? null;
}
