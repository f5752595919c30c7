import { getOperationAST, type DocumentNode } from "graphql";
import { CombinedError, type Client, type OperationResult } from "urql";
import { concat, fromValue, never } from "wonka";
import { vi } from "vitest";

type Variables = Record<string, unknown>;
type Response = Partial<OperationResult> | "pending";
type Responder = (variables: Variables, operationName: string) => Response;

interface OperationLike {
  query: DocumentNode;
  variables?: Variables;
  kind?: string;
}

export function operationName(operation: OperationLike): string {
  return getOperationAST(operation.query)?.name?.value ?? "";
}

/**
 * Minimal urql client for page tests: `respond` returns `{ data }`,
 * `{ error }` or "pending" (never resolves) for each query; `mutate` does the
 * same for mutations (default: never resolves). Both get the operation name.
 */
export function mockClient(respond: Responder, mutate?: Responder) {
  const executeQuery = vi.fn((operation: OperationLike) => {
    const response = respond(operation.variables ?? {}, operationName(operation));
    if (response === "pending") return never;
    // Like a real client, keep the source open after the result: urql's
    // useQuery clears `error` when a source ends.
    return concat([
      fromValue({ operation, stale: false, hasNext: false, ...response } as unknown as OperationResult),
      never,
    ]);
  });
  const executeMutation = vi.fn((operation: OperationLike) => {
    const response = mutate ? mutate(operation.variables ?? {}, operationName(operation)) : "pending";
    if (response === "pending") return never;
    return fromValue({ operation, stale: false, hasNext: false, ...response } as unknown as OperationResult);
  });
  // `client.query(document, variables).toPromise()`, for one-off reads outside hooks.
  const query = vi.fn((document: DocumentNode, variables: Variables = {}) => ({
    toPromise: () => {
      const response = respond(variables, operationName({ query: document }));
      if (response === "pending") return new Promise(() => {});
      return Promise.resolve({ stale: false, hasNext: false, ...response } as unknown as OperationResult);
    },
  }));
  return {
    client: {
      executeQuery,
      executeMutation,
      executeSubscription: () => never,
      query,
    } as unknown as Client,
    executeQuery,
    executeMutation,
    query,
  };
}

type Handler = Response | ((variables: Variables) => Response);
export type Handlers = Record<string, Handler>;

/** Answers for operations every page runs (logged-out viewer, no OIDC button). */
const DEFAULT_HANDLERS: Handlers = {
  Viewer: { data: { viewer: null } },
  LoginOptions: { data: { loginOptions: [] } },
};

/**
 * Mock client answering by operation name, e.g.
 * `mockOperations({ Viewer: { data: { viewer } }, Login: (v) => ({ data: … }) })`.
 * Unknown operations stay pending.
 */
export function mockOperations(handlers: Handlers) {
  const all = { ...DEFAULT_HANDLERS, ...handlers };
  const answer: Responder = (variables, name) => {
    const handler = all[name];
    if (handler === undefined) return "pending";
    return typeof handler === "function" ? handler(variables) : handler;
  };
  return mockClient(answer, answer);
}

/** Variables of every call of one operation, in order. */
export function callsOf(mock: { mock: { calls: unknown[][] } }, name: string): Variables[] {
  return mock.mock.calls
    .map(([operation]) => operation as OperationLike)
    .filter((operation) => operationName(operation) === name)
    .map((operation) => operation.variables ?? {});
}

export function networkError(): CombinedError {
  return new CombinedError({ networkError: new Error("Failed to fetch") });
}

/** A top-level GraphQL error with `extensions.code` (UNAUTHENTICATED, FORBIDDEN…). */
export function graphqlError(code: string, message = code): CombinedError {
  return new CombinedError({
    graphQLErrors: [{ message, extensions: { code } }],
  });
}
