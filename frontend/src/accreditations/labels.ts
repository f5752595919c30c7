import type { AccreditationStatus, ApplicationStatus } from "../gql/graphql";

/** French labels of application statuses (same wording as the API's e-mails). */
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  DRAFT: "Brouillon",
  SUBMITTED: "Déposée",
  UNDER_REVIEW: "En instruction",
  COMPLEMENT_REQUESTED: "Complément demandé",
  ACCEPTED: "Acceptée",
  REJECTED: "Refusée",
};

/** Filled badge colours, dark enough for white text (WCAG AA). */
export const APPLICATION_STATUS_COLORS: Record<ApplicationStatus, string> = {
  DRAFT: "gray.8",
  SUBMITTED: "blue.9",
  UNDER_REVIEW: "indigo.9",
  COMPLEMENT_REQUESTED: "warning.9",
  ACCEPTED: "#1e6b30",
  REJECTED: "red.9",
};

export const APPLICATION_STATUS_ORDER: readonly ApplicationStatus[] = [
  "DRAFT",
  "SUBMITTED",
  "UNDER_REVIEW",
  "COMPLEMENT_REQUESTED",
  "ACCEPTED",
  "REJECTED",
];

/** The applicant may edit (and upload) only in these statuses. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ["DRAFT", "COMPLEMENT_REQUESTED"];

export function isEditable(status: ApplicationStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

export const ACCREDITATION_STATUS_LABELS: Record<AccreditationStatus, string> = {
  ACTIVE: "Active",
  SUSPENDED: "Suspendue",
  WITHDRAWN: "Retirée",
};

/** Badge colour of an accreditation from its status and validity today. */
export function accreditationColor(status: AccreditationStatus, isValid: boolean): string {
  if (status === "SUSPENDED") return "warning.9";
  if (status === "WITHDRAWN") return "red.9";
  return isValid ? "#1e6b30" : "gray.8";
}

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("fr") + text.slice(1);
}

/** A step of an application's timeline, in French. */
export function describeApplicationEvent(event: {
  fromStatus?: ApplicationStatus | null;
  toStatus: ApplicationStatus;
}): string {
  switch (event.toStatus) {
    case "DRAFT":
      return "Candidature commencée";
    case "SUBMITTED":
      return event.fromStatus === "COMPLEMENT_REQUESTED"
        ? "Candidature complétée et déposée à nouveau"
        : "Candidature déposée";
    case "UNDER_REVIEW":
      return "Prise en charge par Certif'Pro";
    case "COMPLEMENT_REQUESTED":
      return "Complément demandé";
    case "ACCEPTED":
      return "Candidature acceptée";
    case "REJECTED":
      return "Candidature refusée";
  }
}

const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/** "300,00 €" from cents. */
export function formatEuros(cents: number): string {
  // Intl puts narrow no-break spaces; plain spaces read the same and match tests.
  return EUROS.format(cents / 100).replace(/[\u202f\u00a0]/g, " ");
}

/** Euros as typed ("300", "300,5", "1 200,00 €") → cents; null when not a non-negative amount. */
export function parseEuros(text: string): number | null {
  const cleaned = text.replace(/[\s\u202f\u00a0€]/g, "").replace(",", ".");
  if (cleaned === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** Cents → the text of a euro input ("300" or "300,50"). */
export function eurosInput(cents: number): string {
  if (cents % 100 === 0) return String(cents / 100);
  return (cents / 100).toFixed(2).replace(".", ",");
}

/** "12,3 Ko", "1,2 Mo". */
export function formatBytes(size: number): string {
  const format = (value: number) => value.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  if (size < 1024) return `${size} octets`;
  if (size < 1024 * 1024) return `${format(size / 1024)} Ko`;
  return `${format(size / (1024 * 1024))} Mo`;
}

/** Id of the form control of an API field path (`sites[0].siret` → `champ-sites-0-siret`). */
export function fieldId(path: string): string {
  return `champ-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;
}

/** What an accreditation allows (`AccreditationScope`), in French. */
export const SCOPE_LABELS: Record<"EVALUATION" | "TRAINING" | "BOTH", string> = {
  EVALUATION: "Évaluation",
  TRAINING: "Formation",
  BOTH: "Évaluation et formation",
};
