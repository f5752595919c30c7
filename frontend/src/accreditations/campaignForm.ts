import type { AccreditationScope, CampaignFieldsFragment } from "../gql/graphql";
import { eurosInput, parseEuros } from "./labels";
import { dayError } from "../components/dates";

/** A required document as edited (the key is kept for existing ones: upload addresses). */
export interface DocumentRow {
  key: string;
  label: string;
  description: string;
  mandatory: boolean;
  /** Asked only of applications asking for this scope (kept as it is: none means all). */
  scope?: AccreditationScope | null;
}

export interface CampaignValues {
  title: string;
  certificationCodes: string[];
  opensOn: string;
  closesOn: string;
  accreditationStartsOn: string;
  accreditationEndsOn: string;
  documents: DocumentRow[];
  /** Euros as typed. */
  applicationFee: string;
  siteFee: string;
  openDossiersMayFinish: boolean;
  /** Per certification, the campaign's own fees in euros as typed (empty: the plugin's). */
  feeOverrides: Record<string, { application: string; site: string }>;
  /** Days an organisation has to reply to a control procedure, as typed. */
  replyDays: string;
  /** Certif'Pro administrators reviewing the campaign (user ids, in the order chosen). */
  reviewerIds: string[];
  /** What applications may ask for: evaluation, training, or both. */
  acceptedScopes: AccreditationScope[];
}

export type CampaignField =
  | "title"
  | "certificationCodes"
  | "opensOn"
  | "closesOn"
  | "accreditationStartsOn"
  | "accreditationEndsOn"
  | "requiredDocuments"
  | "applicationFeeCents"
  | "siteFeeCents"
  | "reviewerIds"
  | "acceptedScopes"
  | "feeOverrides"
  | "replyDays";

export const CAMPAIGN_FIELDS: readonly CampaignField[] = [
  "title",
  "certificationCodes",
  "opensOn",
  "closesOn",
  "accreditationStartsOn",
  "accreditationEndsOn",
  "requiredDocuments",
  "applicationFeeCents",
  "siteFeeCents",
  "reviewerIds",
  "acceptedScopes",
  "feeOverrides",
  "replyDays",
];

export const DEFAULT_DOCUMENTS: DocumentRow[] = [
  { key: "", label: "Avis de situation SIRENE", description: "Daté de moins de trois mois.", mandatory: true },
  { key: "", label: "Certificat Qualiopi", description: "En cours de validité.", mandatory: true },
];

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function plusDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/**
 * A new campaign: applications for two months, accreditation for three years after;
 * the viewer (when known) is its first reviewer.
 */
export function newCampaignValues(now: Date = new Date(), viewerId: string | null = null): CampaignValues {
  const starts = plusDays(now, 90);
  const ends = new Date(starts);
  ends.setFullYear(ends.getFullYear() + 3);
  ends.setDate(ends.getDate() - 1);
  return {
    title: "",
    certificationCodes: [],
    opensOn: isoDay(now),
    closesOn: isoDay(plusDays(now, 60)),
    accreditationStartsOn: isoDay(starts),
    accreditationEndsOn: isoDay(ends),
    documents: DEFAULT_DOCUMENTS.map((d) => ({ ...d })),
    applicationFee: "0",
    siteFee: "0",
    openDossiersMayFinish: true,
    feeOverrides: {},
    replyDays: "15",
    reviewerIds: viewerId ? [viewerId] : [],
    acceptedScopes: ["EVALUATION", "TRAINING"],
  };
}

