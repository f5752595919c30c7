import type { StatisticsFunnelFieldsFragment } from "../gql/graphql";

const NUMBER = new Intl.NumberFormat("fr-FR");
const ONE_DECIMAL = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** 1 234 (French grouping, narrow no-break space). */
export function formatCount(value: number): string {
  return NUMBER.format(value);
}

/** 75,5 % — or « — » when there is nothing to divide. */
export function formatPercent(value: number | null | undefined): string {
  return value == null ? "—" : `${ONE_DECIMAL.format(value)} %`;
}

export interface FunnelStep {
  step: string;
  dossiers: number;
}

/** The funnel's steps in pathway order (DOMAIN.md), with their French labels. */
export function funnelSteps(total: StatisticsFunnelFieldsFragment): FunnelStep[] {
  return [
    { step: "Dossiers ouverts", dossiers: total.opened },
    { step: "Évaluations préalables réalisées", dossiers: total.initialCompleted },
    { step: "Directement au jury", dossiers: total.directToJury },
    { step: "Orientés en formation", dossiers: total.toTraining },
    { step: "Évaluations finales réalisées", dossiers: total.finalCompleted },
    { step: "Présentés au jury", dossiers: total.submitted },
    { step: "Certifiés", dossiers: total.certified },
    { step: "Non certifiés", dossiers: total.notCertified },
    { step: "Abandons", dossiers: total.abandoned },
    { step: "Délais dépassés", dossiers: total.expired },
  ];
}

/** 1 January to 31 December of `today`'s year, as ISO dates. */
export function currentYear(today: Date = new Date()): { openedFrom: string; openedTo: string } {
  const year = today.getFullYear();
  return { openedFrom: `${year}-01-01`, openedTo: `${year}-12-31` };
}

/** Days from `today` to an ISO date (negative when past). */
export function daysUntil(iso: string, today: Date = new Date()): number {
  const [y = 0, m = 1, d = 1] = iso.split("-").map(Number);
  const target = Date.UTC(y, m - 1, d);
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((target - start) / 86_400_000);
}

/** The quarter of `today` (1 January–31 March…), as ISO dates. */
export function currentQuarter(today: Date = new Date()): { openedFrom: string; openedTo: string } {
  const year = today.getFullYear();
  const first = Math.floor(today.getMonth() / 3) * 3;
  const last = new Date(Date.UTC(year, first + 3, 0)).getUTCDate();
  const month = (m: number) => String(m + 1).padStart(2, "0");
  return { openedFrom: `${year}-${month(first)}-01`, openedTo: `${year}-${month(first + 2)}-${last}` };
}

const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/** 1 234,50 € from cents. */
export function formatEuros(cents: number): string {
  return EUROS.format(cents / 100);
}
