import type {
  InvitationStatus,
  NationalNetwork,
  OrganisationStatus,
  Role,
} from "../gql/graphql";

/** French labels of organisation roles (badges, selects). */
export const ROLE_LABELS: Record<Role, string> = {
  ORG_ADMIN: "Administrateur",
  ADVISER: "Conseiller",
  EVALUATOR: "Évaluateur",
  TRAINER: "Formateur",
  VIEWER: "Lecteur",
};

export const ROLE_ORDER: readonly Role[] = ["ORG_ADMIN", "ADVISER", "EVALUATOR", "TRAINER", "VIEWER"];

/** `{ value, label }` options for Select / MultiSelect. */
export const ROLE_OPTIONS = ROLE_ORDER.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

export function sortRoles<R extends string>(roles: readonly R[]): R[] {
  return [...roles].sort(
    (a, b) => ROLE_ORDER.indexOf(a as unknown as Role) - ROLE_ORDER.indexOf(b as unknown as Role),
  );
}

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  PENDING: "En attente",
  ACCEPTED: "Acceptée",
  EXPIRED: "Expirée",
  REVOKED: "Révoquée",
};

export const ORGANISATION_STATUS_LABELS: Record<OrganisationStatus, string> = {
  PENDING: "En attente",
  ACTIVE: "Active",
  SUSPENDED: "Suspendue",
};

/** National networks of training organisations. */
export const NETWORK_LABELS: Record<NationalNetwork, string> = {
  APP: "APP",
  AFPA: "Afpa",
  DEUX_A_DEUX_C: "2A2C",
  UROF: "Urof",
  GRETA: "Greta",
  INFREP: "Infrep",
};

export const NETWORK_OPTIONS = (Object.keys(NETWORK_LABELS) as NationalNetwork[]).map((value) => ({
  value,
  label: NETWORK_LABELS[value],
}));

export function labelOf<K extends string>(labels: Record<K, string>, value: string | null | undefined): string {
  if (!value) return "—";
  return labels[value as K] ?? value;
}