export function campaignValues(campaign: CampaignFieldsFragment): CampaignValues {
  return {
    title: campaign.title,
    certificationCodes: [...campaign.certificationCodes],
    opensOn: campaign.opensOn,
    closesOn: campaign.closesOn,
    accreditationStartsOn: campaign.accreditationStartsOn,
    accreditationEndsOn: campaign.accreditationEndsOn,
    documents: campaign.requiredDocuments.map((d) => ({
      key: d.key,
      label: d.label,
      description: d.description,
      mandatory: d.mandatory,
      scope: d.scope ?? null,
    })),
    applicationFee: eurosInput(campaign.applicationFeeCents),
    siteFee: eurosInput(campaign.siteFeeCents),
    openDossiersMayFinish: campaign.openDossiersMayFinish,
    feeOverrides: Object.fromEntries(
      campaign.certificationFees
        .filter((fee) => fee.overridden)
        .map((fee) => [
          fee.certificationCode,
          { application: eurosInput(fee.applicationFeeCents), site: eurosInput(fee.siteFeeCents) },
        ]),
    ),
    replyDays: String(campaign.replyDays),
    reviewerIds: [...campaign.reviewerIds],
    acceptedScopes: [...campaign.acceptedScopes],
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Client checks, keyed like the API's error fields (`requiredDocuments[1].label` for a row). */
export function campaignProblems(values: CampaignValues): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!values.title.trim()) problems.title = "Saisissez le titre de la campagne.";
  if (values.certificationCodes.length === 0) problems.certificationCodes = "Choisissez au moins une certification.";
  for (const field of ["opensOn", "closesOn", "accreditationStartsOn", "accreditationEndsOn"] as const) {
    if (!DAY.test(values[field])) problems[field] = dayError(values[field]) ?? "Saisissez une date.";
  }
  if (!problems.opensOn && !problems.closesOn && values.closesOn < values.opensOn) {
    problems.closesOn = "La date de clôture doit suivre la date d’ouverture.";
  }
  if (
    !problems.accreditationStartsOn &&
    !problems.accreditationEndsOn &&
    values.accreditationEndsOn <= values.accreditationStartsOn
  ) {
    problems.accreditationEndsOn = "La fin de la période d’habilitation doit suivre son début.";
  }
  if (values.acceptedScopes.length === 0) {
    problems.acceptedScopes = "Choisissez ce que la campagne habilite : l’évaluation, la formation, ou les deux.";
  }
  if (parseEuros(values.applicationFee) === null) problems.applicationFeeCents = "Montant en euros invalide (ex. 300 ou 300,50).";
  if (parseEuros(values.siteFee) === null) problems.siteFeeCents = "Montant en euros invalide (ex. 150 ou 150,50).";
  values.documents.forEach((document, index) => {
    if (!document.label.trim()) problems[`requiredDocuments[${index}].label`] = "Saisissez l’intitulé de la pièce.";
  });
  for (const code of values.certificationCodes) {
    const own = values.feeOverrides[code];
    if (!own) continue;
    for (const amount of [own.application, own.site]) {
      if (amount.trim() !== "" && parseEuros(amount) === null) {
        problems.feeOverrides = `Frais propres à ${code} : montant en euros invalide (ex. 300 ou 300,50).`;
      }
    }
  }
  const days = Number(values.replyDays);
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    problems.replyDays = "Le délai de réponse à un contrôle va de 1 à 90 jours.";
  }
  const labels = values.documents.map((d) => d.label.trim().toLocaleLowerCase("fr")).filter(Boolean);
  if (new Set(labels).size !== labels.length) problems.requiredDocuments = "Deux pièces portent le même intitulé.";
  return problems;
}

/** The plugins' own fees, by certification code (what an empty override stands for). */
export type PluginFees = Readonly<Record<string, { applicationFeeCents: number; siteFeeCents: number }>>;

/**
 * The campaign's own fees per certification: a certification with either amount typed is
 * overridden (the other amount, left empty, keeps the plugin's); none typed: the plugin's.
 */
export function feeOverridesInput(values: CampaignValues, pluginFees: PluginFees) {
  return values.certificationCodes.flatMap((code) => {
    const own = values.feeOverrides[code];
    if (!own || (own.application.trim() === "" && own.site.trim() === "")) return [];
    const defaults = pluginFees[code] ?? { applicationFeeCents: 0, siteFeeCents: 0 };
    return [
      {
        certificationCode: code,
        applicationFeeCents:
          own.application.trim() === "" ? defaults.applicationFeeCents : (parseEuros(own.application) ?? 0),
        siteFeeCents: own.site.trim() === "" ? defaults.siteFeeCents : (parseEuros(own.site) ?? 0),
      },
    ];
  });
}

/** Variables of createCampaign / updateCampaign (fees in cents). */
export function campaignInput(values: CampaignValues, pluginFees: PluginFees = {}) {
  return {
    title: values.title.trim(),
    certificationCodes: values.certificationCodes,
    opensOn: values.opensOn,
    closesOn: values.closesOn,
    accreditationStartsOn: values.accreditationStartsOn,
    accreditationEndsOn: values.accreditationEndsOn,
    requiredDocuments: values.documents.map((d) => ({
      key: d.key,
      label: d.label.trim(),
      description: d.description.trim(),
      mandatory: d.mandatory,
      scope: d.scope ?? null,
    })),
    applicationFeeCents: parseEuros(values.applicationFee) ?? 0,
    siteFeeCents: parseEuros(values.siteFee) ?? 0,
    openDossiersMayFinish: values.openDossiersMayFinish,
    reviewerIds: values.reviewerIds,
    acceptedScopes: values.acceptedScopes,
    feeOverrides: feeOverridesInput(values, pluginFees),
    replyDays: Number(values.replyDays),
  };
}

export interface Person {
  id: string;
  fullName: string;
  email: string;
}

/**
 * MultiSelect options for the reviewers: Certif'Pro's administrators by name (the e-mail
 * added when two share a name), then the campaign's current reviewers who are no longer
 * among them (shown by name so they can be removed), then ids nobody could name.
 */
export function reviewerOptions(
  administrators: readonly Person[],
  currentReviewers: readonly Person[],
  selectedIds: readonly string[],
): { value: string; label: string }[] {
  const people = [...administrators];
  for (const reviewer of currentReviewers) {
    if (!people.some((p) => p.id === reviewer.id)) people.push(reviewer);
  }
  const names = new Map<string, number>();
  for (const person of people) names.set(person.fullName, (names.get(person.fullName) ?? 0) + 1);
  const options = people.map((person) => ({
    value: person.id,
    label: (names.get(person.fullName) ?? 0) > 1 ? `${person.fullName} (${person.email})` : person.fullName,
  }));
  for (const id of selectedIds) {
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: `Compte introuvable (${id})` });
  }
  return options;
}
