import type { Role, ViewerFieldsFragment } from "../gql/graphql";

export const ACME = { __typename: "Organisation", id: "org-acme", name: "Acme Formation", status: "ACTIVE" } as const;
export const GRETA = { __typename: "Organisation", id: "org-greta", name: "Greta Lyon", status: "ACTIVE" } as const;

interface ViewerOptions {
  /** Active organisation (null: none). */
  active?: typeof ACME | typeof GRETA | null;
  activeRoles?: Role[];
  certifProAdmin?: boolean;
  /** On the jury roster. */
  juryMember?: boolean;
  memberships?: { organisation: typeof ACME | typeof GRETA; roles: Role[] }[];
}

/** A logged-in viewer (Camille Martin), ORG_ADMIN of Acme by default. */
export function viewerFixture({
  active = ACME,
  activeRoles = ["ORG_ADMIN"],
  certifProAdmin = false,
  juryMember = false,
  memberships = [
    { organisation: ACME, roles: ["ORG_ADMIN"] },
    { organisation: GRETA, roles: ["EVALUATOR"] },
  ],
}: ViewerOptions = {}): ViewerFieldsFragment & { __typename: "Viewer" } {
  return {
    __typename: "Viewer",
    user: { id: "user-1", email: "camille.martin@example.fr", fullName: "Camille Martin" },
    platformRoles: certifProAdmin ? ["CERTIFPRO_ADMIN"] : [],
    activeRoles: active ? activeRoles : [],
    juryMember,
    activeOrganisation: active ? { id: active.id, name: active.name } : null,
    memberships: memberships.map(({ organisation, roles }, index) => ({
      id: `membership-${index + 1}`,
      roles,
      organisation: { ...organisation },
    })),
  };
}

export function viewerData(options?: ViewerOptions) {
  return { data: { viewer: viewerFixture(options) } };
}

export const NO_ERRORS: never[] = [];

/** A mutation payload error. */
export function payloadError(code: string, message: string, field: string | null = null) {
  return { __typename: "MutationError", code, field, message };
}

/** `{ edges, pageInfo, totalCount }` for a list of nodes. */
export function connection<T extends { id: string }>(
  nodes: T[],
  { hasNextPage = false, endCursor = null as string | null, totalCount = nodes.length } = {},
) {
  return {
    totalCount,
    pageInfo: { hasNextPage, endCursor },
    edges: nodes.map((node) => ({ cursor: `cursor-${node.id}`, node })),
  };
}
